"""What each list of the export document holds: its table, its fields and their types, and its order.

Field names are the table's column names; a reference to another entry is named without ``_id`` and holds
that entry's uid. The order is the ``ORDER BY`` of the export, so every list comes out the same each time.
"""

from __future__ import annotations

from dataclasses import dataclass

from clerkbook.models import (
    ALL_NOTE_SECTIONS,
    DAILY_FIELDS,
    REFLECTION_FIELDS,
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
)

FORMAT = "clerkbook-export"
#: 2 added the clerkship lists (procedures ... patient_signouts); a version-1 document has none of them.
FORMAT_VERSION = 2


@dataclass(frozen=True)
class FieldSpec:
    """One key of a document entry and how it is checked and stored."""

    key: str
    type: str  # uid str text tag ts date week bool int enum ref sections content; a trailing "?" allows null
    choices: tuple[str, ...] = ()  # enum values, or the keys a sections/content object may have
    target: str = ""  # the document list a reference points into

    @property
    def base(self) -> str:
        return self.type.rstrip("?")

    @property
    def columns(self) -> tuple[str, ...]:
        if self.base == "sections":
            return ALL_NOTE_SECTIONS
        return (f"{self.key}_id",) if self.base == "ref" else (self.key,)


@dataclass(frozen=True)
class KindSpec:
    """One list of the document and the table behind it."""

    key: str
    table: str
    what: str  # singular, for messages
    fields: tuple[FieldSpec, ...]
    order: str
    tagged: bool = True
    revisions: KindSpec | None = None
    parent: str = ""  # a revision's column naming its entry


def _enum(key: str, enum_cls) -> FieldSpec:
    return FieldSpec(key, "enum", tuple(member.value for member in enum_cls))


def _strs(*keys: str) -> tuple[FieldSpec, ...]:
    return tuple(FieldSpec(key, "str") for key in keys)


_UID = FieldSpec("uid", "uid")
_STAMPS = (FieldSpec("created_at", "ts"), FieldSpec("updated_at", "ts"))
_ROTATION = FieldSpec("rotation", "ref", target="rotations")
_ANY_ROTATION = FieldSpec("rotation", "ref?", target="rotations")
_PATIENT = FieldSpec("patient", "ref?", target="patients")
NOTE_REVISIONS = KindSpec("note_revisions", "note_revision", "note revision", (
    _UID, FieldSpec("title", "str"), _enum("status", NoteStatus), FieldSpec("content", "content", ALL_NOTE_SECTIONS),
    FieldSpec("reason", "str"), *_STAMPS), "created_at, uid", tagged=False, parent="note_id")
REFLECTION_REVISIONS = KindSpec("reflection_revisions", "reflection_revision", "reflection revision", (
    _UID, FieldSpec("content", "content", REFLECTION_FIELDS), FieldSpec("reason", "str"), *_STAMPS),
    "created_at, uid", tagged=False, parent="reflection_id")
#: The lists of a version-1 document.
FIRST_KINDS = (
    KindSpec("rotations", "rotation", "rotation", (
        _UID, FieldSpec("specialty", "text"), FieldSpec("site", "str"), FieldSpec("service", "str"),
        FieldSpec("start_date", "date"), FieldSpec("end_date", "date?"), FieldSpec("is_current", "bool"), *_STAMPS),
        "start_date, created_at, uid", tagged=False),
    KindSpec("patients", "patient", "patient", (
        _UID, _ROTATION, FieldSpec("bed", "text"), FieldSpec("age_sex", "str"), FieldSpec("summary", "str"),
        _enum("status", PatientStatus), FieldSpec("discharged_at", "ts?"), *_STAMPS), "created_at, uid"),
    KindSpec("todos", "todo", "to-do", (
        _UID, _ROTATION, _PATIENT, FieldSpec("text", "text"), _enum("kind", TodoKind), FieldSpec("due_at", "ts?"),
        FieldSpec("done_at", "ts?"), FieldSpec("position", "int"), *_STAMPS), "created_at, uid"),
    KindSpec("teaching_points", "teaching_point", "teaching point", (
        _UID, _ROTATION, _PATIENT, FieldSpec("text", "text"), FieldSpec("topic", "str"), FieldSpec("source", "str"),
        FieldSpec("starred", "bool"), *_STAMPS), "created_at, uid"),
    KindSpec("questions", "question", "question", (
        _UID, _ROTATION, _PATIENT, FieldSpec("text", "text"), FieldSpec("answer", "str"), _enum("status", QuestionStatus),
        FieldSpec("answered_at", "ts?"), *_STAMPS), "created_at, uid"),
    KindSpec("notes", "note", "note", (
        _UID, _ROTATION, _PATIENT, _enum("kind", NoteKind), FieldSpec("title", "str"), _enum("status", NoteStatus),
        FieldSpec("copied_from", "ref?", target="notes"), FieldSpec("sections", "sections", ALL_NOTE_SECTIONS), *_STAMPS),
        "created_at, uid", revisions=NOTE_REVISIONS),
    KindSpec("reflections", "reflection", "reflection", (
        _UID, _ANY_ROTATION, FieldSpec("week", "week"), *_strs(*REFLECTION_FIELDS), *_STAMPS), "week",
        revisions=REFLECTION_REVISIONS),
)
#: The lists format version 2 added: the rest of the clerkship. None is tagged, none has revisions.
CLERKSHIP_KINDS = (
    KindSpec("procedures", "procedure", "procedure", (
        _UID, _ROTATION, _PATIENT, FieldSpec("name", "text"), FieldSpec("procedure_date", "date"),
        _enum("role", ProcedureRole), *_strs("supervisor", "notes"), *_STAMPS),
        "procedure_date, created_at, uid", tagged=False),
    KindSpec("feedback", "feedback", "feedback", (
        _UID, _ROTATION, FieldSpec("received_date", "date"), *_strs("giver", "context", "said", "will_change"),
        FieldSpec("acted_date", "date?"), FieldSpec("acted_text", "str"), *_STAMPS),
        "received_date, created_at, uid", tagged=False),
    KindSpec("letters", "letter", "letter", (
        _UID, _ROTATION, FieldSpec("attending", "text"), _enum("status", LetterStatus),
        FieldSpec("asked_date", "date?"), FieldSpec("deadline_date", "date?"), FieldSpec("sent_cv", "bool"),
        FieldSpec("sent_statement", "bool"), FieldSpec("sent_cases", "bool"), FieldSpec("notes", "str"), *_STAMPS),
        "created_at, uid", tagged=False),
    KindSpec("contacts", "contact", "contact", (
        _UID, _ANY_ROTATION, FieldSpec("name", "text"), _enum("role", ContactRole), FieldSpec("notes", "str"),
        FieldSpec("thanked_date", "date?"), FieldSpec("last_update_date", "date?"), *_STAMPS),
        "name, created_at, uid", tagged=False),
    KindSpec("checklist_items", "checklist_item", "checklist item", (
        _UID, _ROTATION, FieldSpec("name", "text"), _enum("status", ChecklistStatus), FieldSpec("done_date", "date?"),
        FieldSpec("notes", "str"), FieldSpec("position", "int"), *_STAMPS),
        "position, created_at, uid", tagged=False),
    KindSpec("certifications", "certification", "certification", (
        _UID, FieldSpec("name", "text"), FieldSpec("expires_date", "date?"), FieldSpec("notes", "str"), *_STAMPS),
        "name, created_at, uid", tagged=False),
    KindSpec("daily_entries", "daily_entry", "daily log", (
        _UID, _ANY_ROTATION, FieldSpec("entry_date", "date"), *_strs(*DAILY_FIELDS), *_STAMPS),
        "entry_date", tagged=False),
    KindSpec("patient_signouts", "patient_signout", "sign-out", (
        _UID, FieldSpec("patient", "ref", target="patients"), _enum("severity", Severity),
        FieldSpec("contingency", "str"), *_STAMPS), "created_at, uid", tagged=False),
)
KINDS = FIRST_KINDS + CLERKSHIP_KINDS
TAGS = KindSpec("tags", "tag", "tag", (FieldSpec("name", "tag"), *_STAMPS), "name", tagged=False)
BY_KEY = {kind.key: kind for kind in (*KINDS, TAGS, NOTE_REVISIONS, REFLECTION_REVISIONS)}
#: The kinds an :class:`ImportReport` counts, in document order.
REPORT_KINDS = ("rotations", "patients", "todos", "teaching_points", "questions", "notes", "note_revisions",
                "reflections", "reflection_revisions", *(kind.key for kind in CLERKSHIP_KINDS), "tags")
