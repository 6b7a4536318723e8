"""Tests for the ``clerkbook`` command line: what a user sees, and what ends up in the notebook.

Every test runs the click commands with ``--db`` at a file under tmp_path and reads the
notebook back with ``open_notebook``. All patients are fictional (bed · age/sex · one-liner).
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clerkbook import __version__
from clerkbook.cli import cli
from clerkbook.domain.clock import local_now
from clerkbook.store import Notebook, open_notebook

LABEL = "B12 · 67M · CHF exacerbation"
ROTATION_ARGS = ["rotation", "new", "Internal", "Medicine", "--site", "Riverside General", "--start", "2026-11-09"]
SURGERY_ARGS = ["rotation", "new", "Surgery", "--site", "Mercy", "--start", "2027-01-04"]


def run(db: Path | None, *args: str) -> Result:
    """Invoke the CLI as a user would type it, with ``--db`` unless ``db`` is None."""
    prefix = ["--db", str(db)] if db is not None else []
    return CliRunner().invoke(cli, [*prefix, *args])


def assert_ok(result: Result) -> None:
    assert (result.exit_code, result.exception) == (0, None), result.output


def assert_user_error(result: Result, *fragments: str) -> None:
    """Exit 1, no traceback, nothing on stdout, one ``clerkbook: ...`` line on stderr."""
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (result.output, result.exception)
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert result.stdout == "" and result.stderr.startswith("clerkbook: ")
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    assert all(fragment in result.stderr for fragment in fragments), result.stderr


def assert_usage_error(result: Result, *fragments: str) -> None:
    """Click's own usage error: exit 2 and a ``Usage:`` / ``Error:`` message on stderr."""
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), (result.output, result.exception)
    assert "Traceback" not in result.output and "Usage:" in result.stderr and "Error:" in result.stderr
    assert all(fragment in result.stderr for fragment in fragments), result.stderr


def counts(db: Path) -> dict[str, int]:
    """How many entries of each kind the notebook file holds now."""
    with open_notebook(db) as nb:
        return nb.counts()


def table_ids(output: str) -> list[int]:
    """The IDs in the first column of a printed table, header skipped."""
    return [int(line.split()[0]) for line in output.splitlines()[1:] if line.strip()]


class TestGroup:
    """--version, --help everywhere, and which notebook file is used."""

    def test_version(self, db_path: Path) -> None:
        result = run(db_path, "--version")
        assert_ok(result)
        assert result.stdout.strip() == f"clerkbook {__version__}"

    @pytest.mark.parametrize("args", [
        [], ["add"], ["add", "todo"], ["add", "point"], ["add", "question"], ["list"], ["done"],
        ["rotation"], ["rotation", "new"], ["rotation", "list"], ["rotation", "switch"], ["demo"], ["backup"],
    ], ids=lambda args: " ".join(args) or "clerkbook")
    def test_help_exits_0_without_creating_the_notebook(self, db_path: Path, args: list[str]) -> None:
        result = run(db_path, *args, "--help")
        assert_ok(result)
        assert "Usage:" in result.stdout and not db_path.exists()

    def test_env_var_is_used_without_db_and_db_wins_over_it(self, tmp_path: Path) -> None:
        env_db = Path(os.environ["CLERKBOOK_DB"])
        assert env_db.parent == tmp_path
        assert_ok(run(None, *ROTATION_ARGS))
        with open_notebook(env_db) as nb:
            assert [r.specialty for r in nb.list_rotations()] == ["Internal Medicine"]
        other = tmp_path / "other.db"
        assert_ok(run(other, *SURGERY_ARGS))
        with open_notebook(other) as nb:
            assert [r.specialty for r in nb.list_rotations()] == ["Surgery"]
        assert counts(env_db)["rotations"] == 1


class TestRotation:
    """rotation new / list / switch."""

    def test_new_with_every_option(self, db_path: Path) -> None:
        result = run(db_path, *ROTATION_ARGS, "--end", "2026-12-18", "--service", "Gold team")
        assert_ok(result)
        assert result.stdout == (
            "Added rotation 1: Internal Medicine @ Riverside General, from 2026-11-09 to 2026-12-18 (current)\n")
        with open_notebook(db_path) as nb:
            (made,) = nb.list_rotations()
        assert (made.specialty, made.site, made.service) == ("Internal Medicine", "Riverside General", "Gold team")
        assert (str(made.start_date), str(made.end_date), made.is_current) == ("2026-11-09", "2026-12-18", True)
        not_current = run(db_path, *SURGERY_ARGS, "--not-current")
        assert_ok(not_current)
        assert not_current.stdout == "Added rotation 2: Surgery @ Mercy, from 2027-01-04\n"
        with open_notebook(db_path) as nb:
            assert nb.current_rotation().specialty == "Internal Medicine"

    def test_new_errors(self, db_path: Path) -> None:
        assert_user_error(run(db_path, "rotation", "new", "Surgery", "--site", "Mercy", "--start", "someday"),
                          "--start", "someday")
        assert_user_error(run(db_path, "rotation", "new", "Surgery", "--site", "Mercy", "--start", "2026-12-01",
                              "--end", "2026-11-01"), "before it starts")
        assert_user_error(run(db_path, "rotation", "new", " ", "--site", "Mercy", "--start", "2026-12-01"), "empty")
        assert_usage_error(run(db_path, "rotation", "new", "Surgery", "--start", "2026-12-01"), "--site")
        assert counts(db_path)["rotations"] == 0

    def test_list_table_and_json(self, db_path: Path) -> None:
        empty = run(db_path, "rotation", "list")
        assert_ok(empty)
        assert "No rotations yet" in empty.stdout and "rotation new" in empty.stdout
        assert_ok(run(db_path, *ROTATION_ARGS, "--service", "Gold team"))
        assert_ok(run(db_path, *SURGERY_ARGS, "--not-current"))
        table = run(db_path, "rotation", "list")
        assert_ok(table)
        header, newest, older = table.stdout.splitlines()
        assert header.split() == ["ID", "START", "END", "SERVICE", "ROTATION"]
        assert newest.split()[:2] == ["2", "2027-01-04"] and "Surgery @ Mercy" in newest
        assert older.startswith("*") and "Gold team" in older and "Internal Medicine @ Riverside General" in older
        data = json.loads(run(db_path, "rotation", "list", "--json").stdout)
        assert [(r["id"], r["specialty"], r["is_current"]) for r in data] == [
            (2, "Surgery", False), (1, "Internal Medicine", True)]
        assert data[1]["start_date"] == "2026-11-09" and data[1]["end_date"] is None

    def test_switch_and_unknown_id(self, db_path: Path) -> None:
        assert_ok(run(db_path, *ROTATION_ARGS))
        assert_ok(run(db_path, *SURGERY_ARGS, "--not-current"))
        result = run(db_path, "rotation", "switch", "2")
        assert_ok(result)
        assert result.stdout == "Current rotation: Surgery @ Mercy\n"
        assert_user_error(run(db_path, "rotation", "switch", "99"), "No rotation with id 99")
        assert_usage_error(run(db_path, "rotation", "switch", "two"))
        with open_notebook(db_path) as nb:
            assert nb.current_rotation().id == 2


class TestAddTodo:
    """add todo: patients from labels, kinds, due phrases, and inputs that write nothing."""

    def test_patient_label_creates_then_bed_reuses(self, db_path: Path, rotation_nb: Notebook) -> None:
        first = run(db_path, "add", "todo", "Follow", "up", "AM", "K+", "--patient", LABEL, "--kind", "lab")
        assert_ok(first)
        assert first.stdout == f"Added to-do 1: Follow up AM K+ (lab, {LABEL})\n"
        assert_ok(run(db_path, "add", "todo", "Daily weight", "-p", "b12"))
        with open_notebook(db_path) as nb:
            (patient,) = nb.list_patients()
            assert (patient.bed, patient.age_sex, patient.summary) == ("B12", "67M", "CHF exacerbation")
            assert patient.rotation_id == nb.current_rotation().id
            assert [(t.text, t.patient_id) for t in nb.list_todos()] == [
                ("Follow up AM K+", patient.id), ("Daily weight", patient.id)]

    @pytest.mark.parametrize("kind, stored", [
        (None, "task"), ("lab", "lab"), ("imaging", "imaging"), ("consult", "consult"), ("task", "task"),
        ("follow-up", "follow-up"), ("Follow-Up", "follow-up"),
    ])
    def test_each_kind(self, db_path: Path, rotation_nb: Notebook, kind: str | None, stored: str) -> None:
        result = run(db_path, "add", "todo", "Check the chest film", *(["--kind", kind] if kind else []))
        assert_ok(result)
        assert result.stdout == f"Added to-do 1: Check the chest film ({stored})\n"
        with open_notebook(db_path) as nb:
            assert [t.kind.value for t in nb.list_todos()] == [stored]

    def test_due_phrases(self, db_path: Path, rotation_nb: Notebook) -> None:
        before = local_now()
        result = run(db_path, "add", "todo", "Repeat troponin", "--due", "in 2h")
        assert_ok(result)
        assert "(task, due " in result.stdout
        assert_ok(run(db_path, "add", "todo", "Check AM labs", "-d", "tomorrow 7am"))
        with open_notebook(db_path) as nb:
            in_2h, tomorrow = (t.due_at.astimezone(before.tzinfo) for t in nb.list_todos())
        assert abs(in_2h - (before + timedelta(hours=2))) < timedelta(minutes=2)
        assert (tomorrow.date(), tomorrow.hour, tomorrow.minute) == (before.date() + timedelta(days=1), 7, 0)

    @pytest.mark.parametrize("args, code, fragment", [
        (["Check AM labs", "--due", "tomorow"], 1, "'tomorow'"),
        ([""], 1, "To-do text is empty."),
        (["   "], 1, "To-do text is empty."),
        (["Call radiology", "--kind", "xray"], 2, "'xray' is not one of"),
        ([], 2, "Missing argument 'TEXT...'"),
    ], ids=["bad-due", "empty", "blank", "bad-kind", "no-text"])
    def test_bad_input_writes_nothing(self, db_path: Path, rotation_nb: Notebook, args, code, fragment) -> None:
        result = run(db_path, "add", "todo", "-p", LABEL, *args)
        (assert_user_error if code == 1 else assert_usage_error)(result, fragment)
        assert counts(db_path)["todos"] == counts(db_path)["patients"] == 0

    def test_no_rotation_yet_says_how_to_create_one(self, db_path: Path) -> None:
        assert_user_error(run(db_path, "add", "todo", "Check AM labs"), "No rotation yet", "clerkbook rotation new")
        assert_user_error(run(db_path, "add", "todo", "Check AM labs", "-p", LABEL), "No rotation yet")
        assert not any(counts(db_path).values())


class TestAddPointAndQuestion:
    """add point (topic, source, star, tags) and add question."""

    def test_point_with_everything(self, db_path: Path, rotation_nb: Notebook) -> None:
        result = run(db_path, "add", "point", "Loop diuretics can cause ototoxicity", "--topic", "cardio",
                     "--source", "attending", "--star", "--tag", "Nephro", "--tag", "#pharm", "-p", LABEL)
        assert_ok(result)
        assert result.stdout == "Added teaching point 1: Loop diuretics can cause ototoxicity\n"
        with open_notebook(db_path) as nb:
            (point,) = nb.list_points()
            assert (point.topic, point.source, point.starred) == ("cardio", "attending", True)
            assert nb.tags_for("teaching_point", point.id) == ["nephro", "pharm"]
            assert nb.get_patient(point.patient_id).label == LABEL

    def test_point_defaults_and_empty_text(self, db_path: Path, rotation_nb: Notebook) -> None:
        assert_ok(run(db_path, "add", "point", "CURB-65", "guides", "pneumonia", "admission"))
        assert_user_error(run(db_path, "add", "point", "  "), "Teaching point is empty")
        with open_notebook(db_path) as nb:
            assert [(p.text, p.topic, p.source, p.starred) for p in nb.list_points()] == [
                ("CURB-65 guides pneumonia admission", "", "", False)]

    def test_question(self, db_path: Path, rotation_nb: Notebook) -> None:
        result = run(db_path, "add", "question", "Why does digoxin cause visual changes?", "-p", "C3 · 81F · AF")
        assert_ok(result)
        assert result.stdout == "Added question 1: Why does digoxin cause visual changes?\n"
        assert_user_error(run(db_path, "add", "question", ""), "Question is empty")
        with open_notebook(db_path) as nb:
            (question,) = nb.list_questions()
            assert question.status.value == "open"
            assert nb.get_patient(question.patient_id).bed == "C3"


@pytest.fixture
def ward(rotation_nb: Notebook) -> dict[str, int]:
    """To-dos due in the past, the future and never, one done, on one fictional patient."""
    nb, now = rotation_nb, datetime.now(timezone.utc)
    patient = nb.patient_for_label(LABEL)
    ids = {
        "later": nb.add_todo("Echo read", kind="imaging", due_at=now + timedelta(hours=5)).id,
        "undated": nb.add_todo("Discharge summary draft").id,
        "overdue": nb.add_todo("Repeat BMP", kind="lab", patient_id=patient.id, due_at=now - timedelta(hours=2)).id,
        "soon": nb.add_todo("Cards consult", kind="consult", due_at=now + timedelta(minutes=30)).id,
        "done": nb.add_todo("Morning vitals", due_at=now - timedelta(hours=6)).id,
    }
    nb.complete_todo(ids["done"])
    return ids


class TestListTodos:
    """list todos: order, --all, --json."""

    def test_overdue_then_due_then_undated_and_all(self, db_path: Path, ward: dict[str, int]) -> None:
        result = run(db_path, "list", "todos")
        assert_ok(result)
        assert result.stdout.splitlines()[0].split() == ["ID", "KIND", "DUE", "PATIENT", "TO-DO"]
        assert table_ids(result.stdout) == [ward["overdue"], ward["soon"], ward["later"], ward["undated"]]
        assert all(part in result.stdout.splitlines()[1] for part in ("[ ]", "lab", "overdue", LABEL, "Repeat BMP"))
        every = run(db_path, "list", "todos", "--all")
        assert_ok(every)
        assert table_ids(every.stdout) == [ward["overdue"], ward["soon"], ward["later"], ward["undated"], ward["done"]]
        assert "[x]" in every.stdout.splitlines()[-1]

    def test_json(self, db_path: Path, ward: dict[str, int]) -> None:
        result = run(db_path, "list", "todos", "--json", "--all")
        assert_ok(result)
        data = json.loads(result.stdout)
        assert [t["id"] for t in data][0] == ward["overdue"] and len(data) == 5
        assert all({"id", "text", "kind", "due_at", "done_at", "patient"} <= item.keys() for item in data)
        by_id = {t["id"]: t for t in data}
        overdue, done = by_id[ward["overdue"]], by_id[ward["done"]]
        assert (overdue["kind"], overdue["patient"], overdue["done_at"]) == ("lab", LABEL, None)
        assert datetime.fromisoformat(overdue["due_at"]) < datetime.now(timezone.utc)
        assert datetime.fromisoformat(done["done_at"]).tzinfo is not None
        assert by_id[ward["undated"]]["due_at"] is None and by_id[ward["undated"]]["patient"] is None

    def test_no_rotation_and_unknown_kind(self, db_path: Path) -> None:
        assert_user_error(run(db_path, "list", "todos"), "No rotation yet")
        assert_usage_error(run(db_path, "list", "patients"), "patients")


class TestListOthers:
    """list points, questions, notes and reflections as tables and JSON; every kind when empty."""

    @pytest.fixture
    def filled(self, rotation_nb: Notebook) -> Notebook:
        nb = rotation_nb
        patient = nb.patient_for_label(LABEL)
        nb.add_point("Check a BNP trend, not one value", topic="cardio", source="resident", tags=["hf"])
        nb.add_point("Spironolactone improves HFrEF survival", topic="cardio", source="attending", starred=True)
        nb.answer_question(nb.add_question("Target weight loss per day on IV diuresis?").id, "About 0.5-1 kg")
        nb.add_question("When to start an SGLT2 inhibitor?")
        nb.create_note("soap", patient_id=patient.id, title="Day 2 progress", sections={"assessment": "Improving"})
        nb.create_note("hp", title="Admission H&P (practice)")
        nb.save_reflection("2026-W48", {"went_well": "Presented a new admission on rounds\nand more"})
        nb.save_reflection("2026-W47", {"free_text": "First week on the wards"})
        return nb

    def test_points(self, db_path: Path, filled: Notebook) -> None:
        result = run(db_path, "list", "points")
        assert_ok(result)
        lines = result.stdout.splitlines()
        assert lines[0].split() == ["ID", "TOPIC", "SOURCE", "TEACHING", "POINT"]
        assert lines[1].split()[:2] == ["2", "*"] and "Spironolactone" in lines[1]
        data = json.loads(run(db_path, "list", "points", "--json").stdout)
        assert [(p["id"], p["starred"], p["tags"]) for p in data] == [(2, True, []), (1, False, ["hf"])]

    def test_questions(self, db_path: Path, filled: Notebook) -> None:
        result = run(db_path, "list", "questions")
        assert_ok(result)
        assert table_ids(result.stdout) == [2, 1]
        assert "open" in result.stdout.splitlines()[1]
        assert "answered" in result.stdout and "— About 0.5-1 kg" in result.stdout
        data = json.loads(run(db_path, "list", "questions", "--json").stdout)
        assert [(q["id"], q["status"], q["answer"]) for q in data] == [
            (2, "open", ""), (1, "answered", "About 0.5-1 kg")]

    def test_notes(self, db_path: Path, filled: Notebook) -> None:
        result = run(db_path, "list", "notes")
        assert_ok(result)
        assert "H&P" in result.stdout and "SOAP" in result.stdout and LABEL in result.stdout
        data = json.loads(run(db_path, "list", "notes", "--json").stdout)
        assert {(n["kind"], n["title"], n["patient"]) for n in data} == {
            ("soap", "Day 2 progress", LABEL), ("hp", "Admission H&P (practice)", None)}
        assert all(datetime.fromisoformat(n["updated_at"]).tzinfo is not None for n in data)

    def test_reflections(self, db_path: Path, filled: Notebook) -> None:
        result = run(db_path, "list", "reflections")
        assert_ok(result)
        lines = result.stdout.splitlines()
        assert lines[1].startswith("2026-W48") and lines[1].endswith("Presented a new admission on rounds")
        assert lines[2].startswith("2026-W47") and "First week on the wards" in lines[2]
        data = json.loads(run(db_path, "list", "reflections", "--json").stdout)
        assert [r["week"] for r in data] == ["2026-W48", "2026-W47"]

    @pytest.mark.parametrize("what, message", [
        (["todos"], "No open to-dos."), (["todos", "--all"], "No to-dos."), (["points"], "No teaching points yet."),
        (["questions"], "No questions yet."), (["notes"], "No notes yet."), (["reflections"], "No reflections yet."),
    ], ids=lambda value: " ".join(value) if isinstance(value, list) else "")
    def test_empty(self, db_path: Path, rotation_nb: Notebook, what: list[str], message: str) -> None:
        result = run(db_path, "list", *what)
        assert_ok(result)
        assert result.stdout == message + "\n"
        assert json.loads(run(db_path, "list", *what, "--json").stdout) == []

    def test_all_spans_rotations(self, db_path: Path, filled: Notebook) -> None:
        filled.add_rotation("Surgery", site="Mercy", start=filled.current_rotation().start_date + timedelta(days=42))
        filled.add_point("Appendicitis: pain migrates to the RLQ", topic="gi")
        assert table_ids(run(db_path, "list", "points").stdout) == [3]
        assert sorted(table_ids(run(db_path, "list", "points", "--all").stdout)) == [1, 2, 3]


class TestDone:
    """done: one id, several ids, and unknown ids that change nothing."""

    def test_one_and_several(self, db_path: Path, ward: dict[str, int]) -> None:
        one = run(db_path, "done", str(ward["soon"]))
        assert_ok(one)
        assert one.stdout == f"Done: {ward['soon']} Cards consult\n"
        several = run(db_path, "done", str(ward["overdue"]), str(ward["later"]))
        assert_ok(several)
        assert several.stdout.splitlines() == [
            f"Done: {ward['overdue']} Repeat BMP", f"Done: {ward['later']} Echo read"]
        with open_notebook(db_path) as nb:
            assert [t.id for t in nb.list_todos()] == [ward["undated"]]

    def test_unknown_id_changes_nothing(self, db_path: Path, ward: dict[str, int]) -> None:
        assert_user_error(run(db_path, "done", str(ward["overdue"]), "99"), "99")
        assert_user_error(run(db_path, "done", "99"), "No to-do with id 99")
        assert_usage_error(run(db_path, "done", "one"))
        assert_usage_error(run(db_path, "done"))
        with open_notebook(db_path) as nb:
            assert nb.get_todo(ward["overdue"]).done_at is None
            assert len(nb.list_todos()) == 4


class TestDemo:
    """demo fills an empty notebook once, with fictional data, and refuses a second time."""

    def test_fills_an_empty_notebook_then_refuses(self, db_path: Path) -> None:
        result = run(db_path, "demo")
        assert_ok(result)
        filled = counts(db_path)
        assert filled["rotations"] > 0 and filled["todos"] > 0 and filled["patients"] > 0
        assert result.stdout.startswith("Demo notebook ready") and f"{filled['todos']} todos" in result.stdout
        assert "fictional" in result.stdout.lower()
        assert_user_error(run(db_path, "demo"), "already")
        assert counts(db_path) == filled

    def test_refuses_a_notebook_with_data(self, db_path: Path, rotation_nb: Notebook) -> None:
        assert_user_error(run(db_path, "demo"), "already")
        assert counts(db_path) == {**dict.fromkeys(counts(db_path), 0), "rotations": 1}


class TestBackup:
    """backup: default folder, --out, and never overwriting a file."""

    def test_default_location(self, db_path: Path, ward: dict[str, int]) -> None:
        result = run(db_path, "backup")
        assert_ok(result)
        daily = f"notebook-{datetime.now().date().isoformat()}.db"  # the automatic copy of the day, taken at the open
        (copy,) = [p for p in (db_path.parent / "backups").iterdir() if p.name != daily]
        assert copy.name.startswith("notebook-") and copy.suffix == ".db"
        assert result.stdout == f"Backup written to {copy}\n"
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        with open_notebook(copy) as nb, open_notebook(db_path) as original:
            assert [t.text for t in nb.list_todos(include_done=True)] == [
                t.text for t in original.list_todos(include_done=True)]

    def test_out_and_never_overwriting(self, db_path: Path, tmp_path: Path, ward: dict[str, int]) -> None:
        out = tmp_path / "copy.db"
        result = run(db_path, "backup", "--out", str(out))
        assert_ok(result)
        assert result.stdout == f"Backup written to {out}\n"
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        assert counts(out)["todos"] == 5
        keep = tmp_path / "keep.db"
        keep.write_bytes(b"an earlier backup")
        assert_user_error(run(db_path, "backup", "--out", str(keep)), "already exists")
        assert keep.read_bytes() == b"an earlier backup"
        assert_user_error(run(db_path, "backup", "--out", str(tmp_path / "nowhere" / "x.db")), "does not exist")


class TestBadFiles:
    """--db at something that is not a clerkbook notebook is refused and left byte-identical."""

    def test_garbage_file(self, tmp_path: Path) -> None:
        garbage = tmp_path / "garbage.db"
        garbage.write_bytes(os.urandom(4095))  # whole 512-byte blocks would look encrypted
        before = garbage.read_bytes()
        assert_user_error(run(garbage, "list", "todos"), "not a clerkbook notebook")
        assert_user_error(run(garbage, "add", "todo", "Check AM labs"), "not a clerkbook notebook")
        assert garbage.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["garbage.db"]

    def test_missing_folder(self, tmp_path: Path) -> None:
        assert_user_error(run(tmp_path / "no-such-folder" / "nb.db", *ROTATION_ARGS), "does not exist")
        assert not (tmp_path / "no-such-folder").exists()

    def test_other_sqlite_database(self, tmp_path: Path) -> None:
        other = tmp_path / "inventory.db"
        connection = sqlite3.connect(other)
        connection.executescript("CREATE TABLE stock (item TEXT, qty INT); INSERT INTO stock VALUES ('gloves', 200);")
        connection.close()
        before = other.read_bytes()
        assert_user_error(run(other, *ROTATION_ARGS), "not a clerkbook notebook")
        assert_user_error(run(other, "backup"), "not a clerkbook notebook")
        assert other.read_bytes() == before
        assert not (tmp_path / "backups").exists()


def test_end_to_end_with_the_installed_module(tmp_path: Path) -> None:
    """python -m clerkbook, with the notebook chosen by $CLERKBOOK_DB only."""
    db = tmp_path / "e2e.db"
    env = {**os.environ, "CLERKBOOK_DB": str(db), "PYTHONIOENCODING": "utf-8"}

    def clerkbook(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "clerkbook", *args], env=env, capture_output=True,
                              text=True, encoding="utf-8", timeout=60)

    steps = [
        (ROTATION_ARGS, "Added rotation 1"),
        (["add", "todo", "Follow up AM K+", "-p", LABEL, "-k", "lab", "-d", "in 2h"], "Added to-do 1"),
        (["list", "todos"], "Follow up AM K+"),
        (["done", "1"], "Done: 1 Follow up AM K+"),
        (["list", "todos"], "No open to-dos."),
    ]
    for args, expected in steps:
        proc = clerkbook(*args)
        assert proc.returncode == 0, proc.stderr
        assert expected in proc.stdout and proc.stderr == ""
    proc = clerkbook("done", "7")
    assert proc.returncode == 1 and proc.stderr == "clerkbook: No to-do with id 7.\n"
    with open_notebook(db) as nb:
        (todo,) = nb.list_todos(include_done=True)
        assert todo.done_at is not None and nb.get_patient(todo.patient_id).label == LABEL
