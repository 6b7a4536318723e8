"""``clerkbook letter``, ``clerkbook contact`` and ``clerkbook reminders``: the people of the clerkship."""

from __future__ import annotations

import click

from clerkbook.cli.clerkship import _JSON, _ROTATION, day, rotation_names, short, words
from clerkbook.cli.output import echo_json, echo_table, row_json
from clerkbook.cli.state import CliState, UserError, pass_state
from clerkbook.models.kinds import LETTER_MATERIALS, ContactRole, LetterStatus

#: --sent choices, as people say them, and the letter column each sets.
SENT = {"cv": "sent_cv", "statement": "sent_statement", "cases": "sent_cases"}
_SENT = click.option("--sent", "sent", multiple=True, type=click.Choice(list(SENT), case_sensitive=False),
                     help="What you sent the writer (repeatable): cv, statement (personal statement draft), "
                          "cases (reminder of key cases).")
_STATUSES = [status.value for status in LetterStatus]


def sent_summary(letter) -> str:
    """ "CV, key cases": what was sent, shortly."""
    names = {"sent_cv": "CV", "sent_statement": "statement", "sent_cases": "key cases"}
    return ", ".join(names[column] for column, _ in LETTER_MATERIALS if getattr(letter, column))


# Letters ---------------------------------------------------------------------------------------------


@click.group()
def letter() -> None:
    """Letters of recommendation: whom to ask, deadlines, what you sent, where each stands."""


@letter.command("add")
@click.argument("attending", nargs=-1, required=True)
@click.option("--status", type=click.Choice(_STATUSES, case_sensitive=False), default=LetterStatus.TO_ASK.value,
              show_default=True, help="Where it stands.")
@click.option("--asked", metavar="DAY", help="When you asked: today, 'mon', 'dec 10', 2026-12-10.")
@click.option("--deadline", metavar="DAY", help="When it must be in: 2027-09-15, 'sep 15'.")
@_SENT
@click.option("--notes", "-n", default="", help="Anything to remember: the specialty, the program, ...")
@_ROTATION
@pass_state
def letter_add(state: CliState, attending, status: str, asked: str | None, deadline: str | None, sent,
               notes: str, rotation_id: int | None) -> None:
    """Add a letter to ask ATTENDING for, on the current rotation (or --rotation)."""
    name = words(attending, "Attending")
    asked_day = day(asked, "--asked")
    if asked_day is None and status != LetterStatus.TO_ASK.value:
        asked_day = day("today", "--asked")
    made = state.notebook().add_letter(
        name, status=status, asked=asked_day, deadline=day(deadline, "--deadline", past=False), notes=notes,
        rotation_id=rotation_id, **{SENT[item.lower()]: True for item in sent},
    )
    due = f", due {made.deadline_date}" if made.deadline_date else ""
    click.echo(f"Added letter {made.id}: {made.attending} ({made.status.value}{due})")


@letter.command("list")
@_JSON
@pass_state
def letter_list(state: CliState, as_json: bool) -> None:
    """Every letter, the soonest deadline first."""
    notebook = state.notebook()
    rows = notebook.list_letters()
    names = rotation_names(notebook)
    if as_json:
        echo_json([row_json(x, rotation=names.get(x.rotation_id)) for x in rows])
        return
    if not rows:
        click.echo("No letters yet: add one with `clerkbook letter add ATTENDING --deadline DAY`.")
        return
    table = [[str(x.id), x.status.value, str(x.asked_date or ""), str(x.deadline_date or ""), sent_summary(x),
              f"{x.attending} · {names.get(x.rotation_id, '')}"] for x in rows]
    echo_table(["ID", "STATUS", "ASKED", "DEADLINE", "SENT", "ATTENDING · ROTATION"], table)


@letter.command("status")
@click.argument("letter_id", type=int)
@click.argument("status", type=click.Choice(_STATUSES, case_sensitive=False))
@_SENT
@click.option("--deadline", metavar="DAY", help="Set or change the deadline too.")
@pass_state
def letter_status(state: CliState, letter_id: int, status: str, sent, deadline: str | None) -> None:
    """Move letter LETTER_ID to STATUS (asking records today as the day asked)."""
    changes = {SENT[item.lower()]: True for item in sent}
    if deadline is not None:
        changes["deadline"] = day(deadline, "--deadline", past=False)
    made = state.notebook().update_letter(letter_id, status=status, today=day("today", "--asked"), **changes)
    extra = f"; sent {sent_summary(made)}" if sent_summary(made) else ""
    click.echo(f"Letter {made.id} from {made.attending}: {made.status.value}{extra}")


@letter.command("delete")
@click.argument("letter_id", type=int)
@pass_state
def letter_delete(state: CliState, letter_id: int) -> None:
    """Delete a letter."""
    gone = state.notebook().delete_letter(letter_id)
    click.echo(f"Deleted letter {gone.id}: {gone.attending}")


# Contacts --------------------------------------------------------------------------------------------


@click.group()
def contact() -> None:
    """Attendings, residents and coordinators: thank-yous and progress updates."""


@contact.command("add")
@click.argument("name", nargs=-1, required=True)
@click.option("--role", "-r", type=click.Choice([r.value for r in ContactRole], case_sensitive=False),
              default=ContactRole.ATTENDING.value, show_default=True, help="Who they are to you.")
@click.option("--notes", "-n", default="", help="What to remember: interests, advice, how to reach them.")
@_ROTATION
@pass_state
def contact_add(state: CliState, name, role: str, notes: str, rotation_id: int | None) -> None:
    """Add a contact met on the current rotation (or --rotation)."""
    made = state.notebook().add_contact(words(name, "Name"), role=role, notes=notes, rotation_id=rotation_id)
    click.echo(f"Added contact {made.id}: {made.name} ({made.role.value})")


@contact.command("list")
@_JSON
@pass_state
def contact_list(state: CliState, as_json: bool) -> None:
    """Every contact, by role then name."""
    notebook = state.notebook()
    rows = notebook.list_contacts()
    names = rotation_names(notebook)
    if as_json:
        echo_json([row_json(c, rotation=names.get(c.rotation_id)) for c in rows])
        return
    if not rows:
        click.echo("No contacts yet: add one with `clerkbook contact add NAME --role attending`.")
        return
    table = [[str(c.id), c.role.value, str(c.thanked_date or ""), str(c.last_update_date or ""),
              names.get(c.rotation_id, ""), c.name + (f" — {short(c.notes, 40)}" if c.notes else "")] for c in rows]
    echo_table(["ID", "ROLE", "THANKED", "LAST UPDATE", "ROTATION", "NAME"], table)


@contact.command("update")
@click.argument("contact_id", type=int)
@click.option("--thanked", metavar="DAY", help="When you sent a thank-you: today, 'fri', 'dec 19'.")
@click.option("--update-sent", "update_sent", metavar="DAY", help="When you last sent a progress update.")
@click.option("--name", default=None, help="Change the name.")
@click.option("--role", type=click.Choice([r.value for r in ContactRole], case_sensitive=False), default=None,
              help="Change the role.")
@click.option("--notes", default=None, help="Replace the notes.")
@pass_state
def contact_update(state: CliState, contact_id: int, thanked: str | None, update_sent: str | None,
                   name: str | None, role: str | None, notes: str | None) -> None:
    """Record a thank-you or a progress update sent to CONTACT_ID, or change its details."""
    changes: dict = {"name": name, "role": role, "notes": notes}
    if thanked is not None:
        changes["thanked"] = day(thanked, "--thanked")
    if update_sent is not None:
        changes["last_update"] = day(update_sent, "--update-sent")
    if all(value is None for value in changes.values()):
        raise UserError("Nothing to change: give --thanked DAY, --update-sent DAY, --name, --role or --notes.")
    made = state.notebook().update_contact(contact_id, **changes)
    details = [f"thanked {made.thanked_date}" if made.thanked_date else "",
               f"last update {made.last_update_date}" if made.last_update_date else ""]
    click.echo(f"Contact {made.id}: {made.name} ({made.role.value})"
               + "".join(f", {d}" for d in details if d))


@contact.command("delete")
@click.argument("contact_id", type=int)
@pass_state
def contact_delete(state: CliState, contact_id: int) -> None:
    """Delete a contact."""
    gone = state.notebook().delete_contact(contact_id)
    click.echo(f"Deleted contact {gone.id}: {gone.name}")


# Reminders -------------------------------------------------------------------------------------------


@click.command("reminders")
@click.option("--img", is_flag=True, envvar="CLERKBOOK_IMG",
              help="International medical graduate: warn of letter deadlines 3 weeks ahead, not 2 "
                   "(letters pass through ECFMG to ERAS). Also set by CLERKBOOK_IMG=1.")
@_JSON
@pass_state
def reminders(state: CliState, img: bool, as_json: bool) -> None:
    """What to do next: mid-rotation feedback, letters to ask for, deadlines, thank-yous, updates."""
    from clerkbook.domain.clock import local_now
    from clerkbook.domain.reminders import clerkship_reminders, load_clerkship_data

    found = clerkship_reminders(load_clerkship_data(state.notebook()), local_now(), img=img)
    if as_json:
        echo_json([{"kind": r.kind, "text": r.text, "urgent": r.urgent} for r in found])
        return
    if not found:
        click.echo("Nothing to remind you of.")
        return
    for reminder in found:
        click.echo(click.style(f"{'!' if reminder.urgent else '·'} {reminder.text}",
                               fg="red" if reminder.urgent else None))
