"""Add a de-identified patient: bed, age and sex, a one-liner. Nothing more."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from clerkbook.ui.dialogs.base import FormDialog

#: The fields in the order Enter moves through them.
FIELDS = ("bed", "age_sex", "summary")


class PatientForm(FormDialog[dict[str, str] | None]):
    """Ask for a bed (required), age/sex and a one-liner.

    Dismisses with ``{"bed", "age_sex", "summary"}`` for ``Notebook.add_patient``, or None on Escape.
    Enter moves to the next field, and saves from the last.
    """

    DEFAULT_CSS = """
    PatientForm > Vertical { width: 64; }
    PatientForm #privacy { color: $warning; margin-bottom: 1; }
    PatientForm Label { margin-top: 1; }
    """

    AUTO_FOCUS = "#bed"
    FIELDS = FIELDS

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Add patient"), id="heading")
            # The notebook is not a medical record: say so where identifiers would be typed.
            yield Static(Content("No names, record numbers or dates of birth."), id="privacy")
            yield Label("Bed or room (required)")
            yield Input(id="bed", placeholder="B12")
            yield Label("Age and sex")
            yield Input(id="age_sex", placeholder="67M")
            yield Label("One-liner")
            yield Input(id="summary", placeholder="CHF exacerbation")
            yield Static(id="problem")
            yield Static(Content("Enter: next field, saves from the last · Escape: cancel"), id="keys")
            with Horizontal():
                yield Button("Add", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Enter on an empty bed says why instead of moving on; otherwise FormDialog moves or saves.
        if event.input.id == "bed" and not event.value.strip():
            event.stop()
            event.prevent_default()  # handlers run down the class hierarchy: skip FormDialog's
            self._need_bed()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#problem", Static).update("")

    def action_save(self) -> None:
        """Close with the patient's details, unless the bed is missing."""
        values = {name: self.query_one(f"#{name}", Input).value.strip() for name in FIELDS}
        if not values["bed"]:
            self._need_bed()
            return
        self.dismiss(values)

    def _need_bed(self) -> None:
        self.query_one("#problem", Static).update(Content("A bed or room is needed, e.g. B12."))
        self.query_one("#bed", Input).focus()
