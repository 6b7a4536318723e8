"""Pane 3: note drafts, newest first."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets.option_list import Option

from clerkbook.domain.note_templates import note_template
from clerkbook.ui.widgets.pane import PaneList

KIND_LABELS = {"soap": "SOAP", "hp": "H&P", "progress": "Progress"}
STATUS_STYLES = {"draft": "$warning", "reviewed": "$accent", "final": "$success"}


def note_prompt(note, patient_label: str, now) -> Content:
    """A note row: kind, status, title, patient, and how long ago it was edited."""
    from clerkbook.domain.dates import describe_ago  # dateutil, which the first frame does not need

    title = note.title or "(untitled)"
    return Content.assemble(
        (KIND_LABELS[note.kind.value].ljust(9), "bold"),
        (note.status.value.ljust(9), STATUS_STYLES[note.status.value]),
        title,
        (f"  {patient_label}" if patient_label else "", "$text-muted"),
        (f"  edited {describe_ago(note.updated_at, now)}", "$text-muted"),
    )


class NotesList(PaneList):
    """The note drafts; Enter opens the note editor."""

    BINDINGS = [
        Binding("n", "new_note", "New note", id="notes.new"),
        Binding("enter", "open", "Open", id="notes.open", show=False),
        Binding("d,delete", "delete", "Delete", id="notes.delete"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shift = None

    def show(self, shift) -> None:
        """Render the notes of ``shift``."""
        self.shift = shift
        options = [
            Option(note_prompt(note, shift.patient_labels.get(note.patient_id, ""), shift.now), id=f"note-{note.id}")
            for note in shift.notes
        ]
        if not options:
            options = [Option(Content.styled("No notes yet. Press n to start a SOAP, H&P or progress note.",
                                             "$text-muted"), id="empty", disabled=True)]
        self.replace_options(options)

    def _note_id(self) -> int | None:
        option_id = self.highlighted_id or ""
        return int(option_id[5:]) if option_id.startswith("note-") else None

    def action_open(self) -> None:
        """Open the highlighted note."""
        note_id = self._note_id()
        if note_id is not None:
            self.app.open_note(note_id)

    def on_option_list_option_selected(self, event: PaneList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_new_note(self) -> None:
        """Start a note: choose its kind, patient, and template or copy-forward."""
        from clerkbook.ui.dialogs.new_note import NewNoteDialog

        if self.shift is None or self.shift.rotation is None:
            self.notify("Create a rotation first.", severity="warning")
            return

        def chosen(choice) -> None:
            if choice:
                if choice.get("copy_from") is None:
                    choice = {**choice, "sections": note_template(choice["kind"])}
                self.app.submit(lambda nb: nb.create_note(**choice), then=lambda note: self.app.open_note(note.id))

        self.app.push_screen(NewNoteDialog(self.shift.patients), chosen)

    def action_delete(self) -> None:
        """Delete the highlighted note and its revisions, after asking."""
        from clerkbook.ui.dialogs.confirm import ConfirmDialog

        note_id = self._note_id()
        note = next((n for n in self.shift.notes if n.id == note_id), None) if self.shift else None
        if note is None:
            return
        self.app.push_screen(
            ConfirmDialog(f"Delete the note “{note.title or 'untitled'}” and all its revisions?", "Delete"),
            lambda yes: self.app.submit(lambda nb: nb.delete_note(note.id)) if yes else None,
        )


class NotesPane(Vertical):
    """The titled container of the note drafts."""

    ALLOW_MAXIMIZE = True

    DEFAULT_CSS = """
    NotesPane { border: round $primary 50%; }
    NotesPane:focus-within { border: round $primary; }
    """

    def compose(self):
        yield NotesList(id="notes-list")

    def on_mount(self) -> None:
        self.border_title = "3 Note drafts"
