"""``clerkbook signout``: the I-PASS sign-out sheet, shown or written as a printable page behind the PHI guard."""

from __future__ import annotations

from pathlib import Path

import click

from clerkbook.cli.output import echo_findings_kept, exit_blocked
from clerkbook.cli.state import CliState, UserError, pass_state
from clerkbook.models.kinds import Severity

#: As ``clerkbook export``: the PHI guard stopped it.


@click.command("signout")
@click.option("--patient", "-p", metavar="BED", help="Only the active patient in this bed (default: every active "
                                                     "patient of the current rotation).")
@click.option("--severity", type=click.Choice([s.value for s in Severity], case_sensitive=False),
              help="Set the patient's illness severity first (needs --patient).")
@click.option("--contingency", metavar="TEXT", help="Set the patient's situation awareness and contingencies first "
                                                    "(needs --patient; '' clears).")
@click.option("--out", metavar="FILE.html", type=click.Path(path_type=Path, dir_okay=False),
              help="Write a printable page here instead of showing the sheet.")
@click.option("--redact", is_flag=True, help="Replace what the PHI guard finds with [NAME], [PHONE], ...")
@click.option("--allow-phi", is_flag=True, help="Write as is even if the PHI guard finds something.")
@click.option("--force", is_flag=True, help="Replace --out if it already exists.")
@pass_state
def signout(state: CliState, patient: str | None, severity: str | None, contingency: str | None, out: Path | None,
            redact: bool, allow_phi: bool, force: bool) -> None:
    """The sign-out sheet: illness severity, patient summary, action list (open to-dos), contingencies.

    Without --out it is shown here. With --out it is checked by the PHI guard first: if it finds a name, a
    record number, a phone number or another identifier, it lists them and writes nothing (exit status 3).
    """
    from clerkbook.domain.clock import local_now
    from clerkbook.domain.export.pipeline import ExportError, ExportExists
    from clerkbook.domain.signout import SignoutBlocked, load_signout, sheet_text, write_signout

    if redact and allow_phi:
        raise UserError("Choose one of --redact and --allow-phi.")
    if (severity or contingency is not None) and patient is None:
        raise UserError("--severity and --contingency need --patient BED.")
    if (redact or allow_phi or force) and out is None:
        raise UserError("--redact, --allow-phi and --force go with --out FILE.html.")
    notebook = state.notebook()
    patient_id = None
    if patient is not None:
        found = notebook.find_patient(patient)
        if found is None:
            raise UserError(f"--patient: no active patient in bed '{patient}'.")
        patient_id = found.id
        if severity or contingency is not None:
            notebook.set_signout(patient_id, severity=severity, contingency=contingency)
    sheet = load_signout(notebook, local_now(), patient_id=patient_id)
    if out is None:
        click.echo(sheet_text(sheet))
        return
    policy = "redact" if redact else "allow" if allow_phi else "block"
    try:
        path, findings = write_signout(sheet, out, policy=policy, replace=force)
    except SignoutBlocked as exc:
        from clerkbook.domain import phi

        exit_blocked([phi.describe(finding) for finding in exc.findings], str(exc))
    except ExportExists as exc:
        raise UserError(f"{exc} (or add --force to replace it)") from None
    except ExportError as exc:
        raise UserError(str(exc)) from None
    count = len(sheet.patients)
    click.echo(f"Wrote the sign-out sheet ({count} patient{'' if count == 1 else 's'}) to {path}.")
    echo_findings_kept((f.kind for f in findings), redacted=redact, what="page")
