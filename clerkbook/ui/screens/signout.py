"""The sign-out sheet on screen: I-PASS for one patient or every active patient, and its printable page.

v moves the highlighted patient's illness severity on (stable → watcher → unstable), c writes their
contingencies, w writes the printable page behind the PHI guard (which offers to redact what it finds).
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from clerkbook.models.kinds import Severity
from clerkbook.store.errors import NotebookError

_SHOWN_FINDINGS = 6


class SignoutLoaded(Message):
    """A worker built the sheet (``sheet`` with the ``patients`` rows it came from), or could not (``error``)."""

    def __init__(self, sheet, patients, error: str | None = None) -> None:
        super().__init__()
        self.sheet = sheet
        self.patients = patients
        self.error = error


class SignoutScreen(Screen[None]):
    """The I-PASS sheet of ``patient_id``, or of every active patient of the current rotation (None).

    ``folder`` is where w writes the printable page (default: the home folder).
    """

    BINDINGS = [
        Binding("escape", "close", "Back", id="signout.close"),
        Binding("v", "next_severity", "Severity", id="signout.severity"),
        Binding("c", "contingency", "Contingencies", id="signout.contingency"),
        Binding("w", "write_page", "Printable page", id="signout.write"),
    ]
    DEFAULT_CSS = """
    SignoutScreen #signout-heading { height: 1; padding: 0 1; text-style: bold; background: $panel; }
    SignoutScreen DataTable { height: auto; max-height: 40%; }
    SignoutScreen #signout-body { height: 1fr; padding: 0 1; }
    """

    def __init__(self, patient_id: int | None = None, *, folder: Path | None = None) -> None:
        super().__init__()
        self.patient_id = patient_id
        self.folder = folder
        self.sheet = None
        self.patients: list = []  # (patient, sign-out fields) in the table's order

    def compose(self) -> ComposeResult:
        yield Static(Content("Sign-out"), id="signout-heading")
        yield DataTable(id="signout-patients", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="signout-body"):
            yield Static(Content("Loading…"), id="signout-sheet")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        """Build the sheet again, in a worker."""
        self._load()

    @work(thread=True, exclusive=True, group="signout-load")
    def _load(self) -> None:
        from clerkbook.domain.signout import load_signout

        try:
            notebook = self.app.notebook
            sheet = load_signout(notebook, self.app.clock(), patient_id=self.patient_id)
            if self.patient_id is not None:
                patients = [notebook.get_patient(self.patient_id)]
            else:
                patients = notebook.list_patients()
            rows = notebook.signout_rows([p.id for p in patients])
        except NotebookError as exc:
            self.post_message(SignoutLoaded(None, [], str(exc)))
            return
        self.post_message(SignoutLoaded(sheet, [(p, rows[p.id]) for p in patients]))

    def on_signout_loaded(self, message: SignoutLoaded) -> None:
        from clerkbook.domain.signout import sheet_text

        body = self.query_one("#signout-sheet", Static)
        if message.error is not None:
            body.update(Content(message.error))
            return
        self.sheet, self.patients = message.sheet, message.patients
        self.query_one("#signout-heading", Static).update(Content(f"Sign-out · {self.sheet.title}"))
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear(columns=not table.columns)
        if not table.columns:
            table.add_columns("Bed", "Illness severity", "Open to-dos", "Contingencies")
        for patient, row in self.patients:
            signout = row["signout"]
            table.add_row(patient.bed, Severity(signout.severity).value, str(len(row["todos"])),
                          signout.contingency.splitlines()[0] if signout.contingency else "", key=str(patient.id))
        if self.patients:
            table.move_cursor(row=min(keep, len(self.patients) - 1))
        body.update(Content(sheet_text(self.sheet)))

    def _highlighted(self):
        table = self.query_one(DataTable)
        if not self.patients or not table.row_count:
            return None
        return self.patients[min(table.cursor_row, len(self.patients) - 1)]

    def action_next_severity(self) -> None:
        """Stable → watcher → unstable → stable, for the highlighted patient."""
        chosen = self._highlighted()
        if chosen is None:
            return
        patient, row = chosen
        order = list(Severity)
        following = order[(order.index(Severity(row["signout"].severity)) + 1) % len(order)]
        self.app.submit(lambda nb: nb.set_signout(patient.id, severity=following),
                        then=lambda _: self.notify(f"{patient.bed}: {following.value}.", markup=False, timeout=2))

    def action_contingency(self) -> None:
        """Write the highlighted patient's situation awareness and contingencies ("if ..., then ...")."""
        from clerkbook.ui.dialogs.entry_form import FormField

        chosen = self._highlighted()
        if chosen is None:
            return
        patient, row = chosen
        fields = [FormField("contingency", "If this happens, do that", value=row["signout"].contingency,
                            placeholder="if K+ < 3.5: 40 mEq PO, recheck at 6 h; if febrile: cultures, call PGY-2")]
        self._contingency_form(patient, fields)

    def _contingency_form(self, patient, fields, problem: str = "") -> None:
        from clerkbook.ui.dialogs.entry_form import EntryForm, refilled

        def saved(values) -> None:
            if values is not None:
                # Refused (the patient was discharged meanwhile, a full disk): the typing comes back.
                self.app.submit(lambda nb: nb.set_signout(patient.id, contingency=values["contingency"]),
                                on_error=lambda error: self._contingency_form(patient, refilled(fields, values),
                                                                              error))

        self.app.push_screen(EntryForm(f"Contingencies for {patient.bed}", fields, self.app.clock(), problem),
                             saved)

    def action_write_page(self) -> None:
        """Write the printable page; if the PHI guard finds something, offer to write it redacted."""
        from clerkbook.domain import phi
        from clerkbook.domain.signout import check_sheet
        from clerkbook.ui.dialogs.confirm import ConfirmDialog

        if self.sheet is None:
            return
        sheet = self.sheet
        folder = self.folder or Path.home()
        out = folder / f"signout-{sheet.made_at:%Y-%m-%d-%H%M}.html"
        findings = check_sheet(sheet)
        if not findings:
            self._write(sheet, out, "block")
            return
        listed = "\n".join(f"· {phi.describe(f)}" for f in findings[:_SHOWN_FINDINGS])
        more = f"\n… and {len(findings) - _SHOWN_FINDINGS} more" if len(findings) > _SHOWN_FINDINGS else ""
        question = (f"The PHI guard found {len(findings)} possible identifier{'s' if len(findings) > 1 else ''}:\n"
                    f"{listed}{more}\nWrite the page with them replaced by [NAME], [PHONE], …?")

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(sheet, out, "redact")
            else:
                self.notify("Nothing written: fix the text (c for contingencies), or redact.", markup=False)

        self.app.push_screen(ConfirmDialog(question, "Redact and write"), answered)

    def _write(self, sheet, out: Path, policy: str) -> None:
        from clerkbook.domain.export.pipeline import ExportError
        from clerkbook.domain.signout import write_signout

        try:
            path, findings = write_signout(sheet, out, policy=policy, replace=True)
        except ExportError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        redacted = f" ({len(findings)} redacted)" if findings else ""
        self.notify(f"Printable sign-out written to {path}{redacted}.", markup=False, timeout=8)

    def action_close(self) -> None:
        """Back to where the sheet was opened from."""
        self.dismiss(None)
