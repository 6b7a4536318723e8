"""Ask for one piece of text: a single line, or several (an answer to a question)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static, TextArea

from clerkbook.ui.dialogs.base import FormDialog


class TextPrompt(FormDialog[str | None]):
    """Edit ``initial`` under ``title``; dismisses with the text, or None on Escape.

    Single-line: Enter saves. Multi-line: Enter is a new line, ctrl+s or the Save button saves.
    """

    DEFAULT_CSS = """
    TextPrompt > Vertical { width: 80; }
    TextPrompt #title { text-style: bold; margin-bottom: 1; }
    TextPrompt TextArea { height: 12; }
    TextPrompt Horizontal { margin-top: 0; }
    """

    def __init__(self, title: str, label: str, initial: str = "", multiline: bool = False) -> None:
        super().__init__()
        self.prompt_title = title
        self.label = label
        self.initial = initial
        self.multiline = multiline

    def compose(self) -> ComposeResult:
        with Vertical():
            # The title is often user text (a question to research): literal, never markup.
            yield Static(Content(self.prompt_title), id="title")
            yield Label(Content(self.label))
            if self.multiline:
                yield TextArea(self.initial, id="text", soft_wrap=True)
            else:
                yield Input(self.initial, id="text", select_on_focus=False)
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

    @property
    def value(self) -> str:
        """The text as currently typed."""
        field = self.query_one("#text")
        return field.text if isinstance(field, TextArea) else field.value

    def action_save(self) -> None:
        """Close with the text."""
        self.dismiss(self.value)
