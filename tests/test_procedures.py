"""The procedure log: storage, counts for a CV, and the migration that adds the clerkship tables."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from clerkbook.models import ProcedureRole
from clerkbook.store import InvalidInput, Notebook, NotFound, open_notebook
from clerkbook.store.schema import HEAD
from tests.test_migrations import make_file_at

DAY = date(2026, 11, 20)


def test_add_list_and_spelling_of_built_in_names(rotation_nb: Notebook) -> None:
    patient = rotation_nb.add_patient("B12", "67M", "CHF")
    first = rotation_nb.add_procedure("abg", day=DAY, role="performed", supervisor="PGY-2", patient_id=patient.id)
    rotation_nb.add_procedure("  Central   line ", day=date(2026, 11, 22), role=ProcedureRole.OBSERVED)
    assert first.name == "ABG" and first.role == ProcedureRole.PERFORMED and first.patient_id == patient.id
    listed = rotation_nb.list_procedures()
    assert [p.name for p in listed] == ["Central line", "ABG"]  # latest day first
    assert len(first.uid) == 32 and first.created_at.tzinfo is not None


@pytest.mark.parametrize("kwargs, message", [
    ({"name": "  "}, "Procedure name is empty"),
    ({"role": "did it"}, "Unknown role 'did it': use one of observed, assisted, performed"),
    ({"day": datetime(2026, 11, 20, tzinfo=timezone.utc)}, "must be a day"),
])
def test_bad_input_is_refused_and_nothing_written(rotation_nb: Notebook, kwargs, message) -> None:
    values = {"name": "Suturing", "day": DAY, "role": "assisted", **kwargs}
    with pytest.raises(InvalidInput, match=message) as info:
        rotation_nb.add_procedure(values.pop("name"), **values)
    assert "\n" not in str(info.value)
    assert rotation_nb.list_procedures() == []


def test_counts_by_procedure_and_role_per_rotation_and_overall(rotation_nb: Notebook) -> None:
    medicine = rotation_nb.current_rotation()
    for role in ("performed", "performed", "assisted", "observed"):
        rotation_nb.add_procedure("Venipuncture", day=DAY, role=role)
    rotation_nb.add_procedure("NG tube", day=DAY, role="observed")
    surgery = rotation_nb.add_rotation("Surgery", site="Lakeside", start=date(2026, 12, 21))
    rotation_nb.add_procedure("venipuncture", day=date(2026, 12, 22), role="performed")
    rotation_nb.add_procedure("Suturing", day=date(2026, 12, 22), role="assisted")

    on_medicine = rotation_nb.procedure_counts(rotation_id=medicine.id)
    assert [(c.name, c.observed, c.assisted, c.performed) for c in on_medicine] == [
        ("Venipuncture", 1, 1, 2), ("NG tube", 1, 0, 0)]
    overall = {c.name: c for c in rotation_nb.procedure_counts(all_rotations=True)}
    assert overall["Venipuncture"].performed == 3 and overall["Venipuncture"].total == 5
    assert set(overall) == {"Venipuncture", "NG tube", "Suturing"}
    assert [c.name for c in rotation_nb.procedure_counts()] == ["Venipuncture", "Suturing"]
    assert rotation_nb.current_rotation().id == surgery.id


def test_update_delete_and_patient_removal(rotation_nb: Notebook) -> None:
    patient = rotation_nb.add_patient("B3", "80F", "hip fracture")
    procedure = rotation_nb.add_procedure("Urinary catheter", day=DAY, patient_id=patient.id)
    changed = rotation_nb.update_procedure(procedure.id, role="performed", notes=" sterile technique ",
                                           day=date(2026, 11, 21))
    assert (changed.role, changed.notes, changed.procedure_date) == ("performed", "sterile technique",
                                                                      date(2026, 11, 21))
    assert rotation_nb.update_procedure(procedure.id, patient_id=None).patient_id is None
    rotation_nb.delete_procedure(procedure.id)
    with pytest.raises(NotFound, match="No procedure with id"):
        rotation_nb.get_procedure(procedure.id)


def test_deleting_a_patient_keeps_the_procedure(rotation_nb: Notebook) -> None:
    patient = rotation_nb.add_patient("B3", "80F", "hip fracture")
    procedure = rotation_nb.add_procedure("Venipuncture", day=DAY, patient_id=patient.id)
    with rotation_nb.engine.begin() as connection:
        connection.exec_driver_sql(f"DELETE FROM patient WHERE id = {patient.id}")
    assert rotation_nb.get_procedure(procedure.id).patient_id is None


def test_a_0004_notebook_with_rows_is_upgraded_and_gets_the_logs(db_path: Path) -> None:
    make_file_at(db_path, "0004")
    stamp = "2026-11-20T08:00:00.000000Z"
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "INSERT INTO rotation (id, uid, specialty, site, service, start_date, end_date, is_current, created_at,"
            " updated_at) VALUES (1, 'a1', 'Surgery', 'Lakeside', '', '2026-11-09', '2026-12-18', 1, ?, ?)",
            (stamp, stamp))
        connection.execute(
            "INSERT INTO patient (id, uid, rotation_id, bed, age_sex, summary, status, created_at, updated_at)"
            " VALUES (1, 'b1', 1, 'B7', '54F', 'POD1', 'active', ?, ?)", (stamp, stamp))
    connection.close()
    with open_notebook(db_path) as nb:
        assert nb.schema_revision() == HEAD
        assert nb.list_patients()[0].bed == "B7"
        nb.add_procedure("Wound care", day=DAY, patient_id=1)
        nb.add_feedback("Good presentations", day=DAY, giver="Dr K")
        nb.add_letter("Dr K")
        nb.add_contact("Dr K")
        assert nb.clerkship_counts() == {"procedures": 1, "feedback": 1, "letters": 1, "contacts": 1}
    backups = list((db_path.parent / "backups").glob(f"{db_path.stem}.before-upgrade-from-0004-*.db"))
    assert len(backups) == 1


def test_role_is_checked_by_sqlite_itself(rotation_nb: Notebook) -> None:
    rotation_nb.add_procedure("ABG", day=DAY)
    with pytest.raises(Exception, match="CHECK constraint"):
        with rotation_nb.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE procedure SET role = 'watched'")
