"""``clerkbook checklist``: the documents a rotation needs before it starts, and certifications' expiry."""

from __future__ import annotations

import json

import click

from clerkbook.cli.clerkship import _JSON, _ROTATION, day, short, words
from clerkbook.cli.output import echo_json, echo_table, row_json
from clerkbook.cli.state import CliState, pass_state
from clerkbook.models.kinds import CERTIFICATION_SUGGESTIONS, ChecklistStatus

_MARK = {"needed": " ", "requested": "~", "done": "✓"}


@click.group()
def checklist() -> None:
    """Documents to gather before a rotation (needed / requested / done) and certifications (BLS, ACLS)."""


def _rotation(notebook, rotation_id: int | None):
    return notebook.get_rotation(rotation_id) if rotation_id is not None else notebook.require_current_rotation()


@checklist.command("show")
@_ROTATION
@_JSON
@pass_state
def checklist_show(state: CliState, rotation_id: int | None, as_json: bool) -> None:
    """A rotation's documents, then certifications, with a warning for any that expires before it ends."""
    from clerkbook.domain.clock import local_now
    from clerkbook.domain.reminders import certification_warnings

    notebook = state.notebook()
    rotation = _rotation(notebook, rotation_id)
    items = notebook.list_checklist(rotation_id=rotation.id)
    certs = notebook.list_certifications()
    warnings = certification_warnings(certs, rotation, local_now().date())
    if as_json:
        click.echo(json.dumps({
            "rotation": row_json(rotation), "documents": [row_json(i) for i in items],
            "certifications": [row_json(c) for c in certs],
            "warnings": [{"text": w.text, "urgent": w.urgent} for w in warnings]}, indent=2, ensure_ascii=False))
        return
    done = sum(1 for i in items if ChecklistStatus(i.status) == ChecklistStatus.DONE)
    click.echo(click.style(f"{rotation.name}, from {rotation.start_date}: {done} of {len(items)} documents done",
                           bold=True))
    if items:
        echo_table(["", "ID", "STATUS", "DONE ON", "DOCUMENT"],
                   [[_MARK[ChecklistStatus(i.status).value], str(i.id), ChecklistStatus(i.status).value,
                     str(i.done_date or ""), i.name + (f" — {short(i.notes, 40)}" if i.notes else "")] for i in items])
    else:
        click.echo("No documents: add one with `clerkbook checklist add NAME`.")
    click.echo()
    if certs:
        echo_table(["ID", "EXPIRES", "CERTIFICATION"],
                   [[str(c.id), str(c.expires_date or "never"), c.name] for c in certs])
    else:
        click.echo("No certifications: add one with `clerkbook checklist cert add BLS --expires 2027-06-30`.")
    for warning in warnings:
        click.echo(click.style(f"! {warning.text}", fg="red" if warning.urgent else "yellow"))


@checklist.command("add")
@click.argument("name", nargs=-1, required=True)
@click.option("--notes", "-n", default="", help="Who wants it, where to send it.")
@_ROTATION
@pass_state
def checklist_add(state: CliState, name, notes: str, rotation_id: int | None) -> None:
    """Add a document NAME to a rotation's checklist (the current one's by default)."""
    made = state.notebook().add_checklist_item(words(name, "Document name"), notes=notes, rotation_id=rotation_id)
    click.echo(f"Added document {made.id}: {made.name} (needed)")


def _set_status(state: CliState, item: tuple[str, ...], status: ChecklistStatus, when: str | None,
                rotation_id: int | None) -> None:
    from clerkbook.domain.clock import local_now

    notebook = state.notebook()
    rotation = _rotation(notebook, rotation_id)
    found = notebook.find_checklist_item(words(item, "Document"), rotation_id=rotation.id)
    on = day(when, "--date")
    made = notebook.update_checklist_item(found.id, status=status, done=on, today=local_now().date())
    click.echo(f"{made.name}: {made.status.value}" + (f" on {made.done_date}" if made.done_date else ""))


@checklist.command("done")
@click.argument("item", nargs=-1, required=True)
@click.option("--date", "-d", "when", metavar="DAY", help="When it was done: today (default), yesterday, 'nov 20'.")
@_ROTATION
@pass_state
def checklist_done(state: CliState, item, when: str | None, rotation_id: int | None) -> None:
    """Mark document ITEM done: its id, its name or the start of it ("immun")."""
    _set_status(state, item, ChecklistStatus.DONE, when, rotation_id)


@checklist.command("requested")
@click.argument("item", nargs=-1, required=True)
@_ROTATION
@pass_state
def checklist_requested(state: CliState, item, rotation_id: int | None) -> None:
    """Mark document ITEM requested (asked for, not in hand yet)."""
    _set_status(state, item, ChecklistStatus.REQUESTED, None, rotation_id)


@checklist.command("needed")
@click.argument("item", nargs=-1, required=True)
@_ROTATION
@pass_state
def checklist_needed(state: CliState, item, rotation_id: int | None) -> None:
    """Mark document ITEM needed again."""
    _set_status(state, item, ChecklistStatus.NEEDED, None, rotation_id)


@checklist.command("remove")
@click.argument("item", nargs=-1, required=True)
@_ROTATION
@pass_state
def checklist_remove(state: CliState, item, rotation_id: int | None) -> None:
    """Take document ITEM off the checklist (a visa you do not need)."""
    notebook = state.notebook()
    found = notebook.find_checklist_item(words(item, "Document"), rotation_id=_rotation(notebook, rotation_id).id)
    gone = notebook.delete_checklist_item(found.id)
    click.echo(f"Removed document {gone.id}: {gone.name}")


# Certifications --------------------------------------------------------------------------------------


@checklist.group("cert")
def cert() -> None:
    """Certifications and when they expire: BLS, ACLS, PALS, ..."""


def _suggest(_ctx, _param, incomplete: str) -> list[str]:
    return [name for name in CERTIFICATION_SUGGESTIONS if name.lower().startswith(incomplete.lower())]


@cert.command("add")
@click.argument("name", nargs=-1, required=True, shell_complete=_suggest)
@click.option("--expires", "-e", metavar="DAY", help="When it expires: 2027-06-30, 'jun 30' (none: it does not).")
@click.option("--notes", "-n", default="", help="Anything to remember: card number kept where, course booked.")
@pass_state
def cert_add(state: CliState, name, expires: str | None, notes: str) -> None:
    """Record certification NAME and its expiry date."""
    made = state.notebook().add_certification(words(name, "Certification name"),
                                              expires=day(expires, "--expires", past=False), notes=notes)
    click.echo(f"Added certification {made.id}: {made.name}" +
               (f", expires {made.expires_date}" if made.expires_date else ", does not expire"))


@cert.command("list")
@_JSON
@pass_state
def cert_list(state: CliState, as_json: bool) -> None:
    """Certifications, the first to expire first."""
    certs = state.notebook().list_certifications()
    if as_json:
        echo_json([row_json(c) for c in certs])
        return
    if not certs:
        click.echo("No certifications: add one with `clerkbook checklist cert add BLS --expires 2027-06-30`.")
        return
    echo_table(["ID", "EXPIRES", "CERTIFICATION"], [[str(c.id), str(c.expires_date or "never"), c.name] for c in certs])


@cert.command("renew")
@click.argument("cert_id", type=int)
@click.option("--expires", "-e", metavar="DAY", required=True, help="The new expiry date.")
@pass_state
def cert_renew(state: CliState, cert_id: int, expires: str) -> None:
    """Give certification CERT_ID its new expiry date."""
    made = state.notebook().update_certification(cert_id, expires=day(expires, "--expires", past=False))
    click.echo(f"{made.name} now expires {made.expires_date}")


@cert.command("remove")
@click.argument("cert_id", type=int)
@pass_state
def cert_remove(state: CliState, cert_id: int) -> None:
    """Delete certification CERT_ID."""
    gone = state.notebook().delete_certification(cert_id)
    click.echo(f"Removed certification {gone.id}: {gone.name}")

