"""The demo's clerkship logs: procedures, feedback, letters and contacts (fictional, de-identified).

Teachers appear only by initial or role. Days are offsets computed by ``demo.py``: from the rotation's
first day for procedures and feedback, from today for letters and contacts.

Row shapes:
  PROCEDURES (day, name, role, supervisor, patient index or None, notes)
  FEEDBACK   (day, giver, context, said, will_change, acted day or None, acted text)
  LETTERS    (rotation "im"/"surg", attending, status, asked days ago or None, deadline in days or None,
              sent (cv, statement, cases), notes)
  CONTACTS   (rotation "im"/"surg", name, role, notes, thanked days ago or None, update days ago or None)
"""

IM_PROCEDURES = [
    (1, "Venipuncture", "observed", "Phlebotomy lead", None, "Shown how to anchor the vein and label at bedside"),
    (2, "Venipuncture", "performed", "PGY-2 resident", 0, "Second attempt, antecubital"),
    (2, "ABG", "observed", "PGY-2 resident", 0, "Radial; modified Allen test first"),
    (4, "Blood cultures", "performed", "PGY-2 resident", 1, "Two sets, two sites, before antibiotics"),
    (9, "IV placement", "assisted", "Charge nurse", 2, "22G forearm; flushed well"),
    (16, "Paracentesis", "observed", "Dr K (attending)", None, "Ultrasound-marked, LLQ; albumin given after 5 L"),
    (17, "ABG", "performed", "PGY-2 resident", 3, "DKA: first pH 7.12; done in one pass"),
    (23, "Venipuncture", "performed", "PGY-2 resident", 3, "Repeat BMP"),
    (24, "ECG", "performed", "PGY-2 resident", None, "12-lead, read with the resident"),
    (30, "Lumbar puncture", "observed", "Dr K (attending)", None, "Lateral decubitus; opening pressure measured"),
    (33, "IV placement", "performed", "Charge nurse", 4, "First-pass success"),
]

SURG_PROCEDURES = [
    (0, "Assisting in the OR", "assisted", "Dr S (attending)", 0, "Lap chole: camera, then retraction"),
    (1, "Wound care", "observed", "Wound care nurse", 1, "Wet-to-dry dressing change"),
    (1, "Urinary catheter", "performed", "Charge nurse", 2, "Sterile technique, 16 Fr"),
    (2, "Suturing", "assisted", "PGY-3 resident", None, "Skin closure, simple interrupted"),
    (3, "Assisting in the OR", "assisted", "Dr S (attending)", 2, "Open appendectomy: retraction, cut sutures"),
    (4, "NG tube", "observed", "PGY-3 resident", 3, "SBO: confirmed on X-ray before use"),
    (7, "Suturing", "performed", "PGY-3 resident", None, "Closed a 4 cm port site, subcuticular"),
    (8, "Staple removal", "performed", "Charge nurse", 1, "Steri-strips after"),
    (9, "NG tube", "performed", "PGY-3 resident", 4, "Measured nose-ear-xiphoid; aspirate pH checked"),
    (10, "Assisting in the OR", "assisted", "Dr S (attending)", 4, "Ex-lap for SBO: ran the bowel"),
    (11, "Incision and drainage", "assisted", "PGY-3 resident", None, "Gluteal abscess, packed"),
    (13, "Wound care", "performed", "Wound care nurse", 1, "Packing change, wound photo for the team"),
]

IM_FEEDBACK = [
    (5, "PGY-2 resident", "after presenting B12 on rounds",
     "Presentations are thorough but long; the assessment gets lost at the end.",
     "Lead with a one-line assessment, then the plan by problem.", 7,
     "Presented B4 with the one-liner first; the resident said it was much easier to follow."),
    (19, "Dr K (attending)", "mid-rotation feedback",
     "Good rapport with patients and families. Read more on the management of your own patients before rounds.",
     "Read one focused review a night on each new patient's main problem.", 21,
     "Read on hyperkalemia and DKA before rounds; answered the pimp questions on both."),
    (36, "Dr K (attending)", "end-of-rotation meeting",
     "Notes improved a lot. Next step: commit to a differential and defend it.",
     "Give a ranked differential of three with one reason each.", None, ""),
]

SURG_FEEDBACK = [
    (4, "PGY-3 resident", "in the OR",
     "Know the anatomy before the case, and keep the camera steady on the working instruments.",
     "Review the operative anatomy and steps the night before each case.", 7,
     "Reviewed Calot's triangle before the next lap chole; the resident let me hold the camera throughout."),
    (9, "Dr S (attending)", "post-op check on the SBO patient",
     "Good post-op checks. Be quicker to escalate a change in vitals to the resident.",
     "Page the resident for any new tachycardia or fever, then examine.", None, ""),
]

LETTERS = [
    ("im", "Dr K (IM attending)", "agreed", 16, 12, (True, True, True),
     "Internal medicine letter; asked in the last week of the rotation"),
    ("im", "Dr M (IM attending)", "to-ask", None, None, (False, False, False),
     "Supervised me on the second half; ask with the key cases list"),
    ("surg", "Dr S (surgery attending)", "to-ask", None, 300, (False, False, False),
     "Surgery letter for the application: ask in the last two weeks"),
]

CONTACTS = [
    ("im", "Dr K", "attending", "Cardiology interest; offered to look at my personal statement", 15, None),
    ("im", "Dr M", "attending", "Ran the second half of the rotation; likes teaching acid-base", None, None),
    ("im", "PGY-2 resident, gold team", "resident", "Taught the one-liner presentation", None, None),
    ("im", "Medicine clerkship coordinator", "coordinator", "Evaluations and schedule questions", 14, None),
    ("surg", "Dr S", "attending", "Acute care surgery; let me close port sites", None, None),
    ("surg", "PGY-3 resident, acute care", "resident", "Suturing practice on pig feet on Thursdays", None, None),
]
