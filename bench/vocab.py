"""A fictional clinical vocabulary and a seeded, Zipf-distributed text generator for the benchmark notebooks.

Every word list is ranked most-frequent first and sampled with weight 1/rank**s, so a few hundred words
("patient", "plan", "pain", "BP", "labs", furosemide, CHF) are everywhere and a long tail of rarer terms
appears a handful of times each. That is what makes a common-word search genuinely hit thousands of rows
while a rare-word search hits a few: the case a full-text index has to be fast on.

All text is invented. Nothing here is a name, a date, a record number or anything else the PHI guard looks
for (ages stay under 90, numbers sit behind the vital or lab they belong to), so an export of a benchmark
notebook passes the guard as a real, careful student's would.
"""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

#: The Zipf exponent: about 1 for natural language.
ZIPF_S = 1.2
#: Chance that a sentence also names one of the :data:`RARE` terms.
RARE_RATE = 0.003

GENERAL = """
patient plan pain BP labs continue stable overnight today daily with without and for the on in of to no
afebrile vitals exam monitor trend repeat check follow-up discharge admit consult resident attending team
normal abnormal likely possible rule out start stop hold increase decrease dose IV PO q6h q8h q12h PRN
improving worsening unchanged mild moderate severe acute chronic history denies reports endorses tolerating
diet ambulating sleeping nausea vomiting fever chills cough dyspnea edema crackles wheezes murmur tender
soft nontender distended bowel sounds urine output weight I/O net negative positive HR RR SpO2 temp room air
nasal cannula O2 oxygen fluids bolus maintenance electrolytes replete potassium magnesium sodium glucose
insulin sliding scale basal bolus A1c culture cultures pending final sensitivities antibiotics course
imaging CXR CT MRI ultrasound echo ECG EKG telemetry rhythm sinus tachycardia bradycardia chest abdomen
pelvis extremities neuro alert oriented comfortable distress appears well ill-appearing family goals care
code full education teaching reviewed discussed understands agrees questions answered safety fall risk
PT OT social work case management placement home rehab SNF outpatient clinic appointment weeks days hours
morning evening afternoon night shift rounds presentation note H&P progress SOAP assessment differential
workup source control pending results read preliminary radiology pathology biopsy procedure bedside
sedation consent risks benefits alternatives post-op POD drain incision dressing wound healing erythema
induration drainage clean dry intact ambulate incentive spirometry pain control multimodal acetaminophen
oxycodone ketorolac bowel regimen senna docusate miralax DVT prophylaxis heparin enoxaparin SCDs
baseline prior previous recent new known chronic small large left right bilateral upper lower mid anterior
posterior lateral medial proximal distal elevated low high borderline critical trending down up flat
""".split()

DRUGS = """
furosemide lisinopril metoprolol carvedilol spironolactone amlodipine atorvastatin aspirin heparin
ceftriaxone azithromycin vancomycin piperacillin-tazobactam cefazolin cephalexin doxycycline metronidazole
levofloxacin prednisone methylprednisolone dexamethasone albuterol ipratropium tiotropium budesonide
metformin glargine lispro empagliflozin dapagliflozin sacubitril-valsartan hydralazine nitroglycerin
isosorbide apixaban warfarin rivaroxaban clopidogrel ticagrelor pantoprazole omeprazole ondansetron
metoclopramide lactulose rifaximin octreotide ceftazidime cefepime meropenem linezolid daptomycin
acyclovir fluconazole micafungin labetalol nicardipine esmolol diltiazem digoxin amiodarone adenosine
levetiracetam lorazepam haloperidol quetiapine olanzapine sertraline escitalopram trazodone gabapentin
tamsulosin finasteride allopurinol colchicine levothyroxine methimazole calcitriol sevelamer
""".split()

DIAGNOSES = """
CHF pneumonia AKI CKD COPD asthma sepsis cellulitis DKA HHS hyperkalemia hyponatremia UTI pyelonephritis
cirrhosis pancreatitis cholecystitis appendicitis SBO GI-bleed anemia AFib NSTEMI STEMI PE DVT stroke TIA
syncope delirium alcohol-withdrawal hypertension diabetes hypothyroidism hyperthyroidism osteomyelitis
endocarditis meningitis encephalopathy hepatitis diverticulitis colitis ileus hernia preeclampsia
gestational-diabetes preterm-labor bronchiolitis croup gastroenteritis dehydration failure-to-thrive
depression schizophrenia bipolar-disorder anxiety migraine seizure neuropathy gout lupus vasculitis
nephrolithiasis BPH prostatitis hypercalcemia hypoglycemia thrombocytopenia neutropenia lymphoma
""".split()

LABS = """
BMP CBC K+ Cr BUN Mg Phos lactate troponin BNP INR PTT LFTs lipase A1c TSH ferritin B12 folate
procalcitonin CRP ESR blood-gas VBG ABG UA urine-culture blood-cultures beta-hydroxybutyrate anion-gap
ammonia albumin bilirubin haptoglobin LDH reticulocytes fibrinogen d-dimer CK ethanol-level tox-screen
""".split()

#: Genuinely rare terms: each sentence has a small chance of naming one, so each turns up a handful of times
#: in 100,000 entries (what a search for "that thing about pheochromocytoma" has to find among the rest).
RARE = """
pheochromocytoma acromegaly amyloidosis sarcoidosis porphyria hemochromatosis cryoglobulinemia myasthenia
botulism tularemia brucellosis leptospirosis histoplasmosis blastomycosis coccidioidomycosis aspergilloma
mucormycosis strongyloidiasis neurocysticercosis toxoplasmosis babesiosis ehrlichiosis anaplasmosis
calciphylaxis pemphigus pyoderma erythromelalgia methemoglobinemia hyperviscosity cholangiocarcinoma
insulinoma gastrinoma carcinoid mesothelioma thymoma craniopharyngioma ependymoma medulloblastoma
hidradenitis scleroderma dermatomyositis polymyositis polychondritis vasospasm aortitis pericarditis
myocarditis tamponade endomyocardial takotsubo syringomyelia narcolepsy cataplexy catatonia
neuroleptic serotonergic anticholinergic tetany hypophosphatemia hypermagnesemia hyperammonemia
lactic-acidosis ketoacidosis salicylate methanol ethylene-glycol isoniazid dapsone rifabutin bedaquiline
pentamidine atovaquone primaquine artesunate ivermectin albendazole praziquantel eculizumab rituximab
plasmapheresis thrombectomy pericardiocentesis paracentesis thoracentesis arthrocentesis cardioversion
tracheostomy cricothyrotomy escharotomy fasciotomy laparotomy thoracotomy craniotomy pyloromyotomy
intussusception volvulus malrotation gastroschisis omphalocele hypospadias cryptorchidism torsion
chorioamnionitis abruption previa accreta eclampsia hyperemesis oligohydramnios polyhydramnios
""".split()

SPECIALTIES = [
    ("Internal Medicine", "Gold team", 8), ("General Surgery", "Acute care surgery", 8), ("Pediatrics", "Ward B", 6),
    ("Obstetrics & Gynecology", "L&D", 6), ("Psychiatry", "Inpatient unit", 4), ("Neurology", "Stroke service", 4),
    ("Family Medicine", "Community clinic", 6), ("Emergency Medicine", "Main ED", 4), ("Cardiology", "CCU", 4),
    ("Nephrology", "Consult service", 4), ("Infectious Disease", "Consult service", 4), ("Critical Care", "MICU", 4),
]
SITES = ["Riverside General", "Lakeview University Hospital", "Northside Community Hospital", "Hillcrest VA"]
TOPICS = ["cardio", "nephro", "ID", "endo", "pulm", "GI", "neuro", "heme-onc", "surgery", "OB", "peds", "psych",
          "presentations", "pharm"]
SOURCES = ["Dr K (attending)", "Dr M (attending)", "PGY-2 resident", "PGY-1 intern", "chief resident",
           "reading: UpToDate", "reading: guideline", "pharmacist", "nurse on the unit", "noon conference"]
TAGS = ["cardio", "nephro", "id", "endo", "pulm", "gi", "neuro", "interview", "story", "boards", "procedure",
        "pearl", "read-tonight", "ethics"]

# Morphemes for the long tail: compounds such as "hepatosplenomegaly" or "cholangiopathy", a few real, most
# plausible-looking, each one rare.
_ROOTS = """cardio hepato nephro neuro gastro entero colo pneumo broncho myo osteo arthro derma hemato lympho
angio vaso pyelo cysto chole pancreato spleno thyro adreno oto rhino laryngo ophthalmo encephalo myelo
""".split()
_MIDS = ["", "", "", "sclero", "megalo", "litho", "steno", "necro", "fibro", "granulo"]
_ENDS = """itis osis pathy megaly ectomy otomy ostomy plasty algia emia uria rrhea rrhage oma penia
cytosis lysis ptosis spasm trophy""".split()


def _tail(rng: random.Random) -> list[str]:
    words = sorted({root + mid + end for root in _ROOTS for mid in _MIDS for end in _ENDS})
    rng.shuffle(words)
    return words


class Zipf:
    """Draws words from a ranked list with probability proportional to 1 / rank**s."""

    def __init__(self, words: list[str], rng: random.Random, s: float = ZIPF_S) -> None:
        self.words = words
        self.rng = rng
        self.cum = list(accumulate(1.0 / (rank ** s) for rank in range(1, len(words) + 1)))
        self.total = self.cum[-1]

    def one(self) -> str:
        """One word."""
        return self.words[bisect(self.cum, self.rng.random() * self.total)]

    def many(self, k: int) -> list[str]:
        """``k`` words, drawn independently."""
        return self.rng.choices(self.words, cum_weights=self.cum, k=k)


_TODO_KINDS = ("lab", "imaging", "consult", "task", "follow-up")
_TODO_VERBS = {"lab": ("Trend", "Recheck", "f/u", "AM"), "imaging": ("Review", "f/u read of", "Order"),
               "consult": ("Call", "Page", "f/u"), "follow-up": ("Clinic f/u for", "Call back about"),
               "task": ("Adjust", "Start", "Hold", "Discuss", "Update")}
_IMAGING = ("CXR", "CT", "MRI", "US", "echo")
_DOSES = (5, 10, 12.5, 20, 25, 40, 80, 500, 1000)

# Sentence templates: {g} a general (Zipf over general + tail) word, {drug} {dx} {lab} their own lists,
# {n} a small number, {bp} a blood pressure behind "BP".
_TEMPLATES = [
    "{dx}: continue {drug} {dose}, trend {lab} {g} {g}.",
    "Patient {g} {g} overnight, {g} {g} pain {n} of 10.",
    "BP {bp}, HR {hr}, SpO2 {spo2}% on {g} {g}.",
    "Start {drug} {dose} and recheck {lab} in {n} hours.",
    "Likely {dx} vs {dx}; {g} {g} {lab} and {g}.",
    "{lab} {g} from {n} to {n}, {g} {g} {drug}.",
    "Discussed {dx} with {g} team, plan to {g} {drug} {g}.",
    "{g} {g} {g} {g} {g}, {g} {g} {g}.",
    "Hold {drug} for {g} {lab}; {g} {g} if {g}.",
    "Exam notable for {g} {g} and {g} {g}, no {g}.",
    "Follow up {lab} and {g} {g} before {g} {g}.",
    "{g} with {dx} on {drug}, {g} {g} {g} {tail}.",
]


class Writer:
    """Seeded fictional clinical text: sentences, paragraphs, one-liners, to-dos."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.general = Zipf(GENERAL + _tail(rng), rng)
        self.tail = Zipf(_tail(random.Random(rng.random())), rng, s=0.6)
        self.drug = Zipf(DRUGS, rng)
        self.dx = Zipf(DIAGNOSES, rng)
        self.lab = Zipf(LABS, rng)
        self._fields = {
            "g": self.general.one, "drug": self.drug.one, "dx": self.dx.one, "lab": self.lab.one,
            "tail": self.tail.one, "n": lambda: str(rng.randint(1, 12)),
            "dose": lambda: f"{rng.choice(_DOSES)} mg {rng.choice(('daily', 'BID', 'q8h', 'IV'))}",
            "bp": lambda: f"{rng.randint(96, 168)}/{rng.randint(52, 98)}", "hr": lambda: str(rng.randint(58, 118)),
            "spo2": lambda: str(rng.randint(88, 100)),
        }

    def sentence(self) -> str:
        """One sentence from a random template."""
        template = self.rng.choice(_TEMPLATES)
        out, fields = [], self._fields
        for literal, name, _spec, _conv in _FORMATS[template]:
            out.append(literal)
            if name:
                out.append(fields[name]())
        text = "".join(out)
        if self.rng.random() < RARE_RATE:
            text += f" Consider {self.rng.choice(RARE)}."
        return text[0].upper() + text[1:]

    def paragraph(self, low: int, high: int) -> str:
        """Between ``low`` and ``high`` sentences."""
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def bullets(self, low: int, high: int) -> str:
        """A plan-like list: one short sentence a line, prefixed with "- "."""
        return "\n".join(f"- {self.sentence()}" for _ in range(self.rng.randint(low, high)))

    def phrase(self, low: int, high: int) -> str:
        """A few words, no sentence structure (a to-do, a question stem)."""
        return " ".join(self.general.many(self.rng.randint(low, high)))

    def todo(self) -> tuple[str, str]:
        """(kind, text) of a to-do as typed on rounds."""
        rng = self.rng
        kind = rng.choices(_TODO_KINDS, (5, 2, 2, 4, 2))[0]
        verb = rng.choice(_TODO_VERBS[kind])
        subject = {"lab": self.lab.one, "imaging": lambda: rng.choice(_IMAGING), "consult": self.dx.one,
                   "follow-up": self.dx.one, "task": self.drug.one}[kind]()
        return kind, f"{verb} {subject} {self.phrase(1, 4)}"

    def question(self) -> str:
        """A question to research tonight."""
        stem = self.rng.choice(("Why", "When to", "How to", "What is the role of", "Does", "Should we"))
        return f"{stem} {self.drug.one()} in {self.dx.one()}: {self.phrase(2, 6)}?"

    def one_liner(self) -> str:
        """A patient's one-liner (no name: clerkbook has nowhere to put one)."""
        return f"{self.dx.one()}, {self.phrase(1, 3)}"


def _parse(template: str):
    import string

    return list(string.Formatter().parse(template))


_FORMATS = {template: _parse(template) for template in _TEMPLATES}


def search_queries(writer: Writer) -> list[str]:
    """The 50 benchmark queries, as a student would type them, interleaved so no kind runs in a block.

    20 of the most common words (tens of thousands of hits: ranking them is the trap), 20 rare ones (a few to a
    few hundred hits), 5 two-word queries and 5 prefixes typed half-way ("spiro").
    """
    common = ["patient", "plan", "pain", "BP", "labs", "continue", "furosemide", "CHF", "pneumonia", "insulin",
              "overnight", "stable", "trend", "lisinopril", "AKI", "CBC", "discharge", "sepsis", "potassium", "exam"]
    rare = RARE[::7][:14] + writer.general.words[-6:]  # a few hits each; the last tail words, barely more
    two_words = ["chest pain", "furosemide BMP", "sepsis lactate", "insulin glucose", "pneumonia ceftriaxone"]
    prefixes = ["spiro", "furo", "pneum", "hyperk", "cholecyst"]
    queries = []
    for index in range(20):
        queries += [common[index], rare[index]]
        if index % 4 == 3:
            queries += [two_words[index // 4], prefixes[index // 4]]
    return queries
