"""Before the first day and after each one: the pre-rotation checklist, certifications, the daily log.

Like the other clerkship tables, day columns end in ``_date`` (a plain day) and every row has a ``uid``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, ForeignKey, Integer, Text
from sqlmodel import Field

from clerkbook.models.kinds import ChecklistStatus, Severity
from clerkbook.models.tables import Timestamped, _enum, _fk, _uid


class ChecklistItem(Timestamped, table=True):
    """One document a rotation asks for before it starts: enrollment proof, immunizations, a visa..."""

    __tablename__ = "checklist_item"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    rotation_id: int = Field(sa_column=_fk("rotation.id", "CASCADE", nullable=False))
    name: str = Field(nullable=False)
    status: ChecklistStatus = Field(
        default=ChecklistStatus.NEEDED, sa_type=_enum(ChecklistStatus, "checklist_status"), nullable=False
    )
    done_date: date | None = Field(default=None)
    notes: str = Field(default="", sa_type=Text, nullable=False)
    position: int = Field(default=0, nullable=False)


class Certification(Timestamped, table=True):
    """A certification the student holds (BLS, ACLS): it belongs to the student, not to one rotation."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    name: str = Field(nullable=False)
    expires_date: date | None = Field(default=None)
    notes: str = Field(default="", sa_type=Text, nullable=False)


def _heading() -> str:
    return Field(default="", sa_type=Text, nullable=False)


class DailyEntry(Timestamped, table=True):
    """One day's learning log under four headings; one entry per day."""

    __tablename__ = "daily_entry"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    # The log outlives a rotation deleted by mistake, as reflections do.
    rotation_id: int | None = Field(default=None, sa_column=_fk("rotation.id", "SET NULL"))
    entry_date: date = Field(nullable=False, unique=True)
    diagnoses: str = _heading()
    management: str = _heading()
    mistakes: str = _heading()
    questions: str = _heading()


class PatientSignout(Timestamped, table=True):
    """What a sign-out needs of a patient beyond the one-liner: illness severity and contingencies.

    One row per patient, apart from the patient table so that the sign-out can grow without rebuilding it.
    """

    __tablename__ = "patient_signout"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    patient_id: int = Field(sa_column=Column(Integer, ForeignKey("patient.id", ondelete="CASCADE"), nullable=False,
                                             unique=True, index=True))
    severity: Severity = Field(default=Severity.STABLE, sa_type=_enum(Severity, "severity"), nullable=False)
    #: Situation awareness and contingencies: "if K+ < 3.5, replete 40 mEq PO and recheck at 6 h".
    contingency: str = Field(default="", sa_type=Text, nullable=False)
