"""The procedure log: what was seen, assisted or done, and the counts a CV asks for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, select

from clerkbook.models import PROCEDURE_SUGGESTIONS, Patient, Procedure, ProcedureRole
from clerkbook.store.base import StoreBase, clean_text, parse_choice, stamps
from clerkbook.store.errors import InvalidInput

_SUGGESTED = {name.lower(): name for name in PROCEDURE_SUGGESTIONS}


def procedure_name(text: str) -> str:
    """The name as stored: a built-in procedure keeps its usual spelling ("abg" is "ABG"), others as typed."""
    name = " ".join(clean_text(text, "Procedure name").split())
    return _SUGGESTED.get(name.lower(), name)


def check_day(value, what: str) -> date:
    """``value`` if it is a day, or a one-line error (a datetime is not a day)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(f"{what} must be a day such as 2026-11-20.")
    return value


@dataclass(frozen=True)
class ProcedureCount:
    """How many times one procedure was observed, assisted and performed."""

    name: str
    observed: int = 0
    assisted: int = 0
    performed: int = 0

    @property
    def total(self) -> int:
        """Every time, whatever the role."""
        return self.observed + self.assisted + self.performed


def count_procedures(procedures) -> list[ProcedureCount]:
    """Counts by procedure (names matched without regard to case) and role, most performed first."""
    tally: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    for procedure in procedures:
        key = procedure.name.lower()
        names.setdefault(key, procedure.name)
        roles = tally.setdefault(key, {role.value: 0 for role in ProcedureRole})
        roles[ProcedureRole(procedure.role).value] += 1
    counts = [ProcedureCount(names[key], **roles) for key, roles in tally.items()]
    return sorted(counts, key=lambda c: (-c.performed, -c.total, c.name.lower()))


class ProceduresMixin(StoreBase):
    """Adding, listing, changing, counting and deleting logged procedures."""

    def add_procedure(
        self,
        name: str,
        *,
        day: date,
        role: ProcedureRole | str = ProcedureRole.OBSERVED,
        supervisor: str = "",
        notes: str = "",
        patient_id: int | None = None,
        rotation_id: int | None = None,
        at: datetime | None = None,
    ) -> Procedure:
        """Log a procedure on the rotation (the patient's, if one is given; else the current one)."""
        name = procedure_name(name)
        role = parse_choice(ProcedureRole, role, "role")
        day = check_day(day, "The procedure's date")
        with self._write() as session:
            if patient_id is not None:
                rotation_id = self._get(session, Patient, patient_id, "patient").rotation_id
            procedure = Procedure(
                rotation_id=self._rotation_id(rotation_id, session),
                patient_id=patient_id,
                name=name,
                procedure_date=day,
                role=role,
                supervisor=supervisor.strip(),
                notes=notes.strip(),
                **stamps(at),
            )
            session.add(procedure)
        return procedure

    def get_procedure(self, procedure_id: int) -> Procedure:
        """The logged procedure with this id."""
        with self._read() as session:
            return self._get(session, Procedure, procedure_id, "procedure")

    def list_procedures(self, *, rotation_id: int | None = None, all_rotations: bool = False) -> list[Procedure]:
        """Logged procedures of a rotation (the current one) or of every rotation, the latest first."""
        query = select(Procedure)
        if not all_rotations:
            query = query.where(Procedure.rotation_id == self._rotation_id(rotation_id))
        query = query.order_by(col(Procedure.procedure_date).desc(), col(Procedure.id).desc())
        with self._read() as session:
            return list(session.exec(query))

    def procedure_counts(self, *, rotation_id: int | None = None, all_rotations: bool = False) -> list[ProcedureCount]:
        """How many of each procedure, by role, on a rotation (the current one) or overall."""
        return count_procedures(self.list_procedures(rotation_id=rotation_id, all_rotations=all_rotations))

    def update_procedure(
        self,
        procedure_id: int,
        *,
        name: str | None = None,
        day: date | None = None,
        role: ProcedureRole | str | None = None,
        supervisor: str | None = None,
        notes: str | None = None,
        patient_id: int | None | object = ...,
    ) -> Procedure:
        """Change a logged procedure; ``patient_id=None`` unlinks its patient."""
        with self._write() as session:
            procedure = self._get(session, Procedure, procedure_id, "procedure")
            if name is not None:
                procedure.name = procedure_name(name)
            if day is not None:
                procedure.procedure_date = check_day(day, "The procedure's date")
            if role is not None:
                procedure.role = parse_choice(ProcedureRole, role, "role")
            if supervisor is not None:
                procedure.supervisor = supervisor.strip()
            if notes is not None:
                procedure.notes = notes.strip()
            if patient_id is not ...:
                if patient_id is not None:
                    self._get(session, Patient, patient_id, "patient")
                procedure.patient_id = patient_id
            self._touch(procedure)
            session.add(procedure)
        return procedure

    def delete_procedure(self, procedure_id: int) -> Procedure:
        """Delete a logged procedure and return it as it was."""
        with self._write() as session:
            procedure = self._get(session, Procedure, procedure_id, "procedure")
            session.delete(procedure)
        return procedure
