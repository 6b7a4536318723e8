"""Start a note: its kind, patient and title, from its kind's template or the patient's previous note."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static

from clerkbook.domain.dates import describe_ago, short_date
from clerkbook.models import NoteKind
from clerkbook.ui.dialogs.base import FormDialog
from clerkbook.ui.widgets.notes_pane import KIND_LABELS

KINDS = (NoteKind.SOAP, NoteKind.HP, NoteKind.PROGRESS)


class NewNoteDialog(FormDialog[dict[str, Any] | None]):
    """Choose what the new note is. Dismisses with keyword arguments for ``Notebook.create_note``
    (``kind``, ``patient_id``, ``title``, ``copy_from``), or None on Escape.

    Copying forward is offered only once a worker has found that the chosen patient has a previous note.
    """

    DEFAULT_CSS = """
    NewNoteDialog > Vertical { width: 84; }
    NewNoteDialog #kind { layout: horizontal; width: auto; }
    NewNoteDialog #kind RadioButton { margin-right: 2; }
    NewNoteDialog #start { width: 1fr; }
    NewNoteDialog #start-status { color: $text-muted; padding: 0 1; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Create", id="dialog.save"),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    AUTO_FOCUS = "#kind"

    class PreviousNoteFound(Message):
        """The lookup of a patient's latest note finished (``note`` is None when there is none)."""

        def __init__(self, patient_id: int, note) -> None:
            super().__init__()
            self.patient_id = patient_id
            self.note = note

    def __init__(self, patients) -> None:
        super().__init__()
        self.patients = list(patients)
        self.previous = None
        self._suggested = ""
        self._suggestions: set[str] = set()
        self._title_typed = False

    def compose(self) -> ComposeResult:
        options: list[tuple[Content, int | None]] = [(Content(p.label), p.id) for p in self.patients]
        options.append((Content("No patient"), None))
        with Vertical():
            yield Static(Content("New note"), id="heading")
            yield Label("Kind")
            with RadioSet(id="kind"):
                for index, kind in enumerate(KINDS):
                    yield RadioButton(Content(KIND_LABELS[kind.value]), value=index == 0, id=f"kind-{kind.value}")
            yield Label("Patient")
            yield Select(options, id="patient", allow_blank=False, value=None)
            yield Label("Title")
            yield Input(id="title", select_on_focus=False)
            yield Label("Start from")
            yield Static(id="start-status")
            with RadioSet(id="start"):
                yield RadioButton(Content("The template (section headings)"), value=True, id="from-template")
                yield RadioButton(Content("Copy the patient's previous note"), id="from-copy")
            yield Static(Content("Enter on a choice picks it · ctrl+s or Enter in the title: create · "
                                 "Escape: cancel"), id="keys")
            with Horizontal():
                yield Button("Create", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._suggest_title()
        self._show_start(None)

    # What is chosen --------------------------------------------------------------------

    @property
    def kind(self) -> NoteKind:
        """The note kind chosen."""
        return KINDS[max(self.query_one("#kind", RadioSet).pressed_index, 0)]

    @property
    def patient_id(self) -> int | None:
        """The patient chosen, or None."""
        return self.query_one("#patient", Select).value

    def _patient(self):
        return next((p for p in self.patients if p.id == self.patient_id), None)

    def _suggest_title(self) -> None:
        patient = self._patient()
        label = KIND_LABELS[self.kind.value]
        # The date tells one day's note from the next, copy-forward makes several.
        day = short_date(self.app.clock().date())
        self._suggested = f"{label}: {patient.bed} · {day}" if patient else f"{label} note · {day}"
        self._suggestions.add(self._suggested)
        if not self._title_typed:
            self.query_one("#title", Input).value = self._suggested

    # Reacting to the form -------------------------------------------------------------

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        if event.radio_set.id == "kind":
            self._suggest_title()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._suggest_title()
        self.previous = None
        self._show_start(None)
        if self.patient_id is not None:
            self.query_one("#start-status", Static).update(Content("Looking for this patient's previous note…"))
            self._find_previous(self.patient_id)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "title":
            # Typing a title of one's own stops the suggestion following kind and patient; clearing it resumes.
            # (Any earlier suggestion counts too: its Changed message may arrive after the next one is made.)
            self._title_typed = bool(event.value) and event.value not in self._suggestions

    @work(thread=True, exclusive=True, group="previous-note")
    def _find_previous(self, patient_id: int) -> None:
        note = self.app.notebook.latest_note_for_patient(patient_id)
        self.post_message(self.PreviousNoteFound(patient_id, note))

    def on_new_note_dialog_previous_note_found(self, message: PreviousNoteFound) -> None:
        if message.patient_id != self.patient_id:
            return  # an answer about a patient no longer chosen
        self.previous = message.note
        self._show_start(message.note)

    def _show_start(self, note) -> None:
        start = self.query_one("#start", RadioSet)
        status = self.query_one("#start-status", Static)
        if note is None:
            self.query_one("#from-template", RadioButton).value = True
            start.display = False
            status.display = True
            template = "The template: section headings to fill in"
            status.update(Content(f"{template} (no previous note to copy)." if self.patient_id else f"{template}."))
            return
        label = KIND_LABELS[note.kind.value]
        copy = self.query_one("#from-copy", RadioButton)
        copy.label = Content.assemble(
            "Copy the previous note: ",
            (note.title or f"untitled {label}", "bold"),
            (f" · {label} · edited {describe_ago(note.updated_at, self.app.clock())}", "$text-muted"),
        )
        status.display = False
        start.display = True

    # Closing --------------------------------------------------------------------------

    def action_save(self) -> None:
        """Close with what the note should be."""
        copy = self.previous is not None and self.query_one("#from-copy", RadioButton).value
        title = self.query_one("#title", Input).value.strip() or self._suggested
        self.dismiss({
            "kind": self.kind,
            "patient_id": self.patient_id,
            "title": title,
            "copy_from": self.previous.id if copy else None,
        })
