"""Start a rotation from inside the app: specialty, site, service, first and last day."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from clerkbook.domain.dates import DateParseError, parse_when
from clerkbook.ui.dialogs.base import FormDialog

#: The fields in the order Enter moves through them.
FIELDS = ("specialty", "site", "service", "start", "end")


class RotationForm(FormDialog[dict | None]):
    """Ask for a new rotation; dismisses with kwargs for ``Notebook.add_rotation``, or None."""

    DEFAULT_CSS = """
    RotationForm > Vertical { width: 70; }
    RotationForm Label { margin-top: 1; }
    """

    AUTO_FOCUS = "#specialty"
    FIELDS = FIELDS

    def __init__(self, first: bool = False) -> None:
        super().__init__()
        self.first = first

    def compose(self) -> ComposeResult:
        with Vertical():
            heading = "Welcome! Start your first rotation" if self.first else "New rotation"
            yield Static(Content(heading), id="heading")
            yield Label("Specialty (required)")
            yield Input(id="specialty", placeholder="Internal Medicine")
            yield Label("Hospital or clinic")
            yield Input(id="site", placeholder="Riverside General")
            yield Label("Service or team")
            yield Input(id="service", placeholder="Gold team")
            yield Label("First day (required)")
            yield Input(id="start", placeholder="2026-11-30, or mon")
            yield Label("Last day")
            yield Input(id="end", placeholder="2027-01-08")
            yield Static(id="problem")
            yield Static(Content("Enter: next field, saves from the last · Escape: cancel"), id="keys")
            with Horizontal():
                yield Button("Start rotation", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def _problem(self, text: str, field: str) -> None:
        self.query_one("#problem", Static).update(Content(text))
        self.query_one(f"#{field}", Input).focus()

    def action_save(self) -> None:
        """Check the fields and hand them back; say what is wrong otherwise."""
        if not self._value("specialty"):
            self._problem("Specialty is required.", "specialty")
            return
        dates = {}
        for name, label in (("start", "First day"), ("end", "Last day")):
            text = self._value(name)
            if not text:
                if name == "start":
                    self._problem("First day is required.", name)
                    return
                dates[name] = None
                continue
            try:
                dates[name] = parse_when(text, self.app.clock()).date()
            except DateParseError as exc:
                self._problem(f"{label}: {exc}", name)
                return
        if dates["end"] is not None and dates["end"] < dates["start"]:
            self._problem("The last day is before the first.", "end")
            return
        self.dismiss({"specialty": self._value("specialty"), "site": self._value("site"),
                      "service": self._value("service"), **dates})
