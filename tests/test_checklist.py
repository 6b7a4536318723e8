"""The pre-rotation checklist and certifications: what is stored, and the warnings they give."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from types import SimpleNamespace as Row

import pytest

from clerkbook.domain.reminders import ClerkshipData, certification_warnings, clerkship_reminders
from clerkbook.models import DEFAULT_CHECKLIST
from clerkbook.store import InvalidInput, Notebook, NotFound, open_notebook
from clerkbook.store.schema import HEAD
from tests.test_migrations import make_file_at

SURGERY = Row(id=1, specialty="Surgery", site="Lakeside", start_date=date(2026, 11, 9), end_date=date(2026, 12, 18))
PEDS = Row(id=2, specialty="Pediatrics", site="", start_date=date(2027, 1, 4), end_date=date(2027, 2, 12))


def certs_only(data: ClerkshipData, day: date):
    return [r for r in clerkship_reminders(data, day) if r.kind == "certification"]


class TestDocuments:
    def test_a_new_rotation_starts_with_the_default_documents(self, rotation_nb: Notebook) -> None:
        items = rotation_nb.list_checklist()
        assert [i.name for i in items] == list(DEFAULT_CHECKLIST)
        assert {i.status.value for i in items} == {"needed"}
        bare = rotation_nb.add_rotation("Surgery", start=date(2027, 1, 4), make_current=False, checklist=False)
        assert rotation_nb.list_checklist(rotation_id=bare.id) == []

    def test_statuses_and_the_done_day(self, rotation_nb: Notebook) -> None:
        item = rotation_nb.find_checklist_item("immun")
        assert item.name == "Immunization records"
        requested = rotation_nb.update_checklist_item(item.id, status="requested", today=date(2026, 11, 2))
        assert (requested.status.value, requested.done_date) == ("requested", None)
        done = rotation_nb.update_checklist_item(item.id, status="done", today=date(2026, 11, 3))
        assert done.done_date == date(2026, 11, 3)
        again = rotation_nb.update_checklist_item(item.id, status="done", done=date(2026, 11, 1))
        assert again.done_date == date(2026, 11, 1)
        back = rotation_nb.update_checklist_item(item.id, status="needed")
        assert (back.status.value, back.done_date) == ("needed", None)
        with pytest.raises(InvalidInput, match="Unknown status 'lost'"):
            rotation_nb.update_checklist_item(item.id, status="lost")

    def test_the_user_extends_and_trims_the_list(self, rotation_nb: Notebook) -> None:
        added = rotation_nb.add_checklist_item("  TB   test ", notes="IGRA ok")
        assert (added.name, rotation_nb.list_checklist()[-1].name) == ("TB test", "TB test")
        with pytest.raises(InvalidInput, match="already has 'tb test'"):
            rotation_nb.add_checklist_item("tb test")
        visa = rotation_nb.find_checklist_item("Visa")
        rotation_nb.delete_checklist_item(visa.id)
        assert "Visa" not in [i.name for i in rotation_nb.list_checklist()]
        with pytest.raises(NotFound, match="No document 'visa'"):
            rotation_nb.find_checklist_item("visa")

    def test_an_ambiguous_name_asks_for_more(self, rotation_nb: Notebook) -> None:
        rotation_nb.add_checklist_item("Insurance card copy")
        with pytest.raises(InvalidInput, match="could be Insurance, Insurance card copy"):
            rotation_nb.find_checklist_item("insur")
        assert rotation_nb.find_checklist_item("insurance").name == "Insurance"

    def test_documents_go_with_their_rotation(self, rotation_nb: Notebook) -> None:
        rotation = rotation_nb.current_rotation()
        with rotation_nb.engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM rotation WHERE id = ?", (rotation.id,))
        assert rotation_nb.all_checklists() == []


class TestCertifications:
    def test_listed_first_to_expire_first(self, notebook: Notebook) -> None:
        notebook.add_certification("ACLS", expires=date(2028, 3, 1))
        notebook.add_certification("HIPAA training")
        bls = notebook.add_certification("BLS", expires=date(2027, 1, 20))
        assert [c.name for c in notebook.list_certifications()] == ["BLS", "ACLS", "HIPAA training"]
        notebook.update_certification(bls.id, expires=date(2029, 1, 20))
        assert [c.name for c in notebook.list_certifications()][:2] == ["ACLS", "BLS"]
        notebook.delete_certification(bls.id)
        with pytest.raises(NotFound):
            notebook.get_certification(bls.id)

    def test_warned_when_it_expires_before_the_rotation_ends(self) -> None:
        bls = Row(name="BLS", expires_date=date(2026, 12, 10))
        acls = Row(name="ACLS", expires_date=date(2028, 1, 1))
        data = ClerkshipData(rotations=[SURGERY, PEDS], certifications=[bls, acls])
        found = certs_only(data, date(2026, 11, 20))
        assert [(r.kind, r.text, r.urgent) for r in found] == [
            ("certification", "BLS expires in 20 days (10 Dec), before Surgery @ Lakeside ends (18 Dec): renew it.",
             False)]
        # Two weeks before, it becomes urgent; once expired it names the next rotation it leaves uncovered.
        assert certs_only(data, date(2026, 11, 30))[0].urgent
        late = certs_only(data, date(2026, 12, 11))
        assert [(r.text, r.urgent) for r in late] == [
            ("BLS expired yesterday: renew it before Surgery @ Lakeside ends.", True)]
        assert [r.text for r in certs_only(data, date(2026, 12, 19))] == [
            "BLS expired 9 days ago: renew it before Pediatrics ends."]

    def test_one_rotations_warnings_whenever_it_starts(self) -> None:
        bls = Row(name="BLS", expires_date=date(2027, 2, 1))
        assert [w.text for w in certification_warnings([bls], PEDS, date(2026, 6, 1))] == [
            "BLS expires in 245 days (1 Feb 2027), before Pediatrics ends (12 Feb 2027): renew it."]
        assert certification_warnings([bls], SURGERY, date(2026, 6, 1)) == []


def test_missing_documents_are_brought_up_three_weeks_before_the_start() -> None:
    items = [Row(rotation_id=2, name=name, status=status)
             for name, status in [("Visa", "needed"), ("CV", "done"), ("Insurance", "requested")]]
    data = ClerkshipData(rotations=[PEDS], checklist=items)
    assert clerkship_reminders(data, date(2026, 12, 13)) == []
    soon = clerkship_reminders(data, date(2026, 12, 14))
    assert [(r.text, r.urgent) for r in soon] == [("Pediatrics starts in 21 days: still to get: Visa, Insurance.",
                                                   False)]
    assert clerkship_reminders(data, date(2026, 12, 30))[0].urgent
    assert clerkship_reminders(data, date(2027, 1, 5)) == []


def test_a_0006_file_with_rows_is_upgraded_and_every_new_table_works(db_path: Path) -> None:
    make_file_at(db_path, "0006")
    stamp = "2026-11-20T08:00:00.000000Z"
    with sqlite3.connect(db_path) as connection:
        for rotation_id, specialty in ((1, "Internal Medicine"), (2, "Surgery")):
            connection.execute(
                "INSERT INTO rotation (id, uid, specialty, site, service, start_date, is_current, created_at, "
                "updated_at) VALUES (?, ?, ?, '', '', '2026-11-09', ?, ?, ?)",
                (rotation_id, f"r{rotation_id}", specialty, rotation_id == 1, stamp, stamp))
        connection.execute("INSERT INTO patient (id, uid, rotation_id, bed, age_sex, summary, status, created_at, "
                           "updated_at) VALUES (1, 'pt1', 1, 'B12', '67M', 'CHF', 'active', ?, ?)", (stamp, stamp))
        connection.execute("INSERT INTO procedure (uid, rotation_id, name, procedure_date, role, supervisor, notes, "
                           "created_at, updated_at) VALUES ('p1', 1, 'ABG', '2026-11-10', 'performed', '', '', ?, ?)",
                           (stamp, stamp))
    with open_notebook(db_path) as nb:
        assert nb.schema_revision() == HEAD
        assert [p.name for p in nb.list_procedures()] == ["ABG"]
        for rotation_id in (1, 2):
            assert [i.name for i in nb.list_checklist(rotation_id=rotation_id)] == list(DEFAULT_CHECKLIST)
        uids = {i.uid for i in nb.all_checklists()}
        assert len(uids) == 2 * len(DEFAULT_CHECKLIST) and "" not in uids
        nb.update_checklist_item(nb.find_checklist_item("cv").id, status="done", today=date(2026, 11, 20))
        assert nb.add_certification("BLS", expires=date(2027, 1, 1)).id == 1
        # The sign-out fields and the daily log work on the upgraded file, and the search index still does.
        nb.set_signout(1, severity="watcher", contingency="If SBP < 90: bolus")
        assert nb.get_signout(1).severity == "watcher" and nb.find_patient("B12").summary == "CHF"
        nb.save_daily(date(2026, 11, 20), {"diagnoses": "SIADH"})
        nb.add_todo("f/u potassium repletion", patient_id=1)
        assert [hit.kind for hit in nb.search("repletion")] == ["todo"]
