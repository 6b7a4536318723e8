"""``clerkbook search``: find any entry from the shell, and rebuild the search index."""

from __future__ import annotations

import click

from clerkbook.cli.state import CliState, UserError, pass_state

#: --kind choices, as people say them, and the kind of entry each names in the store.
KINDS = {"todo": "todo", "point": "teaching_point", "question": "question", "note": "note",
         "reflection": "reflection", "procedure": "procedure", "feedback": "feedback", "letter": "letter",
         "contact": "contact", "daily": "daily_entry"}
_LABELS = {"todo": "to-do", "teaching_point": "point", "question": "question", "note": "note",
           "reflection": "reflection", "procedure": "procedure", "feedback": "feedback", "letter": "letter",
           "contact": "contact", "daily_entry": "daily log"}


@click.command("search")
@click.argument("query", nargs=-1)
@click.option("--kind", "kinds", multiple=True, type=click.Choice(list(KINDS), case_sensitive=False),
              help="Only this kind of entry (repeatable; daily is the daily log).")
@click.option("--rotation", metavar="NAME", help="Only this rotation (its name, specialty or the start of it).")
@click.option("--patient", metavar="BED", help="Only entries about the patient in this bed (on --rotation, "
                                               "else on the current rotation).")
@click.option("--tag", metavar="TAG", help="Only entries with this tag.")
@click.option("--since", metavar="DAY", help="Only entries written on or after DAY (2026-11-01, 'nov 1', "
                                            "'last month').")
@click.option("--until", metavar="DAY", help="Only entries written on or before DAY.")
@click.option("--limit", default=20, show_default=True, metavar="N", type=click.IntRange(1, 1000),
              help="At most N results.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--reindex", is_flag=True, help="Rebuild the search index from every entry first.")
@pass_state
def search_cmd(state: CliState, query: tuple[str, ...], kinds: tuple[str, ...], rotation: str | None,
               patient: str | None, tag: str | None, since: str | None, until: str | None, limit: int,
               as_json: bool, reindex: bool) -> None:
    """Search every to-do, teaching point, question, note and reflection, and the clerkship logs:
    procedures, feedback, letters, contacts and the daily log.

    A procedure is found by its name, supervisor and notes; feedback by who gave it, the context, what was
    said, what you will change and what you did; a letter by its attending and notes; a contact by name and
    notes; a day of the daily log by its four headings.

    Words find words that start with them (spiro finds spironolactone); "quoted words" must appear together;
    AND, OR and NOT in capitals combine terms.
    """
    from clerkbook.domain.search_query import parse_query

    text = " ".join(query).strip()
    if not text and not reindex:
        raise UserError("Nothing to search for: give some words (or --reindex to rebuild the index).")
    from clerkbook.cli.exchange import day_option
    from clerkbook.domain.clock import local_now

    # Past days, as for export: "nov 1" written in November means the one just gone, not next year's.
    today = local_now().date()
    first, last = day_option(since, "--since", today), day_option(until, "--until", today, end=True)
    if first is not None and last is not None and first > last:
        raise UserError(f"--since {first} is after --until {last}.")
    notebook = state.notebook()
    if reindex:
        count = notebook.reindex()
        if not text:
            click.echo(f"Rebuilt the search index: {count} {'entry' if count == 1 else 'entries'}.")
            return
    rotation_id = _rotation_id(notebook, rotation) if rotation is not None else None
    patient_id = _patient_id(notebook, patient, rotation_id) if patient is not None else None
    hits = notebook.search(parse_query(text), kinds=[KINDS[k.lower()] for k in kinds] or None,
                           rotation_id=rotation_id, patient_id=patient_id, tag=tag, since=first, until=last,
                           limit=limit)
    rotations, patients = _labels(notebook, hits)
    if as_json:
        from clerkbook.cli.output import echo_json

        echo_json([{"kind": hit.kind, "id": hit.entry_id, "title": hit.title, "snippet": hit.snippet,
                    "marks": [list(mark) for mark in hit.marks], "created_at": hit.created_at.isoformat(),
                    "rotation_id": hit.rotation_id, "rotation": rotations.get(hit.rotation_id),
                    "patient_id": hit.patient_id, "patient": patients.get(hit.patient_id)} for hit in hits])
        return
    if not hits:
        click.echo(f"Nothing matches {text!r}." if parse_query(text) else f"No words to search for in {text!r}.")
        return
    for index, hit in enumerate(hits):
        if index:
            click.echo()
        _echo_hit(hit, rotations.get(hit.rotation_id), patients.get(hit.patient_id))


def _echo_hit(hit, rotation: str | None, patient: str | None) -> None:
    from clerkbook.cli.output import local_time

    where = " · ".join(part for part in (rotation, patient) if part)
    head = (click.style(f"{_LABELS.get(hit.kind, hit.kind)} {hit.entry_id}", fg="cyan") + "  "
            + local_time(hit.created_at)[:10] + "  " + click.style(hit.title, bold=True))
    click.echo(head + (click.style(f"  ({where})", dim=True) if where else ""))
    click.echo("    " + highlighted(hit.snippet, hit.marks))


def highlighted(snippet: str, marks) -> str:
    """``snippet`` with the marked spans in bold (plain text when the output is not a terminal)."""
    parts, position = [], 0
    for start, end in marks:
        parts.append(snippet[position:start])
        parts.append(click.style(snippet[start:end], bold=True))
        position = end
    parts.append(snippet[position:])
    return "".join(parts)


def _rotation_id(notebook, wanted: str) -> int:
    """The one rotation ``wanted`` names: its full name, its specialty, or the start of either (any case)."""
    key = " ".join(wanted.split()).casefold()
    if not key:
        raise UserError("--rotation is empty.")
    rotations = notebook.list_rotations()
    for test in (
        lambda r: r.name.casefold() == key,
        lambda r: r.specialty.casefold() == key,
        lambda r: r.name.casefold().startswith(key) or r.specialty.casefold().startswith(key),
        lambda r: key in r.name.casefold(),
    ):
        matches = [r for r in rotations if test(r)]
        if len(matches) == 1:
            return matches[0].id
        if len(matches) > 1:
            raise UserError(f"--rotation '{wanted}' matches several rotations: "
                            f"{'; '.join(r.name for r in matches)}.")
    known = "; ".join(r.name for r in rotations) or "none yet"
    raise UserError(f"No rotation matches '{wanted}' (rotations: {known}).")


def _patient_id(notebook, bed: str, rotation_id: int | None) -> int:
    """The patient in ``bed`` on the rotation: the active one, else the only one who was ever there."""
    from clerkbook.store.rotations import same_bed

    rotation = notebook.get_rotation(rotation_id) if rotation_id is not None else notebook.require_current_rotation()
    found = [p for p in notebook.list_patients(rotation_id=rotation.id, include_discharged=True)
             if same_bed(p.bed, bed)]
    active = [p for p in found if p.status == "active"]
    chosen = active if active else found
    if len(chosen) == 1:
        return chosen[0].id
    if not chosen:
        raise UserError(f"No patient in bed '{bed}' on {rotation.name}.")
    raise UserError(f"Several patients were in bed '{bed}' on {rotation.name}: "
                    f"{'; '.join(p.label for p in chosen)}.")


def _labels(notebook, hits) -> tuple[dict[int, str], dict[int, str]]:
    """Rotation names and patient labels for the hits, looked up once per rotation."""
    rotations = {r.id: r for r in notebook.list_rotations()}
    patients: dict[int, str] = {}
    for rotation_id in {hit.rotation_id for hit in hits if hit.patient_id is not None}:
        if rotation_id in rotations:
            for patient in notebook.list_patients(rotation_id=rotation_id, include_discharged=True):
                patients[patient.id] = patient.label
    return {r.id: r.name for r in rotations.values()}, patients
