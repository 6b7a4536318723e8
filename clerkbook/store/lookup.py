"""Finding an entry by its stable uid, and fixing one of its text fields in place.

The export screen lists what the PHI guard found by entry uid and field; these let it open the entry or put
the corrected text back without knowing each kind's own update method.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from clerkbook.models import (
    Certification,
    ChecklistItem,
    Contact,
    DailyEntry,
    Feedback,
    Letter,
    Note,
    Patient,
    PatientSignout,
    Procedure,
    Question,
    Reflection,
    Rotation,
    TeachingPoint,
    Todo,
)
from clerkbook.store.base import StoreBase, clean_text
from clerkbook.store.errors import InvalidInput, NotFound

_MODELS = {
    "rotation": Rotation,
    "patient": Patient,
    "todo": Todo,
    "teaching_point": TeachingPoint,
    "question": Question,
    "note": Note,
    "reflection": Reflection,
    "procedure": Procedure,
    "feedback": Feedback,
    "letter": Letter,
    "contact": Contact,
    "checklist_item": ChecklistItem,
    "certification": Certification,
    "daily_entry": DailyEntry,
    "patient_signout": PatientSignout,
}
#: The plain text fields that can be corrected here. Notes and reflections are corrected in their editors,
#: which keep a revision of the text they replace.
EDITABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "rotation": ("specialty", "site", "service"),
    "patient": ("bed", "age_sex", "summary"),
    "todo": ("text",),
    "teaching_point": ("text", "topic", "source"),
    "question": ("text", "answer"),
    "procedure": ("name", "supervisor", "notes"),
    "feedback": ("giver", "context", "said", "will_change", "acted_text"),
    "letter": ("attending", "notes"),
    "contact": ("name", "notes"),
    "checklist_item": ("name", "notes"),
    "certification": ("name", "notes"),
    "daily_entry": ("diagnoses", "management", "mistakes", "questions"),
    "patient_signout": ("contingency",),
}
_REQUIRED = {("rotation", "specialty"), ("patient", "bed"), ("todo", "text"), ("teaching_point", "text"),
             ("question", "text"), ("procedure", "name"), ("feedback", "said"), ("letter", "attending"),
             ("contact", "name"), ("checklist_item", "name"), ("certification", "name")}
#: Names kept on one line with single spaces, as the clerkship logs store them.
_ONE_LINE = {("procedure", "name"), ("checklist_item", "name"), ("certification", "name")}


class LookupMixin(StoreBase):
    """Entries by uid, for screens that hold a uid rather than an id."""

    def _by_uid(self, session, kind: str, uid: str):
        model = _MODELS.get(kind)
        if model is None:
            raise InvalidInput(f"Unknown kind of entry '{kind}'.")
        row = session.exec(select(model).where(model.uid == uid)).first()
        if row is None:
            raise NotFound(f"That {kind.replace('_', ' ')} is no longer in the notebook.")
        return row

    def id_for_uid(self, kind: str, uid: str) -> int:
        """The integer id of the ``kind`` entry whose uid is ``uid``."""
        with self._read() as session:
            return self._by_uid(session, kind, uid).id

    def week_for_uid(self, uid: str) -> str:
        """The ISO week of the reflection whose uid is ``uid``."""
        with self._read() as session:
            return self._by_uid(session, "reflection", uid).week

    def week_for_id(self, reflection_id: int) -> str:
        """The ISO week of the reflection with id ``reflection_id``."""
        with self._read() as session:
            return self._get(session, Reflection, reflection_id, "reflection").week

    def entry_text(self, kind: str, uid: str, field: str) -> str:
        """The current text of one field of an entry."""
        self._check_editable(kind, field)
        with self._read() as session:
            return getattr(self._by_uid(session, kind, uid), field)

    def set_entry_text(self, kind: str, uid: str, field: str, text: str) -> None:
        """Replace one text field of an entry (not a note's or a reflection's: use their editors)."""
        self._check_editable(kind, field)
        value = clean_text(text, field.replace("_", " ").capitalize(), required=(kind, field) in _REQUIRED)
        if (kind, field) in _ONE_LINE:
            value = " ".join(value.split())
        try:
            with self._write() as session:
                row = self._by_uid(session, kind, uid)
                if kind == "checklist_item" and field == "name":
                    self._check_checklist_name(session, row, value)
                if getattr(row, field) != value:
                    setattr(row, field, value)
                    self._touch(row)
                    session.add(row)
        except IntegrityError:
            # The only constraint a text edit can break: two active patients in one bed.
            raise InvalidInput(f"Another active patient is already in bed '{value}'.") from None

    @staticmethod
    def _check_checklist_name(session, item: ChecklistItem, name: str) -> None:
        # One document of a name per rotation's checklist, as the checklist itself keeps it.
        others = session.exec(select(ChecklistItem).where(ChecklistItem.rotation_id == item.rotation_id,
                                                          ChecklistItem.id != item.id))
        if any(other.name.lower() == name.lower() for other in others):
            raise InvalidInput(f"The checklist already has '{name}'.")

    @staticmethod
    def _check_editable(kind: str, field: str) -> None:
        if field not in EDITABLE_FIELDS.get(kind, ()):
            raise InvalidInput(f"The {field} of a {kind.replace('_', ' ')} cannot be edited here.")
