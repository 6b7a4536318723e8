"""Merge rules an import must keep: a fix is not undone by an older export, a bed that turned over merges as two
patients, one local entry stands for at most one imported entry, and what ending a rotation shredded stays shredded.

Every name, bed and number here is invented for the test.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from clerkbook.models import new_uid
from clerkbook.store import Notebook, open_notebook
from clerkbook.store.exchange_text import joined

NOW = datetime(2026, 11, 25, 14, 30, tzinfo=timezone.utc)
DAY = date(2026, 11, 20)


def at(hours: float) -> datetime:
    return NOW + timedelta(hours=hours)


def stamp(hours: float) -> str:
    return at(hours).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def every_text(path: Path) -> str:
    """Every value of every table of the notebook, the search index too, as one string."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return repr([list(connection.execute(f'SELECT * FROM "{table}"')) for table in tables])
    finally:
        connection.close()


class TestDailyLog:
    def test_an_older_export_does_not_bring_back_what_was_deleted_from_a_day(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as nb:
            nb.save_daily(DAY, {"diagnoses": "Bed 4 Mr Smith 555-0199: AKI", "questions": "Why FeNa?"}, at=at(-10))
            backup = nb.export_document()
            nb.set_entry_text("daily_entry", backup["daily_entries"][0]["uid"], "diagnoses", "AKI")
            report = nb.import_document(copy.deepcopy(backup))
            assert (nb.get_daily(DAY).diagnoses, nb.get_daily(DAY).questions) == ("AKI", "Why FeNa?")
            assert not report.changed
            assert report.notes == ["daily log '2026-11-20': changed in both notebooks; this notebook's version is "
                                    "newer; the imported older text under diagnoses was not used."]

    def test_a_newer_export_of_the_same_day_replaces_it_without_the_deleted_lines(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            a.save_daily(DAY, {"management": "Fluids\nCall Dr Okafor at home"}, at=at(-10))
            b.import_document(a.export_document())
            b.save_daily(DAY, {"management": "Fluids"}, at=at(-2))
            report = a.import_document(b.export_document())
            assert a.get_daily(DAY).management == "Fluids" and report.updated["daily_entries"] == 1
            assert report.notes == ["daily log '2026-11-20': changed in both notebooks; the imported version is "
                                    "newer and now current; this notebook's older text under management was not "
                                    "used."]

    def test_a_loser_holding_no_line_the_winner_lacks_is_not_reported(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            a.save_daily(DAY, {"mistakes": "Missed the lactate"}, at=at(-10))
            b.import_document(a.export_document())
            b.save_daily(DAY, {"mistakes": "Missed the lactate\nRecheck K"}, at=at(-2))
            report = a.import_document(b.export_document())
            assert a.get_daily(DAY).mistakes == "Missed the lactate\nRecheck K" and report.notes == []

    def test_two_copies_of_a_day_are_joined_by_whole_lines(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            a.save_daily(DAY, {"management": "K 4.2 after 2 runs", "mistakes": "Na 13",
                               "questions": "Ask about PE\nWhy lasix?"}, at=at(-10))
            b.save_daily(DAY, {"management": "K 4.2 after 2 runs of KCl", "mistakes": "Na 135 ok",
                               "questions": "Ask about PEEP\nWhy lasix?"}, at=at(-5))
            report = b.import_document(a.export_document())
            entry = b.get_daily(DAY)
            assert entry.management == "K 4.2 after 2 runs of KCl\n\nK 4.2 after 2 runs"
            assert entry.mistakes == "Na 135 ok\n\nNa 13"
            assert entry.questions == "Ask about PEEP\nWhy lasix?\n\nAsk about PE"
            assert report.updated["daily_entries"] == 1
            assert not b.import_document(a.export_document()).changed

    def test_two_copies_changed_at_the_same_moment_keep_this_notebooks(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a:
            a.save_daily(DAY, {"diagnoses": "Cellulitis"}, at=at(-10))
            theirs = a.export_document()
            theirs["daily_entries"][0]["diagnoses"] = "Erysipelas"
            report = a.import_document(theirs)
            assert a.get_daily(DAY).diagnoses == "Cellulitis"
            assert report.notes == ["daily log '2026-11-20': changed at the same moment; this notebook's version was "
                                    "kept; the imported text under diagnoses was not used."]
            assert "newer" not in report.notes[0]


_HEADING = st.lists(st.sampled_from(["Na 13", "Na 135 ok", "Ask about PE", "Ask about PEEP", "  K 4.2", "",
                                      "K 4.2 after 2 runs"]), max_size=5).map("\n".join)


@given(_HEADING, _HEADING)
def test_joining_two_headings_keeps_every_line_once_and_settles(winner: str, loser: str) -> None:
    both = joined(winner, loser)
    lines = {line.strip() for line in both.splitlines()}
    assert {line.strip() for line in (winner + "\n" + loser).splitlines() if line.strip()} <= lines
    assert joined(both, loser) == both and joined(both, winner) == both
    assert both.startswith(winner.rstrip()) or not winner.strip()


def turned_over(tmp_path: Path, *, signouts: bool) -> tuple[Notebook, dict]:
    """Notebook a with the patient in bed B7 still active, and b's export where that bed has turned over."""
    a = open_notebook(tmp_path / "a.db")
    a.add_rotation("Surgery", site="Lakeside", start=date(2026, 11, 2))
    a.add_patient("B7", "67M", "SBO", at=at(-90))
    with open_notebook(tmp_path / "b.db") as b:
        b.import_document(a.export_document())
        first = b.list_patients()[0]
        if signouts:
            b.set_signout(first.id, severity="watcher", contingency="First: if febrile, cultures")
        b.discharge_patient(first.id, at=at(-2))
        second = b.add_patient("B7", "54F", "Cholecystitis", at=at(-1))
        if signouts:
            b.set_signout(second.id, severity="unstable", contingency="Second: if BP < 90, call")
        return a, b.export_document()


class TestBedTurnover:
    def test_a_bed_that_turned_over_merges_as_two_patients_with_their_sign_outs(self, tmp_path: Path) -> None:
        a, doc = turned_over(tmp_path, signouts=True)
        with a:
            report = a.import_document(doc)
            mine = a.export_document()
        patients = {p["uid"]: (p["summary"], p["status"]) for p in mine["patients"]}
        assert sorted(patients.values()) == [("Cholecystitis", "active"), ("SBO", "discharged")]
        assert {patients[s["patient"]][0]: s["contingency"] for s in mine["patient_signouts"]} == {
            "SBO": "First: if febrile, cultures", "Cholecystitis": "Second: if BP < 90, call"}
        assert report.added["patients"] == 1 and not any("bed is taken" in line for line in report.notes)

    def test_without_sign_outs_the_new_patient_is_not_attached_to_the_old(self, tmp_path: Path) -> None:
        a, doc = turned_over(tmp_path, signouts=False)
        with a:
            a.import_document(doc)
            assert [(p.summary, p.status) for p in a.list_patients(include_discharged=True)] == [
                ("SBO", "discharged"), ("Cholecystitis", "active")]

    def test_two_imported_sign_outs_never_land_on_one_patient(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a:
            a.add_rotation("Surgery", start=date(2026, 11, 2))
            patient = a.add_patient("B7", "67M", "SBO", at=at(-90))
            a.set_signout(patient.id, severity="watcher", contingency="If febrile, cultures")
            doc = a.export_document()
            # Another notebook's active patient in that bed, with a later sign-out: mapped onto a's patient.
            other = doc["patients"][0] | {"uid": new_uid(), "age_sex": "54F", "summary": "Cholecystitis",
                                          "created_at": stamp(-2), "updated_at": stamp(-2)}
            doc["patients"] = [other]
            doc["patient_signouts"].append(doc["patient_signouts"][0] | {
                "uid": new_uid(), "patient": other["uid"], "severity": "unstable",
                "contingency": "If BP < 90, call", "created_at": stamp(-1), "updated_at": stamp(-1)})
            report = a.import_document(doc)
            signouts = a.export_document()["patient_signouts"]
            assert [s["contingency"] for s in signouts] == ["If febrile, cultures"]
            assert "sign-out of patient 'B7 · 67M · SBO': that patient here already has another sign-out; this one " \
                   "of the export was not imported." in report.notes


class TestAlike:
    def test_a_renamed_item_and_a_new_one_of_its_old_name_both_arrive(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            rotation = a.add_rotation("Surgery", start=date(2026, 11, 2))
            b.import_document(a.export_document())
            first = b.all_checklists()[0]
            b.update_checklist_item(first.id, name=first.name + " (renamed)", notes="Renamed in b")
            b.add_checklist_item(first.name, rotation_id=first.rotation_id, notes="New in b")
            count = len(b.all_checklists())
            report = a.import_document(b.export_document())
            items = {item.name: item.notes for item in a.list_checklist(rotation_id=rotation.id)}
            assert len(items) == count and report.added["checklist_items"] == 1
            assert items[first.name + " (renamed)"] == "Renamed in b" and items[first.name] == "New in b"
            assert not a.import_document(b.export_document()).changed


CONTINGENCY = "If febrile, cultures and call the senior"
TODO = "Chase the CT report for B7"
PLAN = "NG tube; serial abdominal exams"
FIRST_PLAN = "NPO, IV fluids"
ABG = "B7: pO2 52 on 4 L"


def ward(path: Path) -> Notebook:
    """A surgery rotation with one patient, their to-do, sign-out, note (with a revision) and procedure."""
    nb = open_notebook(path)
    nb.add_rotation("Surgery", site="Lakeside", start=date(2026, 11, 2))
    patient = nb.add_patient("B7", "67M", "SBO", at=at(-90))
    nb.add_todo(TODO, patient_id=patient.id, at=at(-80))
    nb.set_signout(patient.id, severity="watcher", contingency=CONTINGENCY)
    note = nb.create_note("soap", patient_id=patient.id, title="B7 day 1", sections={"plan": FIRST_PLAN},
                          at=at(-70))
    nb.save_note(note.id, sections={"plan": PLAN}, at=at(-60))
    nb.create_note("progress", title="Team list", sections={"assessment": "B7 SBO, B9 chole"}, at=at(-65))
    nb.add_procedure("ABG", day=DAY, notes=ABG, patient_id=patient.id, at=at(-50))
    nb.add_point("Closed-loop obstruction needs surgery", patient_id=patient.id)
    return nb


def end(nb: Notebook) -> None:
    nb.end_rotation(nb.current_rotation().id, today=date(2026, 11, 26), purge=True)


class TestShredded:
    def test_an_export_from_before_the_purge_brings_back_no_clinical_text(self, tmp_path: Path) -> None:
        with ward(tmp_path / "a.db") as nb:
            backup = nb.export_document()
            end(nb)
            purged = nb.export_document()
            report = nb.import_document(copy.deepcopy(backup))
            after = nb.export_document()
            assert nb.import_document(copy.deepcopy(backup)).notes[-1] == report.notes[-1]
        for name in ("patients", "todos", "patient_signouts", "notes", "procedures"):
            assert after[name] == purged[name], name
        assert after["teaching_points"][0]["patient"] is None
        text = every_text(tmp_path / "a.db")
        for secret in (CONTINGENCY, TODO, PLAN, FIRST_PLAN, ABG, "Team list", "B9 chole", "SBO"):
            assert secret not in text, secret
        assert report.added["note_revisions"] == 0 and not report.changed
        assert report.notes[-1] == (
            "6 entries of patients whose text was shredded when their rotation ended here were not brought back "
            "(to-dos, sign-outs, note and procedure text, bed labels); importing this export into an empty "
            "notebook restores it whole.")

    def test_a_later_edit_of_a_shredded_note_elsewhere_does_not_win(self, tmp_path: Path) -> None:
        with ward(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            b.import_document(a.export_document())
            end(a)
            for note in b.list_notes():
                b.save_note(note.id, sections={"plan": "Edited in b after the purge"})
            a.import_document(b.export_document())
            assert every_text(tmp_path / "a.db").count("Edited in b") == 0
            assert {(n.title, n.plan) for n in a.list_notes(all_rotations=True)} == {("", "")}
            assert all(a.list_note_revisions(n.id) == [] for n in a.list_notes(all_rotations=True))

    def test_a_patient_only_the_other_notebook_had_comes_in_shredded(self, tmp_path: Path) -> None:
        with ward(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            b.import_document(a.export_document())
            other = b.add_patient("B9", "54F", "Cholecystitis", at=at(-40))
            b.add_todo("Chase the HIDA for B9", patient_id=other.id, at=at(-30))
            b.set_signout(other.id, severity="stable", contingency="If RUQ pain worse, call")
            end(a)
            a.import_document(b.export_document())
            beds = {p.bed for p in a.list_patients(include_discharged=True)}
            text = every_text(tmp_path / "a.db")
        assert beds == {"(purged)"}
        for secret in ("Cholecystitis", "HIDA", "RUQ"):
            assert secret not in text, secret

    def test_text_written_after_the_purge_still_merges(self, tmp_path: Path) -> None:
        with ward(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            end(a)
            note = a.create_note("progress", title="Debrief", sections={"plan": "Read on SBO"},
                                 rotation_id=a.current_rotation().id)
            b.import_document(a.export_document())
            b_note = next(n for n in b.list_notes(all_rotations=True) if n.title == "Debrief")
            b.save_note(b_note.id, sections={"plan": "Read on SBO and volvulus"}, at=datetime.now(timezone.utc)
                        + timedelta(minutes=5))
            report = a.import_document(b.export_document())
            assert a.get_note(note.id).plan == "Read on SBO and volvulus"
            assert not any("shredded" in line for line in report.notes)

    def test_an_old_export_restores_whole_into_an_empty_notebook(self, tmp_path: Path) -> None:
        with ward(tmp_path / "a.db") as a, open_notebook(tmp_path / "fresh.db") as fresh:
            backup = a.export_document()
            end(a)
            fresh.import_document(copy.deepcopy(backup))
            restored = fresh.export_document()
        assert [s["contingency"] for s in restored["patient_signouts"]] == [CONTINGENCY]
        assert json.dumps(restored["notes"]).count(PLAN) == 1
