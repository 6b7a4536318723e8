"""The clerkbook Textual app: one notebook, kept open through a shift.

Every read and write of the notebook happens off the UI thread. Writes go
through one queue, served by a single long-lived thread worker, so they land in
the order the user made them (a toggle and its undo must never swap), and
quitting can wait until the queue is empty: nothing typed is lost on ctrl+q.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import events, work
from textual.app import App
from textual.binding import Binding

from clerkbook.domain.clock import local_now
from clerkbook.store.errors import NotebookError
from clerkbook.ui.commands import ClerkbookCommands
from clerkbook.ui.messages import (
    NotebookChanged,
    OperationFailed,
    OperationFinished,
    WritesDrained,
)
from clerkbook.ui.settings import UiSettings

_STOP = object()


class ClerkbookApp(App[None]):
    """The full-screen notebook, given an open :class:`~clerkbook.store.Notebook`.

    ``clock`` returns the local, aware "now" (tests freeze it); ``settings``
    holds the keymap and theme (tests pass settings with no folder).
    """

    TITLE = "clerkbook"
    COMMANDS = App.COMMANDS | {ClerkbookCommands}
    BINDINGS = [
        Binding("ctrl+n", "capture", "Capture", id="app.capture", tooltip="Quick capture: t to-do, p point, q question"),
        Binding("f1", "help", "Keys", id="app.help"),
        Binding("ctrl+f", "search", "Search", id="app.search", tooltip="Search everything"),
        Binding("ctrl+e", "export", "Export", id="app.export", tooltip="Export, behind the PHI guard"),
        # Priority: locking must work from inside an editor or a dialog, at once.
        Binding("ctrl+l", "lock", "Lock", id="app.lock", priority=True, show=False, tooltip="Hide everything behind a lock screen"),
    ]
    #: Actions that still run while the lock screen is up.
    ALLOWED_WHILE_LOCKED = frozenset({"quit"})

    def __init__(
        self,
        notebook=None,
        *,
        opener: Callable[[], Any] | None = None,
        clock: Callable[[], datetime] = local_now,
        settings: UiSettings | None = None,
        autosave_delay: float = 1.0,
    ) -> None:
        super().__init__()
        if (notebook is None) == (opener is None):
            raise TypeError("give the app a notebook or an opener, not both")
        self._notebook = notebook
        self._opener = opener
        #: Why the notebook could not be opened, if it could not: the command line prints it after the app ends.
        self.open_error: str | None = None
        # Set once the notebook is open: workers that read it wait for this, the first frame does not.
        self._opened = threading.Event()
        if notebook is not None:
            self._opened.set()
        self.clock = clock
        self.settings = settings or UiSettings()
        self.autosave_delay = autosave_delay
        #: Where the export screen proposes to write (None: the folder clerkbook was started from).
        self.export_folder: Path | None = None
        self._writes: queue.SimpleQueue = queue.SimpleQueue()
        self._quitting = False
        #: Checks a passphrase to unlock an encrypted notebook (None: any key unlocks).
        self.unlock_check = None
        self._locked = False
        self._last_input = time.monotonic()
        # Notifications that arrive while locked wait for the unlock: a toast must not show on the lock screen.
        self._held_notifications: list[tuple[tuple, dict]] = []

    def on_mount(self) -> None:
        from clerkbook.ui.screens.main import MainScreen

        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
            # After the first frame: checking imports every screen, which start-up need not wait for.
            self.call_after_refresh(self._check_keymap)
        for problem in self.settings.problems:
            self.notify(problem, severity="warning", timeout=8, markup=False)
        self.push_screen(MainScreen())
        if self.settings.lock_after:
            self.set_timer(self.settings.lock_after, self._idle_check)
        # Start the writer (which opens the notebook, importing SQLAlchemy) only once the first frame is on
        # screen: in a thread it would still hold the GIL against the UI thread drawing that frame.
        self.call_after_refresh(self._writer)

    @property
    def notebook(self):
        """The open notebook; from a worker started before it is open, waits until it is."""
        self._opened.wait()
        if self._notebook is None:
            raise NotebookError(self.open_error or "The notebook is not open.")
        return self._notebook

    def _open(self) -> bool:
        # In the writer thread, before any write: opening may migrate the file, which is a write.
        if self._opener is None:
            return True
        try:
            self._notebook = self._opener()
        except Exception as exc:  # noqa: BLE001 - any failure to open ends the app with one line
            self.open_error = str(exc) if isinstance(exc, NotebookError) else f"Could not open the notebook: {exc}"
            self.call_from_thread(self.exit, None, 1)
            self._opened.set()  # workers waiting for the notebook get the error instead of waiting forever
            return False
        # No NotebookChanged here: the screens' first loads are already waiting for the notebook, and a
        # second load at the same moment would only compete with them.
        self._opened.set()
        return True

    def _check_keymap(self) -> None:
        from clerkbook.ui.screens.help import known_binding_ids

        unknown = sorted(set(self.settings.keymap) - known_binding_ids())
        if unknown:
            self.notify(f"keymap.toml: unknown binding id(s) {', '.join(unknown)}; see f1 for the list.",
                        severity="warning", timeout=10, markup=False)

    def on_unmount(self) -> None:
        # However the app ends, let the writer finish what is queued, then stop.
        self._writes.put(_STOP)

    def watch_theme(self, theme: str) -> None:
        if self.is_mounted and theme != self.settings.theme:
            self.settings.save_theme(theme)

    # Writing ----------------------------------------------------------------

    def submit(
        self,
        operation: Callable[[Any], Any],
        *,
        then: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        """Queue ``operation(notebook)`` for the writer thread; ``then(result)`` runs on the UI thread after."""
        self._writes.put((operation, then, on_error))

    def after_writes(self, then: Callable[[], None]) -> None:
        """Call ``then`` on the UI thread once everything queued so far is written."""
        self._writes.put((None, then, None))

    @work(thread=True, name="notebook writer", group="writer")
    def _writer(self) -> None:
        if not self._open():
            return
        while True:
            item = self._writes.get()
            if item is _STOP:
                return
            operation, then, on_error = item
            if operation is None:
                self.post_message(WritesDrained(then))
                continue
            try:
                result = operation(self.notebook)
            except NotebookError as exc:
                self.post_message(OperationFailed(str(exc), on_error))
                continue
            except Exception as exc:  # noqa: BLE001 - a bug must not kill the writer and lose later saves
                self.log.error("write failed", exc)
                self.post_message(OperationFailed(f"Could not save: {exc}", on_error))
                continue
            self.post_message(OperationFinished(then, result))
            self.post_message(NotebookChanged())

    def on_operation_finished(self, message: OperationFinished) -> None:
        if message.then is not None:
            message.then(message.result)

    def on_operation_failed(self, message: OperationFailed) -> None:
        self.notify(message.error, severity="error", timeout=6, markup=False)
        if message.on_error is not None:
            message.on_error(message.error)

    def on_writes_drained(self, message: WritesDrained) -> None:
        message.then()

    def on_notebook_changed(self, message: NotebookChanged) -> None:
        # Every open screen that shows notebook data refreshes itself.
        for screen in self.screen_stack:
            if hasattr(screen, "reload"):
                screen.reload()

    # Actions ------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit once every pending save, including open editors', is written."""
        if self._quitting:
            return
        self._quitting = True
        self.save_editors()
        self.after_writes(self._finish_quit)

    def save_editors(self) -> None:
        """Queue what every open editor holds and its autosave has not sent yet."""
        for screen in self.screen_stack:
            if hasattr(screen, "save_now"):
                screen.save_now()

    def _finish_quit(self) -> None:
        # A save that failed (a full disk, say) leaves its text in the editor:
        # staying open is the only way not to lose it.
        if any(getattr(screen, "has_unsaved", lambda: False)() for screen in self.screen_stack):
            self._quitting = False
            self.notify("Not quitting: a save failed; the editor shows why.", severity="error")
            return
        self.exit()  # on_unmount stops the writer once the queue is empty

    # Locking --------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._last_input = time.monotonic()
        await super().on_event(event)

    def _idle_check(self) -> None:
        # One timer at a time, re-armed for what is left of the idle period: no polling while idle.
        idle_for = time.monotonic() - self._last_input
        remaining = self.settings.lock_after - idle_for
        if remaining <= 0:
            self.action_lock()
            remaining = self.settings.lock_after
        self.set_timer(max(remaining, 1.0), self._idle_check)

    @property
    def is_locked(self) -> bool:
        """True while the lock screen is up."""
        return self._locked

    def action_lock(self) -> None:
        """Hide every pane behind the lock screen, saving what the editors hold first."""
        from clerkbook.ui.screens.lock import LockScreen

        if self._locked:
            return
        self._locked = True
        self.save_editors()
        self.clear_notifications()
        self.push_screen(LockScreen(self.unlock_check), callback=self._unlocked)

    def _unlocked(self, _result: None) -> None:
        self._locked = False
        self._last_input = time.monotonic()
        held, self._held_notifications = self._held_notifications, []
        for args, kwargs in held:
            super().notify(*args, **kwargs)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in self.ALLOWED_WHILE_LOCKED and self.is_locked:
            return False
        return super().check_action(action, parameters)

    def notify(self, *args, **kwargs) -> None:
        """Show a notification, or hold it until the unlock while the lock screen is up."""
        if self.is_locked:
            self._held_notifications.append((args, kwargs))
            return
        super().notify(*args, **kwargs)

    def action_capture(self) -> None:
        """Open the quick-capture line."""
        from clerkbook.ui.screens.capture import CaptureScreen

        if not isinstance(self.screen, CaptureScreen):
            self.push_screen(CaptureScreen())

    def action_help(self) -> None:
        """Show every key."""
        from clerkbook.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_search(self) -> None:
        """Open the search screen."""
        from clerkbook.ui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_export(self) -> None:
        """Open the export screen."""
        from clerkbook.ui.screens.export import ExportScreen

        if not isinstance(self.screen, ExportScreen):
            self.push_screen(ExportScreen())

    def open_note(self, note_id: int) -> None:
        """Open the note editor on a note."""
        from clerkbook.ui.screens.note_editor import NoteEditorScreen

        self.push_screen(NoteEditorScreen(note_id))

    def open_reflection(self, week: str | None = None) -> None:
        """Open the reflection editor on a week (this week by default)."""
        from clerkbook.ui.screens.reflection_editor import ReflectionEditorScreen

        self.push_screen(ReflectionEditorScreen(week))
