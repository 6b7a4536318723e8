"""The notebook's data model: what entries can be (:mod:`.kinds`) and the tables that hold them (:mod:`.tables`).

The kinds are plain Python and imported at once; the SQLModel tables are imported the first time one is
named (``from clerkbook.models import Note``), because SQLAlchemy takes a third of a second to import and
the app paints its first frame, and the command line answers ``--help``, without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clerkbook.models.kinds import (
    ALL_NOTE_SECTIONS,
    CERTIFICATION_SUGGESTIONS,
    DAILY_FIELDS,
    DAILY_PROMPTS,
    DEFAULT_CHECKLIST,
    HP_SECTIONS,
    LETTER_MATERIALS,
    NOTE_SECTIONS,
    PROCEDURE_SUGGESTIONS,
    REFLECTION_FIELDS,
    REFLECTION_PROMPTS,
    SECTION_TITLES,
    SOAP_SECTIONS,
    TAGGABLE,
    ChecklistStatus,
    ContactRole,
    LetterStatus,
    NoteKind,
    NoteStatus,
    PatientStatus,
    ProcedureRole,
    QuestionStatus,
    Severity,
    TodoKind,
    new_uid,
)

if TYPE_CHECKING:
    from clerkbook.models.clerkship import Contact, Feedback, Letter, Procedure
    from clerkbook.models.prep import Certification, ChecklistItem, DailyEntry, PatientSignout
    from clerkbook.models.tables import (
        NAMING_CONVENTION,
        Base,
        Draft,
        Note,
        NoteRevision,
        Patient,
        Question,
        Reflection,
        ReflectionRevision,
        Rotation,
        Tag,
        Tagging,
        TeachingPoint,
        Timestamped,
        Todo,
    )
    from clerkbook.models.types import utcnow

_LAZY = {
    **dict.fromkeys(("NAMING_CONVENTION", "Base", "Draft", "Note", "NoteRevision", "Patient", "Question", "Reflection",
                     "ReflectionRevision", "Rotation", "Tag", "Tagging", "TeachingPoint", "Timestamped", "Todo"),
                    "clerkbook.models.tables"),
    "utcnow": "clerkbook.models.types",
    **dict.fromkeys(("Contact", "Feedback", "Letter", "Procedure"), "clerkbook.models.clerkship"),
    **dict.fromkeys(("Certification", "ChecklistItem", "DailyEntry", "PatientSignout"), "clerkbook.models.prep"),
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'clerkbook.models' has no attribute '{name}'")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "CERTIFICATION_SUGGESTIONS",
    "Certification",
    "ChecklistItem",
    "ChecklistStatus",
    "DEFAULT_CHECKLIST",
    "DAILY_FIELDS",
    "DAILY_PROMPTS",
    "DailyEntry",
    "PatientSignout",
    "Severity",
    "ProcedureRole",
    "Procedure",
    "PROCEDURE_SUGGESTIONS",
    "LetterStatus",
    "Letter",
    "LETTER_MATERIALS",
    "Feedback",
    "ContactRole",
    "Contact",
    "ALL_NOTE_SECTIONS",
    "Base",
    "Draft",
    "HP_SECTIONS",
    "NAMING_CONVENTION",
    "NOTE_SECTIONS",
    "Note",
    "NoteKind",
    "NoteRevision",
    "NoteStatus",
    "Patient",
    "PatientStatus",
    "Question",
    "QuestionStatus",
    "REFLECTION_FIELDS",
    "REFLECTION_PROMPTS",
    "Reflection",
    "ReflectionRevision",
    "Rotation",
    "SECTION_TITLES",
    "SOAP_SECTIONS",
    "TAGGABLE",
    "Tag",
    "Tagging",
    "TeachingPoint",
    "Timestamped",
    "Todo",
    "TodoKind",
    "new_uid",
    "utcnow",
]
