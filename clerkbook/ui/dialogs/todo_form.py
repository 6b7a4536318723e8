"""Edit one to-do: its text, kind, due time and patient."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from clerkbook.domain.dates import DateParseError, describe_due, parse_when
from clerkbook.models import TodoKind
from clerkbook.ui.dialogs.base import FormDialog

#: How a due time is written into the form: unambiguous, and read back by parse_when unchanged.
DUE_FORMAT = "%Y-%m-%d %H:%M"


def understood_due(text: str, now: datetime) -> tuple[datetime | None, Content]:
    """Read the due field: (due time or None when empty, a one-line Content saying how it was understood).

    Raises DateParseError when the text is not understood.
    """
    if not text.strip():
        return None, Content.styled("No due time.", "$text-muted")
    due = parse_when(text, now)
    return due, Content.assemble(("Due ", "$text-muted"), (describe_due(due, now), "bold"),
                                 (f"  ({due:{DUE_FORMAT}})", "$text-muted"))


class TodoForm(FormDialog[dict[str, Any] | None]):
    """Edit ``todo``. Dismisses with only the changed fields, as keyword arguments for
    ``Notebook.update_todo`` (``due_at=None`` when the due time was cleared), or None on Escape.

    ``patients`` are the active patients offered; ``clock`` returns the local, aware now.
    """

    DEFAULT_CSS = """
    TodoForm > Vertical { width: 80; }
    TodoForm #heading { margin-bottom: 1; }
    TodoForm Label { margin-top: 0; }
    TodoForm #due-understood { padding: 0 1; height: 1; }
    TodoForm #due-understood.-error { color: $error; }
    """

    AUTO_FOCUS = "#text"

    def __init__(self, todo, patients, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.todo = todo
        self.patients = list(patients)
        self.clock = clock
        now = clock()
        self.initial_due = f"{todo.due_at.astimezone(now.tzinfo):{DUE_FORMAT}}" if todo.due_at else ""

    def compose(self) -> ComposeResult:
        todo = self.todo
        patient_options: list[tuple[Content, int | None]] = [
            (Content(patient.label), patient.id) for patient in self.patients
        ]
        if todo.patient_id is not None and all(p.id != todo.patient_id for p in self.patients):
            # Its patient was discharged: keep it selectable so saving does not move the to-do.
            patient_options.append((Content.styled("(discharged patient)", "italic"), todo.patient_id))
        patient_options.append((Content("General (no patient)"), None))
        with Vertical():
            yield Static(Content("Edit to-do"), id="heading")
            yield Label("What")
            yield Input(todo.text, id="text", placeholder="f/u K+", select_on_focus=False)
            yield Label("Kind")
            yield Select([(Content(kind.value), kind.value) for kind in TodoKind], id="kind",
                         allow_blank=False, value=TodoKind(todo.kind).value)
            yield Label("Due")
            yield Input(self.initial_due, id="due", placeholder="4pm, in 2h, tomorrow 7am, fri noon — empty: none",
                        select_on_focus=False)
            yield Static(id="due-understood")
            yield Label("Patient")
            yield Select(patient_options, id="patient", allow_blank=False, value=todo.patient_id)
            yield Static(id="problem")
            yield Static(Content("ctrl+s or Enter in a text field: save · Escape: cancel"), id="keys")
            with Horizontal():
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._show_due(self.query_one("#due", Input).value)

    def _show_due(self, text: str) -> None:
        line = self.query_one("#due-understood", Static)
        try:
            _, understood = understood_due(text, self.clock())
        except DateParseError as exc:
            line.set_class(True, "-error")
            line.update(Content(str(exc)))
            return
        line.set_class(False, "-error")
        line.update(understood)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "due":
            self._show_due(event.value)
        self.query_one("#problem", Static).update("")

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the to-do, as update_todo keyword arguments.

        Raises ValueError (one line) when the form cannot be saved as it stands.
        """
        todo = self.todo
        changed: dict[str, Any] = {}
        text = self.query_one("#text", Input).value.strip()
        if not text:
            raise ValueError("The to-do needs some text.")
        if text != todo.text:
            changed["text"] = text
        kind = self.query_one("#kind", Select).value
        if kind != TodoKind(todo.kind).value:
            changed["kind"] = TodoKind(kind)
        due_text = self.query_one("#due", Input).value
        # An untouched field keeps the stored time exactly (it is shown only to the minute).
        if due_text.strip() != self.initial_due:
            due, _ = understood_due(due_text, self.clock())  # DateParseError is a ValueError
            if due != todo.due_at:
                changed["due_at"] = due
        patient_id = self.query_one("#patient", Select).value
        if patient_id != todo.patient_id:
            changed["patient_id"] = patient_id
        return changed

    def action_save(self) -> None:
        """Close with the changed fields, or say why the form cannot be saved."""
        try:
            changed = self.changes()
        except ValueError as exc:
            self.query_one("#problem", Static).update(Content(str(exc)))
            field = "#due" if isinstance(exc, DateParseError) else "#text"
            self.query_one(field).focus()
            return
        self.dismiss(changed)
