"""``clerkbook procedure`` and ``clerkbook feedback``: the procedure log and the feedback log.

Letters, contacts and reminders are in :mod:`clerkbook.cli.clerkship_people`; the helpers here are shared.
"""

from __future__ import annotations

from datetime import date

import click

from clerkbook.cli.output import echo_json, echo_table, row_json
from clerkbook.cli.state import CliState, UserError, pass_state
from clerkbook.models.kinds import PROCEDURE_SUGGESTIONS, ProcedureRole

_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
_ALL = click.option("--all", "show_all", is_flag=True, help="Every rotation, not just the current one.")
_ROTATION = click.option("--rotation", "rotation_id", type=int, metavar="ID",
                         help="The rotation (see `clerkbook rotation list`; default: the current one).")


def words(values: tuple[str, ...], what: str) -> str:
    """Words typed without quotes, joined; a one-line error when there are none."""
    text = " ".join(values).strip()
    if not text:
        raise UserError(f"{what} is empty.")
    return text


def day(text: str | None, option: str, *, past: bool = True, default_today: bool = False) -> date | None:
    """A day typed for ``option`` ("today", "fri", "nov 20", "2026-12-15"), or a one-line error naming it."""
    from clerkbook.domain.clock import local_now
    from clerkbook.domain.days import DateParseError, parse_day

    now = local_now()
    if text is None:
        return now.date() if default_today else None
    try:
        return parse_day(text, now, past=past)
    except DateParseError as exc:
        raise UserError(f"{option}: {exc}") from None


def short(text: str, width: int = 60) -> str:
    """The first line of ``text``, cut to ``width``."""
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def rotation_names(notebook) -> dict[int, str]:
    """Every rotation's name by id."""
    return {rotation.id: rotation.name for rotation in notebook.list_rotations()}


# Procedures ----------------------------------------------------------------------------------------


@click.group()
def procedure() -> None:
    """Log procedures and count them by role, ready for a CV."""


def _suggest(_ctx, _param, incomplete: str) -> list[str]:
    # Shell completion offers the built-in names; any other name can still be typed.
    return [name for name in PROCEDURE_SUGGESTIONS if name.lower().startswith(incomplete.lower())]


@procedure.command("add")
@click.argument("name", nargs=-1, required=True, shell_complete=_suggest)
@click.option("--role", "-r", type=click.Choice([r.value for r in ProcedureRole], case_sensitive=False),
              default=ProcedureRole.OBSERVED.value, show_default=True, help="How much of it you did.")
@click.option("--date", "-d", "when", metavar="DAY", help="When: today (default), yesterday, fri, 'nov 20', 2026-11-20.")
@click.option("--supervisor", "-s", default="", help="Who supervised: 'Dr K', 'PGY-2'.")
@click.option("--notes", "-n", default="", help="Anything to remember about it.")
@click.option("--patient", "-p", metavar="BED", help="The active patient in this bed on the current rotation.")
@_ROTATION
@pass_state
def procedure_add(state: CliState, name, role: str, when: str | None, supervisor: str, notes: str,
                  patient: str | None, rotation_id: int | None) -> None:
    """Log a procedure: NAME is what was done (venipuncture, ABG, NG tube, assisting in the OR, ...)."""
    text = words(name, "Procedure name")
    on = day(when, "--date", default_today=True)
    notebook = state.notebook()
    patient_id = None
    if patient is not None:
        found = notebook.find_patient(patient, rotation_id=rotation_id)
        if found is None:
            raise UserError(f"--patient: no active patient in bed '{patient}'.")
        patient_id = found.id
    made = notebook.add_procedure(text, day=on, role=role, supervisor=supervisor, notes=notes,
                                  patient_id=patient_id, rotation_id=rotation_id)
    click.echo(f"Logged procedure {made.id}: {made.name}, {made.role.value}, {made.procedure_date}")


@procedure.command("list")
@_ALL
@_JSON
@pass_state
def procedure_list(state: CliState, show_all: bool, as_json: bool) -> None:
    """Logged procedures, the latest first."""
    notebook = state.notebook()
    rows = notebook.list_procedures(all_rotations=show_all)
    if as_json:
        echo_json([row_json(p) for p in rows])
        return
    if not rows:
        click.echo("No procedures logged yet: add one with `clerkbook procedure add NAME --role performed`.")
        return
    names = rotation_names(notebook)
    table = [[str(p.id), str(p.procedure_date), p.role.value, p.supervisor]
             + ([names.get(p.rotation_id, "")] if show_all else [])
             + [p.name + (f" — {short(p.notes)}" if p.notes else "")] for p in rows]
    echo_table(["ID", "DATE", "ROLE", "SUPERVISOR"] + (["ROTATION"] if show_all else []) + ["PROCEDURE"], table)


@procedure.command("counts")
@_ALL
@_JSON
@pass_state
def procedure_counts(state: CliState, show_all: bool, as_json: bool) -> None:
    """How many of each procedure, observed, assisted and performed (--all: over every rotation)."""
    counts = state.notebook().procedure_counts(all_rotations=show_all)
    if as_json:
        echo_json([{"name": c.name, "observed": c.observed, "assisted": c.assisted, "performed": c.performed,
                    "total": c.total} for c in counts])
        return
    if not counts:
        click.echo("No procedures logged yet.")
        return
    rows = [[str(c.performed), str(c.assisted), str(c.observed), str(c.total), c.name] for c in counts]
    echo_table(["PERFORMED", "ASSISTED", "OBSERVED", "TOTAL", "PROCEDURE"], rows)


@procedure.command("delete")
@click.argument("procedure_id", type=int)
@pass_state
def procedure_delete(state: CliState, procedure_id: int) -> None:
    """Delete a logged procedure."""
    gone = state.notebook().delete_procedure(procedure_id)
    click.echo(f"Deleted procedure {gone.id}: {gone.name}, {gone.procedure_date}")


# Feedback --------------------------------------------------------------------------------------------


@click.group()
def feedback() -> None:
    """Log feedback, what you will change, and when you acted on it."""


@feedback.command("add")
@click.argument("said", nargs=-1, required=True)
@click.option("--from", "-f", "giver", default="", help="Who gave it: 'Dr K', 'PGY-2'.")
@click.option("--context", "-c", default="", help="When or about what: 'after rounds', 'H&P on B12'.")
@click.option("--change", "will_change", default="", help="What you will change.")
@click.option("--date", "-d", "when", metavar="DAY", help="When: today (default), yesterday, fri, 'nov 20'.")
@_ROTATION
@pass_state
def feedback_add(state: CliState, said, giver: str, context: str, will_change: str, when: str | None,
                 rotation_id: int | None) -> None:
    """Log feedback: SAID is what was said."""
    text = words(said, "What was said")
    made = state.notebook().add_feedback(text, day=day(when, "--date", default_today=True), giver=giver,
                                         context=context, will_change=will_change, rotation_id=rotation_id)
    click.echo(f"Logged feedback {made.id}" + (f" from {made.giver}" if made.giver else "") +
               f", {made.received_date}")


@feedback.command("list")
@_ALL
@_JSON
@pass_state
def feedback_list(state: CliState, show_all: bool, as_json: bool) -> None:
    """Feedback, the latest first; ✓ marks feedback you have acted on."""
    rows = state.notebook().list_feedback(all_rotations=show_all)
    if as_json:
        echo_json([row_json(f) for f in rows])
        return
    if not rows:
        click.echo("No feedback logged yet: add some with `clerkbook feedback add WHAT WAS SAID --from WHO`.")
        return
    table = [[str(f.id), str(f.received_date), "✓" if f.acted_date else "", f.giver, short(f.context, 24),
              short(f.said) + (f" → {short(f.will_change, 40)}" if f.will_change else "")] for f in rows]
    echo_table(["ID", "DATE", "ACTED", "FROM", "CONTEXT", "WHAT WAS SAID → WHAT I WILL CHANGE"], table)


@feedback.command("acted")
@click.argument("feedback_id", type=int)
@click.argument("text", nargs=-1, required=True)
@click.option("--date", "-d", "when", metavar="DAY", help="When you acted on it: today (default), 'mon', ...")
@pass_state
def feedback_acted(state: CliState, feedback_id: int, text, when: str | None) -> None:
    """Record what you did about feedback FEEDBACK_ID: TEXT says what."""
    done = words(text, "What you did")
    made = state.notebook().act_on_feedback(feedback_id, done, day=day(when, "--date", default_today=True))
    click.echo(f"Acted on feedback {made.id} on {made.acted_date}: {made.acted_text}")


@feedback.command("delete")
@click.argument("feedback_id", type=int)
@pass_state
def feedback_delete(state: CliState, feedback_id: int) -> None:
    """Delete a piece of feedback."""
    gone = state.notebook().delete_feedback(feedback_id)
    click.echo(f"Deleted feedback {gone.id}: {short(gone.said)}")
