"""The rotations overview and ending a rotation: the digital shred bin for its patients' clinical text.

Ending a rotation with ``purge`` removes what could identify its patients — bed labels, one-liners,
to-do texts, sign-out contingencies, note titles, sections and revisions, procedure notes — and keeps what the student
learned: teaching points, questions, reflections, the daily log, procedures (name, day, role and supervisor, for the
CV counts; their patient link cleared) and every count. It is one
transaction run with ``PRAGMA secure_delete`` so SQLite overwrites the deleted text instead of leaving it
in free space, merges the search index so no old segment keeps a word of it, and then checkpoints the WAL
so the overwritten pages reach the file. Backups taken earlier still hold the old text: the caller says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func
from sqlmodel import col, delete, select, update

from clerkbook.models import (
    ALL_NOTE_SECTIONS,
    Note,
    NoteRevision,
    Patient,
    PatientSignout,
    PatientStatus,
    Procedure,
    Question,
    Rotation,
    Tagging,
    TeachingPoint,
    Todo,
    utcnow,
)
from clerkbook.store.base import StoreBase
from clerkbook.store.procedures import check_day

#: What a purged patient's bed label becomes: still counted, no longer recognisable.
PURGED_BED = "(purged)"


@dataclass(frozen=True)
class RotationSummary:
    """One rotation with the counts the overview shows."""

    rotation: Rotation
    patients: int = 0
    active_patients: int = 0
    notes: int = 0
    procedures: int = 0
    points: int = 0
    #: Every patient's label and clinical text has been purged (and there was at least one patient).
    purged: bool = False


@dataclass
class PurgeReport:
    """What ending a rotation did."""

    rotation: Rotation
    purged: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    #: Whether the WAL could be folded back into the file at once (False: another connection was reading).
    checkpointed: bool = False


def _count_by_rotation(session, model, *where) -> dict[int, int]:
    query = select(model.rotation_id, func.count()).where(*where).group_by(model.rotation_id)
    return dict(session.exec(query).all())


class RotationEndMixin(StoreBase):
    """The overview of every rotation, and ending one (optionally purging its patients' text)."""

    def rotation_summaries(self) -> list[RotationSummary]:
        """Every rotation, the most recent first, with its counts."""
        with self._read() as session:
            rotations = list(session.exec(select(Rotation).order_by(col(Rotation.start_date).desc(),
                                                                    col(Rotation.id).desc())))
            patients = _count_by_rotation(session, Patient)
            active = _count_by_rotation(session, Patient, Patient.status == PatientStatus.ACTIVE)
            kept = _count_by_rotation(session, Patient, Patient.bed != PURGED_BED)
            notes = _count_by_rotation(session, Note)
            procedures = _count_by_rotation(session, Procedure)
            points = _count_by_rotation(session, TeachingPoint)
        return [RotationSummary(r, patients.get(r.id, 0), active.get(r.id, 0), notes.get(r.id, 0),
                                procedures.get(r.id, 0), points.get(r.id, 0),
                                purged=patients.get(r.id, 0) > 0 and kept.get(r.id, 0) == 0)
                for r in rotations]

    def end_rotation(self, rotation_id: int, *, today: date, purge: bool = False) -> PurgeReport:
        """End a rotation on ``today`` (an end date still to come, or none, becomes today).

        With ``purge``, also shred its patients' labels and clinical free text (see the module's notes).
        """
        check_day(today, "The day the rotation ends")
        with self._write() as session:
            rotation = self._get(session, Rotation, rotation_id, "rotation")
            if rotation.end_date is None or rotation.end_date > today:
                rotation.end_date = max(today, rotation.start_date)
                self._touch(rotation)
                session.add(rotation)
            report = PurgeReport(rotation)
            if purge:
                connection = session.connection()
                connection.exec_driver_sql("PRAGMA secure_delete = ON")
                try:
                    report.counts = _purge(session, rotation_id)
                    # Deleted index entries live on in old FTS5 segments until they are merged.
                    connection.exec_driver_sql("INSERT INTO search_index (search_index) VALUES ('optimize')")
                    session.flush()
                finally:
                    connection.exec_driver_sql("PRAGMA secure_delete = OFF")
                report.purged = True
        if purge:
            report.checkpointed = self._checkpoint()
        return report

    def _checkpoint(self) -> bool:
        # Outside any transaction: write the WAL's pages (the overwritten ones too) into the file and empty it.
        raw = self.engine.raw_connection()
        try:
            busy, _, _ = raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            return busy == 0
        finally:
            raw.close()


def _purge(session, rotation_id: int) -> dict[str, int]:
    patient_ids = list(session.exec(select(Patient.id).where(Patient.rotation_id == rotation_id)))
    note_ids = list(session.exec(select(Note.id).where(Note.rotation_id == rotation_id)))
    todo_ids = list(session.exec(select(Todo.id).where(col(Todo.patient_id).in_(patient_ids))))
    counts = {"patients": len(patient_ids), "notes": len(note_ids), "todos": len(todo_ids)}
    counts["revisions"] = session.exec(
        select(func.count()).select_from(NoteRevision).where(col(NoteRevision.note_id).in_(note_ids))).one()
    session.exec(delete(NoteRevision).where(col(NoteRevision.note_id).in_(note_ids)))
    session.exec(delete(Tagging).where(
        ((Tagging.entity == "patient") & col(Tagging.entity_id).in_(patient_ids))
        | ((Tagging.entity == "todo") & col(Tagging.entity_id).in_(todo_ids))))
    session.exec(delete(Todo).where(col(Todo.id).in_(todo_ids)))
    session.exec(delete(PatientSignout).where(col(PatientSignout.patient_id).in_(patient_ids)))
    now = utcnow()
    blank = {name: "" for name in ALL_NOTE_SECTIONS}
    session.exec(update(Note).where(col(Note.id).in_(note_ids)).values(title="", updated_at=now, **blank))
    # A procedure's notes are free text about the patient it was done on ("B12: radial ABG, pO2 52 on 4 L"), as
    # a note's sections are: shredded with them. The search index drops the old text by trigger.
    session.exec(update(Procedure).where((Procedure.rotation_id == rotation_id)
                                         | col(Procedure.patient_id).in_(patient_ids), Procedure.notes != "")
                 .values(notes="", updated_at=now))
    for model in (Procedure, TeachingPoint, Question):
        session.exec(update(model).where(col(model.patient_id).in_(patient_ids)).values(patient_id=None))
    session.exec(update(Patient).where(col(Patient.id).in_(patient_ids))
                 .values(bed=PURGED_BED, age_sex="", summary="", status=PatientStatus.DISCHARGED, updated_at=now))
    session.exec(update(Patient).where(col(Patient.id).in_(patient_ids), col(Patient.discharged_at).is_(None))
                 .values(discharged_at=now))
    return counts
