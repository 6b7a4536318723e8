"""The clerkbook Textual app: one notebook, kept open through a shift.

Every read and write of the notebook happens off the UI thread. Writes go
through one queue, served by a single long-lived thread worker, so they land in
the order the user made them (a toggle and its undo must never swap), and
quitting can wait until the queue is empty: nothing typed is lost on ctrl+q.

Start-up order: the first frame, then the shift read with plain sqlite3
(:mod:`clerkbook.store.shift_read`), then, once that data is on screen, the
writer opens the full notebook (importing SQLAlchemy). Writes queued meanwhile
wait for it. A file that must be created or upgraded is opened first instead.

Live refresh (:mod:`clerkbook.ui.live`): a thread checks ``PRAGMA data_version``
on the reader's connection every few seconds; when another process has
committed, screens reload.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App
from textual.binding import Binding

from clerkbook.store.errors import NotebookError
from clerkbook.ui.live import NotebookWatcher
from clerkbook.ui.locking import LOCK_BINDING, LockingMixin
from clerkbook.ui.messages import (
    NotebookChanged,
    OperationFailed,
    OperationFinished,
    WritesDrained,
)
from clerkbook.ui.navigation import NavigationMixin
from clerkbook.ui.settings import UiSettings

_STOP = object()
#: How often the live refresh looks for commits by other processes, in seconds.
WATCH_INTERVAL = 2.0


def _commands():
    # The command palette's provider, imported when the palette first opens, not before the first frame.
    from clerkbook.ui.commands import ClerkbookCommands

    return ClerkbookCommands


class ClerkbookApp(LockingMixin, NavigationMixin, App[None]):
    """The full-screen notebook, given an open :class:`~clerkbook.store.Notebook`.

    ``clock`` returns the local, aware "now" (tests freeze it); ``settings``
    holds the keymap and theme (tests pass settings with no folder). ``reader()``
    opens a :class:`~clerkbook.store.shift_read.ShiftReader` on the same file, or
    returns None while the file cannot be read that way (missing, older schema);
    by default one on the given notebook's path. ``watch_interval`` (seconds;
    None: off) is how often commits by other processes are looked for.
    """

    TITLE = "clerkbook"
    COMMANDS = App.COMMANDS | {_commands}
    BINDINGS = [
        Binding("ctrl+n", "capture", "Capture", id="app.capture", tooltip="Quick capture: t to-do, p point, q question"),
        Binding("f1", "help", "Keys", id="app.help"),
        Binding("ctrl+f", "search", "Search", id="app.search", tooltip="Search everything"),
        Binding("ctrl+e", "export", "Export", id="app.export", tooltip="Export, behind the PHI guard"),
        Binding("f2", "clerkship", "Logs", id="app.clerkship", show=False,
                tooltip="Procedures, feedback, letters, contacts, checklist and their reminders"),
        Binding("f3", "rotations", "Rotations", id="app.rotations", show=False),
        Binding("f4", "daily_log", "Daily log", id="app.daily_log", show=False),
        Binding("f5", "signout", "Sign-out", id="app.signout", show=False),
        LOCK_BINDING,
    ]

    def __init__(
        self,
        notebook=None,
        *,
        opener: Callable[[], Any] | None = None,
        clock: Callable[[], datetime] | None = None,
        settings: UiSettings | None = None,
        autosave_delay: float = 1.0,
        reader: Callable[[], Any] | None = None,
        watch_interval: float | None = WATCH_INTERVAL,
        unlock: Callable[[str], str | None] | None = None,
        unlock_label: str = "",
        passphrase: str | None = None,
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
        self.clock = clock or _local_now
        self.settings = settings or UiSettings()
        self.autosave_delay = autosave_delay
        #: Where the export screen proposes to write (None: the folder clerkbook was started from).
        self.export_folder: Path | None = None
        self._writes: queue.SimpleQueue = queue.SimpleQueue()
        self._quitting = False
        self._init_locking(unlock, unlock_label, passphrase)
        self._writer_started = False
        if reader is None and notebook is not None:
            reader = _reader_on(notebook.path)
        self._reader_factory = reader
        self._reader = None
        self._reader_lock = threading.Lock()
        self._watcher = (NotebookWatcher(lambda: self._reader, lambda: self.post_message(NotebookChanged()),
                                         watch_interval) if watch_interval else None)

    def get_default_screen(self):
        """The shift screen is the bottom of the stack: no blank default screen is drawn first."""
        from clerkbook.ui.screens.main import MainScreen

        return MainScreen()

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
            # After the first frame: checking imports every screen, which start-up need not wait for.
            self.call_after_refresh(self._check_keymap)
        for problem in self.settings.problems:
            self.notify(problem, severity="warning", timeout=8, markup=False)
        # The writer (which opens the notebook, importing SQLAlchemy) starts once the shift screen's data is
        # on screen (start_writer): in a thread it would still hold the GIL against the UI thread drawing it.
        if self._watcher is not None:
            self._watcher.start()
        if not self.is_headless and sys.__stdin__ is not None:
            from clerkbook.ui.hangup import watch_for_hangup

            watch_for_hangup(sys.__stdin__.fileno(), lambda: self.call_from_thread(self.terminal_lost))
        self._start_idle_lock()

    #: Seconds between the tries to save editors once the terminal is gone.
    TERMINAL_RETRY_S = 5.0

    def terminal_lost(self, tries: int = 3) -> None:
        """The terminal vanished without a SIGHUP: write what editors hold, then end (nothing can be shown).

        A save that fails (a lock held elsewhere, say) is tried again a few seconds later before giving up: no
        one is left to read "save failed", and an app without a terminal must not run on for ever.
        """
        self.save_editors()

        def written() -> None:
            unsaved = any(getattr(screen, "has_unsaved", lambda: False)() for screen in self.screen_stack)
            if unsaved and tries > 1:
                self.set_timer(self.TERMINAL_RETRY_S, lambda: self.terminal_lost(tries - 1))
            else:
                self.exit()

        self.after_writes(written)

    def start_writer(self) -> None:
        """Start the writer thread, which opens the notebook first; from any thread, any number of times."""
        if self._writer_started:
            return
        if threading.get_ident() != self._thread_id:
            self.call_from_thread(self.start_writer)
            return
        self._writer_started = True
        self._writer()

    @property
    def notebook(self):
        """The open notebook; from a worker started before it is open, waits until it is."""
        if not self._opened.is_set():
            self.start_writer()
        self._opened.wait()
        if self._notebook is None:
            raise NotebookError(self.open_error or "The notebook is not open.")
        return self._notebook

    def shift_source(self):
        """What the shift screen reads from (in a worker): the fast reader, else the notebook once open.

        The notebook is waited for only when the file must first be created or upgraded.
        """
        if not self.wait_readable():
            raise NotebookError("The notebook was not opened.")
        reader = self._shift_reader()
        if reader is not None:
            return reader
        notebook = self.notebook
        return self._shift_reader() or notebook

    def _shift_reader(self):
        with self._reader_lock:
            if self._reader is None and self._reader_factory is not None:
                try:
                    self._reader = self._reader_factory()
                    if self._reader is not None:
                        # From here on, a commit by anyone else is news to the screens.
                        self._note_own_write()
                except Exception as exc:  # noqa: BLE001 - the full open reports what is wrong with the file
                    self.log.warning("fast reader unavailable", exc)
                    self._reader_factory = None
            return self._reader

    def _open_without_reader(self):
        # Opening the notebook reads the file's header through a plain file handle, and closing any handle
        # on a file drops every POSIX lock this process holds on it (SQLite's same-process pitfall). A
        # reader left open across that loses its shared lock: closing it afterwards can delete the WAL under
        # the writer's feet, and commits vanish. So the reader is closed first, while its locks are whole,
        # and nothing reopens it (the lock is held) until the notebook is open.
        with self._reader_lock:
            old, self._reader = self._reader, None
            if old is not None:
                old.close()
            notebook = self._opener()
        if old is not None and self._shift_reader() is not None:
            # Versions of two connections do not compare: a commit between the two opens must not be lost.
            self.post_message(NotebookChanged())
        return notebook

    def _note_own_write(self) -> None:
        # The reader's data_version also moves for this app's own commits, which reload by themselves.
        if self._watcher is not None:
            self._watcher.seen_now()

    def _open(self) -> bool:
        # In the writer thread, before any write: opening may migrate the file, which is a write.
        if self._opener is None:
            return True
        if not self.wait_readable():
            self.open_error = None
            self._opened.set()
            return False
        try:
            self._notebook = self._open_without_reader()
        except Exception as exc:  # noqa: BLE001 - any failure to open ends the app with one line
            self.open_error = str(exc) if isinstance(exc, NotebookError) else f"Could not open the notebook: {exc}"
            self.call_from_thread(self.exit, None, 1)
            self._opened.set()  # workers waiting for the notebook get the error instead of waiting forever
            return False
        # No NotebookChanged here: the screens' first loads are already waiting for the notebook, and a
        # second load at the same moment would only compete with them.
        self._opened.set()
        if hasattr(self._notebook, "take_daily_backup"):
            self.call_from_thread(self._daily_backup)  # workers start from the UI thread
        for warning in getattr(self._notebook, "warnings", ()):
            self.call_from_thread(self.notify, warning, severity="warning", timeout=10, markup=False)
        if getattr(self._notebook, "read_only", False):
            self.call_from_thread(self.notify, "This notebook is read-only: you can read and search it, but nothing "
                                  "you type can be saved.", severity="warning", timeout=12, markup=False)
        return True

    @work(thread=True, name="daily backup", group="backup")
    def _daily_backup(self) -> None:
        # Beside the writer, not in it: copying a big notebook must never hold up a save.
        warning = self._notebook.take_daily_backup()
        if warning:
            self.call_from_thread(self.notify, warning, severity="warning", timeout=10, markup=False)

    def _check_keymap(self) -> None:
        from clerkbook.ui.screens.help import known_binding_ids

        unknown = sorted(set(self.settings.keymap) - known_binding_ids())
        if unknown:
            self.notify(f"keymap.toml: unknown binding id(s) {', '.join(unknown)}; see f1 for the list.",
                        severity="warning", timeout=10, markup=False)

    def on_unmount(self) -> None:
        # However the app ends, let the writer finish what is queued, then stop.
        if self._watcher is not None:
            self._watcher.stop()
        self._writes.put(_STOP)
        self._close_reader()

    def _close_reader(self) -> None:
        with self._reader_lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None

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
        quiet: bool = False,
    ) -> None:
        """Queue ``operation(notebook)`` for the writer thread; ``then(result)`` runs on the UI thread after.

        ``quiet``: nothing any screen shows has changed (a draft being kept), so nothing reloads.
        """
        self._writes.put((operation, then, on_error, quiet))
        self.start_writer()

    def after_writes(self, then: Callable[[], None]) -> None:
        """Call ``then`` on the UI thread once everything queued so far is written."""
        self._writes.put((None, then, None, True))
        self.start_writer()

    @work(thread=True, name="notebook writer", group="writer")
    def _writer(self) -> None:
        if not self._open():
            return
        while True:
            item = self._writes.get()
            if item is _STOP:
                return
            operation, then, on_error, quiet = item
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
            self._note_own_write()
            self.post_message(OperationFinished(then, result))
            if not quiet:
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
        if not self._readable.is_set():
            self._passphrase_given(None)  # still at the passphrase prompt: nothing is open, nothing to save
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


def _local_now() -> datetime:
    # Imported on first use: the clock loads dateutil, which the first frame does not need.
    from clerkbook.domain.clock import local_now

    return local_now()


def _reader_on(path: Path) -> Callable[[], Any]:
    def reader():
        from clerkbook.store.shift_read import open_shift_reader

        return open_shift_reader(path)

    return reader
