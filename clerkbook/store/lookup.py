"""Finding an entry by its stable uid, and fixing one of its text fields in place.

The export screen lists what the PHI guard found by entry uid and field; these let it open the entry or put
the corrected text back without knowing each kind's own update method.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from clerkbook.models import Note, Patient, Question, Reflection, Rotation, TeachingPoint, Todo
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
}
#: The plain text fields that can be corrected here. Notes and reflections are corrected in their editors,
#: which keep a revision of the text they replace.
EDITABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "rotation": ("specialty", "site", "service"),
    "patient": ("bed", "age_sex", "summary"),
    "todo": ("text",),
    "teaching_point": ("text", "topic", "source"),
    "question": ("text", "answer"),
}
_REQUIRED = {("rotation", "specialty"), ("patient", "bed"), ("todo", "text"), ("teaching_point", "text"),
             ("question", "text")}


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
        try:
            with self._write() as session:
                row = self._by_uid(session, kind, uid)
                if getattr(row, field) != value:
                    setattr(row, field, value)
                    self._touch(row)
                    session.add(row)
        except IntegrityError:
            # The only constraint a text edit can break: two active patients in one bed.
            raise InvalidInput(f"Another active patient is already in bed '{value}'.") from None

    @staticmethod
    def _check_editable(kind: str, field: str) -> None:
        if field not in EDITABLE_FIELDS.get(kind, ()):
            raise InvalidInput(f"The {field} of a {kind.replace('_', ' ')} cannot be edited here.")
