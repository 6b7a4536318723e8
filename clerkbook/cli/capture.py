"""Quick capture from the shell: add, list and complete entries."""

from __future__ import annotations

import click

from clerkbook.cli.output import local_time
from clerkbook.cli.state import CliState, UserError, pass_state
from clerkbook.models import TodoKind

LIST_KINDS = ("todos", "points", "questions", "notes", "reflections")


def _text(words: tuple[str, ...], what: str) -> str:
    text = " ".join(words).strip()
    if not text:
        raise UserError(f"{what} is empty.")
    return text


def _due(when: str | None):
    if when is None:
        return None
    from clerkbook.domain.clock import local_now
    from clerkbook.domain.dates import DateParseError, parse_when

    try:
        return parse_when(when, local_now())
    except DateParseError as exc:
        raise UserError(str(exc)) from None


def _quick(state: CliState):
    """A plain-sqlite3 connection for one capture, or None when the full notebook must be opened."""
    from clerkbook.store.paths import resolve_db_path
    from clerkbook.store.quick_write import open_quick

    path, _ = resolve_db_path(state.db_path)
    # An encrypted notebook's passphrase, once the state carries one.
    return open_quick(path, passphrase=getattr(state, "passphrase", None))


def _patient_id(state: CliState, label: str | None) -> int | None:
    if label is None:
        return None
    return state.notebook().patient_for_label(label).id


@click.group()
def add() -> None:
    """Add a to-do, a teaching point or a question to the current rotation."""


@add.command("todo")
@click.argument("text", nargs=-1, required=True)
@click.option("--patient", "-p", metavar="LABEL", help='Patient bed or full label ("B12 · 67M · CHF"); new ones are created.')
@click.option("--kind", "-k", type=click.Choice([k.value for k in TodoKind], case_sensitive=False),
              default=TodoKind.TASK.value, show_default=True, help="What kind of to-do.")
@click.option("--due", "-d", metavar="WHEN", help='Due time: "16:00", "4pm", "tomorrow 7am", "in 2h", "mon 8am".')
@pass_state
def add_todo(state: CliState, text: tuple[str, ...], patient: str | None, kind: str, due: str | None) -> None:
    """Add a to-do: TEXT is what to do (quotes optional)."""
    body = _text(text, "To-do text")
    due_at = _due(due)
    quick = _quick(state)
    if quick is not None:
        # The common case, without importing the database layer: see clerkbook.store.quick_write.
        with quick:
            added = quick.add_todo(body, kind=kind, patient=patient, due_at=due_at)
        details = [added.kind] + ([added.patient_label] if added.patient_label else [])
        if due_at is not None:
            details.append(f"due {local_time(due_at)}")
        click.echo(f"Added to-do {added.id}: {added.text} ({', '.join(details)})")
        return
    notebook = state.notebook()
    patient_id = _patient_id(state, patient)
    todo = notebook.add_todo(body, kind=kind, patient_id=patient_id, due_at=due_at)
    details = [todo.kind.value]
    if patient_id is not None:
        details.append(notebook.get_patient(patient_id).label)
    if due_at is not None:
        details.append(f"due {local_time(due_at)}")
    click.echo(f"Added to-do {todo.id}: {todo.text} ({', '.join(details)})")


@add.command("point")
@click.argument("text", nargs=-1, required=True)
@click.option("--topic", "-t", default="", help="Topic, e.g. cardio.")
@click.option("--source", "-s", default="", help="Who taught it: attending, resident, reading, ...")
@click.option("--patient", "-p", metavar="LABEL", help="The patient it came from, if any.")
@click.option("--star", is_flag=True, help="Star it: starred points are pinned and go in the dossier.")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="A tag (repeatable).")
@pass_state
def add_point(state: CliState, text, topic: str, source: str, patient: str | None, star: bool, tags) -> None:
    """Add a teaching point: TEXT is what was taught."""
    body = _text(text, "Teaching point")
    point = state.notebook().add_point(body, topic=topic, source=source, patient_id=_patient_id(state, patient),
                                       starred=star, tags=tags)
    click.echo(f"Added teaching point {point.id}: {point.text}")


@add.command("question")
@click.argument("text", nargs=-1, required=True)
@click.option("--patient", "-p", metavar="LABEL", help="The patient it came from, if any.")
@pass_state
def add_question(state: CliState, text, patient: str | None) -> None:
    """Add a question to research later."""
    body = _text(text, "Question")
    quick = _quick(state)
    if quick is not None:
        with quick:
            added = quick.add_question(body, patient=patient)
        click.echo(f"Added question {added.id}: {added.text}")
        return
    question = state.notebook().add_question(body, patient_id=_patient_id(state, patient))
    click.echo(f"Added question {question.id}: {question.text}")


@click.command("done")
@click.argument("todo_ids", metavar="TODO_ID...", nargs=-1, required=True, type=int)
@pass_state
def done(state: CliState, todo_ids: tuple[int, ...]) -> None:
    """Mark to-dos done."""
    notebook = state.notebook()
    todos = [notebook.get_todo(todo_id) for todo_id in todo_ids]  # every id must exist before anything changes
    for todo in todos:
        if todo.done_at is not None:
            click.echo(f"Already done: {todo.id} {todo.text}")
        else:
            click.echo(f"Done: {todo.id} {notebook.complete_todo(todo.id).text}")


@click.command("list")
@click.argument("what", type=click.Choice(LIST_KINDS, case_sensitive=False))
@click.option("--all", "show_all", is_flag=True,
              help="todos: include done ones. points, questions, notes: every rotation, not just the current one.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_state
def list_cmd(state: CliState, what: str, show_all: bool, as_json: bool) -> None:
    """List todos, points, questions, notes or reflections."""
    from clerkbook.cli import listing

    getattr(listing, f"list_{what.lower()}")(state.notebook(), show_all=show_all, as_json=as_json)

