"""``clerkbook procedure|feedback|letter|contact|reminders``: what a user sees, and what is stored."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from clerkbook.domain.clock import local_now
from clerkbook.store import Notebook, open_notebook
from tests.test_cli import assert_ok, assert_usage_error, assert_user_error, run

TODAY = local_now().date()


@pytest.fixture
def ward(db_path: Path, rotation_nb: Notebook) -> Notebook:
    rotation_nb.add_patient("B12", "67M", "CHF exacerbation")
    return rotation_nb


def stored(db: Path) -> dict[str, int]:
    with open_notebook(db) as nb:
        return nb.clerkship_counts()


class TestProcedure:
    def test_add_list_counts_and_delete(self, db_path: Path, ward: Notebook) -> None:
        result = run(db_path, "procedure", "add", "abg", "--role", "performed", "-s", "PGY-2", "-p", "b12")
        assert_ok(result)
        assert result.output == f"Logged procedure 1: ABG, performed, {TODAY}\n"
        assert_ok(run(db_path, "procedure", "add", "Venipuncture", "-r", "assisted", "--date", "yesterday"))
        assert_ok(run(db_path, "procedure", "add", "venipuncture", "-r", "performed", "-n", "antecubital"))
        listing = run(db_path, "procedure", "list")
        assert_ok(listing)
        lines = listing.output.splitlines()
        assert lines[0].split() == ["ID", "DATE", "ROLE", "SUPERVISOR", "PROCEDURE"]
        assert "Venipuncture — antecubital" in listing.output and str(TODAY - timedelta(days=1)) in lines[-1]
        counts = run(db_path, "procedure", "counts", "--json")
        assert_ok(counts)
        assert json.loads(counts.output) == [
            {"name": "Venipuncture", "observed": 0, "assisted": 1, "performed": 1, "total": 2},
            {"name": "ABG", "observed": 0, "assisted": 0, "performed": 1, "total": 1}]
        with open_notebook(db_path) as nb:
            assert nb.get_procedure(1).patient_id == nb.find_patient("B12").id
        assert_ok(run(db_path, "procedure", "delete", "1"))
        assert stored(db_path)["procedures"] == 2

    def test_json_list_carries_the_stored_fields(self, db_path: Path, ward: Notebook) -> None:
        assert_ok(run(db_path, "procedure", "add", "NG", "tube", "--date", "2026-11-20"))
        rows = json.loads(run(db_path, "procedure", "list", "--all", "--json").output)
        assert rows[0]["name"] == "NG tube" and rows[0]["procedure_date"] == "2026-11-20"
        assert rows[0]["role"] == "observed" and len(rows[0]["uid"]) == 32

    @pytest.mark.parametrize("args, fragment", [
        (["procedure", "add", "ABG", "--date", "tomorrow"], "--date: 'tomorrow' is"),
        (["procedure", "add", "ABG", "--date", "blah"], "Could not understand 'blah'"),
        (["procedure", "add", "ABG", "-p", "B99"], "no active patient in bed 'B99'"),
        (["procedure", "add", " "], "Procedure name is empty"),
        (["procedure", "delete", "42"], "No procedure with id 42"),
    ])
    def test_mistakes_are_one_line_and_write_nothing(self, db_path: Path, ward: Notebook, args, fragment) -> None:
        assert_user_error(run(db_path, *args), fragment)
        assert stored(db_path)["procedures"] == 0

    def test_unknown_role_is_a_usage_error(self, db_path: Path, ward: Notebook) -> None:
        assert_usage_error(run(db_path, "procedure", "add", "ABG", "--role", "did"), "'did' is not one of")


class TestFeedback:
    def test_add_act_list(self, db_path: Path, ward: Notebook) -> None:
        result = run(db_path, "feedback", "add", "Tighten", "the", "assessment", "--from", "Dr K",
                     "--context", "rounds", "--change", "Lead with the one-liner", "--date", "yesterday")
        assert_ok(result)
        assert result.output == f"Logged feedback 1 from Dr K, {TODAY - timedelta(days=1)}\n"
        assert_ok(run(db_path, "feedback", "acted", "1", "Presented", "B12", "with", "a", "one-liner"))
        listing = run(db_path, "feedback", "list")
        assert "✓" in listing.output and "Tighten the assessment → Lead with the one-liner" in listing.output
        rows = json.loads(run(db_path, "feedback", "list", "--json").output)
        assert rows[0]["acted_text"] == "Presented B12 with a one-liner" and rows[0]["acted_date"] == str(TODAY)

    def test_acting_on_missing_feedback(self, db_path: Path, ward: Notebook) -> None:
        assert_user_error(run(db_path, "feedback", "acted", "7", "did it"), "No feedback with id 7")

    def test_empty_list_says_how_to_add(self, db_path: Path, ward: Notebook) -> None:
        assert "clerkbook feedback add" in run(db_path, "feedback", "list").output


class TestLetter:
    def test_add_status_list(self, db_path: Path, ward: Notebook) -> None:
        result = run(db_path, "letter", "add", "Dr", "K", "--deadline", "2099-09-15", "--sent", "cv")
        assert_ok(result)
        assert result.output == "Added letter 1: Dr K (to-ask, due 2099-09-15)\n"
        moved = run(db_path, "letter", "status", "1", "agreed", "--sent", "cases", "--sent", "statement")
        assert_ok(moved)
        assert moved.output == "Letter 1 from Dr K: agreed; sent CV, statement, key cases\n"
        with open_notebook(db_path) as nb:
            letter = nb.get_letter(1)
            assert letter.asked_date == TODAY and letter.sent_cv and letter.sent_cases and letter.sent_statement
        rows = json.loads(run(db_path, "letter", "list", "--json").output)
        assert rows[0]["status"] == "agreed" and rows[0]["rotation"] == "Internal Medicine @ Riverside General"

    def test_bad_status_and_missing_letter(self, db_path: Path, ward: Notebook) -> None:
        assert_usage_error(run(db_path, "letter", "add", "Dr K", "--status", "maybe"), "'maybe' is not one of")
        assert_user_error(run(db_path, "letter", "status", "3", "asked"), "No letter with id 3")
        assert_user_error(run(db_path, "letter", "add", "Dr K", "--deadline", "2026-13-45"), "--deadline:")
        assert stored(db_path)["letters"] == 0


class TestContact:
    def test_add_update_list_delete(self, db_path: Path, ward: Notebook) -> None:
        assert_ok(run(db_path, "contact", "add", "Dr", "K", "-n", "cardiology"))
        assert_ok(run(db_path, "contact", "add", "Clerkship", "office", "--role", "coordinator"))
        updated = run(db_path, "contact", "update", "1", "--thanked", "today", "--update-sent", "yesterday")
        assert_ok(updated)
        assert updated.output == (f"Contact 1: Dr K (attending), thanked {TODAY}, "
                                  f"last update {TODAY - timedelta(days=1)}\n")
        listing = run(db_path, "contact", "list").output.splitlines()
        assert listing[1].split()[:2] == ["1", "attending"] and "coordinator" in listing[2]
        assert_ok(run(db_path, "contact", "delete", "2"))
        assert stored(db_path)["contacts"] == 1

    def test_update_with_nothing_is_refused(self, db_path: Path, ward: Notebook) -> None:
        assert_ok(run(db_path, "contact", "add", "Dr K"))
        assert_user_error(run(db_path, "contact", "update", "1"), "Nothing to change")


class TestReminders:
    @pytest.fixture
    def ending(self, db_path: Path) -> Notebook:
        # A rotation that ends in ten days, with a letter not yet asked for and a deadline near.
        with open_notebook(db_path) as nb:
            nb.add_rotation("Surgery", site="Lakeside", start=TODAY - timedelta(days=30),
                            end=TODAY + timedelta(days=10))
            nb.add_letter("Dr K")
            nb.add_letter("Dr M", status="agreed", deadline=TODAY + timedelta(days=18))
            yield nb

    def test_lines_and_json(self, db_path: Path, ending: Notebook) -> None:
        result = run(db_path, "reminders")
        assert_ok(result)
        assert result.output.splitlines() == [
            "· Surgery @ Lakeside is half over and no feedback is logged: ask for mid-rotation feedback.",
            "· Ask Dr K for a letter: Surgery @ Lakeside ends in 10 days."]
        img = json.loads(run(db_path, "reminders", "--img", "--json").output)
        assert [r["kind"] for r in img] == ["feedback", "letter", "deadline"]
        assert "ECFMG" in img[-1]["text"]

    def test_img_from_the_environment(self, db_path: Path, ending: Notebook, monkeypatch) -> None:
        monkeypatch.setenv("CLERKBOOK_IMG", "1")
        assert "ECFMG" in run(db_path, "reminders").output

    def test_nothing_to_remind(self, db_path: Path, notebook: Notebook) -> None:
        notebook.add_rotation("Pediatrics", start=TODAY - timedelta(days=400), end=TODAY - timedelta(days=360))
        assert run(db_path, "reminders").output == "Nothing to remind you of.\n"
