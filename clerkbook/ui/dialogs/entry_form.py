"""A form for one entry of a clerkship log, built from a list of fields.

Procedures, feedback, letters and contacts have different fields but the same needs: text, a choice,
a day typed as people say it ("yesterday", "fri", "sep 15"), a checklist. Each log describes its fields;
this dialog shows them and hands back the values, days already read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from clerkbook.domain.days import DateParseError, parse_day
from clerkbook.ui.dialogs.base import FormDialog


@dataclass(frozen=True)
class FormField:
    """One field: ``kind`` is "text", "choice", "day" (a day gone by), "deadline" (a day ahead) or "checks".

    ``choices`` are (label, value) pairs for a choice, (field id, label) pairs for checks; ``value`` is the
    starting value (a date for days, a dict of booleans for checks).
    """

    id: str
    label: str
    kind: str = "text"
    value: Any = ""
    choices: tuple = ()
    placeholder: str = ""
    required: bool = False
    suggestions: tuple[str, ...] = ()


def refilled(fields: list[FormField], values: dict[str, Any]) -> list[FormField]:
    """``fields`` holding ``values`` (what an ``EntryForm`` of them dismissed with): a refused save reopens with them."""
    result = []
    for field in fields:
        if field.kind == "checks":
            value = {check_id: values.get(check_id, False) for check_id, _ in field.choices}
        else:
            value = values.get(field.id, field.value)
        result.append(replace(field, value=value))
    return result


def _day_text(value) -> str:
    return value.isoformat() if isinstance(value, date) else (value or "")


class EntryForm(FormDialog[dict[str, Any] | None]):
    """Edit ``fields`` under ``title``; dismisses with {field id: value} (days as dates or None), or None.

    Checks come back as one key per box. ``now`` (aware) is the moment days are read from. ``problem``
    is shown from the start: why the notebook refused these values last time.
    """

    # The longest forms (a letter, feedback with what was done about it) must fit a 40-row terminal whole:
    # no blank rows above the heading or below the buttons, none before an empty problem line.
    DEFAULT_CSS = """
    EntryForm > Vertical { width: 84; padding: 0 2; }
    EntryForm #heading { margin-bottom: 1; }
    EntryForm #problem { margin-top: 0; }
    EntryForm Horizontal { margin-top: 0; }
    EntryForm .checks { height: auto; align-horizontal: left; margin-top: 0; }
    EntryForm Checkbox { margin-right: 2; }
    """

    def __init__(self, title: str, fields: list[FormField], now: datetime, problem: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.problem = problem
        self._started: dict[str, str] = {}
        self.fields = fields
        self.now = now
        self.FIELDS = tuple(f.id for f in fields if f.kind in ("text", "day", "deadline"))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text), id="heading")
            for field in self.fields:
                yield Label(field.label + (" *" if field.required else ""))
                yield from self._widget(field)
            yield Static(Content(self.problem), id="problem")
            yield Static(Content("ctrl+s or Enter in the last field: save · Escape: cancel"), id="keys")
            with Horizontal():
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def _widget(self, field: FormField):
        if field.kind == "choice":
            yield Select([(Content(label), value) for label, value in field.choices], id=field.id,
                         allow_blank=False, value=field.value)
        elif field.kind == "checks":
            with Horizontal(classes="checks"):
                for check_id, label in field.choices:
                    yield Checkbox(label, bool((field.value or {}).get(check_id)), id=check_id)
        else:
            suggester = SuggestFromList(field.suggestions, case_sensitive=False) if field.suggestions else None
            value = _day_text(field.value) if field.kind in ("day", "deadline") else str(field.value or "")
            self._started[field.id] = value
            yield Input(value, id=field.id, placeholder=field.placeholder, suggester=suggester,
                        select_on_focus=False)

    def on_mount(self) -> None:
        first = next((f for f in self.fields if f.kind != "checks"), None)
        if first is not None:
            self.query_one(f"#{first.id}").focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        # Inputs announce their first value too: that must not wipe the refusal the form reopened with.
        if event.value != self._started.get(event.input.id):
            self.query_one("#problem", Static).update("")

    def values(self) -> dict[str, Any]:
        """What the form holds, read: raises ValueError (one line, naming the field) when it cannot be saved."""
        result: dict[str, Any] = {}
        for field in self.fields:
            if field.kind == "choice":
                result[field.id] = self.query_one(f"#{field.id}", Select).value
                continue
            if field.kind == "checks":
                for check_id, _ in field.choices:
                    result[check_id] = self.query_one(f"#{check_id}", Checkbox).value
                continue
            text = self.query_one(f"#{field.id}", Input).value.strip()
            if field.required and not text:
                raise FieldProblem(field.id, f"{field.label} is needed.")
            if field.kind in ("day", "deadline") and text:
                try:
                    result[field.id] = parse_day(text, self.now, past=field.kind == "day")
                except DateParseError as exc:
                    raise FieldProblem(field.id, f"{field.label}: {exc}") from None
            else:
                result[field.id] = text if field.kind == "text" else None
        return result

    def action_save(self) -> None:
        """Close with the values, or say what is wrong and go to that field."""
        try:
            values = self.values()
        except FieldProblem as problem:
            self.query_one("#problem", Static).update(Content(str(problem)))
            self.query_one(f"#{problem.field_id}").focus()
            return
        self.dismiss(values)


class FieldProblem(ValueError):
    """A field that stops the form being saved; the message is one line."""

    def __init__(self, field_id: str, message: str) -> None:
        super().__init__(message)
        self.field_id = field_id
