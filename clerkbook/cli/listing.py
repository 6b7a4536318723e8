"""``clerkbook list``: each kind of entry as a table or JSON."""

from __future__ import annotations

from clerkbook.cli.output import echo_json, echo_table, local_time, row_json
from clerkbook.domain.clock import local_now
from clerkbook.store import Notebook


def _patients(notebook: Notebook) -> dict[int, str]:
    labels: dict[int, str] = {}
    for rotation in notebook.list_rotations():
        for patient in notebook.list_patients(rotation_id=rotation.id, include_discharged=True):
            labels[patient.id] = patient.label
    return labels


def _first_line(text: str, width: int = 70) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def list_todos(notebook: Notebook, *, show_all: bool, as_json: bool) -> None:
    """Open to-dos of the current rotation, overdue first then by due time (``show_all``: done ones too)."""
    from clerkbook.domain.dates import describe_due

    todos = notebook.list_todos(include_done=show_all)
    labels = _patients(notebook)
    if as_json:
        echo_json([row_json(t, patient=labels.get(t.patient_id)) for t in todos])
        return
    if not todos:
        print_empty("No open to-dos." if not show_all else "No to-dos.")
        return
    now = local_now()
    rows, styles = [], []
    for todo in todos:
        if todo.done_at:
            due = f"done {local_time(todo.done_at)[-5:]}"
        else:
            due = describe_due(todo.due_at, now) if todo.due_at else ""
        state = "x" if todo.done_at else " "
        rows.append([str(todo.id), f"[{state}]", todo.kind.value, due, labels.get(todo.patient_id, ""), todo.text])
        overdue = todo.done_at is None and todo.due_at is not None and todo.due_at < now
        styles.append({"fg": "red"} if overdue else {"dim": True} if todo.done_at else {})
    echo_table(["ID", "", "KIND", "DUE", "PATIENT", "TO-DO"], rows, styles=styles)


def list_points(notebook: Notebook, *, show_all: bool, as_json: bool) -> None:
    """Teaching points of the current rotation (``show_all``: of every rotation), starred first."""
    points = notebook.list_points(all_rotations=show_all)
    if as_json:
        echo_json([row_json(p, tags=notebook.tags_for("teaching_point", p.id)) for p in points])
        return
    if not points:
        print_empty("No teaching points yet.")
        return
    rows = [[str(p.id), "*" if p.starred else "", p.topic, p.source, p.text] for p in points]
    echo_table(["ID", "", "TOPIC", "SOURCE", "TEACHING POINT"], rows)


def list_questions(notebook: Notebook, *, show_all: bool, as_json: bool) -> None:
    """Questions of the current rotation (``show_all``: of every rotation), open ones first."""
    questions = notebook.list_questions(all_rotations=show_all)
    if as_json:
        echo_json([row_json(q) for q in questions])
        return
    if not questions:
        print_empty("No questions yet.")
        return
    rows = [[str(q.id), q.status.value, q.text + (f" — {_first_line(q.answer)}" if q.answer else "")]
            for q in questions]
    echo_table(["ID", "STATUS", "QUESTION"], rows)


def list_notes(notebook: Notebook, *, show_all: bool, as_json: bool) -> None:
    """Note drafts of the current rotation (``show_all``: of every rotation), last edited first."""
    notes = notebook.list_notes(all_rotations=show_all)
    labels = _patients(notebook)
    if as_json:
        echo_json([row_json(n, patient=labels.get(n.patient_id)) for n in notes])
        return
    if not notes:
        print_empty("No notes yet.")
        return
    rows = [[str(n.id), n.kind.value.upper() if n.kind.value != "hp" else "H&P", n.status.value,
             local_time(n.updated_at), labels.get(n.patient_id, ""), n.title] for n in notes]
    echo_table(["ID", "KIND", "STATUS", "EDITED", "PATIENT", "TITLE"], rows)


def list_reflections(notebook: Notebook, *, show_all: bool, as_json: bool) -> None:
    """Every weekly reflection, the latest week first."""
    reflections = notebook.list_reflections()
    if as_json:
        echo_json([row_json(r) for r in reflections])
        return
    if not reflections:
        print_empty("No reflections yet.")
        return
    rows = [[r.week, local_time(r.updated_at), _first_line(r.went_well or r.free_text)] for r in reflections]
    echo_table(["WEEK", "EDITED", "WHAT WENT WELL"], rows)


def print_empty(message: str) -> None:
    """Say plainly that there is nothing to list."""
    import click

    click.echo(message)
