"""The notebook's tables, as SQLModel classes.

Everything a clerkship notebook holds belongs to a rotation. Patients are
de-identified by design: the schema has no column for a name, a record number or
a date of birth, so there is nowhere to put one.

The schema itself is created and changed only by the migrations in
``clerkbook.store.migrations``; a test checks that they match these classes.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, Text, text
from sqlalchemy import Enum as SAEnum
from sqlmodel import Field, SQLModel

from clerkbook.models.kinds import (
    NOTE_SECTIONS,
    NoteKind,
    NoteStatus,
    PatientStatus,
    QuestionStatus,
    TodoKind,
    new_uid,
)
from clerkbook.models.types import UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}



def _uid() -> str:
    # server_default '' only exists so migration 0003 could add the column to
    # tables with rows (it then fills every row); new rows always get new_uid().
    return Field(default_factory=new_uid, sa_type=Text, nullable=False, unique=True, index=True,
                 sa_column_kwargs={"server_default": ""})


def _enum(enum_cls: type[StrEnum], name: str) -> SAEnum:
    # Store the readable value ("follow-up"), not the Python member name, and let
    # SQLite reject anything else with a CHECK constraint.
    return SAEnum(
        enum_cls,
        name=name,
        values_callable=lambda members: [m.value for m in members],
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=16,
    )


class Base(SQLModel):
    """Base of every table: its own metadata with stable constraint names."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamped(Base):
    """Created and updated moments, timezone-aware and stored in UTC."""

    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def _fk(target: str, ondelete: str, *, nullable: bool = True, index: bool = True) -> Column:
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index)


class Rotation(Timestamped, table=True):
    """A clerkship placement: one specialty at one site for a few weeks."""

    __table_args__ = (
        # At most one current rotation, enforced by SQLite itself.
        Index("uq_rotation_current", "is_current", unique=True, sqlite_where=text("is_current = 1")),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    specialty: str = Field(nullable=False)
    site: str = Field(default="", nullable=False)
    service: str = Field(default="", nullable=False)
    start_date: date = Field(nullable=False)
    end_date: date | None = Field(default=None)
    is_current: bool = Field(default=False, nullable=False)

    @property
    def name(self) -> str:
        """How the rotation is named on screen: "Surgery @ Riverside General"."""
        return f"{self.specialty} @ {self.site}" if self.site else self.specialty


class Patient(Timestamped, table=True):
    """A de-identified patient: bed or room, age and sex, a one-liner. Nothing more."""

    __table_args__ = (
        # Two active patients cannot share a bed label in one rotation; a bed can be
        # reused once its previous patient is discharged.
        Index(
            "uq_patient_active_bed",
            "rotation_id",
            "bed",
            unique=True,
            sqlite_where=text("status = 'active'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    rotation_id: int = Field(sa_column=_fk("rotation.id", "CASCADE", nullable=False))
    bed: str = Field(nullable=False)
    age_sex: str = Field(default="", nullable=False)
    summary: str = Field(default="", nullable=False)
    status: PatientStatus = Field(
        default=PatientStatus.ACTIVE, sa_type=_enum(PatientStatus, "patient_status"), nullable=False
    )
    discharged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def label(self) -> str:
        """The scut-list label: "B12 · 67M · CHF exacerbation"."""
        return " · ".join(part for part in (self.bed, self.age_sex, self.summary) if part)


class Todo(Timestamped, table=True):
    """Something to do on the wards: a lab to follow, imaging to check, a consult to see."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    rotation_id: int = Field(sa_column=_fk("rotation.id", "CASCADE", nullable=False))
    patient_id: int | None = Field(default=None, sa_column=_fk("patient.id", "CASCADE"))
    text: str = Field(nullable=False)
    kind: TodoKind = Field(default=TodoKind.TASK, sa_type=_enum(TodoKind, "todo_kind"), nullable=False)
    due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    position: int = Field(default=0, nullable=False)


class TeachingPoint(Timestamped, table=True):
    """Something an attending, a resident or a reading taught."""

    __tablename__ = "teaching_point"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    rotation_id: int = Field(sa_column=_fk("rotation.id", "CASCADE", nullable=False))
    # Teaching points outlive the patient who prompted them.
    patient_id: int | None = Field(default=None, sa_column=_fk("patient.id", "SET NULL"))
    text: str = Field(nullable=False)
    topic: str = Field(default="", nullable=False)
    source: str = Field(default="", nullable=False)
    starred: bool = Field(default=False, nullable=False)


class Question(Timestamped, table=True):
    """A question to research tonight, and its answer once found."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    rotation_id: int = Field(sa_column=_fk("rotation.id", "CASCADE", nullable=False))
    patient_id: int | None = Field(default=None, sa_column=_fk("patient.id", "SET NULL"))
    text: str = Field(nullable=False)
    answer: str = Field(default="", sa_type=Text, nullable=False)
    status: QuestionStatus = Field(
        default=QuestionStatus.OPEN, sa_type=_enum(QuestionStatus, "question_status"), nullable=False
    )
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


def _section() -> str:
    return Field(default="", sa_type=Text, nullable=False)


class Note(Timestamped, table=True):
    """A SOAP, H&P or progress-note draft, one text column per section."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    rotation_id: int = Field(sa_column=_fk("rotation.id", "CASCADE", nullable=False))
    # A patient with notes cannot be deleted by accident: notes must be handled first.
    patient_id: int | None = Field(default=None, sa_column=_fk("patient.id", "RESTRICT"))
    kind: NoteKind = Field(default=NoteKind.SOAP, sa_type=_enum(NoteKind, "note_kind"), nullable=False)
    title: str = Field(default="", nullable=False)
    status: NoteStatus = Field(default=NoteStatus.DRAFT, sa_type=_enum(NoteStatus, "note_status"), nullable=False)
    # Copy-forward keeps its source so stale, unchanged sections can be shown.
    copied_from_id: int | None = Field(default=None, sa_column=_fk("note.id", "SET NULL"))

    subjective: str = _section()
    objective: str = _section()
    chief_complaint: str = _section()
    hpi: str = _section()
    pmh: str = _section()
    psh: str = _section()
    medications: str = _section()
    allergies: str = _section()
    social_history: str = _section()
    family_history: str = _section()
    ros: str = _section()
    physical_exam: str = _section()
    data: str = _section()
    assessment: str = _section()
    plan: str = _section()

    @property
    def sections(self) -> dict[str, str]:
        """The sections this note's kind shows, in order, with their text."""
        return {name: getattr(self, name) for name in NOTE_SECTIONS[NoteKind(self.kind)]}


class NoteRevision(Base, table=True):
    """The text of a note as it was before a save replaced it."""

    __tablename__ = "note_revision"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    note_id: int = Field(sa_column=_fk("note.id", "CASCADE", nullable=False))
    title: str = Field(default="", nullable=False)
    status: NoteStatus = Field(default=NoteStatus.DRAFT, sa_type=_enum(NoteStatus, "note_status"), nullable=False)
    #: JSON object of every section's text at that moment.
    content: str = Field(default="{}", sa_type=Text, nullable=False)
    reason: str = Field(default="save", nullable=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Reflection(Timestamped, table=True):
    """One week's reflection, keyed by ISO year-week such as "2026-W48"."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    rotation_id: int | None = Field(default=None, sa_column=_fk("rotation.id", "SET NULL"))
    week: str = Field(nullable=False, unique=True, max_length=8)
    went_well: str = _section()
    didnt_go_well: str = _section()
    learned_about_myself: str = _section()
    do_differently: str = _section()
    free_text: str = _section()


class ReflectionRevision(Base, table=True):
    """A reflection's text as it was before a save replaced it."""

    __tablename__ = "reflection_revision"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    reflection_id: int = Field(sa_column=_fk("reflection.id", "CASCADE", nullable=False))
    content: str = Field(default="{}", sa_type=Text, nullable=False)
    reason: str = Field(default="save", nullable=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Tag(Timestamped, table=True):
    """A label any entry can carry: "cardio", "nephro", "interview"."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(nullable=False, unique=True)


class Tagging(Base, table=True):
    """One tag on one entry. Polymorphic so that every kind of entry shares one tag list."""

    __table_args__ = (Index("ix_tagging_entity", "entity", "entity_id"),)

    tag_id: int = Field(sa_column=Column(Integer, ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True))
    entity: str = Field(primary_key=True, max_length=32)
    entity_id: int = Field(primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Draft(Timestamped, table=True):
    """Text typed into a prompt and not sent yet (the capture line, an answer), kept across a crash.

    ``key`` names the prompt ("capture", "answer:12"): one draft per prompt, replaced as typing goes on.
    """

    key: str = Field(primary_key=True, max_length=64)
    text: str = Field(default="", sa_type=Text, nullable=False)
