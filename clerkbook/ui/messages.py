"""Messages the app's parts send each other, named for what has happened."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message


class NotebookChanged(Message):
    """Something was written to the notebook; whatever shows it should reload."""


class ShiftLoaded(Message):
    """A worker finished reading what the shift screen shows."""

    def __init__(self, shift) -> None:
        super().__init__()
        self.shift = shift


class OperationFinished(Message):
    """A store operation queued with :meth:`ClerkbookApp.submit` has been written."""

    def __init__(self, then: Callable[[Any], None] | None, result: Any) -> None:
        super().__init__()
        self.then = then
        self.result = result


class OperationFailed(Message):
    """A store operation was refused; ``error`` is a one-line message for the user."""

    def __init__(self, error: str, on_error: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.error = error
        self.on_error = on_error


class WritesDrained(Message):
    """Every operation queued before the marker has been written."""

    def __init__(self, then: Callable[[], None]) -> None:
        super().__init__()
        self.then = then
