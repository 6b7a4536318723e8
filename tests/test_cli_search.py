"""``clerkbook search``: readable hits, JSON, every filter, --reindex, and one-line errors.

The notebook is filled through the store, then searched with the click command as a user would type it.
All patients are fictional.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clerkbook.cli import cli
from clerkbook.store import open_notebook

OCT = datetime(2026, 10, 5, 12, tzinfo=timezone.utc)
NOV = datetime(2026, 11, 12, 12, tzinfo=timezone.utc)


def run(db: Path, *args: str, color: bool = False) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], color=color)


def assert_ok(result: Result) -> None:
    assert (result.exit_code, result.exception) == (0, None), result.output


def assert_user_error(result: Result, *fragments: str) -> None:
    """Exit 1, no traceback, nothing on stdout, one ``clerkbook: ...`` line on stderr."""
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (result.output, result.exception)
    assert result.stdout == "" and result.stderr.startswith("clerkbook: ") and result.stderr.count("\n") == 1
    assert all(fragment in result.stderr for fragment in fragments), result.stderr


def hits(result: Result) -> list[tuple[str, int]]:
    assert_ok(result)
    return [(hit["kind"], hit["id"]) for hit in json.loads(result.stdout)]


@pytest.fixture
def db(db_path: Path) -> Path:
    """Two rotations; a to-do, a point, a question, a note and a reflection that all mention the ward."""
    with open_notebook(db_path) as nb:
        medicine = nb.add_rotation("Internal Medicine", site="Riverside General", start=date(2026, 10, 1)).id
        surgery = nb.add_rotation("Surgery", site="Lakeside", start=date(2026, 11, 9)).id
        b12 = nb.add_patient("B12", "67M", "CHF", rotation_id=medicine).id
        b7 = nb.add_patient("B7", "71M", "SBO", rotation_id=surgery).id
        nb.add_todo("Recheck K+ after spironolactone on the ward", patient_id=b12, at=OCT)
        nb.add_point("Spironolactone causes hyperkalemia on the ward", topic="cardio", tags=["renal"],
                     rotation_id=medicine, at=OCT)
        nb.add_question("Why NG decompression in SBO on the ward?", patient_id=b7, at=NOV)
        nb.create_note("progress", patient_id=b7, title="Progress HD2", at=NOV,
                       sections={"plan": "Walk the ward. Heart failure clinic"})
        nb.save_reflection("2026-W47", {"went_well": "Presented on the ward round"}, rotation_id=surgery, at=NOV)
    return db_path


class TestOutput:
    """Blocks a person reads in a terminal; JSON for scripts."""

    def test_a_hit_block(self, db: Path) -> None:
        result = run(db, "search", "spiro", "--kind", "todo")
        assert_ok(result)
        first, snippet = result.stdout.splitlines()
        assert first.startswith("to-do 1  2026-10-0") and "Recheck K+ after spironolactone on the ward" in first
        assert "(Internal Medicine @ Riverside General · B12 · 67M · CHF)" in first
        assert snippet == "    Recheck K+ after spironolactone on the ward"

    def test_matches_are_bold_in_a_terminal(self, db: Path) -> None:
        result = run(db, "search", "heart", "fail", color=True)
        assert_ok(result)
        assert "\x1b[1mHeart\x1b[0m \x1b[1mfailure\x1b[0m" in result.stdout

    def test_blocks_are_separated(self, db: Path) -> None:
        result = run(db, "search", "ward")
        assert_ok(result)
        assert result.stdout.count("\n\n") == 4 and len(result.stdout.strip().split("\n\n")) == 5

    def test_json(self, db: Path) -> None:
        result = run(db, "search", "spironolactone", "--json")
        assert sorted(hits(result)) == [("teaching_point", 1), ("todo", 1)]
        todo = next(hit for hit in json.loads(result.stdout) if hit["kind"] == "todo")
        assert todo == {"kind": "todo", "id": 1, "title": "Recheck K+ after spironolactone on the ward",
                        "snippet": "Recheck K+ after spironolactone on the ward", "marks": [[17, 31]],
                        "created_at": "2026-10-05T12:00:00+00:00", "rotation_id": 1,
                        "rotation": "Internal Medicine @ Riverside General", "patient_id": 1,
                        "patient": "B12 · 67M · CHF"}

    def test_no_hits_is_not_an_error(self, db: Path) -> None:
        result = run(db, "search", "appendicitis")
        assert_ok(result)
        assert result.stdout == "Nothing matches 'appendicitis'.\n"
        assert hits(run(db, "search", "appendicitis", "--json")) == []


class TestFilters:
    """--kind, --rotation, --patient, --tag, --since, --until and --limit."""

    def test_kind_is_repeatable(self, db: Path) -> None:
        assert sorted(hits(run(db, "search", "ward", "--kind", "point", "--kind", "NOTE", "--json"))) == [
            ("note", 1), ("teaching_point", 1)]

    @pytest.mark.parametrize("name", ["surgery", "Surgery @ Lakeside", "surg", "lakeside"])
    def test_rotation_by_name(self, db: Path, name: str) -> None:
        assert sorted(kind for kind, _ in hits(run(db, "search", "ward", "--rotation", name, "--json"))) == [
            "note", "question", "reflection"]

    def test_patient_by_bed_on_the_rotation(self, db: Path) -> None:
        assert sorted(hits(run(db, "search", "ward", "--patient", "bed 7", "--json"))) == [("note", 1),
                                                                                          ("question", 1)]
        assert hits(run(db, "search", "ward", "--patient", "B12", "--rotation", "medicine", "--json")) == [
            ("todo", 1)]

    def test_tag_and_dates(self, db: Path) -> None:
        assert hits(run(db, "search", "ward", "--tag", "renal", "--json")) == [("teaching_point", 1)]
        assert sorted(k for k, _ in hits(run(db, "search", "ward", "--since", "2026-11-01", "--json"))) == [
            "note", "question", "reflection"]
        assert sorted(k for k, _ in hits(run(db, "search", "ward", "--until", "2026-10-31", "--json"))) == [
            "teaching_point", "todo"]

    def test_limit(self, db: Path) -> None:
        assert len(hits(run(db, "search", "ward", "--limit", "2", "--json"))) == 2


class TestReindex:
    """--reindex rebuilds the index from the entries and says how many it holds."""

    def test_reindex_alone(self, db: Path) -> None:
        with closing(sqlite3.connect(db)) as connection, connection:
            connection.execute("DELETE FROM search_index")
        assert hits(run(db, "search", "ward", "--json")) == []
        result = run(db, "search", "--reindex")
        assert_ok(result)
        assert result.stdout == "Rebuilt the search index: 5 entries.\n"
        assert len(hits(run(db, "search", "ward", "--json"))) == 5

    def test_reindex_then_search(self, db: Path) -> None:
        result = run(db, "search", "--reindex", "decompression")
        assert_ok(result)
        assert result.stdout.startswith("question 1  ")


class TestClerkshipLogs:
    """Procedures, feedback, letters, contacts and the daily log are found, filtered and labelled."""

    @pytest.fixture
    def logs(self, db: Path) -> Path:
        with open_notebook(db) as nb:
            nb.add_procedure("ABG", day=date(2026, 11, 13), supervisor="Dr. Okafor", notes="On the ward", at=NOV)
            nb.add_feedback("My presentations on the ward run long", day=date(2026, 11, 14), giver="Dr. Okafor",
                            context="Rounds", will_change="Lead with the assessment", at=NOV)
            nb.add_letter("Dr. Lindqvist", notes="Met on the ward", at=NOV)
            nb.add_contact("Priya Raman", notes="Ward coordinator", at=NOV)
            nb.save_daily(date(2026, 11, 12), {"diagnoses": "Adrenal crisis on the ward"}, at=NOV)
        return db

    def test_each_log_is_a_kind(self, logs: Path) -> None:
        assert hits(run(logs, "search", "okafor", "presentations", "--json")) == [("feedback", 1)]
        assert hits(run(logs, "search", "abg", "--json")) == [("procedure", 1)]
        kinds = ["--kind", "procedure", "--kind", "feedback", "--kind", "letter", "--kind", "contact", "--kind",
                 "daily"]
        assert sorted(hits(run(logs, "search", "ward", *kinds, "--json"))) == [
            ("contact", 1), ("daily_entry", 1), ("feedback", 1), ("letter", 1), ("procedure", 1)]
        assert hits(run(logs, "search", "ward", "--kind", "DAILY", "--json")) == [("daily_entry", 1)]

    @pytest.mark.parametrize(("words", "head"), [
        ("presentations", "feedback 1  2026-11-12  Dr. Okafor · Rounds"),
        ("abg", "procedure 1  2026-11-12  ABG"),
        ("lindqvist", "letter 1  2026-11-12  Dr. Lindqvist"),
        ("coordinator", "contact 1  2026-11-12  Priya Raman"),
        ("adrenal", "daily log 1  2026-11-12  2026-11-12"),
    ])
    def test_readable_labels(self, logs: Path, words: str, head: str) -> None:
        result = run(logs, "search", words)
        assert_ok(result)
        assert result.stdout.splitlines()[0].startswith(head), result.stdout

    def test_reindex_counts_the_logs(self, logs: Path) -> None:
        with closing(sqlite3.connect(logs)) as connection, connection:
            connection.execute("DELETE FROM search_index")
        result = run(logs, "search", "--reindex")
        assert_ok(result)
        assert result.stdout == "Rebuilt the search index: 10 entries.\n"
        assert len(hits(run(logs, "search", "ward", "--json"))) == 10

    def test_help_names_the_logs(self, db_path: Path) -> None:
        result = run(db_path, "search", "--help")
        assert_ok(result)
        assert "procedure|feedback|letter|contact|daily" in result.stdout and "daily log" in result.stdout


class TestErrors:
    """Mistakes are one line and exit 1; what users type is never an SQL error."""

    @pytest.mark.parametrize("typed", ['"', '"unbalanced', "a*b", "(", "AND", "OR OR", "NOT", "col:x", "^x",
                                       "NEAR(a b)", "-x", "🩺", "ward " * 300, "title:ward", "{title}",
                                       "ward\udcff"])
    def test_fts5_syntax_is_only_text(self, db: Path, typed: str) -> None:
        # "--" ends the options, as in any command: "-x" is otherwise an unknown option (a usage error).
        assert_ok(run(db, "search", "--", typed))
        assert_ok(run(db, "search", "--json", "--kind", "note", "--rotation", "surgery", "--", typed))

    def test_only_punctuation(self, db: Path) -> None:
        result = run(db, "search", "(", "*")
        assert_ok(result)
        assert result.stdout == "No words to search for in '( *'.\n"

    @pytest.mark.parametrize(("args", "fragments"), [
        ([], ("Nothing to search for",)),
        (["ward", "--rotation", "cardiology"], ("No rotation matches 'cardiology'", "Surgery @ Lakeside")),
        (["ward", "--rotation", "e"], ("matches several rotations",)),
        (["ward", "--patient", "B99"], ("No patient in bed 'B99' on Surgery @ Lakeside",)),
        (["ward", "--since", "2026-11-02", "--until", "2026-11-01"], ("--since 2026-11-02 is after --until",)),
        (["ward", "--since", "someday"], ("--since: Cannot read",)),
        (["ward", "--tag", "#"], ("tag",)),
    ])
    def test_one_line_errors(self, db: Path, args: list[str], fragments: tuple[str, ...]) -> None:
        assert_user_error(run(db, "search", *args), *fragments)

    def test_bad_kind_and_limit_are_usage_errors(self, db: Path) -> None:
        assert run(db, "search", "ward", "--kind", "patient").exit_code == 2
        assert run(db, "search", "ward", "--limit", "0").exit_code == 2

    def test_help_does_not_create_the_notebook(self, db_path: Path) -> None:
        result = run(db_path, "search", "--help")
        assert_ok(result)
        assert "--reindex" in result.stdout and not db_path.exists()
