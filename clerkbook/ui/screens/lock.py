"""The lock screen: everything hidden at once, for a notebook left open at the nursing station."""

from __future__ import annotations

from collections.abc import Callable

from textual import events, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

#: Verifies a typed passphrase (True: it opens the notebook); runs in a thread, since SQLCipher's key
#: derivation takes a noticeable fraction of a second on purpose.
PassphraseCheck = Callable[[str], bool]


class LockScreen(Screen[None]):
    """A plain screen over every pane and dialog, with nothing of the notebook on it.

    A plain notebook unlocks with any key; an encrypted one (``verify`` given) with its passphrase.
    """

    DEFAULT_CSS = """
    LockScreen { align: center middle; background: $background; }
    LockScreen > Vertical { width: 50; height: auto; border: round $primary; padding: 1 2; }
    LockScreen #lock-title { text-style: bold; content-align: center middle; width: 100%; }
    LockScreen #lock-hint { color: $text-muted; content-align: center middle; width: 100%; margin-top: 1; }
    LockScreen #lock-error { color: $error; width: 100%; }
    LockScreen Input { margin-top: 1; }
    """

    # No footer and no title: a locked screen must not even say which rotation is open.
    AUTO_FOCUS = "#passphrase"

    def __init__(self, verify: PassphraseCheck | None = None) -> None:
        super().__init__()
        self.verify = verify

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("clerkbook is locked", id="lock-title")
            if self.verify is None:
                yield Static("Press any key to unlock.", id="lock-hint")
            else:
                yield Input(password=True, placeholder="passphrase", id="passphrase")
                yield Static("", id="lock-error")
                yield Static("Type the notebook's passphrase, then Enter.", id="lock-hint")

    def on_key(self, event: events.Key) -> None:
        if self.verify is not None:
            return
        # The key that unlocks must not also act on the screen below (a "d" would tick a to-do).
        event.stop()
        event.prevent_default()
        self.dismiss()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value:
            self.query_one("#lock-error", Static).update("Checking…")
            self._check(event.value)

    @work(thread=True, exclusive=True, group="unlock")
    def _check(self, passphrase: str) -> None:
        try:
            ok = self.verify(passphrase)
        except Exception:  # noqa: BLE001 - any failure to verify keeps the screen locked
            ok = False
        self.app.call_from_thread(self._checked, ok)

    def _checked(self, ok: bool) -> None:
        if ok:
            self.dismiss()
            return
        field = self.query_one("#passphrase", Input)
        field.value = ""
        field.focus()
        self.query_one("#lock-error", Static).update("Wrong passphrase; try again.")
