"""What the notebook's entries can be: kinds, statuses, note sections and reflection prompts.

Plain Python, kept apart from the SQLModel tables so that screens and commands can use these names without
importing SQLAlchemy, which takes a third of a second: the app paints its first frame before that.
"""

from __future__ import annotations

from enum import StrEnum
from uuid import uuid4


class TodoKind(StrEnum):
    """What a to-do is about, as the team would say it on rounds."""

    LAB = "lab"
    IMAGING = "imaging"
    CONSULT = "consult"
    TASK = "task"
    FOLLOW_UP = "follow-up"


class PatientStatus(StrEnum):
    """Whether a patient is still on the student's list."""

    ACTIVE = "active"
    DISCHARGED = "discharged"


class QuestionStatus(StrEnum):
    """A question to research is open until it has an answer."""

    OPEN = "open"
    ANSWERED = "answered"


class NoteKind(StrEnum):
    """The note formats students draft outside the EMR."""

    SOAP = "soap"
    HP = "hp"
    PROGRESS = "progress"


class NoteStatus(StrEnum):
    """Where a draft stands in review by a resident."""

    DRAFT = "draft"
    REVIEWED = "reviewed"
    FINAL = "final"


SOAP_SECTIONS = ("subjective", "objective", "assessment", "plan")
HP_SECTIONS = (
    "chief_complaint",
    "hpi",
    "pmh",
    "psh",
    "medications",
    "allergies",
    "social_history",
    "family_history",
    "ros",
    "physical_exam",
    "data",
    "assessment",
    "plan",
)
#: The sections each note kind shows, in the order they are written.
NOTE_SECTIONS: dict[NoteKind, tuple[str, ...]] = {
    NoteKind.SOAP: SOAP_SECTIONS,
    NoteKind.HP: HP_SECTIONS,
    NoteKind.PROGRESS: SOAP_SECTIONS,
}
#: Every section column a note has, whatever its kind.
ALL_NOTE_SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(SOAP_SECTIONS + HP_SECTIONS))
SECTION_TITLES = {
    "subjective": "Subjective",
    "objective": "Objective",
    "assessment": "Assessment",
    "plan": "Plan",
    "chief_complaint": "Chief complaint",
    "hpi": "History of present illness",
    "pmh": "Past medical history",
    "psh": "Past surgical history",
    "medications": "Medications",
    "allergies": "Allergies",
    "social_history": "Social history",
    "family_history": "Family history",
    "ros": "Review of systems",
    "physical_exam": "Physical exam",
    "data": "Data (labs, imaging)",
}

#: The four prompts of the weekly reflection, then free text.
REFLECTION_FIELDS = ("went_well", "didnt_go_well", "learned_about_myself", "do_differently", "free_text")
REFLECTION_PROMPTS = {
    "went_well": "What went well this week?",
    "didnt_go_well": "What didn't go well?",
    "learned_about_myself": "What did I learn about myself as a future physician?",
    "do_differently": "What will I do differently next week?",
    "free_text": "Anything else",
}


def new_uid() -> str:
    """A fresh stable id for an entry: 32 lowercase hex characters (uuid4().hex).

    Integer ids differ between two notebook files; the uid travels with an entry
    through export and import, so the same entry is recognised in both.
    """
    return uuid4().hex


#: The kinds of entry a tag can be attached to, by table name. Later tables
#: (procedures, feedback, ...) join this list; the store checks it.
TAGGABLE = ("patient", "todo", "teaching_point", "question", "note", "reflection")


# The rest of the clerkship: procedures, feedback, letters, contacts -------------------------------


class ProcedureRole(StrEnum):
    """How much of a procedure the student did: the three levels a CV or a logbook asks for."""

    OBSERVED = "observed"
    ASSISTED = "assisted"
    PERFORMED = "performed"


class LetterStatus(StrEnum):
    """Where a letter of recommendation stands, from the idea of asking to the letter being in."""

    TO_ASK = "to-ask"
    ASKED = "asked"
    AGREED = "agreed"
    SUBMITTED = "submitted"
    RECEIVED = "received"


class ContactRole(StrEnum):
    """Who a contact is to the student."""

    ATTENDING = "attending"
    RESIDENT = "resident"
    COORDINATOR = "coordinator"
    OTHER = "other"


#: Procedure names offered as suggestions; any other name can be typed.
PROCEDURE_SUGGESTIONS = (
    "Venipuncture",
    "IV placement",
    "ABG",
    "Blood cultures",
    "Suturing",
    "Wound care",
    "Staple removal",
    "Urinary catheter",
    "NG tube",
    "Assisting in the OR",
    "Lumbar puncture",
    "Paracentesis",
    "Thoracentesis",
    "Arterial line",
    "Central line",
    "ECG",
    "Pelvic exam",
    "Digital rectal exam",
    "Splinting",
    "Incision and drainage",
)

#: What a letter writer can be sent to help them write, as (column, how it is named).
LETTER_MATERIALS = (
    ("sent_cv", "CV"),
    ("sent_statement", "personal statement draft"),
    ("sent_cases", "reminder of key cases"),
)


# Before and during a rotation: the pre-rotation checklist, the daily learning log, sign-out ---------


class ChecklistStatus(StrEnum):
    """Where a pre-rotation document stands."""

    NEEDED = "needed"
    REQUESTED = "requested"
    DONE = "done"


#: The documents most clerkships ask for before the first day; every new rotation starts with these,
#: and the student adds whatever else their school or site wants.
DEFAULT_CHECKLIST = (
    "Enrollment proof",
    "Dean's letter / transcript",
    "Immunization records",
    "Background check",
    "Insurance",
    "Visa",
    "CV",
    "USMLE scores",
)

#: Certifications offered as suggestions; any other name can be typed.
CERTIFICATION_SUGGESTIONS = ("BLS", "ACLS", "PALS", "NRP", "ATLS", "HIPAA training", "Fit test (N95)")

#: The daily learning log's four headings, in the order they are written.
DAILY_FIELDS = ("diagnoses", "management", "mistakes", "questions")
DAILY_PROMPTS = {
    "diagnoses": "New diagnoses I saw today",
    "management": "Important management points",
    "mistakes": "Mistakes I won't repeat",
    "questions": "Questions to ask tomorrow",
}


class Severity(StrEnum):
    """I-PASS illness severity: how worried the person taking over should be."""

    STABLE = "stable"
    WATCHER = "watcher"
    UNSTABLE = "unstable"
