"""The rest of the clerkship, beside the notes: procedures done, feedback received, letters of
recommendation and the people worth keeping in touch with.

Day columns end in ``_date`` (a plain day, no time zone: "the day I did it"); moments end in ``_at`` and
are aware UTC. Every row has a stable ``uid`` so it can travel through export and import like the rest.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Text
from sqlmodel import Field

from clerkbook.models.kinds import ContactRole, LetterStatus, ProcedureRole
from clerkbook.models.tables import Timestamped, _enum, _fk, _uid


class Procedure(Timestamped, table=True):
    """One procedure seen, assisted or done: what, when, how much of it, and who supervised."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    rotation_id: int = Field(sa_column=_fk("rotation.id", "CASCADE", nullable=False))
    # The log (and the CV counts) outlive the patient, as teaching points do.
    patient_id: int | None = Field(default=None, sa_column=_fk("patient.id", "SET NULL"))
    name: str = Field(nullable=False)
    procedure_date: date = Field(nullable=False)
    role: ProcedureRole = Field(
        default=ProcedureRole.OBSERVED, sa_type=_enum(ProcedureRole, "procedure_role"), nullable=False
    )
    supervisor: str = Field(default="", nullable=False)
    notes: str = Field(default="", sa_type=Text, nullable=False)


class Feedback(Timestamped, table=True):
    """Feedback received: who gave it, about what, what was said, and what the student will change."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    rotation_id: int = Field(sa_column=_fk("rotation.id", "CASCADE", nullable=False))
    received_date: date = Field(nullable=False)
    giver: str = Field(default="", nullable=False)
    context: str = Field(default="", nullable=False)
    said: str = Field(default="", sa_type=Text, nullable=False)
    will_change: str = Field(default="", sa_type=Text, nullable=False)
    #: The later "acted on it" entry: when, and what was done.
    acted_date: date | None = Field(default=None)
    acted_text: str = Field(default="", sa_type=Text, nullable=False)


class Letter(Timestamped, table=True):
    """A letter of recommendation, from the idea of asking to the letter received."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    rotation_id: int = Field(sa_column=_fk("rotation.id", "CASCADE", nullable=False))
    attending: str = Field(nullable=False)
    status: LetterStatus = Field(
        default=LetterStatus.TO_ASK, sa_type=_enum(LetterStatus, "letter_status"), nullable=False
    )
    asked_date: date | None = Field(default=None)
    deadline_date: date | None = Field(default=None)
    sent_cv: bool = Field(default=False, nullable=False)
    sent_statement: bool = Field(default=False, nullable=False)
    sent_cases: bool = Field(default=False, nullable=False)
    notes: str = Field(default="", sa_type=Text, nullable=False)


class Contact(Timestamped, table=True):
    """Someone met on a rotation worth thanking and keeping up to date: attending, resident, coordinator."""

    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    # A contact outlives the rotation where they were met.
    rotation_id: int | None = Field(default=None, sa_column=_fk("rotation.id", "SET NULL"))
    name: str = Field(nullable=False)
    role: ContactRole = Field(default=ContactRole.ATTENDING, sa_type=_enum(ContactRole, "contact_role"),
                              nullable=False)
    notes: str = Field(default="", sa_type=Text, nullable=False)
    thanked_date: date | None = Field(default=None)
    last_update_date: date | None = Field(default=None)
