"""Opening screens: one key, or the command palette, from anywhere.

A mixin for :class:`~clerkbook.ui.app.ClerkbookApp`. Each screen module is imported the first
time it is opened, so start-up pays for none of them; a screen already in front is not stacked twice.
"""

from __future__ import annotations

#: The screens f2-f5 open. One replaces another rather than stacking on it, so escape always goes back to
#: where the student was before the first of them, not through every one visited.
SECTIONS = frozenset({"ClerkshipScreen", "RotationsScreen", "DailyEditorScreen", "SignoutScreen"})


class NavigationMixin:
    """The app's actions that open a screen."""

    def _open_section(self, screen) -> None:
        if type(self.screen).__name__ in SECTIONS:
            self.pop_screen()  # an editor queues what it holds as it is unmounted
        self.push_screen(screen)

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

    def action_clerkship(self) -> None:
        """Open the clerkship logs: procedures, feedback, letters, contacts."""
        from clerkbook.ui.screens.clerkship import ClerkshipScreen

        if not isinstance(self.screen, ClerkshipScreen):
            self._open_section(ClerkshipScreen())

    def action_rotations(self) -> None:
        """Open the rotations overview: switch, end, shred."""
        self._open_once("clerkbook.ui.screens.rotations", "RotationsScreen")

    def action_daily_log(self) -> None:
        """Open today's daily learning log."""
        self._open_once("clerkbook.ui.screens.daily_editor", "DailyEditorScreen")

    def action_signout(self) -> None:
        """Open the I-PASS sign-out sheet of the current rotation's patients."""
        self._open_once("clerkbook.ui.screens.signout", "SignoutScreen")

    def _open_once(self, module: str, name: str) -> None:
        import importlib

        screen_class = getattr(importlib.import_module(module), name)
        if not isinstance(self.screen, screen_class):
            self._open_section(screen_class())

    def action_export(self) -> None:
        """Open the export screen."""
        from clerkbook.ui.screens.export import ExportScreen

        if not isinstance(self.screen, ExportScreen):
            self.push_screen(ExportScreen())

    def open_note(self, note_id: int) -> None:
        """Open the note editor on a note."""
        from clerkbook.ui.screens.note_editor import NoteEditorScreen

        self.push_screen(NoteEditorScreen(note_id))

    def open_daily(self, day) -> None:
        """Open the daily-log editor on ``day``."""
        from clerkbook.ui.screens.daily_editor import DailyEditorScreen

        self.push_screen(DailyEditorScreen(day))

    def open_clerkship(self, log: str, entry_id: int) -> None:
        """Open the clerkship screen on ``log``'s tab (procedure, feedback, letter, contact), that entry selected."""
        from clerkbook.ui.screens.clerkship import ClerkshipScreen

        self.push_screen(ClerkshipScreen(select=(log, entry_id)))

    def open_reflection(self, week: str | None = None) -> None:
        """Open the reflection editor on a week (this week by default)."""
        from clerkbook.ui.screens.reflection_editor import ReflectionEditorScreen

        self.push_screen(ReflectionEditorScreen(week))
