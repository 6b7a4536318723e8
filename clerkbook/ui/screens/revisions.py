"""Earlier versions of a note or a reflection: browse, preview, and pick one to restore."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Literal

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from clerkbook.domain.dates import describe_ago
from clerkbook.models import (
    NOTE_SECTIONS,
    REFLECTION_FIELDS,
    REFLECTION_PROMPTS,
    SECTION_TITLES,
    NoteKind,
)
from clerkbook.store.errors import NotebookError

#: How many words of a change the list shows.
CHANGE_WORDS = 8


@dataclass
class RevisionRow:
    """One earlier version, ready to show."""

    id: int
    when: str
    reason: str
    change: str
    values: dict[str, str] = field(default_factory=dict)


class RevisionsLoaded(Message):
    """A worker read the revisions (or the error that stopped it)."""

    def __init__(self, rows: list[RevisionRow], fields: list[tuple[str, str]], error: str | None = None) -> None:
        super().__init__()
        self.rows = rows
        self.fields = fields
        self.error = error


def first_change(before: dict[str, str], after: dict[str, str], fields: list[tuple[str, str]]) -> str:
    """The first words that differ between a version and the one that replaced it: "Plan: start IV furosemide…"."""
    for name, title in fields:
        old, new = before.get(name, ""), after.get(name, "")
        if old == new:
            continue
        old_words, new_words = old.split(), new.split()
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            words = old_words[i1:i2]
            if words:
                more = "…" if len(words) > CHANGE_WORDS else ""
                return f"{title}: {' '.join(words[:CHANGE_WORDS])}{more}"
            added = new_words[j1:j2]
            more = "…" if len(added) > CHANGE_WORDS else ""
            return f"{title}: before “{' '.join(added[:CHANGE_WORDS])}{more}” was added"
        return f"{title}: spacing only"
    return "no text changes"


def _note_rows(notebook, note_id: int, now) -> tuple[list[RevisionRow], list[tuple[str, str]]]:
    note = notebook.get_note(note_id)
    fields = [("title", "Title")] + [(name, SECTION_TITLES[name]) for name in NOTE_SECTIONS[NoteKind(note.kind)]]
    newer = {"title": note.title, **note.sections}
    rows = []
    for revision in notebook.list_note_revisions(note_id):
        values = {"title": revision.title, **json.loads(revision.content)}
        rows.append(_row(revision, values, newer, fields, now))
        newer = values
    return rows, fields


def _reflection_rows(notebook, week: str, now) -> tuple[list[RevisionRow], list[tuple[str, str]]]:
    fields = [(name, REFLECTION_PROMPTS[name]) for name in REFLECTION_FIELDS]
    reflection = notebook.get_reflection(week)
    newer = {name: getattr(reflection, name, "") for name in REFLECTION_FIELDS}
    rows = []
    for revision in notebook.list_reflection_revisions(week):
        values = json.loads(revision.content)
        rows.append(_row(revision, values, newer, fields, now))
        newer = values
    return rows, fields


def _row(revision, values: dict[str, str], newer: dict[str, str], fields, now) -> RevisionRow:
    local = revision.created_at.astimezone(now.tzinfo)
    when = f"{local:%a %d %b %H:%M} · {describe_ago(revision.created_at, now)}"
    return RevisionRow(revision.id, when, revision.reason, first_change(values, newer, fields), values)


class RevisionsScreen(ModalScreen[int | None]):
    """Pick an earlier version of a note (``key`` = note id) or a reflection (``key`` = ISO week).

    Dismisses with the chosen revision's id, or None; the editor does the restoring.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="revisions.cancel"),
        Binding("r", "restore", "Restore", id="revisions.restore"),
    ]

    DEFAULT_CSS = """
    RevisionsScreen { align: center middle; }
    RevisionsScreen #revisions-dialog {
        width: 90%;
        height: 85%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    RevisionsScreen #revisions-title { text-style: bold; height: 1; }
    RevisionsScreen #revisions-body { height: 1fr; }
    RevisionsScreen #revision-list { width: 2fr; height: 1fr; }
    RevisionsScreen #revision-preview { width: 3fr; height: 1fr; border-left: vkey $primary 50%; padding: 0 1; }
    RevisionsScreen #revisions-hint { height: 1; color: $text-muted; }
    """

    def __init__(self, kind: Literal["note", "reflection"], key: int | str) -> None:
        super().__init__()
        self.kind = kind
        self.key = key
        self.rows: list[RevisionRow] = []
        self.fields: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        what = "this note" if self.kind == "note" else f"the reflection for {self.key}"
        with Vertical(id="revisions-dialog"):
            yield Static(f"Earlier versions of {what}", id="revisions-title", markup=False)
            with Horizontal(id="revisions-body"):
                yield OptionList(Option("Loading…", disabled=True), id="revision-list")
                with VerticalScroll(id="revision-preview"):
                    yield Static("", id="revision-text", markup=False)
            yield Static("Enter or r restores the highlighted version · Esc cancels", id="revisions-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#revision-list", OptionList).focus()
        self._load()

    @work(thread=True, exclusive=True, group="revisions-load")
    def _load(self) -> None:
        now = self.app.clock()
        try:
            if self.kind == "note":
                rows, fields = _note_rows(self.app.notebook, int(self.key), now)
            else:
                rows, fields = _reflection_rows(self.app.notebook, str(self.key), now)
        except NotebookError as exc:
            self.post_message(RevisionsLoaded([], [], str(exc)))
            return
        self.post_message(RevisionsLoaded(rows, fields))

    def on_revisions_loaded(self, message: RevisionsLoaded) -> None:
        self.rows, self.fields = message.rows, message.fields
        options = self.query_one("#revision-list", OptionList)
        options.clear_options()
        if message.error:
            options.add_option(Option(Content.styled(message.error, "$error"), disabled=True))
            return
        if not self.rows:
            options.add_option(Option(Content.styled("No earlier versions yet: every save that changes the "
                                                     "text keeps the previous one here.", "$text-muted"),
                                      disabled=True))
            return
        options.add_options(
            Option(Content.assemble((row.when, "bold"), ("  " + row.reason, "$text-muted"), "\n",
                                    (row.change, "$text-secondary")), id=f"rev-{row.id}")
            for row in self.rows
        )
        options.highlighted = 0
        self._preview(self.rows[0])

    def _preview(self, row: RevisionRow) -> None:
        parts: list = []
        for name, title in self.fields:
            text = row.values.get(name, "")
            parts += [(title, "bold $text-primary"), "\n",
                      (text, "") if text.strip() else ("(empty)", "$text-muted"), "\n\n"]
        self.query_one("#revision-text", Static).update(Content.assemble(*parts))

    def _highlighted_row(self) -> RevisionRow | None:
        index = self.query_one("#revision-list", OptionList).highlighted
        if index is None or not self.rows or index >= len(self.rows):
            return None
        return self.rows[index]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        row = self._highlighted_row()
        if row is not None:
            self._preview(row)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_restore()

    def action_restore(self) -> None:
        """Restore the highlighted version (the editor files the current text as a revision first)."""
        row = self._highlighted_row()
        if row is not None:
            self.dismiss(row.id)

    def action_cancel(self) -> None:
        """Close without restoring anything."""
        self.dismiss(None)
