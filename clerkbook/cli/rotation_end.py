"""``clerkbook rotation end``: end a rotation, and with --purge shred its patients' clinical text."""

from __future__ import annotations

import click

from clerkbook.cli.state import CliState, UserError, pass_state


@click.command("end")
@click.argument("rotation_id", metavar="ROTATION", type=int)
@click.option("--purge", is_flag=True, help="Also shred its patients' bed labels, one-liners, to-dos and note text "
                                             "(teaching points, questions, reflections, procedures and counts stay).")
@click.option("--yes", "-y", is_flag=True, help="Do not ask before purging (for scripts).")
@pass_state
def rotation_end(state: CliState, rotation_id: int, purge: bool, yes: bool) -> None:
    """End rotation ROTATION today (see `clerkbook rotation list`); --purge is the digital shred bin."""
    from clerkbook.domain.clock import local_now
    from clerkbook.domain.rotation_end import purge_done, purge_question
    from clerkbook.store.backup import backups_folder

    notebook = state.notebook()
    summary = next((s for s in notebook.rotation_summaries() if s.rotation.id == rotation_id), None)
    if summary is None:
        raise UserError(f"No rotation with id {rotation_id}.")
    name = summary.rotation.name
    if purge and not yes:
        question = purge_question(name, summary.patients, summary.notes)
        if not click.confirm(question, default=False, err=True):
            raise UserError("Nothing changed.")
    report = notebook.end_rotation(rotation_id, today=local_now().date(), purge=purge)
    if not purge:
        click.echo(f"Ended {name} on {report.rotation.end_date}. Its patients' text is kept: "
                   f"`clerkbook rotation end {rotation_id} --purge` shreds it.")
        return
    backups = backups_folder(notebook.path)
    click.echo(purge_done(name, report.counts, checkpointed=report.checkpointed,
                          backups=backups if backups.exists() else None))
