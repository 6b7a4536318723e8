"""The finished Internal Medicine rotation of the demo notebook (fictional, de-identified)."""

# ── Rotation 1: Internal Medicine, finished ──────────────────────────────────

IM = {"specialty": "Internal Medicine", "site": "Riverside General", "service": "Gold team"}

IM_PATIENTS = [
    ("B12", "67M", "CHF exacerbation (ischemic HFrEF, EF 30%)", ("cardio", "interview")),
    ("B4", "54F", "Community-acquired pneumonia, RLL", ()),
    ("B9", "72M", "Prerenal AKI on CKD 3a + hyperkalemia", ("nephro",)),
    ("B15", "24F", "DKA, new-onset type 1 diabetes", ("endo", "interview")),
    ("B2", "58M", "Nonpurulent cellulitis L leg, failed outpatient cephalexin", ()),
]
#: The first four went home; B2 was still on the service when the rotation ended.
IM_DISCHARGED = (0, 1, 2, 3)

IM_TODOS = [
    (0, "imaging", "Review CXR with resident: edema vs. effusions", 1, "14:00"),
    (0, "lab", "AM BMP + Mg on IV furosemide: keep K+ > 4, Mg > 2", 2, "05:30"),
    (0, "consult", "Cardiology: GDMT titration and SGLT2 inhibitor before discharge", 3, "11:00"),
    (0, "follow-up", "HF clinic appointment within 7 days of discharge", 4, "15:00"),
    (1, "lab", "Legionella + pneumococcal urinary antigens", 8, "12:00"),
    (1, "lab", "Blood cultures x2: final read", 10, "09:00"),
    (1, "task", "IV-to-PO antibiotics once clinically stable", 10, "10:00"),
    (2, "task", "Hold lisinopril + HCTZ; ask pharmacy to renally dose meds", 15, "16:00"),
    (2, "lab", "Repeat K+ 2 h after insulin-dextrose, then q4h", 15, "18:00"),
    (2, "imaging", "Renal ultrasound: rule out obstruction", 16, "13:00"),
    (3, "lab", "BMP + beta-hydroxybutyrate q4h: is the anion gap closed?", 22, "20:00"),
    (3, "task", "Basal glargine 2 h before stopping the insulin drip", 23, "08:00"),
    (3, "consult", "Diabetes educator: insulin teaching, glucometer, sick-day rules", 24, "13:00"),
    (4, "task", "Mark erythema borders, recheck spread daily", 32, "12:00"),
    (4, "imaging", "LE venous duplex: rule out DVT", 32, "15:00"),
]

IM_POINTS = [
    ("ADHF diuresis: IV loop dose about 1-2.5x the home oral dose; aim for net negative 1-2 L/day. "
     "If urine output is poor, double the loop dose before adding a thiazide (metolazone).",
     "cardio", "Dr K (attending)", True, 0, ("cardio",)),
    ("HFrEF GDMT, four pillars that each lower mortality: ARNI (or ACEi/ARB), an evidence-based beta-blocker "
     "(carvedilol, metoprolol succinate, bisoprolol), an MRA, and an SGLT2 inhibitor. "
     "Start low, titrate every 1-2 weeks.",
     "cardio", "reading: ACC/AHA HF guideline", True, 0, ("cardio", "interview")),
    ("Continue the beta-blocker in a warm-and-wet ADHF patient; hold it only for shock or low output.",
     "cardio", "PGY-2 resident", False, 0, ()),
    ("Hyperkalemia with ECG changes: calcium gluconate first (stabilises the membrane, does not lower K+), then shift "
     "with regular insulin 10 units IV + dextrose 25 g (+/- albuterol), then remove K+: loop diuretic, binder, "
     "dialysis.",
     "nephro", "PGY-2 resident", True, 2, ("nephro",)),
    ("FENa < 1% suggests prerenal AKI but is unreliable on diuretics; use FEUrea < 35% instead.",
     "nephro", "Dr K (attending)", False, 2, ("nephro",)),
    ("Non-severe inpatient CAP without MRSA/Pseudomonas risk: ceftriaxone 1-2 g daily + azithromycin 500 mg daily, "
     "or a respiratory fluoroquinolone alone. At least 5 days and until clinically stable.",
     "ID", "reading: ATS/IDSA CAP guideline", False, 1, ()),
    ("Nonpurulent cellulitis is mostly strep: cefazolin/cephalexin. Purulent or abscess: drain it and cover MRSA "
     "(TMP-SMX, doxycycline, or IV vancomycin). Bilateral 'cellulitis' is rarely cellulitis (think stasis dermatitis).",
     "ID", "PGY-2 resident", False, 4, ()),
    ("DKA: fluids first; check K+ before insulin and hold insulin if K+ < 3.3; insulin infusion 0.1 units/kg/h; add "
     "dextrose when glucose < 250; stop the drip only once the gap is closed and 2 h after basal insulin.",
     "endo", "Dr K (attending)", True, 3, ("endo",)),
    ("Inpatient hyperglycemia: basal-bolus insulin beats sliding scale alone; target 140-180 mg/dL for most "
     "non-ICU patients. Hold metformin while inpatient.",
     "endo", "reading: ADA Standards of Care", False, None, ("endo",)),
    ("Presenting: one-liner = age, sex, key history, chief complaint with duration, and my working diagnosis. "
     "Say the assessment out loud and commit to it; don't just read the data.",
     "presentations", "PGY-2 resident", False, None, ("interview",)),
]

IM_QUESTIONS = [
    ("When is it safe to start spironolactone in HFrEF, and how do I monitor it?",
     "ACC/AHA: an MRA is recommended for NYHA II-IV with LVEF <= 35% if eGFR > 30 and K+ < 5.0. Start spironolactone "
     "12.5-25 mg daily, recheck K+ and creatinine within about 1 week (e.g. day 3 and day 7), then monthly for "
     "3 months. Reduce or stop if K+ > 5.5 or creatinine rises sharply; stop potassium supplements when starting.", 0),
    ("What do the anion gap and the delta ratio add in DKA?",
     "AG = Na - (Cl + HCO3), normal about 8-12 (lower with low albumin: about -2.5 per 1 g/dL below 4). Delta ratio = "
     "(AG - 12) / (24 - HCO3): < 1 means a coexisting non-gap acidosis (typical later in DKA after lots of normal "
     "saline), 1-2 a pure gap acidosis, > 2 a concurrent metabolic alkalosis (e.g. from vomiting).", 3),
    ("How long to treat uncomplicated CAP, and what counts as clinically stable?",
     "At least 5 days, and until stable: T <= 37.8 C, HR <= 100, RR <= 24, SBP >= 90, SpO2 >= 90% on room air, "
     "normal mentation, eating and drinking. Most patients need 5-7 days total; switch to PO once stable and "
     "taking PO. "
     "No routine repeat CXR while inpatient.", 1),
    ("Does giving albumin with furosemide help diuretic resistance in hypoalbuminemic patients?", "", None),
]

_B12_HP = {
    "chief_complaint": "Shortness of breath and leg swelling for 5 days.",
    "hpi": (
        "67M with ischemic HFrEF (EF 30% on last echo), HTN, T2DM and CKD 3a with 5 days of progressive dyspnea on "
        "exertion (now after half a block; baseline 2 blocks), 3-pillow orthopnea, PND and bilateral leg swelling. "
        "About 4 kg weight gain on his home scale. Ran out of furosemide about a week ago and ate salty food at a "
        "family gathering. No chest pain, palpitations, syncope, fever or productive cough. No NSAIDs."),
    "pmh": ("Ischemic cardiomyopathy, HFrEF (EF 30%). CAD s/p drug-eluting stent to LAD. HTN. T2DM (last A1c 7.8%). "
            "CKD 3a (baseline creatinine 1.3). Hyperlipidemia."),
    "psh": "Laparoscopic cholecystectomy (remote). Right inguinal hernia repair (remote).",
    "medications": ("Furosemide 40 mg PO daily (not taken for about a week). Carvedilol 12.5 mg BID. Lisinopril 10 mg "
                    "daily. Aspirin 81 mg daily. Atorvastatin 80 mg nightly. Metformin 1000 mg BID."),
    "allergies": "NKDA.",
    "social_history": ("Lives with his wife, retired bus driver, independent in ADLs. Former smoker, 30 pack-years, "
                       "quit 10 years ago. 1-2 beers on weekends. No drug use."),
    "family_history": "Father had an MI in his 60s. Mother had T2DM.",
    "ros": ("Positive: dyspnea, orthopnea, PND, leg swelling, weight gain, fatigue. Negative: chest pain, "
            "palpitations, syncope, fever, cough, hemoptysis, abdominal pain, melena, dysuria."),
    "physical_exam": (
        "T 36.8 C, HR 96, BP 148/88, RR 22, SpO2 91% RA -> 96% on 2 L NC. Weight 92 kg (dry weight about 88 kg). "
        "Sitting upright, full sentences. JVP about 12 cm H2O, positive hepatojugular reflux. Regular rhythm, S3, "
        "soft holosystolic murmur at the apex. Bibasilar crackles to mid-lung fields. Abdomen soft, nontender. "
        "2+ pitting edema to the knees bilaterally, extremities warm."),
    "data": (
        "Na 134, K 4.6, Cl 98, HCO3 24, BUN 32, Cr 1.6 (baseline 1.3), glucose 182. BNP 1450 pg/mL. hs-troponin "
        "28 -> 30 ng/L (flat). Hb 12.8. ECG: sinus 94, old Q waves V1-V3, no acute ST changes. CXR: cardiomegaly, "
        "cephalization, Kerley B lines, small bilateral effusions."),
    "assessment": "67M with CHF exacerbation, probably from not taking his Lasix. Also AKI.",
    "plan": "IV Lasix. Monitor I/O and daily weights. Trend BMP. Continue home meds. Cards consult?",
}

_B12_SOAP = {
    "subjective": "Feels better. Slept with fewer pillows.",
    "objective": "Vitals stable. Net negative overnight. Still some crackles and edema.",
    "assessment": "CHF improving.",
    "plan": "Continue Lasix. Trend labs.",
}

IM_NOTES = [
    {"key": "hp_b12", "kind": "hp", "patient": 0, "title": "Admission H&P: B12 ADHF", "tags": ("cardio",),
     "versions": [("draft", _B12_HP), ("reviewed", {
         "assessment": (
             "67M with ischemic HFrEF (EF 30%), CKD 3a and T2DM presenting with acute decompensated HF, warm and wet, "
             "most likely precipitated by running out of furosemide plus a dietary sodium load. No evidence of ACS "
             "(flat troponin, no new ischemic ECG changes).\n1. ADHF, warm and wet (NYHA IV on admission).\n"
             "2. AKI on CKD 3a, likely cardiorenal from venous congestion.\n3. T2DM with hyperglycemia.\n"
             "4. CAD s/p PCI, stable.\nPrecipitant differential: nonadherence/diet (most likely), ischemia, "
             "arrhythmia, uncontrolled HTN, infection, new drugs (NSAIDs denied)."),
         "plan": (
             "1. ADHF: furosemide 40 mg IV BID (2x the home daily dose), goal net -1 to -2 L/day. Strict I/O, "
             "daily standing weights, 2 g sodium diet, 1.5-2 L fluid restriction. BMP + Mg daily, keep K+ > 4 and "
             "Mg > 2. Continue carvedilol (warm, not in shock). Hold lisinopril while creatinine is rising. "
             "Wean O2 to SpO2 > 92%.\n"
             "2. AKI: expect improvement with decongestion; avoid nephrotoxins and contrast; renally dose meds.\n"
             "3. T2DM: hold metformin; glargine 14 units + lispro with meals, target 140-180.\n"
             "4. CAD: continue aspirin and atorvastatin.\n"
             "5. Dispo: med reconciliation, HF education, HF clinic within 7 days.\n"
             "PPx: enoxaparin 40 mg SC daily. Code status: full (confirmed with patient)."),
     })]},
    {"key": "soap_b12", "kind": "soap", "patient": 0, "title": "SOAP HD3: B12", "versions": [
        ("draft", _B12_SOAP),
        ("draft", {
            "subjective": ("No events overnight. Breathing better: slept on 1 pillow (was 3), no PND. Walked to the "
                           "bathroom without stopping. Mild calf cramps last evening. No chest pain or dizziness."),
            "objective": (
                "Tmax 36.9 C, HR 78-86, BP 124-132/70-78, RR 16, SpO2 95% RA (off O2 since last evening). I/O 24 h: "
                "in 1.3 L / out 3.6 L (net -2.3 L; -3.9 L since admission). Weight 89.4 kg (92 on admission, dry "
                "about 88). JVP about 8 cm, faint bibasilar crackles, 1+ edema to mid-shin. Na 137, K 3.6, HCO3 28, "
                "BUN 30, Cr 1.4 (peak 1.6), Mg 1.8. Meds: furosemide 40 mg IV BID, carvedilol, aspirin, "
                "atorvastatin, glargine + lispro."),
            "assessment": (
                "67M with ischemic HFrEF admitted with ADHF after running out of furosemide, improving on IV "
                "diuresis.\n1. ADHF, improving: -3.9 L, 2.6 kg down, off O2, orthopnea resolved; still about 1.4 kg "
                "above dry weight.\n2. AKI on CKD 3a, improving (Cr 1.6 -> 1.4) with decongestion, which supports a "
                "cardiorenal cause.\n3. Hypokalemia/hypomagnesemia from diuresis, new; likely cause of the cramps.\n"
                "4. T2DM, glucose 130s-170s, at goal."),
            "plan": ("1. Continue furosemide 40 mg IV BID today.\n2. Daily BMP.\n3. Replete K+ and Mg.\n"
                     "4. Continue basal-bolus insulin.\n5. Home in 1-2 days."),
        }),
        ("final", {"plan": (
            "1. ADHF: furosemide 40 mg IV BID today; if net negative again and Cr stable, switch to torsemide 40 mg PO "
            "daily tomorrow. Start empagliflozin 10 mg daily before discharge (HFrEF + T2DM). Restart lisinopril "
            "5 mg once Cr stable for 24 h; ARNI discussion in HF clinic.\n"
            "2. AKI: daily BMP, avoid nephrotoxins.\n"
            "3. KCl 40 mEq PO now + magnesium sulfate 2 g IV; recheck K+ this evening: if K+ < 3.5, replete and "
            "recheck.\n4. Continue glargine + lispro.\n"
            "5. Dispo: home in 1-2 days; HF teaching (daily weights, call if up 1 kg in a day or 2 kg in a week), "
            "HF clinic within 7 days, pharmacy to help with refills.")})]},
    {"key": "prog_b9", "kind": "progress", "patient": 2, "title": "Progress HD2: B9 AKI", "tags": ("nephro",),
     "versions": [("reviewed", {
         "subjective": "Less weak. Drinking well, eating about half of meals, urinating more. No palpitations.",
         "objective": (
             "Afebrile, HR 72, BP 138/76 (104/62 on admission), SpO2 97% RA. I/O: in 2.4 L (IV + PO) / out 1.8 L. "
             "Mucous membranes moist, no edema, no asterixis. K 4.8 (6.4 on admission), Cr 1.9 (2.8 on admission, "
             "baseline 1.2), BUN 34, HCO3 21. FEUrea 28%. Telemetry: sinus, no arrhythmia; peaked T waves resolved."),
         "assessment": (
             "72M with CKD 3a and HTN admitted with prerenal AKI and hyperkalemia (K 6.4 with peaked T waves) after a "
             "week of gastroenteritis while still taking lisinopril and HCTZ.\n1. AKI, improving with fluids; "
             "prerenal supported by FEUrea 28% (FENa unreliable after HCTZ) and quick response to volume.\n"
             "2. Hyperkalemia, resolved after calcium gluconate, insulin-dextrose and a K+ binder.\n"
             "3. HTN, BP recovering off antihypertensives."),
         "plan": (
             "1. Stop IV fluids if drinking > 1.5 L/day; BMP in AM.\n2. Keep holding lisinopril and HCTZ; low-K+ "
             "diet. Restart ACEi in clinic with a BMP within 1-2 weeks once Cr is near baseline.\n"
             "3. Amlodipine 5 mg if SBP stays > 150.\n4. Sick-day rules: hold ACEi and diuretic when vomiting or "
             "with diarrhea.\n5. Home tomorrow if Cr keeps falling."),
     })]},
]

IM_REFLECTIONS = [
    {"went_well": "Showed up early every day and pre-rounded on my two patients without missing a lab. The team was "
                  "welcoming and the PGY-2 walked me through the EMR.",
     "didnt_go_well": "My first presentation took almost 8 minutes: I read every lab value and never said what I "
                      "thought was going on. I was so nervous my hands shook holding the list.",
     "learned_about_myself": "I need structure to feel calm. When I have a template I can think; without one I "
                             "drown in data.",
     "do_differently": "Write the one-liner and my assessment first, then only the data that supports it. Practise "
                       "each presentation out loud in 3 minutes the night before."},
    {"went_well": "Presentations are down to about 4 minutes and I say an assessment now. I followed my CAP patient "
                  "from admission to the PO switch and understood every decision.",
     "didnt_go_well": "I missed a K+ of 3.2 on pre-rounds; the resident caught it before rounds. Nothing bad "
                      "happened, but it could have.",
     "learned_about_myself": "Checklists protect me from myself when I am tired. Owning the mistake right away felt "
                             "better than hiding it.",
     "do_differently": "Use a fixed pre-round checklist for every patient: events, vitals + I/O, exam, labs with "
                       "trend, new results, med changes."},
    {"went_well": "Recognised peaked T waves on my AKI patient's ECG and told the resident immediately; he got "
                  "calcium within minutes. Dr K had me teach the hyperkalemia steps on rounds.",
     "didnt_go_well": "I stayed late polishing notes and slept 5 hours most nights. By Thursday I was slow on rounds.",
     "learned_about_myself": "I care a lot about closing the loop for my patients, but perfectionism costs me "
                             "energy I need for the next day.",
     "do_differently": "Time-box each note to 30 minutes, leave by 18:30 unless a patient needs me, protect 7 hours "
                       "of sleep."},
    {"went_well": "My DKA patient's admission: I tracked the anion gap myself and suggested when to start glargine "
                  "before stopping the drip. The diabetes educator thanked me for explaining the insulin plan simply.",
     "didnt_go_well": "I was unprepared for a family meeting and stayed silent when the family asked me a direct "
                      "question about diet.",
     "learned_about_myself": "Talking with families is a skill I have not practised, and I want to get good at it; "
                             "I learn it best by watching and then doing a small part.",
     "do_differently": "Ask to lead one part of the next family update, with the resident there, and prepare three "
                       "plain-language sentences beforehand."},
    {"went_well": "Mid-rotation feedback from Dr K: 'confident, organised, ready for more independence.' I carried "
                  "four patients and wrote all their notes.",
     "didnt_go_well": "I anchored on cellulitis for my B2 patient and did not think of DVT until Dr K asked. The "
                      "duplex was negative, but I should have raised it.",
     "learned_about_myself": "Confidence can make me stop thinking early. Humility is part of being safe.",
     "do_differently": "Write a differential of at least three for every new problem before I present it, "
                       "including the dangerous one."},
    {"went_well": "Presented a new admission without notes and Dr K said it was resident-level. I asked Dr K in "
                  "person for a letter of recommendation and she agreed.",
     "didnt_go_well": "My handoffs before rotating off were rushed; I forgot to mention a pending culture for B2.",
     "learned_about_myself": "I love the diagnostic reasoning and continuity of internal medicine; this may be my "
                             "specialty.",
     "do_differently": "On surgery: keep the pre-round checklist, ask for feedback in week 1, and use I-PASS for "
                       "every handoff, pending results first.",
     "free_text": "Letter: send Dr K my CV, personal statement draft and a one-page summary of my cases this week.",
     "tags": ("interview",)},
]
