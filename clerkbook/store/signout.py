"""Patients' sign-out fields (illness severity, contingencies) and what a sign-out sheet is built from."""

from __future__ import annotations

from sqlmodel import col, select

from clerkbook.models import Note, Patient, PatientSignout, Severity, Todo
from clerkbook.store.base import StoreBase, parse_choice


class SignoutMixin(StoreBase):
    """Reading and setting the I-PASS fields of patients, and gathering a sheet's rows."""

    def get_signout(self, patient_id: int) -> PatientSignout:
        """The patient's sign-out fields (stable, no contingency, if never set; not saved until set)."""
        with self._read() as session:
            self._get(session, Patient, patient_id, "patient")
            row = session.exec(select(PatientSignout).where(PatientSignout.patient_id == patient_id)).first()
        return row or PatientSignout(patient_id=patient_id)

    def set_signout(self, patient_id: int, *, severity: Severity | str | None = None,
                    contingency: str | None = None) -> PatientSignout:
        """Set a patient's illness severity and/or contingencies."""
        with self._write() as session:
            self._get(session, Patient, patient_id, "patient")
            row = session.exec(select(PatientSignout).where(PatientSignout.patient_id == patient_id)).first()
            if row is None:
                row = PatientSignout(patient_id=patient_id)
            if severity is not None:
                row.severity = parse_choice(Severity, severity, "severity")
            if contingency is not None:
                row.contingency = contingency.strip()
            self._touch(row)
            session.add(row)
        return row

    def signout_rows(self, patient_ids: list[int]) -> dict:
        """For each patient: its sign-out fields, open to-dos (due first) and latest note, read at once."""
        with self._read() as session:
            signouts = {row.patient_id: row for row in session.exec(
                select(PatientSignout).where(col(PatientSignout.patient_id).in_(patient_ids)))}
            todos = list(session.exec(select(Todo).where(col(Todo.patient_id).in_(patient_ids),
                                                         col(Todo.done_at).is_(None))
                                      .order_by(col(Todo.position), col(Todo.id))))
            notes = list(session.exec(select(Note).where(col(Note.patient_id).in_(patient_ids))
                                      .order_by(col(Note.updated_at).desc(), col(Note.id).desc())))
        result = {}
        for patient_id in patient_ids:
            result[patient_id] = {
                "signout": signouts.get(patient_id) or PatientSignout(patient_id=patient_id),
                "todos": [t for t in todos if t.patient_id == patient_id],
                "note": next((n for n in notes if n.patient_id == patient_id), None),
            }
        return result
