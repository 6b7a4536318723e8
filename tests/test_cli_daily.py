"""``clerkbook daily``: writing the day's learning log from a shell, and reading it back."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from clerkbook.domain.clock import local_now
from clerkbook.store import Notebook, open_notebook
from tests.test_cli import assert_ok, assert_usage_error, assert_user_error, run

TODAY = local_now().date()


def test_add_show_and_list(db_path: Path, rotation_nb: Notebook) -> None:
    added = run(db_path, "daily", "add", "--diagnoses", "Gallstone ileus", "-q", "Rigler triad?")
    assert_ok(added)
    assert added.output == f"Added to the daily log for {TODAY} under diagnoses, questions.\n"
    more = run(db_path, "daily", "add", "-g", "Mirizzi syndrome", "-x", "Presented without vitals")
    assert_ok(more)
    assert more.output == f"Added to the daily log for {TODAY} under diagnoses, mistakes (already written: questions).\n"
    assert_ok(run(db_path, "daily", "add", "-m", "NPO, IVF, NG", "--date", "yesterday"))
    shown = run(db_path, "daily", "show")
    assert_ok(shown)
    assert shown.output.splitlines()[1:4] == ["New diagnoses I saw today", "  Gallstone ileus", "  Mirizzi syndrome"]
    assert "Important management points\n  —\n" in shown.output and "  Rigler triad?" in shown.output
    yesterday = json.loads(run(db_path, "daily", "show", "yesterday", "--json").output)
    assert (yesterday["management"], yesterday["diagnoses"]) == ("NPO, IVF, NG", "")
    listing = run(db_path, "daily", "list")
    assert_ok(listing)
    lines = listing.output.splitlines()
    assert lines[0].split() == ["DAY", "DX", "MGMT", "MISTAKES", "QUESTIONS", "FIRST", "LINE"]
    assert lines[1].startswith(str(TODAY)) and lines[1].split()[2:6] == ["2", "0", "1", "1"]
    assert [e["entry_date"] for e in json.loads(run(db_path, "daily", "list", "--json").output)] == [
        str(TODAY), str(TODAY - timedelta(days=1))]
    monday = TODAY - timedelta(days=TODAY.weekday())
    week = json.loads(run(db_path, "daily", "list", "--week", f"{monday:%G-W%V}", "--json").output)
    assert str(TODAY) in [e["entry_date"] for e in week]


def test_nothing_written_and_mistakes(db_path: Path, rotation_nb: Notebook) -> None:
    assert "Nothing written for" in run(db_path, "daily", "show", "mon").output
    assert run(db_path, "daily", "show", "--json").output == "null\n"
    assert_user_error(run(db_path, "daily", "add"), "Nothing to add")
    assert_user_error(run(db_path, "daily", "add", "-g", "x", "--date", "2099-01-01"), "--date:")
    assert_user_error(run(db_path, "daily", "show", "someday"), "DAY:")
    assert_user_error(run(db_path, "daily", "list", "--week", "W48"), "--week:")
    assert_usage_error(run(db_path, "daily", "add", "--feelings", "tired"))
    with open_notebook(db_path) as nb:
        assert nb.list_daily() == []
