"""The note editor: one SOAP, H&P or progress note, section by section, saved as you type."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Input, Select, Static, TextArea

from clerkbook.domain.dates import describe_ago
from clerkbook.models import ALL_NOTE_SECTIONS, SECTION_TITLES, NoteStatus
from clerkbook.store.errors import NotebookError
from clerkbook.ui.screens.editor import AutosaveEditor
from clerkbook.ui.widgets.autosave import Autosaver, SaveIndicator
from clerkbook.ui.widgets.notes_pane import KIND_LABELS

STATUS_OPTIONS = [(status.value.capitalize(), status.value) for status in NoteStatus]


class NoteLoaded(Message):
    """A worker read the note, its copy-forward source (if any) and its patient's label."""

    def __init__(self, note, source, patient_label: str, version: int) -> None:
        super().__init__()
        self.version = version  # the editor's autosave version when the read began
        self.note = note
        self.source = source
        self.patient_label = patient_label


class NoteLoadFailed(Message):
    """A worker could not read the note (deleted meanwhile, file trouble, ...)."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


def note_values(note) -> dict[str, Any]:
    """The editable fields of ``note``, as the editor compares them."""
    return {"title": note.title, "status": NoteStatus(note.status).value, **note.sections}


class NoteSection(Vertical):
    """One labelled section: its title, the copy-forward marker, and its text."""

    DEFAULT_CSS = """
    NoteSection { height: auto; margin: 0 0 1 0; }
    NoteSection .section-heading { height: 1; }
    NoteSection .section-title { width: auto; text-style: bold; color: $text-primary; }
    NoteSection .copied-marker { display: none; width: auto; margin-left: 2; color: $warning; }
    NoteSection.-unchanged .copied-marker { display: block; }
    NoteSection.-unchanged TextArea { border-left: outer $warning; }
    NoteSection TextArea { height: auto; min-height: 4; max-height: 30; }
    """

    def __init__(self, name: str, text: str) -> None:
        super().__init__(id=f"section-{name}")
        self.section = name
        self.text_area = TextArea(text, soft_wrap=True, tab_behavior="focus", id=f"text-{name}",
                                  placeholder=f"{SECTION_TITLES[name]}…")

    def compose(self) -> ComposeResult:
        with Horizontal(classes="section-heading"):
            yield Static(SECTION_TITLES[self.section], classes="section-title", markup=False)
            yield Static("copied, unchanged", classes="copied-marker")
        yield self.text_area

    def on_mount(self) -> None:
        # Students add to a section far more often than they rewrite its start.
        self.text_area.move_cursor(self.text_area.document.end)


class NoteEditorScreen(AutosaveEditor):
    """Edit one note; every change is saved within a second of the typing stopping.

    ``unsaved`` and ``error`` reopen an editor whose last save failed after it
    closed: the fields show that text again, still unsaved, with the error.
    """

    SAVED_NOTICE = "Note saved."
    ENTRY_NAME = "note"

    DEFAULT_CSS = """
    NoteEditorScreen #note-header { height: 1; padding: 0 1; background: $panel; }
    NoteEditorScreen #note-kind { width: auto; text-style: bold; color: $accent; margin-right: 1; }
    NoteEditorScreen #note-title { width: 1fr; }
    NoteEditorScreen #note-status { width: 16; margin-left: 1; }
    NoteEditorScreen #note-subheader { height: 1; padding: 0 1; background: $panel; }
    NoteEditorScreen #note-patient { width: 1fr; color: $text-muted; }
    NoteEditorScreen #note-sections { height: 1fr; padding: 1 1 0 1; }
    NoteEditorScreen #note-loading { color: $text-muted; }
    """

    def __init__(self, note_id: int, *, unsaved: dict[str, Any] | None = None, error: str | None = None) -> None:
        super().__init__()
        self.note_id = note_id
        self.note = None
        self.source = None
        self.sections: dict[str, NoteSection] = {}
        self._unsaved, self._error = unsaved, error
        # Held, not queried: a save queued as the screen closes still reads them.
        self.title_input = Input(placeholder="Title", id="note-title", compact=True)
        self.status_select = Select(STATUS_OPTIONS, allow_blank=False, value="draft", id="note-status", compact=True)
        self.autosave = Autosaver(self, snapshot=self._snapshot, write=self._write, indicator=self._indicator,
                                  on_failure=self._save_failed, on_conflict=self._conflict_found)

    def compose(self) -> ComposeResult:
        with Horizontal(id="note-header"):
            yield Static("Note", id="note-kind", markup=False)
            yield self.title_input
            yield self.status_select
        with Horizontal(id="note-subheader"):
            yield Static("", id="note-patient", markup=False)
            yield SaveIndicator(id="save-indicator")
        with VerticalScroll(id="note-sections"):
            yield Static("Loading the note…", id="note-loading")
        yield Footer()

    def on_mount(self) -> None:
        self._load(self.autosave.version)

    # Loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the note again, in a worker (the app calls this after every write)."""
        if self.is_mounted:  # a write can land between push_screen and mount
            self._load(self.autosave.version)

    @work(thread=True, exclusive=True, group="note-load")
    def _load(self, version: int) -> None:
        notebook = self.app.notebook
        try:
            note = notebook.get_note(self.note_id)
            source = None
            if note.copied_from_id is not None:
                try:
                    source = notebook.get_note(note.copied_from_id)
                except NotebookError:
                    source = None  # the source was deleted: nothing left to compare with
            label = notebook.get_patient(note.patient_id).label if note.patient_id is not None else ""
        except NotebookError as exc:
            self.post_message(NoteLoadFailed(str(exc)))
            return
        self.post_message(NoteLoaded(note, source, label, version))

    async def on_note_loaded(self, message: NoteLoaded) -> None:
        first = self.note is None
        self.source = message.source
        self.query_one("#note-patient", Static).update(message.patient_label or "No patient")
        if first:
            self.note = message.note
            await self._build(message.note)
            return
        # Never overwrite what is being typed, nor text whose save is on its way, nor
        # with a read that began before the last save landed (a fresher one follows).
        if self.autosave.dirty or self.autosave.saving or message.version != self.autosave.version:
            self._mark_all_copied()
            return
        self.note = message.note
        values = note_values(message.note)
        if values != self.autosave.stored:
            self._show_values(values)
        self._mark_all_copied()

    async def _build(self, note) -> None:
        self.query_one("#note-kind", Static).update(KIND_LABELS.get(note.kind.value, "Note"))
        self.title_input.value = note.title
        self.status_select.value = NoteStatus(note.status).value
        self.sections = {name: NoteSection(name, text) for name, text in note.sections.items()}
        scroll = self.query_one("#note-sections", VerticalScroll)
        await self.query_one("#note-loading").remove()
        await scroll.mount_all(self.sections.values())
        self.autosave.idle_text = f"Edited {describe_ago(note.updated_at, self.app.clock())}"
        self.autosave.load(note_values(note))
        if self._unsaved:
            self._put_values(self._unsaved)
            self.autosave.error = self._error
        self._mark_all_copied()
        first = next(iter(self.sections.values()), None)
        if first is not None:
            first.text_area.focus()

    def on_note_load_failed(self, message: NoteLoadFailed) -> None:
        if self.note is None:
            self.notify(message.error, severity="error")
            if self.is_current:
                self.dismiss()
        else:
            self.notify(f"Could not reload the note: {message.error}", severity="warning")

    def _show_values(self, values: dict[str, Any]) -> None:
        """Put stored ``values`` in the fields and take them as the baseline."""
        self.autosave.load(values)
        self._put_values(values)
        self.autosave.refresh()

    def _put_values(self, values: dict[str, Any]) -> None:
        title = self.title_input
        if title.value.strip() != values["title"]:
            title.value = values["title"]
        self.status_select.value = values["status"]
        for name, section in self.sections.items():
            if name in values and section.text_area.text != values[name]:
                section.text_area.load_text(values[name])
                # Students add to a section far more often than they rewrite its start.
                section.text_area.move_cursor(section.text_area.document.end)

    # Fields and saving -------------------------------------------------------------------

    def _snapshot(self) -> dict[str, Any]:
        status = self.status_select.value
        values: dict[str, Any] = {
            # The store strips titles; comparing stripped keeps a trailing space from looking unsaved.
            "title": self.title_input.value.strip(),
            "status": status if isinstance(status, str) else NoteStatus.DRAFT.value,
        }
        values.update({name: section.text_area.text for name, section in self.sections.items()})
        return values

    def _write(self, changes: dict[str, Any], reason: str, base: dict[str, Any]):
        note_id = self.note_id
        sections = {name: text for name, text in changes.items() if name in ALL_NOTE_SECTIONS}
        title, status = changes.get("title"), changes.get("status")
        return lambda nb: nb.save_note_since(note_id, base, title=title, status=status, sections=sections,
                                             reason=reason)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        for name, section in self.sections.items():
            if section.text_area is event.text_area:
                self._mark_copied(name)
        self.autosave.changed()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.autosave.changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.autosave.changed()

    def reopened(self, unsaved: dict, error: str) -> "NoteEditorScreen":
        """This note's editor again, showing text whose save failed after it closed."""
        return NoteEditorScreen(self.note_id, unsaved=unsaved, error=error)

    # Copy-forward --------------------------------------------------------------------------

    def _mark_copied(self, name: str) -> None:
        section = self.sections[name]
        source_text = getattr(self.source, name, "") if self.source is not None else ""
        section.set_class(bool(source_text.strip()) and section.text_area.text == source_text, "-unchanged")

    def _mark_all_copied(self) -> None:
        for name in self.sections:
            self._mark_copied(name)

    # Actions -----------------------------------------------------------------------------

    def action_revisions(self) -> None:
        """Show the earlier versions; restoring one saves the current text first."""
        from clerkbook.ui.screens.revisions import RevisionsScreen

        if self.note is None:
            return
        self.autosave.save()
        self.app.push_screen(RevisionsScreen("note", self.note_id), self._restore)

    def _restore(self, revision_id: int | None) -> None:
        if revision_id is None:
            return
        # Queued after any pending save, so the text being replaced is filed as a revision.
        self.autosave.save()
        note_id = self.note_id
        self.app.submit(lambda nb: nb.restore_note_revision(note_id, revision_id), then=self._restored)

    def _restored(self, note) -> None:
        if not self.is_attached:
            return
        self.note = note
        self._show_values(note_values(note))
        self._mark_all_copied()
        self.notify("Earlier version restored; the text it replaced is kept as a revision.", timeout=4)
