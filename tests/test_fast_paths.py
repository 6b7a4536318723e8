"""The plain-sqlite3 paths: the shift screen's reader and quick capture from the shell.

They must answer exactly as the SQLModel store does (same rows, same order, same counts, same
messages), without importing SQLAlchemy, and step aside for a file the full open must handle.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from ui_helpers import NOW

from clerkbook.cli import cli
from clerkbook.domain.shift import load_shift
from clerkbook.domain.weeks import iso_week
from clerkbook.store import Notebook
from clerkbook.store.shift_read import open_shift_reader


@pytest.fixture
def busy(notebook: Notebook) -> Notebook:
    """A rotation mid-shift: patients (one discharged), to-dos in every state, points, questions, notes."""
    nb = notebook
    nb.add_rotation("Pediatrics", site="Northside Children's", service="Wards",
                    start=date(2026, 11, 2), end=date(2026, 11, 27))
    older = NOW - timedelta(days=2)
    b3 = nb.add_patient("B3", "4M", "bronchiolitis", at=older)
    b9 = nb.add_patient("B9", "11F", "DKA")
    gone = nb.add_patient("B1", "2F", "croup", at=older)
    nb.discharge_patient(gone.id, at=NOW - timedelta(hours=1))
    nb.add_todo("wean O2", kind="task", patient_id=b3.id, due_at=NOW + timedelta(hours=2))
    nb.add_todo("BMP q4h", kind="lab", patient_id=b9.id, due_at=NOW - timedelta(minutes=5))
    nb.add_todo("call endo", kind="consult", patient_id=b9.id)
    done_now = nb.add_todo("CXR read", kind="imaging", patient_id=b3.id)
    nb.complete_todo(done_now.id, when=NOW - timedelta(hours=1))
    done_long_ago = nb.add_todo("admission orders", patient_id=b3.id)
    nb.complete_todo(done_long_ago.id, when=NOW - timedelta(days=2))
    nb.add_todo("read on DKA protocols")
    nb.add_point("Bronchiolitis is a clinical diagnosis", topic="pulm", source="Dr A", at=older)
    nb.add_point("Fluids before insulin in DKA", topic="endo", starred=True, patient_id=b9.id)
    nb.add_point("Today's pearl", source="resident")
    nb.add_question("When to start bicarbonate?")
    answered = nb.add_question("Croup score?", at=older)
    nb.answer_question(answered.id, "Westley\nsecond line")
    nb.create_note(kind="soap", patient_id=b3.id, title="Day 2")
    nb.create_note(kind="hp", patient_id=b9.id, title="Admission H&P")
    nb.save_reflection(iso_week(NOW.date()), {"went_well": "Presented on rounds", "free_text": "tired"})
    return nb


def fields(rows, *names):
    return [tuple(getattr(row, name) for name in names) for row in rows]


def test_reader_shows_what_the_notebook_shows(busy: Notebook) -> None:
    reader = open_shift_reader(busy.path)
    assert reader is not None
    try:
        fast, slow = load_shift(reader, NOW), load_shift(busy, NOW)
    finally:
        reader.close()
    assert fast.rotation.name == slow.rotation.name == "Pediatrics @ Northside Children's"
    assert fast.rotation_week == slow.rotation_week
    assert fields(fast.patients, "id", "label") == fields(slow.patients, "id", "label")
    assert "B1 · 2F · croup" in fast.patient_labels.values() and fast.patient_labels == slow.patient_labels
    todo_fields = ("id", "patient_id", "text", "kind", "due_at", "done_at", "position")
    assert fields(fast.todos, *todo_fields) == fields(slow.todos, *todo_fields)
    assert "admission orders" not in [t.text for t in fast.todos]  # done two days ago: off the list
    assert [t.text for t in fast.overdue] == ["BMP q4h"]
    assert [[t.id for t in todos] for _, todos in fast.todos_by_patient()] == \
        [[t.id for t in todos] for _, todos in slow.todos_by_patient()]
    assert fields(fast.points, "id", "text", "topic", "source", "starred", "created_at") == \
        fields(slow.points, "id", "text", "topic", "source", "starred", "created_at")
    assert fast.points[0].text == "Fluids before insulin in DKA"
    assert fields(fast.questions, "id", "status", "answer") == fields(slow.questions, "id", "status", "answer")
    assert fields(fast.notes, "id", "kind", "title", "status", "updated_at") == \
        fields(slow.notes, "id", "kind", "title", "status", "updated_at")
    assert fast.week_counts == slow.week_counts and fast.week_counts.todos_done == 2
    assert (fast.reflection.went_well, fast.reflection.free_text) == ("Presented on rounds", "tired")


def test_reader_without_a_rotation(notebook: Notebook) -> None:
    reader = open_shift_reader(notebook.path)
    shift = load_shift(reader, NOW)
    reader.close()
    assert shift.rotation is None and shift.todos == [] and shift.week_counts.notes_written == 0


def test_reader_steps_aside_for_a_missing_or_older_file(tmp_path: Path, notebook: Notebook) -> None:
    assert open_shift_reader(tmp_path / "not-yet.db") is None
    with sqlite3.connect(notebook.path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0003'")
    assert open_shift_reader(notebook.path) is None


def test_reader_sees_commits_through_data_version(rotation_nb: Notebook) -> None:
    reader = open_shift_reader(rotation_nb.path)
    before = reader.data_version()
    assert reader.data_version() == before  # nothing happened: nothing to reload
    rotation_nb.add_todo("page radiology")
    assert reader.data_version() != before
    assert [t.text for t in load_shift(reader, NOW).todos] == ["page radiology"]
    reader.close()


# Quick capture --------------------------------------------------------------------------------------


def add(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "add", *args])


def test_add_todo_creates_the_patient_once_and_is_searchable(db_path: Path, rotation_nb: Notebook) -> None:
    first = add(db_path, "todo", "f/u lactate", "-p", "Bed 7 · 61M · sepsis", "-k", "LAB")
    again = add(db_path, "todo", "repeat cultures", "-p", "b7")
    assert first.exit_code == again.exit_code == 0, (first.output, again.output)
    assert first.output.endswith("f/u lactate (lab, Bed 7 · 61M · sepsis)\n")
    assert again.output.endswith("repeat cultures (task, Bed 7 · 61M · sepsis)\n")
    patients = rotation_nb.list_patients()
    assert [p.label for p in patients] == ["Bed 7 · 61M · sepsis"]
    todos = rotation_nb.list_todos()
    assert [(t.text, t.patient_id, t.position) for t in todos] == [
        ("f/u lactate", patients[0].id, 1), ("repeat cultures", patients[0].id, 2)]
    assert len(todos[0].uid) == 32 and todos[0].uid != todos[1].uid
    from clerkbook.domain.search_query import parse_query

    assert [hit.entry_id for hit in rotation_nb.search(parse_query("lactate"))] == [todos[0].id]


def test_add_question_then_refusals_write_nothing(db_path: Path, notebook: Notebook) -> None:
    refused = add(db_path, "question", "Why?")
    assert refused.exit_code == 1 and "No rotation yet" in refused.stderr
    notebook.add_rotation("Surgery", start=date(2026, 11, 9))
    asked = add(db_path, "question", "Why NPO after midnight?", "-p", "B2")
    assert asked.exit_code == 0 and asked.output.startswith("Added question ")
    assert [(q.text, q.status.value) for q in notebook.list_questions()] == [("Why NPO after midnight?", "open")]
    empty_label = add(db_path, "todo", "x", "-p", " · ")
    assert empty_label.exit_code == 1 and "Patient label is empty" in empty_label.stderr
    assert notebook.list_todos() == []


def test_add_todo_does_not_import_the_database_layer(db_path: Path, rotation_nb: Notebook) -> None:
    code = ("import sys\nfrom clerkbook.cli import main\n"
            f"sys.argv = ['clerkbook', '--db', {str(db_path)!r}, 'add', 'todo', 'check', 'Mg', '-d', 'in 2h']\n"
            "main()\nprint('sqlalchemy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False"
    assert [t.text for t in rotation_nb.list_todos()] == ["check Mg"]


def test_a_foreign_database_is_left_to_the_full_open(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    result = add(other, "todo", "x")
    assert result.exit_code == 1 and "not a clerkbook notebook" in result.stderr
    with sqlite3.connect(other) as connection:
        assert [row[0] for row in connection.execute("SELECT name FROM sqlite_master")] == ["t"]


# Opening the app without click ---------------------------------------------------------------------


@pytest.mark.parametrize(("args", "expected"), [
    ([], None),
    (["--db", "ward.db"], "ward.db"),
    (["--db=ward.db"], "ward.db"),
    (["--db"], "click"),
    (["--db", "--help"], "click"),
    (["--db="], "click"),
    (["--help"], "click"),
    (["--db", "ward.db", "list", "todos"], "click"),
    (["list", "todos"], "click"),
])
def test_only_a_bare_launch_skips_click(args: list[str], expected) -> None:
    from clerkbook.cli import _NOT_BARE, _bare_launch

    found = _bare_launch(args)
    assert (found is _NOT_BARE) if expected == "click" else (found == expected)


def test_a_bare_launch_on_a_foreign_file_is_one_line_without_click(tmp_path: Path) -> None:
    stray = tmp_path / "shopping.txt"
    stray.write_text("eggs\n", encoding="utf-8")
    code = ("import sys\nfrom clerkbook.cli import main\n"
            f"sys.argv = ['clerkbook', '--db', {str(stray)!r}]\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    print(exc.code, 'click' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["1", "False"]
    assert result.stderr == f"clerkbook: {stray} is not a clerkbook notebook (it is not an SQLite database).\n"
    assert stray.read_text(encoding="utf-8") == "eggs\n"
