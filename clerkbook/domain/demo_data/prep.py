"""The demo's pre-rotation checklists and certifications (fictional).

Row shapes:
  CHECKLIST       rotation "im"/"surg" -> [(document, status, done days before the rotation's start or None)]
                  Documents not named keep the default "needed"; a name not in the defaults is added.
  CHECKLIST_DROP  rotation -> defaults the student took off (a citizen needs no visa)
  CERTIFICATIONS  (name, expires in days after the surgery rotation's start or None, notes)
"""

CHECKLIST = {
    "im": [
        ("Enrollment proof", "done", 30),
        ("Dean's letter / transcript", "done", 28),
        ("Immunization records", "done", 21),
        ("Background check", "done", 40),
        ("Insurance", "done", 20),
        ("CV", "done", 14),
        ("USMLE scores", "done", 14),
        ("TB test (IGRA)", "done", 25),
    ],
    "surg": [
        ("Enrollment proof", "done", 10),
        ("Dean's letter / transcript", "done", 9),
        ("Immunization records", "done", 9),
        ("Background check", "done", 12),
        ("Insurance", "done", 8),
        ("CV", "done", 7),
        ("USMLE scores", "requested", None),
        ("N95 fit test", "done", 3),
        ("OR scrub orientation", "needed", None),
    ],
}

CHECKLIST_DROP = {"im": ("Visa",), "surg": ("Visa",)}

CERTIFICATIONS = [
    ("BLS", 30, "Renewal course booked through the sim centre"),
    ("ACLS", 400, ""),
    ("HIPAA training", None, "Annual module done at orientation"),
]

#: The last week of the daily learning log on surgery: (days ago, {heading: text}); 0 is today, written
#: as the day goes on.
DAILY = [
    (7, {"diagnoses": "Acute cholecystitis (Tokyo grade I)\nGallstone pancreatitis",
         "management": "Lap chole in the same admission for mild gallstone pancreatitis once it settles",
         "mistakes": "Presented the HIDA before the ultrasound: lead with the first-line test",
         "questions": "When is ERCP needed before the chole?"}),
    (6, {"diagnoses": "Small bowel obstruction from adhesions",
         "management": "NPO, IV fluids, NG decompression; water-soluble contrast study at 24 h",
         "mistakes": "Did not check the NG tube position on the film before use",
         "questions": "How long to try non-operative management?"}),
    (5, {"diagnoses": "Perforated appendicitis with abscess",
         "management": "Drain + IV antibiotics first, interval appendectomy later",
         "questions": "Is the interval appendectomy still routine?"}),
    (4, {"diagnoses": "Incarcerated inguinal hernia",
         "management": "Gentle reduction only if no signs of strangulation; otherwise straight to the OR",
         "mistakes": "Forgot to ask about the last bowel movement and flatus"}),
    (1, {"diagnoses": "Postoperative ileus vs early SBO",
         "management": "Replete K+ and Mg2+, limit opioids, walk the patient",
         "mistakes": "Wrote the plan before seeing the morning labs",
         "questions": "Does chewing gum really shorten ileus?"}),
    (0, {"diagnoses": "Choledocholithiasis",
         "management": "MRCP if intermediate risk, ERCP if high risk",
         "questions": "Which liver tests best predict a stone in the CBD?"}),
]

#: Sign-out fields of the active surgery patients, by index in SURG_PATIENTS: (severity, contingencies).
SIGNOUT = {
    0: ("stable", "If pain uncontrolled on PO meds: check LFTs and lipase before calling it routine"),
    1: ("watcher", "If NG output > 1.5 L or new peritonism: lactate, KUB, call the PGY-3 (may need the OR)"),
    2: ("stable", "If no void by 8 h post-op: bladder scan; straight cath if > 500 mL"),
    3: ("watcher", "If febrile > 38.5 or drain output turns feculent: cultures, CT, call IR and the PGY-3"),
    4: ("stable", "If confused overnight: delirium screen before any sedation; check Na+"),
    5: ("stable", ""),
}
