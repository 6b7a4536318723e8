"""What every dialog shares: a centred box over the screen, and how its parts look."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

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
