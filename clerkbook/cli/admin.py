"""Rotations, the demo notebook and backups."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from clerkbook.cli.output import echo_json, echo_table, row_json
from clerkbook.cli.state import CliState, UserError, pass_state


def _date(value: str | None, what: str) -> date | None:
    if value is None:
        return None
    from clerkbook.domain.clock import local_now
    from clerkbook.domain.dates import DateParseError, parse_when

    try:
        return parse_when(value, local_now()).date()
    except DateParseError as exc:
        raise UserError(f"{what}: {exc}") from None


@click.group()
def rotation() -> None:
    """Create, list and switch rotations."""


@rotation.command("new")
@click.argument("specialty", nargs=-1, required=True)
@click.option("--site", required=True, help="Hospital or clinic.")
@click.option("--service", default="", help="Service or team, e.g. 'Gold team'.")
@click.option("--start", "start", required=True, metavar="DATE", help="First day, e.g. 2026-11-30 or 'mon'.")
@click.option("--end", "end", metavar="DATE", help="Last day.")
@click.option("--not-current", is_flag=True, help="Keep the current rotation current.")
@pass_state
def rotation_new(state: CliState, specialty, site: str, service: str, start: str, end: str | None,
                 not_current: bool) -> None:
    """Add a rotation (it becomes the current one)."""
    name = " ".join(specialty).strip()
    if not name:
        raise UserError("Specialty is empty.")
    made = state.notebook().add_rotation(
        name, site=site, service=service, start=_date(start, "--start"), end=_date(end, "--end"),
        make_current=not not_current,
    )
    current = " (current)" if made.is_current else ""
    click.echo(f"Added rotation {made.id}: {made.name}, from {made.start_date}" +
               (f" to {made.end_date}" if made.end_date else "") + current)


@rotation.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_state
def rotation_list(state: CliState, as_json: bool) -> None:
    """List rotations, the most recent first; * marks the current one."""
    rotations = state.notebook().list_rotations()
    if as_json:
        echo_json([row_json(r) for r in rotations])
        return
    if not rotations:
        click.echo("No rotations yet: add one with `clerkbook rotation new SPECIALTY --site SITE --start DATE`.")
        return
    rows = [["*" if r.is_current else "", str(r.id), str(r.start_date), str(r.end_date or ""), r.service, r.name]
            for r in rotations]
    echo_table(["", "ID", "START", "END", "SERVICE", "ROTATION"], rows)


@rotation.command("switch")
@click.argument("rotation_id", type=int)
@pass_state
def rotation_switch(state: CliState, rotation_id: int) -> None:
    """Make ROTATION_ID the current rotation."""
    made = state.notebook().set_current_rotation(rotation_id)
    click.echo(f"Current rotation: {made.name}")


@click.command()
@pass_state
def demo(state: CliState) -> None:
    """Fill an empty notebook with a fictional two-rotation sample."""
    from clerkbook.domain.clock import local_now
    from clerkbook.domain.demo import fill_demo

    notebook = state.notebook()
    counts = fill_demo(notebook, local_now())
    summary = ", ".join(f"{count} {name}" for name, count in counts.items())
    click.echo(f"Demo notebook ready at {notebook.path}: {summary}.")
    # Say exactly how to open this notebook, which may not be the default one.
    opener = "clerkbook" if state.db_path is None else f"clerkbook --db {click.format_filename(state.db_path)}"
    click.echo(f"Everything in it is fictional. Open it with: {opener}")


@click.command()
@click.option("--out", "out", metavar="PATH", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the copy (default: a dated file in a 'backups' folder beside the notebook).")
@pass_state
def backup(state: CliState, out: Path | None) -> None:
    """Write a consistent copy of the notebook, even while the app is open."""
    from clerkbook.domain.clock import local_now
    from clerkbook.store.paths import ensure_private_dir

    notebook = state.notebook()
    if out is None:
        folder = notebook.path.parent / "backups"
        ensure_private_dir(folder)
        stem = f"{notebook.path.stem}-{local_now().strftime('%Y%m%d-%H%M%S')}"
        out = folder / f"{stem}.db"
        for number in range(2, 100):
            if not out.exists():
                break
            out = folder / f"{stem}-{number}.db"
    written = notebook.backup(out.expanduser())
    click.echo(f"Backup written to {written}")





def _attach_rotation_end() -> None:
    # Its own module (the shred bin has much to say); attached here so `clerkbook rotation end` loads with the group.
    from clerkbook.cli.rotation_end import rotation_end

    rotation.add_command(rotation_end)


_attach_rotation_end()
