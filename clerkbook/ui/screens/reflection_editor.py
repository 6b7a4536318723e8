"""The weekly reflection editor: four prompts and free text, saved as you type, beside the week's daily log."""

from __future__ import annotations

from datetime import timedelta

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Static, TextArea

from clerkbook.domain.dates import describe_ago
from clerkbook.domain.weeks import describe_week, iso_week, shift_week, week_monday
from clerkbook.models import DAILY_FIELDS, DAILY_PROMPTS, REFLECTION_FIELDS, REFLECTION_PROMPTS
from clerkbook.store.errors import NotebookError
from clerkbook.ui.screens.editor import FieldsEditor
from clerkbook.ui.widgets.autosave import Autosaver, SaveIndicator


class ReflectionLoaded(Message):
    """A worker read a week's reflection (None if nothing was written that week)."""

    def __init__(self, week: str, reflection, version: int, error: str | None = None, *, daily=()) -> None:
        super().__init__()
        self.week = week
        self.daily = daily  # the week's daily log entries, shown beside the reflection
        self.version = version  # the editor's autosave version when the read began
        self.reflection = reflection
        self.error = error


def reflection_values(reflection) -> dict[str, str]:
    """The five fields of ``reflection``, empty where it (or the whole reflection) is missing."""
    return {name: getattr(reflection, name, "") if reflection is not None else "" for name in REFLECTION_FIELDS}


def daily_panel(entries) -> Content:
    """The week's daily log, oldest day first, as the panel beside the reflection shows it."""
    if not entries:
        return Content.assemble(("This week's daily log\n\n", "bold"),
                                "Nothing written yet: ctrl+o writes today's.")
    parts: list = [("This week's daily log", "bold")]
    for entry in sorted(entries, key=lambda e: e.entry_date):
        parts.append((f"\n\n{entry.entry_date:%a %d %b}", "bold $accent"))
        for name in DAILY_FIELDS:
            text = getattr(entry, name).strip()
            if text:
                parts += [(f"\n{DAILY_PROMPTS[name]}: ", "italic"), text]
    return Content.assemble(*parts)


class ReflectionEditorScreen(FieldsEditor):
    """Write one week's reflection; ``week`` None means the current ISO week.

    ``unsaved`` and ``error`` reopen an editor whose last save failed after it
    closed: the fields show that text again, still unsaved, with the error.
    """

    SAVED_NOTICE = "Reflection saved."
    ENTRY_NAME = "reflection"
    BINDINGS = [
        # Priority: the scroll container would take ctrl+page keys for sideways paging.
        Binding("ctrl+pageup,alt+left", "week(-1)", "Earlier week", id="reflection_editor.earlier", priority=True),
        Binding("ctrl+pagedown,alt+right", "week(1)", "Later week", id="reflection_editor.later", priority=True),
        Binding("ctrl+o", "daily", "Today's daily log", id="reflection_editor.daily"),
    ]

    DEFAULT_CSS = """
    ReflectionEditorScreen #reflection-header { height: 1; padding: 0 1; background: $panel; }
    ReflectionEditorScreen #reflection-week { width: 1fr; text-style: bold; color: $accent; }
    ReflectionEditorScreen #reflection-body { height: 1fr; }
    ReflectionEditorScreen #reflection-fields { height: 1fr; width: 1fr; padding: 1 1 0 1; }
    ReflectionEditorScreen #daily-panel { width: 36%; max-width: 60; height: 1fr; padding: 1 1 0 1;
                                          border-left: tall $panel; overflow-y: auto; }
    ReflectionEditorScreen .prompt { text-style: bold; color: $text-primary; }
    ReflectionEditorScreen TextArea { height: auto; min-height: 4; max-height: 20; margin-bottom: 1; }
    """

    def __init__(self, week: str | None = None, *, unsaved: dict[str, str] | None = None,
                 error: str | None = None) -> None:
        super().__init__()
        self.week = week
        self._unsaved, self._error = unsaved, error
        self.fields = {
            name: TextArea(soft_wrap=True, tab_behavior="focus", read_only=True, id=f"field-{name}")
            for name in REFLECTION_FIELDS
        }
        self._switching = False  # waiting for the saves before showing another week
        self.autosave = Autosaver(self, snapshot=self._snapshot, write=self._write, indicator=self._indicator,
                                  on_failure=self._save_failed, on_conflict=self._conflict_found)

    def compose(self) -> ComposeResult:
        with Horizontal(id="reflection-header"):
            yield Static("", id="reflection-week", markup=False)
            yield SaveIndicator(id="save-indicator")
        with Horizontal(id="reflection-body"):
            with VerticalScroll(id="reflection-fields"):
                for name, area in self.fields.items():
                    yield Static(REFLECTION_PROMPTS[name], classes="prompt", markup=False)
                    yield area
            # Not focusable: tab keeps moving between the prompts.
            with Vertical(id="daily-panel"):
                yield Static("", id="daily-week", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.week is None:
            self.week = iso_week(self.app.clock().date())
        self._show_heading()
        self._load(self.week, self.autosave.version)

    @property
    def this_week(self) -> str:
        """The ISO week of the app's clock: the latest week a reflection can be written for."""
        return iso_week(self.app.clock().date())

    def _show_heading(self) -> None:
        suffix = "  (this week)" if self.week == self.this_week else ""
        self.query_one("#reflection-week", Static).update(f"Reflection · {describe_week(self.week)}{suffix}")

    # Loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the week's reflection again, in a worker (the app calls this after every write)."""
        if self.is_mounted:  # a write can land between push_screen and mount
            self._load(self.week, self.autosave.version)

    @work(thread=True, exclusive=True, group="reflection-load")
    def _load(self, week: str, version: int) -> None:
        try:
            reflection = self.app.notebook.get_reflection(week)
            monday = week_monday(week)
            daily = self.app.notebook.list_daily(start=monday, end=monday + timedelta(days=6))
        except NotebookError as exc:
            self.post_message(ReflectionLoaded(week, None, version, str(exc)))
            return
        self.post_message(ReflectionLoaded(week, reflection, version, daily=daily))

    def on_reflection_loaded(self, message: ReflectionLoaded) -> None:
        if message.week != self.week:
            return  # an answer about a week no longer shown
        if message.error is not None:
            self.notify(f"Could not read the reflection: {message.error}", severity="error")
            return
        self.query_one("#daily-week", Static).update(daily_panel(message.daily))
        values = reflection_values(message.reflection)
        if not self.autosave.ready:
            self._first_show(message.reflection, values)
            return
        # Never overwrite what is being typed, nor text whose save is on its way, nor
        # with a read that began before the last save landed (a fresher one follows).
        if (self.autosave.dirty or self.autosave.saving or message.version != self.autosave.version
                or values == self.autosave.stored):
            return
        self._show_values(values)

    def _first_show(self, reflection, values: dict[str, str]) -> None:
        self.autosave.idle_text = (
            "" if reflection is None else f"Edited {describe_ago(reflection.updated_at, self.app.clock())}")
        self._show_values(values, switched=True)
        if self._unsaved:
            self._put_values(self._unsaved)
            self.autosave.error, self._unsaved = self._error, None
        for area in self.fields.values():
            area.read_only = False
        if not any(area.has_focus for area in self.fields.values()):
            self.fields[REFLECTION_FIELDS[0]].focus()

    # Fields and saving -------------------------------------------------------------------

    def _write(self, changes: dict[str, str], reason: str, base: dict[str, str]):
        week = self.week  # bound now: the screen may show another week by the time it runs
        return lambda nb: nb.save_reflection_since(week, base, changes, reason=reason)

    def reopened(self, unsaved: dict, error: str) -> "ReflectionEditorScreen":
        """This week's editor again, showing text whose save failed after it closed."""
        return ReflectionEditorScreen(self.week, unsaved=unsaved, error=error)

    # Actions -----------------------------------------------------------------------------

    def action_week(self, offset: int) -> None:
        """Save, then show an earlier or later week (never beyond this one)."""
        target = shift_week(self.week, offset)
        if target > self.this_week:
            self.notify("That week has not happened yet.", severity="warning", timeout=2)
            return
        if self._switching:
            return
        self._switching = True

        def saved() -> None:
            self._switching = False
            self._switch_to(target)

        def failed() -> None:
            # Stay on this week with the error shown; the text is still here, unsaved.
            self._switching = False

        self.autosave.flush(saved, failed)

    def _switch_to(self, week: str) -> None:
        if not self.is_attached:
            return
        self.week = week
        self._show_heading()
        # Read-only until the week's text arrives, so no keystroke lands on the old text.
        for area in self.fields.values():
            area.read_only = True
        self.autosave.unload()
        self.reload()

    def action_daily(self) -> None:
        """Write today's daily log (the reflection is saved first, as when leaving it)."""
        from clerkbook.ui.screens.daily_editor import DailyEditorScreen

        self.autosave.save()
        self.app.push_screen(DailyEditorScreen())

    def action_revisions(self) -> None:
        """Show the week's earlier versions; restoring one saves the current text first."""
        from clerkbook.ui.screens.revisions import RevisionsScreen

        if not self.autosave.ready:
            return
        self.autosave.save()
        self.app.push_screen(RevisionsScreen("reflection", self.week), self._restore)

    def _restore(self, revision_id: int | None) -> None:
        if revision_id is None:
            return
        self.autosave.save()
        week = self.week
        self.app.submit(lambda nb: nb.restore_reflection_revision(week, revision_id), then=self._restored)

    def _restored(self, reflection) -> None:
        if not self.is_attached or reflection.week != self.week:
            return
        self._show_values(reflection_values(reflection))
        self.notify("Earlier version restored; the text it replaced is kept as a revision.", timeout=4)
