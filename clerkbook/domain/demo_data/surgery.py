"""The current Surgery rotation of the demo notebook, in week 3 of 6 (fictional, de-identified)."""

# ── Rotation 2: Surgery, current (week 3 of 6) ───────────────────────────────

SURG = {"specialty": "Surgery", "site": "Lakeside Medical Center", "service": "Acute care surgery"}

SURG_PATIENTS = [
    ("Bed 4", "54F", "POD1 lap chole for acute calculous cholecystitis", ()),
    ("12B", "71M", "Adhesive SBO, NG decompression", ("surgery", "interview")),
    ("Bed 7", "19M", "Acute appendicitis, POD0 lap appendectomy", ()),
    ("Bed 9", "63F", "Sigmoid diverticulitis with 4 cm pelvic abscess, IR drain", ()),
    ("15A", "78M", "Incarcerated L inguinal hernia, POD2 open repair", ()),
    ("Bed 2", "46M", "Superficial SSI of midline wound, POD8 Graham patch", ()),
    ("Bed 11", "35F", "Perforated appendicitis s/p lap appendectomy", ()),
]
SURG_DISCHARGED = (6,)

#: due: minutes from now (negative = overdue), "HH:MM" tomorrow, or None; then minutes ago it was done, or None.
SURG_TODOS = [
    (0, "lab", "AM LFTs + bilirubin: any sign of a retained CBD stone?", -240, 200),
    (0, "follow-up", "Discharge teaching; clinic wound check in 2 weeks; chase gallbladder pathology", 150, None),
    (1, "imaging", "KUB 8 h after Gastrografin: contrast in the colon?", -1200, 1180),
    (1, "task", "NG clamp trial, then remove if no nausea and low residual", -300, 240),
    (1, "follow-up", "Outpatient colonoscopy referral (brother had colon cancer)", "09:00", None),
    (2, "task", "Confirm he has voided within 6-8 h of surgery", 120, None),
    (2, "follow-up", "Appendix pathology: rule out neuroendocrine tumor", None, None),
    (3, "lab", "CBC: WBC trend on pip-tazo (18.4 -> 13.1 -> ?)", -35, None),
    (3, "consult", "IR: drain output, and when to repeat CT before pulling the drain", "10:00", None),
    (4, "consult", "PT/OT evaluation before discharge (lives alone)", 210, None),
    (4, "task", "Check groin wound and scrotum for hematoma", -90, 60),
    (5, "task", "Wound packing change with the wound care nurse", -20, None),
    (5, "lab", "Wound culture sensitivities: MRSA?", "07:00", None),
    (5, "consult", "Nutrition consult: poor intake since surgery, protein goal for wound healing", -360, 300),
    (None, "task", "Read about Ranson criteria vs BISAP before teaching conference", "06:30", None),
    (None, "task", "Ask Dr M (attending) for mid-rotation feedback", None, None),
    (6, "lab", "CBC before discharge: WBC normalised?", -4320, 4300),
    (6, "follow-up", "Clinic wound check in 2 weeks: written on discharge instructions", -4300, 4280),
]

SURG_POINTS = [
    ("Critical view of safety before clipping anything in a lap chole: hepatocystic triangle cleared of fat and "
     "fibrous tissue, lower third of the gallbladder off the liver bed, only two structures entering the gallbladder. "
     "If you can't get it, bail out (subtotal cholecystectomy or cholecystostomy).",
     "hepatobiliary", "Dr M (attending)", True, 0, ("surgery", "interview")),
    ("SBO: NPO, NG decompression, IV fluids, fix electrolytes. Go to the OR for peritonitis or signs of strangulation "
     "(fever, tachycardia, rising WBC or lactate; CT closed loop, poor wall enhancement, pneumatosis). Otherwise a "
     "trial of non-operative care: water-soluble contrast reaching the colon within 24 h predicts resolution.",
     "GI", "PGY-3 resident", True, 1, ("surgery",)),
    ("Maintenance fluids, 4-2-1 rule: 4 mL/kg/h for the first 10 kg, 2 for the next 10, 1 for each kg above 20 "
     "(70 kg = 110 mL/h). Replace NG losses separately: they are rich in H+, Cl- and K+.",
     "fluids", "Dr M (attending)", False, 1, ()),
    ("Alvarado (MANTRELS): Migration to RLQ, Anorexia, Nausea/vomiting, Tenderness RLQ (2), Rebound, Elevated "
     "temperature >= 37.3 C, Leukocytosis (2), Shift to the left. Score >= 7: appendicitis likely.",
     "GI", "reading: surgery review book", False, 2, ()),
    ("Diverticular abscess: < 3 cm usually antibiotics alone; >= 3-4 cm percutaneous drain + antibiotics; purulent or "
     "feculent peritonitis goes to the OR (Hartmann's, or resection + anastomosis +/- diverting ileostomy).",
     "GI", "Dr M (attending)", False, 3, ()),
    ("Incarcerated hernia that is tender, red, or with fever/leukocytosis/raised lactate = strangulated until "
     "proven otherwise: don't try to reduce it, go to the OR.",
     "hernia", "Dr M (attending)", False, 4, ("surgery",)),
    ("Post-op fever: in the first 48 h usually the inflammatory response to surgery. Then the W's: Water (UTI, "
     "POD 3-5), Wound (SSI, POD 5-7), Walking (DVT/PE), Wonder drugs; also lines and anastomotic leak. "
     "Atelectasis is a poor explanation.",
     "periop", "PGY-3 resident", False, None, ()),
    ("Pack wounds wet-to-moist: saline-moistened gauze fluffed loosely into the wound, never packed tight. Gauze "
     "allowed to dry rips out healthy granulation tissue when pulled.",
     "wound care", "wound care nurse", False, 5, ()),
    ("Complicated intra-abdominal infection with adequate source control: about 4 days of antibiotics is as good "
     "as a longer course (STOP-IT trial).",
     "ID", "reading: STOP-IT trial", True, 6, ("surgery",)),
]

SURG_QUESTIONS = [
    ("When is a HIDA scan better than ultrasound for suspected cholecystitis?",
     "Ultrasound is first-line (stones, wall > 3 mm, pericholecystic fluid, sonographic Murphy sign). HIDA is more "
     "sensitive and specific, so it is used when ultrasound is equivocal: no gallbladder filling at 60 min and on "
     "delayed images up to 4 h (or 30 min after IV morphine) means cystic duct obstruction, i.e. acute cholecystitis.",
     0),
    ("Why does the SBO patient have a metabolic alkalosis with low K+?",
     "Vomiting/NG suction removes gastric HCl, which generates the alkalosis. Volume depletion raises aldosterone and "
     "the kidney holds on to bicarbonate while wasting K+ and H+ (hypokalemia, paradoxical aciduria). Urine Cl < 20 "
     "means chloride-responsive: treat with normal saline + KCl.", 1),
    ("Which patients with uncomplicated diverticulitis can safely skip antibiotics (AVOD, DIABOLO), and who still "
     "needs them?", "", None),
]

_12B_HP = {
    "chief_complaint": "Abdominal pain, distension and vomiting for 2 days.",
    "hpi": (
        "71M with prior open sigmoid colectomy for diverticulitis (about 8 years ago) with 2 days of crampy, "
        "intermittent periumbilical pain, progressive distension and 5-6 episodes of bilious, non-bloody emesis. Last "
        "BM 2 days ago, minimal flatus since yesterday. No fever, hematochezia, melena or weight loss. No prior "
        "obstruction. Last colonoscopy 3 years ago: 2 small tubular adenomas removed."),
    "pmh": "HTN. Hyperlipidemia. BPH. GERD.",
    "psh": "Open sigmoid colectomy with primary anastomosis for diverticulitis. Open appendectomy as a teenager.",
    "medications": ("Amlodipine 10 mg daily. Atorvastatin 40 mg nightly. Tamsulosin 0.4 mg nightly. "
                    "Omeprazole 20 mg daily."),
    "allergies": "Sulfa (rash).",
    "social_history": "Lives with his daughter's family; retired electrician. Never smoker, occasional wine, no drugs.",
    "family_history": "Brother with colon cancer in his 70s. No IBD.",
    "ros": ("Positive: abdominal pain, distension, nausea, vomiting, obstipation, less urine. Negative: fever, chills, "
            "chest pain, dyspnea, hematochezia, melena, dysuria, weight loss."),
    "physical_exam": (
        "T 37.4 C, HR 104, BP 132/84, RR 18, SpO2 97% RA. Dry mucous membranes. Abdomen distended and tympanic, "
        "well-healed lower midline and RLQ scars, high-pitched bowel sounds, diffuse mild tenderness, no rebound or "
        "guarding. No incisional or groin hernias. Rectal: empty vault, guaiac negative."),
    "data": (
        "WBC 11.2 (no left shift), Hb 15.9 (hemoconcentrated), Na 133, K 3.2, Cl 92, HCO3 31, BUN 38, Cr 1.3 "
        "(baseline 0.9), lactate 1.4. CT abdomen/pelvis with IV contrast: small bowel dilated to 3.8 cm with a "
        "transition point in the RLQ, small-bowel feces sign, decompressed distal ileum and colon; normal wall "
        "enhancement, no pneumatosis, free air or closed loop."),
    "assessment": "71M with SBO.",
    "plan": "NPO, NGT, IVF. Surgery to follow.",
}

_12B_HD2_PLAN = (
    "1. SBO: NPO, NG to LIS; KUB 8 h after contrast, if contrast in colon clamp trial and start clears.\n"
    "2. LR 100 mL/h + replace NG output; KCl 40 mEq IV; BMP + Mg in AM.\n"
    "3. Ambulate 3x/day, incentive spirometer 10x/hour while awake.\n4. Heparin 5000 units SC q8h + SCDs.")

SURG_NOTES = [
    {"key": "hp_12b", "kind": "hp", "patient": 1, "title": "Admission H&P: 12B SBO", "tags": ("surgery",),
     "versions": [("draft", _12B_HP), ("reviewed", {
         "assessment": (
             "71M with prior open colectomy and appendectomy presenting with SBO, most likely adhesive, without "
             "clinical or CT signs of strangulation (no peritonitis, normal lactate, normal wall enhancement). "
             "Complicated by hypovolemia with prerenal AKI and hypokalemic, hypochloremic metabolic alkalosis from "
             "vomiting.\nDifferential: adhesions (most likely), internal hernia, neoplasm at the transition point "
             "(prior adenomas, brother with colon cancer); incisional hernia unlikely (none on exam or CT)."),
         "plan": (
             "1. SBO: NPO, NG tube to low intermittent suction, serial abdominal exams by the team. Gastrografin "
             "100 mL via NG then KUB at 8 h. OR if peritonitis, rising lactate, fever or tachycardia despite fluids, "
             "or no progress by 48-72 h.\n"
             "2. Hypovolemia/AKI: LR 1 L bolus then 125 mL/h, replace NG losses; strict I/O, goal UOP >= 0.5 mL/kg/h.\n"
             "3. Hypokalemia/alkalosis: KCl 10 mEq/h IV x4 (peripheral max), check Mg; BMP in 6 h.\n"
             "4. Hold amlodipine and tamsulosin while NPO and dry; watch for urinary retention.\n"
             "5. GERD: pantoprazole 40 mg IV daily while NPO.\n"
             "6. VTE: heparin 5000 units SC q8h + SCDs; ambulate.\nCode status: full."),
     })]},
    {"key": "hd2_12b", "kind": "progress", "patient": 1, "title": "Progress HD2: 12B", "versions": [
        ("draft", {
            "subjective": ("Pain down to 3/10, crampy. Small amount of flatus overnight, no BM. No emesis since the NG "
                           "went in."),
            "objective": (
                "Tmax 37.2 C, HR 88, BP 128/76, RR 16, SpO2 96% RA. I/O 24 h: in 3.1 L IV / out urine 1.6 L + NG "
                "1.2 L bilious. Less distended, soft, mild diffuse tenderness, no guarding or rebound. WBC 9.4, "
                "Na 137, K 3.7, Cl 99, HCO3 28, BUN 24, Cr 1.0, Mg 1.9, lactate 1.1. Gastrografin 100 mL via NG this "
                "morning."),
            "assessment": (
                "71M with adhesive SBO on day 2 of non-operative management, improving: less distension, passing "
                "flatus, no signs of strangulation. AKI resolved (Cr 1.3 -> 1.0); K+ and alkalosis correcting."),
            "plan": _12B_HD2_PLAN}),
        ("final", {"plan": _12B_HD2_PLAN.replace(
            "start clears.", "start clears; no contrast in colon by 24 h or a worse exam: discuss OR with Dr M.")}),
    ]},
    {"key": "hd3_12b", "kind": "progress", "patient": 1, "title": "Progress HD3: 12B", "copy_from": "hd2_12b",
     "versions": [("draft", {
         "subjective": ("BM overnight, passing flatus. NG clamped for 4 h without nausea, low residual, "
                        "removed. Hungry."),
         "objective": ("Tmax 36.9 C, HR 76, BP 134/80, SpO2 97% RA. I/O: in 2.2 L / urine 1.9 L, NG 150 mL before "
                       "removal. Abdomen soft, non-distended, nontender. KUB: contrast in the colon at 8 h. "
                       "K 4.1, HCO3 25, Cr 0.9."),
     })]},
    {"key": "soap_b4", "kind": "soap", "patient": 0, "title": "SOAP POD1: Bed 4", "versions": [
        ("draft", {"subjective": "Pain controlled. No nausea.", "objective": "Vitals OK. Incisions fine.",
                   "assessment": "POD1 lap chole, doing well.", "plan": "Discharge home."}),
        ("reviewed", {
            "subjective": ("Incisional pain 3/10 on acetaminophen, one dose of oxycodone 5 mg overnight. Right "
                           "shoulder-tip pain (referred, from the pneumoperitoneum) improving. Tolerated clears, no "
                           "nausea. Passing flatus, voiding. Walked the hallway twice."),
            "objective": (
                "Tmax 37.3 C, HR 82, BP 126/78, RR 14, SpO2 97% RA. I/O: PO 900 mL + IV 1.2 L / urine 1.5 L. "
                "Soft, appropriately tender at port sites, not distended; 4 port sites clean, dry, intact. WBC 9.8 "
                "(15.6 on admission), total bilirubin 0.8, ALP 102, AST 38, ALT 45."),
            "assessment": (
                "54F with acute calculous cholecystitis s/p uncomplicated lap chole, POD1, recovering as expected: "
                "afebrile, pain controlled, tolerating diet, WBC normalising, normal LFTs (no sign of retained CBD "
                "stone or bile leak)."),
            "plan": (
                "1. Regular low-fat diet as tolerated.\n2. Acetaminophen 1 g q8h + ibuprofen 600 mg q6h with food; "
                "oxycodone 5 mg PRN severe pain only, small supply at discharge.\n3. Saline lock.\n"
                "4. Home today if tolerating diet. Return for fever > 38.5 C, jaundice, worsening pain or vomiting "
                "(bile leak, retained stone).\n5. Clinic in 2 weeks; follow up pathology."),
        })]},
    {"key": "soap_b2", "kind": "soap", "patient": 5, "title": "SOAP: Bed 2 wound", "versions": [("draft", {
        "subjective": "Less pain at the incision. Chills last evening, none since. Eating well, normal BMs.",
        "objective": (
            "Tmax 38.1 C last evening, 37.2 C since; HR 92, BP 124/80. Midline: inferior 5 cm opened at the bedside "
            "yesterday, about 30 mL pus drained; 2 cm rim of erythema, not spreading; fascia intact on probing, no "
            "dehiscence; pink granulation at the base. WBC 12.6 (14.8 yesterday). Wound Gram stain: gram-positive "
            "cocci in clusters, culture pending."),
        "assessment": ("46M POD8 after laparotomy and Graham patch for a perforated duodenal ulcer, with a superficial "
                       "incisional SSI, now opened and draining; improving. Fascia intact."),
        "plan": (
            "1. Opening the wound is the treatment: wet-to-moist saline packing BID with the wound care nurse. No "
            "antibiotics while erythema < 5 cm and no systemic signs; start them if erythema spreads, T > 38.5 C or "
            "HR > 110.\n2. Follow culture; cover MRSA only if needed.\n3. Continue high-dose PPI; H. pylori positive: "
            "bismuth quadruple therapy for 14 days, test of cure later.\n4. Nutrition consult, protein supplements."),
    })]},
]

SURG_REFLECTIONS = [
    {"went_well": "Learned the 04:45 pre-round routine and scrubbed into six cases. The scrub tech showed me how to "
                  "gown and glove properly and I did it cleanly by Thursday.",
     "didnt_go_well": "I contaminated my gown reaching toward the field on my first case. On rounds I went quiet "
                      "again: the pace made me passive, like week 1 of medicine.",
     "learned_about_myself": "Being corrected in the OR is about the patient, not about me. I recover faster from "
                             "embarrassment than I used to.",
     "do_differently": "Read the anatomy and steps of tomorrow's first case every night. Say one assessment per "
                       "patient on rounds. Ask before touching anything in the OR."},
    {"went_well": "Caught the K+ of 3.2 and the alkalosis on my SBO patient and had a repletion plan ready before "
                  "rounds. Closed skin on a lap appy. Dr M called my SBO presentation crisp.",
     "didnt_go_well": "I forgot to check a drain's output before rounds and the resident had to look it up. Five "
                      "hours of sleep most nights again.",
     "learned_about_myself": "I like the decisiveness of surgery more than I expected, but I miss the diagnostic "
                             "puzzles of medicine. Both tell me something about what I want.",
     "do_differently": "Add lines, drains and tubes to the pre-round checklist. In bed by 21:30. Ask Dr M for "
                       "mid-rotation feedback."},
    {"went_well": "Pre-rounded on six patients in an hour with the checklist. Recognised peritonitis on my appy "
                  "patient's exam and presented it before the CT came back.",
     "didnt_go_well": "I hadn't looked under Bed 2's dressing for two days because it looked fine from outside; the "
                      "SSI was found by the nurse."},
]
