"""``clerkbook export`` and ``clerkbook import``: everything out, behind the PHI guard, and back in."""

from __future__ import annotations

from pathlib import Path

import click

from clerkbook.cli.output import echo_findings_kept, exit_blocked
from clerkbook.cli.state import CliState, UserError, pass_state

#: Exit status when the PHI guard stops an export, so scripts can tell it from other failures.


@click.command("export")
@click.option("--format", "fmt", required=True, type=click.Choice(["md", "html", "json", "anki", "dossier"]),
              help="md: a Markdown folder; html: one printable page; json: the whole notebook (backup and "
                   "import); anki: an .apkg deck; dossier: an interview dossier (Markdown and HTML).")
@click.option("--out", "out", metavar="PATH", type=click.Path(path_type=Path),
              help="File or folder to write (default: clerkbook-FORMAT-DATE in the current folder).")
@click.option("--rotation", metavar="NAME", help="Only this rotation (its name, specialty or the start of it).")
@click.option("--since", metavar="DATE", help="Only entries written on or after DATE.")
@click.option("--until", metavar="DATE", help="Only entries written on or before DATE.")
@click.option("--redact", is_flag=True, help="Replace what the PHI guard finds with [NAME], [DATE], ...")
@click.option("--allow-phi", is_flag=True, help="Export as is even if the PHI guard finds something.")
@click.option("--force", is_flag=True, help="Replace --out if it already exists.")
@pass_state
def export_cmd(state: CliState, fmt: str, out: Path | None, rotation: str | None, since: str | None,
               until: str | None, redact: bool, allow_phi: bool, force: bool) -> None:
    """Export the notebook for printing, study or safe keeping.

    Every export is checked by the PHI guard first: if it finds a name, a record number, a phone number, a
    precise date or another identifier, it lists them and writes nothing (exit status 3).
    """
    from clerkbook.domain.clock import local_now
    from clerkbook.domain.export.pipeline import (
        ExportBlocked,
        ExportError,
        ExportExists,
        Policy,
        export_document,
        resolve_out,
    )
    from clerkbook.domain.export.select import SelectionError, select_document

    if redact and allow_phi:
        raise UserError("Choose one of --redact and --allow-phi.")
    now = local_now()
    first = day_option(since, "--since", now.date())
    last = day_option(until, "--until", now.date(), end=True)
    if state.db_path is not None and not Path(state.db_path).expanduser().exists():
        raise UserError(f"No notebook at {state.db_path}; check --db.")
    doc = state.notebook().export_document(revisions=fmt == "json")  # the other formats never print them
    try:
        doc = select_document(doc, rotation=rotation, since=first, until=last, tz=now.tzinfo)
    except SelectionError as exc:
        raise UserError(str(exc)) from None
    # A rotation's checklist, certifications and contacts alone are not worth an export.
    if not any(doc.get(name) for name in ("todos", "teaching_points", "questions", "notes", "reflections",
                                          "procedures", "feedback", "letters", "daily_entries")):
        narrowed = " with these --rotation/--since/--until" if (rotation or since or until) else ""
        raise UserError(f"Nothing to export{narrowed}: no to-dos, points, questions, notes, reflections, "
                        "procedures, feedback, letters or daily log.")
    policy = Policy.REDACT if redact else Policy.ALLOW if allow_phi else Policy.BLOCK
    target = resolve_out(out, fmt, now.date())
    try:
        result = export_document(doc, fmt, target, policy=policy, tz=now.tzinfo, replace=force,
                                 title=_title(fmt, doc) if rotation else None)
    except ExportBlocked as exc:
        exit_blocked([finding.describe() for finding in exc.findings], str(exc))
    except ExportExists as exc:
        raise UserError(f"{exc} (or add --force to replace it)") from None
    except ExportError as exc:
        raise UserError(str(exc)) from None
    what = "folder" if result.files > 1 or fmt in ("md", "dossier") else "file"
    click.echo(f"Exported {fmt} to {result.path} ({what}{_file_count(result.files)}).")
    echo_findings_kept((f.finding.kind for f in result.findings), redacted=policy is Policy.REDACT, what="export")


def _title(fmt: str, doc: dict) -> str:
    from clerkbook.domain.export.select import rotation_name

    names = ", ".join(rotation_name(r) for r in doc.get("rotations", []))
    return f"{'Clerkship dossier' if fmt == 'dossier' else 'clerkbook'} — {names}"


def day_option(text: str | None, option: str, today, *, end: bool = False):
    """``--since`` / ``--until``: a day in the past as people write it, or a one-line error naming the option."""
    from clerkbook.domain.export.select import SelectionError, parse_day

    if text is None:
        return None
    try:
        return parse_day(text, today, end=end)
    except SelectionError as exc:
        raise UserError(f"{option}: {exc}") from None


def _file_count(files: int) -> str:
    return f", {files} files" if files > 1 else ""


@click.command("import")
@click.argument("source", metavar="FILE.json", type=click.Path(path_type=Path))
@pass_state
def import_cmd(state: CliState, source: Path) -> None:
    """Load a JSON export: into an empty notebook, or merged into this one without duplicates."""
    from clerkbook.store.exchange import document_from_json

    try:
        raw = source.expanduser().read_bytes()
    except FileNotFoundError:
        raise UserError(f"{source}: no such file.") from None
    except IsADirectoryError:
        raise UserError(f"{source} is a folder; import takes a .json file written by `clerkbook export`.") from None
    except OSError as exc:
        raise UserError(f"{source}: {exc.strerror or exc}.") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{source} is not a clerkbook JSON export (not UTF-8 text).") from None
    doc = document_from_json(text)
    report = state.notebook().import_document(doc)
    click.echo(f"Imported {source}: {report.summary()}")
    for note in report.notes:
        click.echo(f"  {note}")
