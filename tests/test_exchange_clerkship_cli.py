"""The clerkship lists end to end: ``clerkbook export``'s PHI guard over each of them, ``--rotation`` and
``--since`` narrowing them, ``clerkbook import`` of them, and fixing a finding in place by uid.

Every identifier planted here is invented for the test: the names and numbers belong to no one.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clerkbook.cli import cli
from clerkbook.domain.export.select import select_document
from clerkbook.store import Notebook, open_notebook
from clerkbook.store.errors import InvalidInput, NotFound
from clerkbook.store.exchange import document_to_json
from clerkbook.store.lookup import EDITABLE_FIELDS

AT = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)
CLERKSHIP = ("procedures", "feedback", "letters", "contacts", "checklist_items", "certifications", "daily_entries",
             "patient_signouts")


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def ward(path: Path) -> None:
    """Two rotations, each with a patient and every clerkship list, all clean of identifiers."""
    with open_notebook(path) as nb:
        for specialty, start, day in (("Medicine", date(2026, 9, 7), date(2026, 9, 15)),
                                      ("Surgery", date(2026, 11, 2), date(2026, 11, 20))):
            rotation = nb.add_rotation(specialty, start=start, end=date(start.year, start.month + 1, 28))
            patient = nb.add_patient(f"{specialty[0]}4", "60M", "Post-op day 1", at=AT)
            nb.add_todo("Check the morning labs", patient_id=patient.id, at=AT)
            nb.add_procedure("Suturing", day=day, role="performed", supervisor="Senior resident",
                             notes="Simple interrupted", patient_id=patient.id)
            nb.add_feedback("Clear presentation", day=day, giver="Attending on service", context="Rounds")
            nb.add_letter(f"{specialty} attending", status="asked", asked=day)
            nb.add_contact(f"{specialty} coordinator", role="coordinator", notes="Schedules")
            nb.save_daily(day, {"diagnoses": "Wound infection", "management": "Open and pack"},
                          rotation_id=rotation.id)
            nb.set_signout(patient.id, severity="watcher", contingency="If febrile, blood cultures")
        nb.add_certification("BLS", expires=date(2027, 6, 30), notes="Renew in spring")


@pytest.fixture
def ward_db(tmp_path: Path) -> Path:
    path = tmp_path / "ward.db"
    ward(path)
    return path


#: (where a fictional identifier is planted, the text, what the guard must call it)
PLANTED = {
    "procedure notes": ("LP on Mr. Hernandez went well", "NAME"),
    "feedback said": ("You read out MRN 00412377 on rounds", "MRN"),
    "letter notes": ("Her cell is (555) 867-5309", "PHONE"),
    "contact notes": ("Email pat.doe@example.org for the schedule", "EMAIL"),
    "checklist notes": ("Records faxed for Mrs. Delacroix by mistake", "NAME"),
    "certification notes": ("Card mailed to 42 Harbor Lane, Springfield", "ADDRESS"),
    "daily mistakes": ("Mixed up Mr. Abernathy's K+ with bed 9", "NAME"),
    "signout contingency": ("If Mrs. Delacroix's daughter calls, update her", "NAME"),
}


def plant(path: Path, where: str) -> None:
    text = PLANTED[where][0]
    with open_notebook(path) as nb:
        rotation = nb.current_rotation().id
        if where == "procedure notes":
            nb.add_procedure("Lumbar puncture", day=date(2026, 11, 21), notes=text)
        elif where == "feedback said":
            nb.add_feedback(text, day=date(2026, 11, 21))
        elif where == "letter notes":
            nb.add_letter("Another attending", notes=text)
        elif where == "contact notes":
            nb.add_contact("Coordinator", notes=text)
        elif where == "checklist notes":
            nb.add_checklist_item("Fit test", rotation_id=rotation, notes=text)
        elif where == "certification notes":
            nb.add_certification("ACLS", notes=text)
        elif where == "daily mistakes":
            nb.save_daily(date(2026, 11, 22), {"mistakes": text})
        else:
            nb.set_signout(nb.list_patients()[0].id, contingency=text)


@pytest.mark.parametrize("where", PLANTED)
def test_an_identifier_in_any_clerkship_list_stops_the_json_export(ward_db: Path, tmp_path: Path,
                                                                     where: str) -> None:
    plant(ward_db, where)
    out = tmp_path / "out.json"
    result = run(ward_db, "export", "--format", "json", "--out", str(out))
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.stderr and not out.exists()
    assert set(re.findall(r": ([A-Z]+) \"", result.stderr)) == {PLANTED[where][1]}, result.stderr
    redacted = run(ward_db, "export", "--format", "json", "--out", str(out), "--redact")
    assert redacted.exit_code == 0, redacted.output
    assert f"[{PLANTED[where][1]}]" in out.read_text(encoding="utf-8")
    assert run(tmp_path / "fresh.db", "import", str(out)).exit_code == 0


def test_staff_names_do_not_stop_the_export(ward_db: Path, tmp_path: Path) -> None:
    with open_notebook(ward_db) as nb:
        nb.add_feedback("Dr. Okafor: lead with the problem", day=date(2026, 11, 21), giver="Dr. Okafor")
        nb.add_letter("Dr. Amara Okafor", notes="Dr. Okafor wants the CV first")
        nb.add_contact("Prof. Lindqvist", notes="Met through Dr. Okafor")
        nb.add_procedure("Paracentesis", day=date(2026, 11, 21), supervisor="Mr. Ruiz (PA)")
    result = run(ward_db, "export", "--format", "json", "--out", str(tmp_path / "out.json"))
    assert result.exit_code == 0, result.output


def test_round_trip_and_import_report_through_the_command_line(ward_db: Path, tmp_path: Path) -> None:
    first, second, fresh = tmp_path / "first.json", tmp_path / "second.json", tmp_path / "fresh.db"
    assert run(ward_db, "export", "--format", "json", "--out", str(first)).exit_code == 0
    imported = run(fresh, "import", str(first))
    assert imported.exit_code == 0, imported.output
    doc = json.loads(first.read_text(encoding="utf-8"))
    entries = sum(len(value) for value in doc.values() if isinstance(value, list))
    assert imported.output == f"Imported {first}: {entries} added, 0 updated, 0 unchanged\n"
    assert run(fresh, "export", "--format", "json", "--out", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    again = run(fresh, "import", str(first))
    assert again.output == f"Imported {first}: 0 added, 0 updated, {entries} unchanged\n"


def test_a_notebook_holding_only_a_clerkship_log_can_be_exported(tmp_path: Path) -> None:
    path = tmp_path / "logs.db"
    with open_notebook(path) as nb:
        nb.add_rotation("Surgery", start=date(2026, 11, 2))
        nb.add_procedure("Suturing", day=date(2026, 11, 3))
    result = run(path, "export", "--format", "json", "--out", str(tmp_path / "out.json"))
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "out.json").read_text())["procedures"][0]["name"] == "Suturing"


# --- --rotation / --since -------------------------------------------------------------------------------------


@pytest.fixture
def whole(ward_db: Path) -> dict:
    with open_notebook(ward_db) as nb:
        librarian = nb.add_contact("Librarian", role="other", notes="Knows the databases")
    # A contact left without a rotation, as deleting the rotation where they were met leaves them.
    with sqlite3.connect(ward_db) as connection:
        connection.execute("UPDATE contact SET rotation_id = NULL WHERE id = ?", (librarian.id,))
    connection.close()
    with open_notebook(ward_db) as nb:
        return nb.export_document()


def _names(doc: dict) -> dict[str, list[str]]:
    label = {"procedures": "procedure_date", "feedback": "received_date", "letters": "attending",
             "contacts": "name", "certifications": "name", "daily_entries": "entry_date"}
    return {name: [entry[field] for entry in doc[name]] for name, field in label.items()}


def test_rotation_keeps_its_own_clerkship_entries(whole: dict, tmp_path: Path) -> None:
    part = select_document(whole, rotation="Medicine")
    assert _names(part) == {"procedures": ["2026-09-15"], "feedback": ["2026-09-15"],
                            "letters": ["Medicine attending"], "contacts": ["Medicine coordinator"],
                            "certifications": [], "daily_entries": ["2026-09-15"]}
    medicine = part["rotations"][0]["uid"]
    assert {item["rotation"] for item in part["checklist_items"]} == {medicine}
    assert [s["patient"] for s in part["patient_signouts"]] == [p["uid"] for p in part["patients"]]
    with open_notebook(tmp_path / "part.db") as nb:  # still a complete, importable document
        nb.import_document(json.loads(document_to_json(part)))
        assert len(nb.export_document()["patient_signouts"]) == 1


def test_a_date_span_keeps_the_students_own_lists(whole: dict) -> None:
    part = select_document(whole, since=date(2026, 11, 1), until=date(2026, 11, 30))
    assert _names(part) == {"procedures": ["2026-11-20"], "feedback": ["2026-11-20"],
                            "letters": ["Surgery attending"], "contacts": ["Librarian", "Surgery coordinator"],
                            "certifications": ["BLS"], "daily_entries": ["2026-11-20"]}
    narrow = select_document(whole, since=date(2026, 11, 21))
    assert narrow["procedures"] == narrow["feedback"] == narrow["daily_entries"] == []
    assert _names(narrow)["letters"] == ["Surgery attending"]  # a letter goes where its rotation goes
    assert len(narrow["patient_signouts"]) == 1  # its patient is on the rotation still


def test_a_kept_procedure_keeps_its_patient(whole: dict) -> None:
    part = select_document(whole, rotation="Surgery", since=date(2026, 11, 20), until=date(2026, 11, 20))
    assert [p["uid"] for p in part["patients"]] == [part["procedures"][0]["patient"]]


# --- fixing a finding in place -------------------------------------------------------------------------------


@pytest.fixture
def nb(ward_db: Path):
    with open_notebook(ward_db) as notebook:
        yield notebook


@pytest.mark.parametrize(("kind", "list_name"), [
    ("procedure", "procedures"), ("feedback", "feedback"), ("letter", "letters"), ("contact", "contacts"),
    ("checklist_item", "checklist_items"), ("certification", "certifications"), ("daily_entry", "daily_entries"),
    ("patient_signout", "patient_signouts")])
def test_every_text_field_of_the_clerkship_lists_can_be_fixed_by_uid(nb: Notebook, kind: str,
                                                                     list_name: str) -> None:
    entry = nb.export_document()[list_name][0]
    for field in EDITABLE_FIELDS[kind]:
        assert nb.entry_text(kind, entry["uid"], field) == entry[field]
        nb.set_entry_text(kind, entry["uid"], field, f"  Fixed {field}  ")
    fixed = next(e for e in nb.export_document()[list_name] if e["uid"] == entry["uid"])
    assert all(fixed[field] == f"Fixed {field}" for field in EDITABLE_FIELDS[kind])
    assert fixed["updated_at"] >= entry["updated_at"]


def test_required_names_stay_required_and_checklist_names_unique(nb: Notebook) -> None:
    doc = nb.export_document()
    with pytest.raises(InvalidInput, match="Name is empty"):
        nb.set_entry_text("procedure", doc["procedures"][0]["uid"], "name", "  ")
    first, second = [item for item in doc["checklist_items"] if item["rotation"] == doc["rotations"][0]["uid"]][:2]
    with pytest.raises(InvalidInput, match="The checklist already has"):
        nb.set_entry_text("checklist_item", second["uid"], "name", first["name"].upper())
    nb.set_entry_text("certification", doc["certifications"][0]["uid"], "name", "BLS   (AHA)\n")
    assert nb.export_document()["certifications"][0]["name"] == "BLS (AHA)"
    with pytest.raises(InvalidInput, match="cannot be edited here"):
        nb.set_entry_text("letter", doc["letters"][0]["uid"], "status", "received")
    with pytest.raises(NotFound, match="That daily entry is no longer in the notebook"):
        nb.entry_text("daily_entry", "0" * 32, "mistakes")
