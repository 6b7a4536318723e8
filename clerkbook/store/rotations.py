"""Rotations and the de-identified patients on them."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import col, select, update

from clerkbook.models import Patient, PatientStatus, Rotation, Todo
from clerkbook.store.base import StoreBase, clean_text, moment, stamps
from clerkbook.store.beds import bed_key, same_bed, split_patient_label
from clerkbook.store.checklist import default_checklist
from clerkbook.store.errors import InvalidInput, NoCurrentRotation


class RotationsMixin(StoreBase):
    """Rotations: exactly one of them is current once any exists."""

    def add_rotation(
        self,
        specialty: str,
        *,
        start: date,
        site: str = "",
        service: str = "",
        end: date | None = None,
        make_current: bool = True,
        checklist: bool = True,
    ) -> Rotation:
        """Add a rotation; it becomes the current one unless ``make_current`` is false and another is current.

        It starts with the default pre-rotation checklist unless ``checklist`` is false.
        """
        specialty = clean_text(specialty, "Specialty")
        if end is not None and end < start:
            raise InvalidInput(f"The rotation ends ({end}) before it starts ({start}).")
        with self._write() as session:
            has_current = session.exec(select(Rotation.id).where(Rotation.is_current)).first() is not None
            current = make_current or not has_current
            if current:
                session.exec(update(Rotation).where(col(Rotation.is_current)).values(is_current=False))
            rotation = Rotation(
                specialty=specialty,
                site=clean_text(site, "Site", required=False),
                service=clean_text(service, "Service", required=False),
                start_date=start,
                end_date=end,
                is_current=current,
            )
            session.add(rotation)
            if checklist:
                session.flush()
                session.add_all(default_checklist(rotation.id))
        return rotation

    def list_rotations(self) -> list[Rotation]:
        """Every rotation, the most recent first."""
        with self._read() as session:
            return list(session.exec(select(Rotation).order_by(col(Rotation.start_date).desc(), col(Rotation.id).desc())))

    def get_rotation(self, rotation_id: int) -> Rotation:
        """The rotation with this id."""
        with self._read() as session:
            return self._get(session, Rotation, rotation_id, "rotation")

    def current_rotation(self) -> Rotation | None:
        """The current rotation, or None before the first one is created."""
        with self._read() as session:
            return session.exec(select(Rotation).where(Rotation.is_current)).first()

    def require_current_rotation(self) -> Rotation:
        """The current rotation, or a clear error saying how to create one."""
        rotation = self.current_rotation()
        if rotation is None:
            raise NoCurrentRotation(
                "No rotation yet: create one with `clerkbook rotation new SPECIALTY --site SITE --start DATE`."
            )
        return rotation

    def set_current_rotation(self, rotation_id: int) -> Rotation:
        """Make this rotation the current one (and no other)."""
        with self._write() as session:
            rotation = self._get(session, Rotation, rotation_id, "rotation")
            session.exec(update(Rotation).where(col(Rotation.is_current)).values(is_current=False))
            rotation.is_current = True
            self._touch(rotation)
            session.add(rotation)
        return rotation

    def _rotation_id(self, rotation_id: int | None, session=None) -> int:
        # With ``session`` (a write about to store the id) an unknown id is refused here: the foreign
        # key would otherwise fail at commit as an IntegrityError.
        if rotation_id is None:
            return self.require_current_rotation().id
        if session is not None:
            self._get(session, Rotation, rotation_id, "rotation")
        return rotation_id

    # Patients ---------------------------------------------------------------

    def add_patient(
        self, bed: str, age_sex: str = "", summary: str = "", *, rotation_id: int | None = None,
        at: datetime | None = None,
    ) -> Patient:
        """Add a de-identified patient to a rotation (the current one by default)."""
        bed = clean_text(bed, "Bed or room")
        rotation_id = self._rotation_id(rotation_id)
        with self._write() as session:
            clash = self._active_in_bed(session, rotation_id, bed)
            if clash is not None:
                raise InvalidInput(f"Bed {bed} already has an active patient ({clash.label}).")
            patient = Patient(rotation_id=rotation_id, bed=bed, age_sex=age_sex.strip(), summary=summary.strip(),
                              **stamps(at))
            session.add(patient)
        return patient

    @staticmethod
    def _active_in_bed(session, rotation_id: int, bed: str) -> Patient | None:
        # Compared in Python: "B7" must find "Bed 7", and a rotation has a handful of patients.
        active = session.exec(
            select(Patient).where(Patient.rotation_id == rotation_id, Patient.status == PatientStatus.ACTIVE)
        )
        return next((patient for patient in active if same_bed(patient.bed, bed)), None)

    def find_patient(self, bed: str, *, rotation_id: int | None = None) -> Patient | None:
        """The active patient in this bed on the rotation, matched without regard to case."""
        rotation_id = self._rotation_id(rotation_id)
        with self._read() as session:
            return self._active_in_bed(session, rotation_id, bed)

    def patient_for_label(self, label: str, *, rotation_id: int | None = None) -> Patient:
        """The active patient whose bed starts ``label``, created on the rotation if there is none.

        Looking up and creating happen in one write transaction, so two terminals
        capturing for the same new bed at once make one patient, not an error.
        """
        bed, age_sex, summary = split_patient_label(label)
        if not bed:
            raise InvalidInput("Patient label is empty.")
        rotation_id = self._rotation_id(rotation_id)
        with self._write() as session:
            patient = self._active_in_bed(session, rotation_id, bed)
            if patient is None:
                patient = Patient(rotation_id=rotation_id, bed=bed, age_sex=age_sex, summary=summary)
                session.add(patient)
        return patient

    def get_patient(self, patient_id: int) -> Patient:
        """The patient with this id."""
        with self._read() as session:
            return self._get(session, Patient, patient_id, "patient")

    def list_patients(self, *, rotation_id: int | None = None, include_discharged: bool = False) -> list[Patient]:
        """The rotation's patients in the order they were added."""
        rotation_id = self._rotation_id(rotation_id)
        query = select(Patient).where(Patient.rotation_id == rotation_id)
        if not include_discharged:
            query = query.where(Patient.status == PatientStatus.ACTIVE)
        with self._read() as session:
            return list(session.exec(query.order_by(col(Patient.id))))

    def update_patient(self, patient_id: int, *, bed: str | None = None, age_sex: str | None = None,
                       summary: str | None = None) -> Patient:
        """Change a patient's bed, age/sex or one-liner."""
        with self._write() as session:
            patient = self._get(session, Patient, patient_id, "patient")
            if bed is not None:
                patient.bed = clean_text(bed, "Bed or room")
            if age_sex is not None:
                patient.age_sex = age_sex.strip()
            if summary is not None:
                patient.summary = summary.strip()
            self._touch(patient)
            session.add(patient)
        return patient

    def discharge_patient(self, patient_id: int, *, complete_open_todos: bool = False,
                          at: datetime | None = None) -> Patient:
        """Mark a patient discharged.

        A patient with open to-dos is refused unless ``complete_open_todos``, which
        marks them done: a discharge must never make a pending lab silently vanish.
        """
        with self._write() as session:
            patient = self._get(session, Patient, patient_id, "patient")
            open_todos = list(
                session.exec(select(Todo).where(Todo.patient_id == patient_id, col(Todo.done_at).is_(None)))
            )
            if open_todos and not complete_open_todos:
                raise InvalidInput(f"{patient.label} still has {len(open_todos)} open to-do(s).")
            now = moment(at)
            for todo in open_todos:
                todo.done_at = now
                todo.updated_at = now
                session.add(todo)
            patient.status = PatientStatus.DISCHARGED
            patient.discharged_at = now
            self._touch(patient, now)
            session.add(patient)
        return patient

    def readmit_patient(self, patient_id: int) -> Patient:
        """Put a discharged patient back on the list (undo of a discharge)."""
        with self._write() as session:
            patient = self._get(session, Patient, patient_id, "patient")
            patient.status = PatientStatus.ACTIVE
            patient.discharged_at = None
            self._touch(patient)
            session.add(patient)
        return patient


__all__ = ["RotationsMixin", "bed_key", "same_bed", "split_patient_label"]
