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
