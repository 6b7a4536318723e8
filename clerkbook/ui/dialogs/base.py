"""What every dialog shares: a centred box over the screen, and how its parts look."""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Input

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    """A modal box; subclasses set only their width and what is theirs alone."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical {
        width: 80;
        max-width: 95%;
        height: auto;
        max-height: 100%;
        overflow-y: auto;
        padding: 1 2;
        border: thick $primary;
        background: $panel;
    }
    Dialog #heading { text-style: bold; }
    Dialog Label { color: $text-secondary; }
    Dialog #problem { color: $error; height: auto; margin-top: 1; }
    Dialog #keys { color: $text-muted; margin-top: 1; }
    Dialog Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    Dialog Button { margin-left: 2; }
    """


class FormDialog(Dialog[T]):
    """A dialog with a Save and a Cancel button (ids ``save`` and ``cancel``).

    ctrl+s or Save calls :meth:`action_save`; Escape or Cancel closes with None.
    ``FIELDS`` (input ids, in order) makes Enter move to the next field and save from the last.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="dialog.save"),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    FIELDS: tuple[str, ...] = ()

    def action_save(self) -> None:
        """Check what was entered and close with it."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        """Close without doing anything."""
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id not in self.FIELDS or event.input.id == self.FIELDS[-1]:
            self.action_save()
        else:
            self.query_one(f"#{self.FIELDS[self.FIELDS.index(event.input.id) + 1]}", Input).focus()
