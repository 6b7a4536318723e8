"""The I-PASS sign-out sheet: a pure builder, its PHI check, and its text and printable HTML.

I-PASS is the handoff mnemonic: Illness severity, Patient summary, Action list, Situation awareness and
contingencies, Synthesis by receiver. The sheet is built from what the notebook already holds — the bed
label and one-liner (de-identified by design), the latest note's assessment, the open to-dos with their due
times, and the two sign-out fields a patient has (severity and contingencies). The receiver's synthesis is
written by hand: the printout leaves a line for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from html import escape

from clerkbook.domain import phi
from clerkbook.models.kinds import Severity

#: Most worrying first, as a handoff should go.
_ORDER = {Severity.UNSTABLE: 0, Severity.WATCHER: 1, Severity.STABLE: 2}


@dataclass(frozen=True)
class SignoutAction:
    """One open to-do: what, and when it is due as the sheet shows it ("14:30", "overdue 09:45", "")."""

    text: str
    due: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class SignoutPatient:
    """One patient's part of the sheet."""

    bed: str
    age_sex: str
    severity: Severity
    one_liner: str
    assessment: str = ""
    actions: tuple[SignoutAction, ...] = ()
    contingency: str = ""


@dataclass(frozen=True)
class SignoutSheet:
    """The whole sheet: a heading, when it was made, and the patients, most worrying first."""

    title: str
    made_at: datetime
    patients: tuple[SignoutPatient, ...] = field(default_factory=tuple)


def due_label(due_at: datetime | None, now: datetime) -> tuple[str, bool]:
    """How a due time reads on the sheet, seen from ``now`` (aware, local): (label, overdue)."""
    if due_at is None:
        return "", False
    local = due_at.astimezone(now.tzinfo)
    clock = f"{local:%H:%M}"
    if local < now:
        return f"overdue {clock}" if local.date() == now.date() else f"overdue {local:%d %b} {clock}", True
    if local.date() == now.date():
        return clock, False
    if local.date() == now.date() + timedelta(days=1):
        return f"tomorrow {clock}", False
    return f"{local:%a %d %b} {clock}", False


def build_signout(patients, rows: dict, *, now: datetime, title: str) -> SignoutSheet:
    """The sheet for ``patients`` (rows with id, bed, age_sex, summary), most worrying first.

    ``rows`` maps a patient id to {"signout": its fields, "todos": open to-dos, "note": latest note or None}, as
    :meth:`~clerkbook.store.signout.SignoutMixin.signout_rows` gives them.
    """
    built = []
    for patient in patients:
        row = rows.get(patient.id, {})
        signout, note = row.get("signout"), row.get("note")
        todos = sorted(row.get("todos", ()), key=lambda t: (t.due_at is None, t.due_at or now, t.position, t.id))
        actions = tuple(SignoutAction(t.text, *due_label(t.due_at, now)) for t in todos)
        built.append(SignoutPatient(
            bed=patient.bed, age_sex=patient.age_sex,
            severity=Severity(signout.severity) if signout is not None else Severity.STABLE,
            one_liner=patient.summary, assessment=(getattr(note, "assessment", "") or "").strip(),
            actions=actions, contingency=(signout.contingency if signout is not None else "").strip()))
    built.sort(key=lambda p: _ORDER[p.severity])
    return SignoutSheet(title, now, tuple(built))


# The PHI guard ----------------------------------------------------------------------------------------


_NAMED_BED = re.compile(r"(?i)(bed|room|rm)\b")


def _texts(patient: SignoutPatient) -> list[tuple[str, str]]:
    # Beds are typed as "B7", "12" or "Bed 4": "Bed Bed 4" reads badly.
    label = patient.bed if _NAMED_BED.match(patient.bed) else f"Bed {patient.bed}"
    pairs = [(f"{label} · age/sex", patient.age_sex), (f"{label} · one-liner", patient.one_liner),
             (f"{label} · assessment", patient.assessment), (f"{label} · contingencies", patient.contingency)]
    pairs += [(f"{label} · to-do", action.text) for action in patient.actions]
    return [(where, text) for where, text in pairs if text]


def check_sheet(sheet: SignoutSheet) -> list[phi.Finding]:
    """What the PHI guard finds in the sheet's free text (names, record numbers, phones, birth dates, ...)."""
    return phi.scan_many(pair for patient in sheet.patients for pair in _texts(patient))


def redact_sheet(sheet: SignoutSheet) -> SignoutSheet:
    """The sheet with every finding replaced by ``[KIND]``."""
    def clean(patient: SignoutPatient) -> SignoutPatient:
        return replace(patient, age_sex=phi.redact(patient.age_sex), one_liner=phi.redact(patient.one_liner),
                       assessment=phi.redact(patient.assessment), contingency=phi.redact(patient.contingency),
                       actions=tuple(replace(a, text=phi.redact(a.text)) for a in patient.actions))

    return replace(sheet, patients=tuple(clean(p) for p in sheet.patients))


# Rendering --------------------------------------------------------------------------------------------------


def _summary(patient: SignoutPatient) -> str:
    head = " · ".join(part for part in (patient.age_sex, patient.one_liner) if part)
    return head + (f"\n  Assessment: {patient.assessment}" if patient.assessment else "")


def sheet_text(sheet: SignoutSheet) -> str:
    """The sheet as plain text, as the screen shows it."""
    lines = [f"Sign-out · {sheet.title} · {sheet.made_at:%a %d %b %H:%M}"]
    if not sheet.patients:
        lines.append("\nNo active patients to sign out.")
    for patient in sheet.patients:
        lines += ["", f"{patient.bed} — {patient.severity.value.upper()}",
                  f"  Patient summary: {_summary(patient)}", "  Action list:"]
        lines += [f"    [ ] {a.text}" + (f"  ({a.due})" if a.due else "") for a in patient.actions] or ["    none open"]
        lines.append(f"  Situation awareness: {patient.contingency or '—'}")
        lines.append("  Synthesis by receiver: ____________________________")
    return "\n".join(lines)


_CSS = """
body { font-family: system-ui, sans-serif; font-size: 11pt; margin: 1.5cm; color: #111; }
h1 { font-size: 15pt; margin: 0 0 .2em; } .made { color: #555; margin-bottom: 1em; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: .35em .5em;
vertical-align: top; text-align: left; } th { background: #eee; }
.unstable { color: #a00; font-weight: bold; } .watcher { color: #a60; font-weight: bold; }
.overdue { color: #a00; } ul { margin: 0; padding-left: 1.1em; } .line { border-bottom: 1px solid #555;
min-width: 12em; height: 2.2em; } tr { page-break-inside: avoid; }
@media print { body { margin: 1cm; } }
"""


def _multiline(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines())


def sheet_html(sheet: SignoutSheet) -> str:
    """The sheet as one printable HTML page (every text escaped; no script, no outside resource)."""
    rows = []
    for p in sheet.patients:
        actions = "".join(f'<li class="{"overdue" if a.overdue else ""}">☐ {escape(a.text)}'
                          + (f" <small>({escape(a.due)})</small>" if a.due else "") + "</li>" for a in p.actions)
        summary = escape(" · ".join(part for part in (p.age_sex, p.one_liner) if part))
        if p.assessment:
            summary += f"<br><em>Assessment:</em> {_multiline(p.assessment)}"
        rows.append(
            f"<tr><td><strong>{escape(p.bed)}</strong></td>"
            f'<td class="{p.severity.value}">{escape(p.severity.value)}</td><td>{summary}</td>'
            f"<td>{f'<ul>{actions}</ul>' if actions else 'none open'}</td>"
            f"<td>{_multiline(p.contingency) or '—'}</td><td><div class=\"line\"></div></td></tr>")
    body = "\n".join(rows) or '<tr><td colspan="6">No active patients to sign out.</td></tr>'
    title = f"Sign-out · {sheet.title}"
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
            f"<style>{_CSS}</style>\n</head>\n<body>\n<h1>{escape(title)}</h1>\n"
            f'<div class="made">Made {sheet.made_at:%a %d %b %Y %H:%M} · I-PASS · de-identified: keep it with you, '
            f"shred it after use.</div>\n<table>\n<tr><th>Bed</th><th>Illness severity</th><th>Patient summary</th>"
            f"<th>Action list</th><th>Situation awareness &amp; contingencies</th><th>Synthesis by receiver</th></tr>\n"
            f"{body}\n</table>\n</body>\n</html>\n")


# Reading and writing --------------------------------------------------------------------------------------


class SignoutBlocked(Exception):
    """The PHI guard found identifiers in the sheet and was not told to redact or allow them."""

    def __init__(self, findings: list[phi.Finding]) -> None:
        self.findings = findings
        noun = "identifier" if len(findings) == 1 else "identifiers"
        super().__init__(f"Sign-out sheet stopped: the PHI guard found {len(findings)} possible {noun}; nothing "
                         "was written. Fix them, or use --redact (or --allow-phi if you take responsibility).")


def load_signout(notebook, now: datetime, *, patient_id: int | None = None) -> SignoutSheet:
    """The sheet for one patient, or for every active patient of the current rotation."""
    if patient_id is not None:
        patients = [notebook.get_patient(patient_id)]
        rotation = notebook.get_rotation(patients[0].rotation_id)
    else:
        rotation = notebook.require_current_rotation()
        patients = notebook.list_patients(rotation_id=rotation.id)
    rows = notebook.signout_rows([p.id for p in patients])
    return build_signout(patients, rows, now=now, title=rotation.name)


def write_signout(sheet: SignoutSheet, out, *, policy: str = "block", replace: bool = False):
    """Guard the sheet, then write it as a printable page at ``out`` (private, all at once).

    ``policy`` is "block" (raise :class:`SignoutBlocked` if anything is found), "redact" or "allow". Returns
    (the path written, the findings). Export errors (the file exists, the folder is missing) pass through.
    """
    from clerkbook.domain.export.pipeline import write_files

    findings = check_sheet(sheet)
    if findings and policy == "block":
        raise SignoutBlocked(findings)
    if findings and policy == "redact":
        sheet = redact_sheet(sheet)
    path = write_files({"signout.html": sheet_html(sheet).encode()}, out, folder=False, replace=replace)
    return path, findings
