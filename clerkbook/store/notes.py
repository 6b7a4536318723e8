"""Note drafts and weekly reflections, with a revision kept at every save.

Two windows (two clerkbook processes on one file) may edit the same note. An editor says what it
believes is stored (its ``base``). Fields another window changed and this save leaves alone simply
keep the other window's text; if a field this save changes was changed there too, the whole note as
the other window left it is filed as a revision with reason "conflict" before ours is written, and
the caller is told: the later save never silently discards the earlier one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlmodel import col, select

from clerkbook.models import (
    ALL_NOTE_SECTIONS,
    NOTE_SECTIONS,
    REFLECTION_FIELDS,
    Note,
    NoteKind,
    NoteRevision,
    NoteStatus,
    Patient,
    Reflection,
    ReflectionRevision,
)
from clerkbook.store.base import StoreBase, parse_choice, stamps
from clerkbook.store.errors import InvalidInput, NotFound

#: Reason of the revision that keeps another window's text when a save overrides it.
CONFLICT = "conflict"
#: The fields a note editor's ``base`` may name.
NOTE_FIELDS = ("title", "status", *ALL_NOTE_SECTIONS)

T = TypeVar("T")


@dataclass(frozen=True)
class Saved(Generic[T]):
    """A saved note or reflection, and whether another window had changed it since the editor's base."""

    row: T
    conflict: bool = False


def _note_content(note: Note) -> dict[str, str]:
    return {name: getattr(note, name) for name in ALL_NOTE_SECTIONS}


def _note_fields(note: Note) -> dict[str, Any]:
    return {"title": note.title, "status": NoteStatus(note.status).value, **_note_content(note)}


def _clash(stored: Mapping[str, Any], base: Mapping[str, Any] | None, changing: Mapping[str, Any]) -> bool:
    """Whether a field about to change holds, in the store, other text than the editor based the change on."""
    if base is None:
        return False
    return any(name in base and stored.get(name) != base[name] and stored.get(name) != value
               for name, value in changing.items())


def _check_fields(values: Mapping[str, str], allowed: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise InvalidInput(f"Unknown {what} field(s): {', '.join(unknown)}.")


class NotesMixin(StoreBase):
    """Notes and reflections. A save that changes text first files the old text as a revision."""

    def create_note(
        self,
        kind: NoteKind | str = NoteKind.SOAP,
        *,
        patient_id: int | None = None,
        title: str = "",
        sections: Mapping[str, str] | None = None,
        copy_from: int | None = None,
        rotation_id: int | None = None,
        at: datetime | None = None,
    ) -> Note:
        """Start a note, empty, with ``sections`` filled in, or copied forward from note ``copy_from``."""
        kind = parse_choice(NoteKind, kind, "note kind")
        sections = dict(sections or {})
        _check_fields(sections, ALL_NOTE_SECTIONS, "note section")
        with self._write() as session:
            if copy_from is not None:
                source = self._get(session, Note, copy_from, "note")
                copied = {name: getattr(source, name) for name in NOTE_SECTIONS[kind]}
                sections = copied | sections
                patient_id = patient_id if patient_id is not None else source.patient_id
            if patient_id is not None:
                rotation_id = self._get(session, Patient, patient_id, "patient").rotation_id
            elif rotation_id is None:
                rotation_id = self.require_current_rotation().id
            note = Note(
                rotation_id=rotation_id,
                patient_id=patient_id,
                kind=kind,
                title=title.strip(),
                copied_from_id=copy_from,
                **sections,
                **stamps(at),
            )
            session.add(note)
        return note

    def get_note(self, note_id: int) -> Note:
        """The note with this id."""
        with self._read() as session:
            return self._get(session, Note, note_id, "note")

    def list_notes(self, *, rotation_id: int | None = None, all_rotations: bool = False,
                   patient_id: int | None = None) -> list[Note]:
        """Notes, the most recently edited first."""
        query = select(Note)
        if patient_id is not None:
            query = query.where(Note.patient_id == patient_id)
        elif not all_rotations:
            query = query.where(Note.rotation_id == self._rotation_id(rotation_id))
        query = query.order_by(col(Note.updated_at).desc(), col(Note.id).desc())
        with self._read() as session:
            return list(session.exec(query))

    def latest_note_for_patient(self, patient_id: int) -> Note | None:
        """The patient's most recently edited note, the source for copy-forward."""
        notes = self.list_notes(patient_id=patient_id)
        return notes[0] if notes else None

    def save_note(
        self,
        note_id: int,
        *,
        title: str | None = None,
        status: NoteStatus | str | None = None,
        sections: Mapping[str, str] | None = None,
        patient_id: int | None = None,
        reason: str = "save",
        at: datetime | None = None,
    ) -> Note:
        """Save changes to a note. If any text changes, the previous text is kept as a revision first."""
        return self.save_note_since(note_id, None, title=title, status=status, sections=sections,
                                    patient_id=patient_id, reason=reason, at=at).row

    def save_note_since(
        self,
        note_id: int,
        base: Mapping[str, Any] | None,
        *,
        title: str | None = None,
        status: NoteStatus | str | None = None,
        sections: Mapping[str, str] | None = None,
        patient_id: int | None = None,
        reason: str = "save",
        at: datetime | None = None,
    ) -> Saved[Note]:
        """Save changes made on top of ``base`` (title, status and sections the editor loaded).

        If a field this save changes no longer holds its ``base`` value (another window saved it
        meanwhile), the note as it stands is kept as a revision with reason "conflict" before these
        changes are written, and the result says ``conflict``. Fields this save leaves alone keep
        whatever the other window wrote. ``base`` None saves without that check.
        """
        sections = dict(sections or {})
        _check_fields(sections, ALL_NOTE_SECTIONS, "note section")
        if base is not None:
            _check_fields(base, NOTE_FIELDS, "note")
        with self._write() as session:
            note = self._get(session, Note, note_id, "note")
            changing = dict(sections)
            if title is not None:
                changing["title"] = title.strip()
            if status is not None:
                changing["status"] = parse_choice(NoteStatus, status, "status").value
            conflict = _clash(_note_fields(note), base, changing)
            new_status = parse_choice(NoteStatus, status, "status") if status is not None else note.status
            new_title = title.strip() if title is not None else note.title
            before = _note_content(note)
            after = before | sections
            if after == before and new_title == note.title and new_status == note.status and patient_id is None:
                return Saved(note)
            if conflict or after != before or new_title != note.title:
                session.add(NoteRevision(note_id=note.id, title=note.title, status=note.status,
                                         content=json.dumps(before), reason=CONFLICT if conflict else reason,
                                         **stamps(at)))
            for name, value in sections.items():
                setattr(note, name, value)
            note.title = new_title
            note.status = new_status
            if patient_id is not None:
                note.patient_id = self._get(session, Patient, patient_id, "patient").id
            self._touch(note, at)
            session.add(note)
        return Saved(note, conflict)

    def list_note_revisions(self, note_id: int) -> list[NoteRevision]:
        """A note's earlier versions, newest first."""
        with self._read() as session:
            self._get(session, Note, note_id, "note")
            query = select(NoteRevision).where(NoteRevision.note_id == note_id)
            return list(session.exec(query.order_by(col(NoteRevision.id).desc())))

    def restore_note_revision(self, note_id: int, revision_id: int) -> Note:
        """Bring back an earlier version; the text it replaces becomes a revision itself."""
        with self._read() as session:
            revision = session.get(NoteRevision, revision_id)
        if revision is None or revision.note_id != note_id:
            raise NotFound(f"Note {note_id} has no revision {revision_id}.")
        return self.save_note(note_id, title=revision.title, sections=json.loads(revision.content),
                              reason="restore")

    def delete_note(self, note_id: int) -> None:
        """Delete a note and its revisions."""
        with self._write() as session:
            session.delete(self._get(session, Note, note_id, "note"))

    # Reflections ---------------------------------------------------------------

    def get_reflection(self, week: str) -> Reflection | None:
        """The reflection for ISO week ``week`` ("2026-W48"), if one was written."""
        with self._read() as session:
            return session.exec(select(Reflection).where(Reflection.week == week)).first()

    def list_reflections(self) -> list[Reflection]:
        """Every reflection, the latest week first."""
        with self._read() as session:
            return list(session.exec(select(Reflection).order_by(col(Reflection.week).desc())))

    def save_reflection(self, week: str, fields: Mapping[str, str], *, reason: str = "save",
                        rotation_id: int | None = None, at: datetime | None = None) -> Reflection:
        """Create or update the week's reflection; changed text keeps the previous text as a revision.

        A new reflection belongs to ``rotation_id``, by default the current rotation.
        """
        return self.save_reflection_since(week, None, fields, reason=reason, rotation_id=rotation_id, at=at).row

    def save_reflection_since(self, week: str, base: Mapping[str, str] | None, fields: Mapping[str, str], *,
                              reason: str = "save", rotation_id: int | None = None,
                              at: datetime | None = None) -> Saved[Reflection]:
        """Save ``fields`` changed on top of ``base`` (the text the editor loaded; None: no check).

        If a field being saved no longer holds its ``base`` value (another window saved it meanwhile),
        the reflection as it stands is kept as a revision with reason "conflict" before ``fields`` are
        written, and the result says ``conflict``; other fields keep the other window's text.
        """
        fields = dict(fields)
        _check_fields(fields, REFLECTION_FIELDS, "reflection")
        if base is not None:
            _check_fields(base, REFLECTION_FIELDS, "reflection")
        _check_week(week)
        with self._write() as session:
            reflection = session.exec(select(Reflection).where(Reflection.week == week)).first()
            if reflection is None:
                if rotation_id is None:
                    current = self.current_rotation()
                    rotation_id = current.id if current else None
                reflection = Reflection(week=week, rotation_id=rotation_id, **fields, **stamps(at))
                session.add(reflection)
                return Saved(reflection)
            before = {name: getattr(reflection, name) for name in REFLECTION_FIELDS}
            conflict = _clash(before, base, fields)
            after = before | fields
            if after == before:
                return Saved(reflection)
            session.add(ReflectionRevision(reflection_id=reflection.id, content=json.dumps(before),
                                           reason=CONFLICT if conflict else reason, **stamps(at)))
            for name, value in fields.items():
                setattr(reflection, name, value)
            self._touch(reflection, at)
            session.add(reflection)
        return Saved(reflection, conflict)

    def list_reflection_revisions(self, week: str) -> list[ReflectionRevision]:
        """A reflection's earlier versions, newest first."""
        reflection = self.get_reflection(week)
        if reflection is None:
            return []
        with self._read() as session:
            query = select(ReflectionRevision).where(ReflectionRevision.reflection_id == reflection.id)
            return list(session.exec(query.order_by(col(ReflectionRevision.id).desc())))

    def restore_reflection_revision(self, week: str, revision_id: int) -> Reflection:
        """Bring back an earlier version of a week's reflection."""
        reflection = self.get_reflection(week)
        with self._read() as session:
            revision = session.get(ReflectionRevision, revision_id)
        if reflection is None or revision is None or revision.reflection_id != reflection.id:
            raise NotFound(f"The reflection for {week} has no revision {revision_id}.")
        return self.save_reflection(week, json.loads(revision.content), reason="restore")


def _check_week(week: str) -> None:
    if not re.fullmatch(r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])", week or ""):
        raise InvalidInput(f"'{week}' is not an ISO week like 2026-W48.")
