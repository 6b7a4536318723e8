"""Ask for one piece of text: a single line, or several (an answer to a question).

A multi-line answer can hold minutes of typing, so it is kept as a draft in the notebook a second after
the typing stops: a crash or a ``kill -9`` loses at most that second, and the prompt opened again for
the same entry offers the text back. The caller names the draft after the entry (``point_draft``,
``answer_draft``): a name taken from the title would be shared by every point with the same topic, and
one point's text would be offered to, and saved over, another. A single line is seconds of typing and
is not kept.
"""

from __future__ import annotations

import hashlib

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Button, Input, Label, Static, TextArea

from clerkbook.store.errors import NotebookError
from clerkbook.ui.dialogs.base import FormDialog

RESTORED = "restored unsent text"


class PromptDraftLoaded(Message):
    """A worker read this prompt's draft from the notebook (empty if there is none)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


def point_draft(point_id: int) -> str:
    """The draft name of teaching point ``point_id``'s text."""
    return f"point:{point_id}"


def answer_draft(question_id: int) -> str:
    """The draft name of question ``question_id``'s answer."""
    return f"question:{question_id}:answer"


def keep_draft(notebook, key: str, text: str) -> None:
    """Keep ``text`` as draft ``key`` (blank text ends it); in the writer thread.

    A read-only notebook keeps no draft, quietly: a refusal at every pause in the typing would bury the
    one that matters, the save's.
    """
    if getattr(notebook, "read_only", False):
        return
    notebook.save_draft(key, text)


def _stored_key(key: str) -> str:
    # The notebook takes names of up to 64 characters; a longer one (a kind, a uid and a field) stays unique
    # through its digest.
    if len(key) <= 64:
        return key
    return f"{key[:23]}~{hashlib.sha1(key.encode()).hexdigest()}"


class TextPrompt(FormDialog[str | None]):
    """Edit ``initial`` under ``title``; dismisses with the text, or None on Escape.

    Single-line: Enter saves. Multi-line: Enter is a new line, ctrl+s or the Save button saves.
    A multi-line prompt given ``draft`` keeps unsent text under that name, which must name the entry
    being edited (two entries never share it, whatever their titles); saving or Escape ends the draft.
    """

    DEFAULT_CSS = """
    TextPrompt > Vertical { width: 80; }
    TextPrompt #title { text-style: bold; margin-bottom: 1; }
    TextPrompt TextArea { height: 12; }
    TextPrompt Horizontal { margin-top: 0; }
    TextPrompt #restored { display: none; color: $warning; }
    TextPrompt #restored.-shown { display: block; }
    """

    def __init__(self, title: str, label: str, initial: str = "", multiline: bool = False,
                 draft: str | None = None) -> None:
        super().__init__()
        self.prompt_title = title
        self.label = label
        self.initial = initial
        self.multiline = multiline
        self.draft = _stored_key(draft) if multiline and draft else None
        self._draft_timer: Timer | None = None
        # The text the notebook's draft holds (None: not read yet).
        self._draft_stored: str | None = None
        self._ended = False

    def compose(self) -> ComposeResult:
        with Vertical():
            # The title is often user text (a question to research): literal, never markup.
            yield Static(Content(self.prompt_title), id="title")
            yield Label(Content(self.label))
            if self.multiline:
                yield TextArea(self.initial, id="text", soft_wrap=True)
            else:
                yield Input(self.initial, id="text", select_on_focus=False)
            yield Static(Content(RESTORED), id="restored")
            keys = "ctrl+s: save · Escape: cancel" if self.multiline else "Enter: save · Escape: cancel"
            yield Static(Content(keys), id="keys")
            with Horizontal():
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        field = self.query_one("#text")
        field.focus()
        if isinstance(field, TextArea):
            # Answers are usually extended, so start at the end of what is there.
            field.move_cursor(field.document.end)
        else:
            field.cursor_position = len(field.value)
        if self.draft is not None:
            self._read_draft(self.draft)

    @property
    def value(self) -> str:
        """The text as currently typed."""
        field = self.query_one("#text")
        return field.text if isinstance(field, TextArea) else field.value

    def action_save(self) -> None:
        """Close with the text."""
        self._end_draft()
        self.dismiss(self.value)

    def action_cancel(self) -> None:
        """Close without doing anything; the unsent text is given up deliberately."""
        self._end_draft()
        self.dismiss(None)

    # The draft ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="prompt-draft")
    def _read_draft(self, key: str) -> None:
        try:
            text = self.app.notebook.get_draft(key)
        except NotebookError:
            return
        self.post_message(PromptDraftLoaded(text))

    def on_prompt_draft_loaded(self, message: PromptDraftLoaded) -> None:
        if self._ended or self._draft_stored is not None:
            return
        self._draft_stored = message.text
        area = self.query_one("#text", TextArea)
        if area.text != self.initial:
            self.save_now()  # typing has begun: never replace it, and keep it from now on
            return
        if not message.text or message.text == self.initial:
            return
        area.load_text(message.text)
        area.move_cursor(area.document.end)
        self.query_one("#restored").set_class(True, "-shown")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.draft is None or self._ended:
            return
        self._stop_draft_timer()
        self._draft_timer = self.set_timer(self.app.autosave_delay, self.save_now)

    def save_now(self) -> None:
        """Queue the unsent text as the draft, if it changed (the app calls this before quitting)."""
        self._stop_draft_timer()
        if self.draft is None or self._ended or self._draft_stored is None:
            return  # not read yet: the first keystrokes are kept a second later, once it is
        text = self.value
        kept = "" if text == self.initial else text  # the text as it was given is not unsent
        if kept == self._draft_stored:
            return
        self._draft_stored = kept
        key = self.draft
        self.app.submit(lambda nb: keep_draft(nb, key, kept), quiet=True)

    def _end_draft(self) -> None:
        self._stop_draft_timer()
        if self.draft is None or self._ended:
            return
        self._ended = True
        key, app = self.draft, self.app
        # After the caller's save of the text (queued from the dismiss callback, a moment later), so a
        # kill in between still finds the text in one place or the other.
        app.call_later(lambda: app.after_writes(lambda: app.submit(lambda nb: keep_draft(nb, key, ""), quiet=True)))

    def _stop_draft_timer(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None

    def on_unmount(self) -> None:
        self._stop_draft_timer()
