"""A yes/no question asked before something that cannot be taken back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from clerkbook.ui.dialogs.base import Dialog


class ConfirmDialog(Dialog[bool]):
    """Ask ``question``; dismisses with True (y, the yes button) or False (n, Escape, the other).

    Enter presses the button that has focus from the start: yes, or no when ``default`` is False (for what
    cannot be undone, so a reflexive Enter never does it: only y, or the yes button, says yes).
    """

    DEFAULT_CSS = """
    ConfirmDialog > Vertical { width: 64; max-width: 90%; }
    ConfirmDialog #question { width: 1fr; margin-bottom: 1; }
    ConfirmDialog #keys { margin-top: 0; margin-bottom: 1; }
    ConfirmDialog Horizontal { margin-top: 0; }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("escape", "answer(False)", "Cancel", id="dialog.cancel"),
    ]

    AUTO_FOCUS = "#yes"

    def __init__(self, question: str, yes_label: str = "Yes", no_label: str = "Cancel", *,
                 default: bool = True) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes_label
        self.no_label = no_label
        self.default = default
        if not default:
            self.AUTO_FOCUS = "#no"

    def compose(self) -> ComposeResult:
        with Vertical():
            # The question often quotes what the user typed: shown literally, never as markup.
            yield Static(Content(self.question), id="question")
            keys = ("y or Enter: yes · n or Escape: no" if self.default
                    else "y: yes · n, Escape or Enter: no")
            yield Static(Content(keys), id="keys")
            with Horizontal():
                yield Button(Content(self.yes_label), variant="error", id="yes")
                yield Button(Content(self.no_label), id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
