"""Ask for an encrypted notebook's passphrase before the app opens it."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from clerkbook.ui.dialogs.base import Dialog


class PassphraseScreen(Dialog[str | None]):
    """A masked passphrase field: Enter submits, Escape quits (dismisses with None).

    With ``verify`` (run in a thread worker: SQLCipher derives the key slowly on purpose), the
    screen stays up and shows the error it returns, so the user can try again; it dismisses with
    the passphrase once ``verify`` returns None. Without it, the caller checks and, if the
    passphrase was wrong, calls :meth:`show_error` or pushes the screen again with ``error``.
    """

    DEFAULT_CSS = """
    PassphraseScreen > Vertical { width: 64; }
    """

    BINDINGS = [Binding("escape", "quit", "Quit", id="passphrase.quit")]

    def __init__(self, path_label: str, verify: Callable[[str], str | None] | None = None,
                 error: str = "") -> None:
        super().__init__()
        self.path_label = path_label
        self.verify = verify
        self.initial_error = error

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Encrypted notebook"), id="heading")
            # The path is the user's text: literal, never markup.
            yield Label(Content(f"Passphrase for {self.path_label}"))
            yield Input(password=True, id="passphrase")
            yield Static(Content(self.initial_error), id="problem")
            yield Static(Content("Enter: open · Escape: quit"), id="keys")

    def on_mount(self) -> None:
        self.query_one("#problem", Static).display = bool(self.initial_error)
        self.query_one("#passphrase", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        passphrase = event.value
        if not passphrase:
            self.show_error("Type the passphrase, or press Escape to quit.")
            return
        if self.verify is None:
            self.dismiss(passphrase)
            return
        field = self.query_one("#passphrase", Input)
        field.disabled = True
        self._say("Checking…")
        verify = self.verify

        def check() -> None:
            problem = verify(passphrase)
            self.app.call_from_thread(self._checked, passphrase, problem)

        self.run_worker(check, thread=True, group="passphrase-check", exit_on_error=False)

    def _checked(self, passphrase: str, problem: str | None) -> None:
        if problem:
            self.show_error(problem)
        else:
            self.dismiss(passphrase)

    def show_error(self, message: str) -> None:
        """Show ``message`` under the field, empty it, and let the user type again."""
        self._say(message)
        field = self.query_one("#passphrase", Input)
        field.disabled = False
        field.value = ""
        field.focus()

    def _say(self, message: str) -> None:
        problem = self.query_one("#problem", Static)
        problem.update(Content(message))
        problem.display = bool(message)

    def action_quit(self) -> None:
        """Give up: the caller quits without opening the notebook."""
        self.dismiss(None)
