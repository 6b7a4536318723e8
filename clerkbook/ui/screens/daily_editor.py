"""The daily learning log editor: today's four headings, saved as you type."""

from __future__ import annotations

from datetime import date, timedelta

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Static, TextArea

from clerkbook.domain.dates import describe_ago
from clerkbook.models.kinds import DAILY_FIELDS, DAILY_PROMPTS
from clerkbook.store.errors import NotebookError
from clerkbook.ui.screens.editor import FieldsEditor
from clerkbook.ui.widgets.autosave import Autosaver, SaveIndicator


class DailyLoaded(Message):
    """A worker read a day's entry (None if nothing was written that day)."""

    def __init__(self, day: date, entry, version: int, error: str | None = None) -> None:
        super().__init__()
        self.day = day
        self.version = version  # the editor's autosave version when the read began
        self.entry = entry
        self.error = error


def daily_values(entry) -> dict[str, str]:
    """The four headings of ``entry``, empty where it (or the whole entry) is missing."""
    return {name: getattr(entry, name, "") if entry is not None else "" for name in DAILY_FIELDS}


def _as_kept(values: dict[str, str]) -> dict[str, str]:
    """``values`` as the store keeps them (each heading without trailing whitespace)."""
    return {name: value.rstrip() for name, value in values.items()}


class DailyEditorScreen(FieldsEditor):
    """Write one day's learning log; ``day`` None means today (the app's clock).

    ``unsaved`` and ``error`` reopen an editor whose last save failed after it closed.
    """

    SAVED_NOTICE = "Daily log saved."
    ENTRY_NAME = "daily log entry"
    BINDINGS = [
        Binding("ctrl+pageup,alt+left", "day(-1)", "Day before", id="daily_editor.earlier", priority=True),
        Binding("ctrl+pagedown,alt+right", "day(1)", "Day after", id="daily_editor.later", priority=True),
    ]

    DEFAULT_CSS = """
    DailyEditorScreen #daily-header { height: 1; padding: 0 1; background: $panel; }
    DailyEditorScreen #daily-day { width: 1fr; text-style: bold; color: $accent; }
    DailyEditorScreen #daily-fields { height: 1fr; padding: 1 1 0 1; }
    DailyEditorScreen .prompt { text-style: bold; color: $text-primary; }
    DailyEditorScreen TextArea { height: auto; min-height: 4; max-height: 16; margin-bottom: 1; }
    """

    def __init__(self, day: date | None = None, *, unsaved: dict[str, str] | None = None,
                 error: str | None = None) -> None:
        super().__init__()
        self.day = day
        self._unsaved, self._error = unsaved, error
        self.fields = {name: TextArea(soft_wrap=True, tab_behavior="focus", read_only=True, id=f"field-{name}")
                       for name in DAILY_FIELDS}
        self._switching = False
        self.autosave = Autosaver(self, snapshot=self._snapshot, write=self._write, indicator=self._indicator,
                                  on_failure=self._save_failed, on_conflict=self._conflict_found)

    def compose(self) -> ComposeResult:
        with Horizontal(id="daily-header"):
            yield Static("", id="daily-day", markup=False)
            yield SaveIndicator(id="save-indicator")
        with VerticalScroll(id="daily-fields"):
            for name, area in self.fields.items():
                yield Static(DAILY_PROMPTS[name], classes="prompt", markup=False)
                yield area
        yield Footer()

    def on_mount(self) -> None:
        if self.day is None:
            self.day = self.today
        self._show_heading()
        self._load(self.day, self.autosave.version)

    @property
    def today(self) -> date:
        """The app clock's day: the latest day an entry can be written for."""
        return self.app.clock().date()

    def _show_heading(self) -> None:
        suffix = "  (today)" if self.day == self.today else ""
        self.query_one("#daily-day", Static).update(f"Daily log · {self.day:%A} {self.day:%d %b %Y}{suffix}")

    # Loading --------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the day's entry again, in a worker (the app calls this after every write)."""
        if self.is_mounted:
            self._load(self.day, self.autosave.version)

    @work(thread=True, exclusive=True, group="daily-load")
    def _load(self, day: date, version: int) -> None:
        try:
            entry = self.app.notebook.get_daily(day)
        except NotebookError as exc:
            self.post_message(DailyLoaded(day, None, version, str(exc)))
            return
        self.post_message(DailyLoaded(day, entry, version))

    def on_daily_loaded(self, message: DailyLoaded) -> None:
        if message.day != self.day:
            return
        if message.error is not None:
            self.notify(f"Could not read the daily log: {message.error}", severity="error")
            return
        values = daily_values(message.entry)
        if not self.autosave.ready:
            # Open by now (the entry was just read from it). Typing into a read-only notebook would only earn
            # a refusal at every pause, so its fields stay read-only and say why, once.
            locked = getattr(self.app.notebook, "read_only", False)
            self.autosave.idle_text = ("Read-only notebook: nothing can be saved" if locked
                                       else "" if message.entry is None
                                       else f"Edited {describe_ago(message.entry.updated_at, self.app.clock())}")
            self._show_values(values, switched=True)
            if self._unsaved:
                self._put_values(self._unsaved)
                self.autosave.error, self._unsaved = self._error, None
            for area in self.fields.values():
                area.read_only = locked
            if not any(area.has_focus for area in self.fields.values()):
                self.fields[DAILY_FIELDS[0]].focus()
            return
        # The store keeps each heading without trailing whitespace: the echo of a save that ended in a
        # new line is the text being typed, not another window's change (showing it would eat the Enter).
        if (self.autosave.dirty or self.autosave.saving or message.version != self.autosave.version
                or values == _as_kept(self.autosave.stored)):
            return
        self._show_values(values)

    # Fields and saving ----------------------------------------------------------------------

    def _write(self, changes: dict[str, str], reason: str, base: dict[str, str]):
        day = self.day  # bound now: the screen may show another day by the time it runs
        base = _as_kept(base)  # else a heading ending in a new line would look changed by another window
        return lambda nb: nb.save_daily_since(day, base, changes, reason=reason)

    def reopened(self, unsaved: dict, error: str) -> "DailyEditorScreen":
        """This day's editor again, showing text whose save failed after it closed."""
        return DailyEditorScreen(self.day, unsaved=unsaved, error=error)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The daily log keeps no revisions: no key for them.
        return action != "revisions"

    # Actions --------------------------------------------------------------------------------

    def action_day(self, offset: int) -> None:
        """Save, then show the day before or after (never beyond today)."""
        target = self.day + timedelta(days=offset)
        if target > self.today:
            self.notify("That day has not happened yet.", severity="warning", timeout=2)
            return
        if self._switching:
            return
        self._switching = True

        def saved() -> None:
            self._switching = False
            if not self.is_attached:
                return
            self.day = target
            self._show_heading()
            for area in self.fields.values():
                area.read_only = True
            self.autosave.unload()
            self.reload()

        def failed() -> None:
            self._switching = False

        self.autosave.flush(saved, failed)
