"""``clerkbook checklist``: documents per rotation and certifications, as a user types them."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from clerkbook.domain.clock import local_now
from clerkbook.models import DEFAULT_CHECKLIST
from clerkbook.store import Notebook, open_notebook
from tests.test_cli import assert_ok, assert_user_error, run

TODAY = local_now().date()


def test_show_mark_add_and_remove_documents(db_path: Path, rotation_nb: Notebook) -> None:
    assert_ok(run(db_path, "checklist", "requested", "dean"))
    done = run(db_path, "checklist", "done", "immunization", "records", "--date", "yesterday")
    assert_ok(done)
    assert done.output == f"Immunization records: done on {TODAY - timedelta(days=1)}\n"
    assert_ok(run(db_path, "checklist", "add", "TB", "test", "-n", "IGRA accepted"))
    assert_ok(run(db_path, "checklist", "remove", "visa"))
    shown = run(db_path, "checklist", "show")
    assert_ok(shown)
    lines = shown.output.splitlines()
    assert lines[0] == "Internal Medicine @ Riverside General, from 2026-11-09: 1 of 8 documents done"
    assert lines[1].split() == ["ID", "STATUS", "DONE", "ON", "DOCUMENT"]
    assert any(line.startswith("~") and "Dean's letter / transcript" in line for line in lines)
    assert any(line.startswith("✓") and "Immunization records" in line for line in lines)
    assert "TB test — IGRA accepted" in shown.output and "Visa" not in shown.output
    listing = json.loads(run(db_path, "checklist", "show", "--json").output)
    assert [d["name"] for d in listing["documents"]] == [n for n in DEFAULT_CHECKLIST if n != "Visa"] + ["TB test"]
    assert listing["rotation"]["specialty"] == "Internal Medicine" and listing["warnings"] == []


def test_certifications_and_the_warning_before_the_rotation_ends(db_path: Path, notebook: Notebook) -> None:
    start, end = TODAY - timedelta(days=10), TODAY + timedelta(days=30)
    assert_ok(run(db_path, "rotation", "new", "Surgery", "--site", "Mercy", "--start", str(start), "--end", str(end)))
    expires = TODAY + timedelta(days=20)
    added = run(db_path, "checklist", "cert", "add", "BLS", "--expires", str(expires))
    assert_ok(added)
    assert added.output == f"Added certification 1: BLS, expires {expires}\n"
    assert_ok(run(db_path, "checklist", "cert", "add", "HIPAA", "training"))
    shown = run(db_path, "checklist", "show")
    assert "! BLS expires in 20 days" in shown.output and "before Surgery @ Mercy ends" in shown.output
    certs = json.loads(run(db_path, "checklist", "cert", "list", "--json").output)
    assert [(c["name"], c["expires_date"]) for c in certs] == [("BLS", str(expires)), ("HIPAA training", None)]
    reminders = run(db_path, "reminders")
    assert "BLS expires in 20 days" in reminders.output
    assert_ok(run(db_path, "checklist", "cert", "renew", "1", "--expires", str(TODAY + timedelta(days=700))))
    assert "BLS" not in run(db_path, "checklist", "show").output.split("CERTIFICATION")[1].split("\n", 2)[2]
    assert_ok(run(db_path, "checklist", "cert", "remove", "2"))
    with open_notebook(db_path) as nb:
        assert [c.name for c in nb.list_certifications()] == ["BLS"]


def test_mistakes_are_one_line(db_path: Path, rotation_nb: Notebook) -> None:
    assert_user_error(run(db_path, "checklist", "done", "passport"), "No document 'passport' on the checklist.")
    assert_user_error(run(db_path, "checklist", "add", "CV"), "already has 'CV'")
    assert_user_error(run(db_path, "checklist", "done", "cv", "--date", "someday"), "--date:")
    assert_user_error(run(db_path, "checklist", "cert", "add", "BLS", "--expires", "whenever"), "--expires:")
    assert_user_error(run(db_path, "checklist", "cert", "renew", "9", "--expires", "2030-01-01"), "No certification")
    assert_user_error(run(db_path, "checklist", "show", "--rotation", "9"), "No rotation with id 9")
    with open_notebook(db_path) as nb:
        assert nb.list_certifications() == [] and len(nb.list_checklist()) == len(DEFAULT_CHECKLIST)


def test_without_a_rotation_show_says_how_to_make_one(db_path: Path, notebook: Notebook) -> None:
    assert_user_error(run(db_path, "checklist", "show"), "No rotation yet")
