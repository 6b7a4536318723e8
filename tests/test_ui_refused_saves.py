"""A save the notebook refuses gives back the form with what was typed, beside the reason."""

from __future__ import annotations

from textual.widgets import Input, Static

from clerkbook.store import open_notebook
from clerkbook.ui.dialogs.entry_form import EntryForm
from clerkbook.ui.screens.daily_editor import DailyEditorScreen
from clerkbook.ui.screens.signout import SignoutScreen
from clerkbook.ui.showcase import settle
from tests.ui_helpers import NOW, make_app, ward_notebook


async def test_a_refused_contingency_reopens_its_form_with_what_was_typed(tmp_path):
    ward_notebook(tmp_path / "ward.db").close()
    with open_notebook(tmp_path / "ward.db", read_only=True) as read_only:
        app = make_app(read_only)
        async with app.run_test(size=(130, 44)) as pilot:
            await app.push_screen(SignoutScreen(folder=tmp_path))
            await settle(pilot)
            await pilot.press("c")
            app.screen.query_one("#contingency", Input).value = "If febrile: cultures, call PGY-2"
            await pilot.press("ctrl+s")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, EntryForm)
            assert form.query_one("#contingency", Input).value == "If febrile: cultures, call PGY-2"
            assert "read-only" in str(form.query_one("#problem", Static).render())


async def test_the_daily_log_of_a_read_only_notebook_is_shown_not_typed_into(tmp_path):
    with ward_notebook(tmp_path / "ward.db") as notebook:
        notebook.save_daily(NOW.date(), {"diagnoses": "Gallstone pancreatitis, Ranson at 48 h"})
    with open_notebook(tmp_path / "ward.db", read_only=True) as read_only:
        app = make_app(read_only)
        errors = []
        notify = app.notify

        def recorded(message, *args, severity="information", **kwargs):
            if severity == "error":
                errors.append(message)
            return notify(message, *args, severity=severity, **kwargs)

        app.notify = recorded
        async with app.run_test(size=(130, 44)) as pilot:
            editor = DailyEditorScreen()
            await app.push_screen(editor)
            await settle(pilot)
            for word in ("vitamin", " K", " given"):
                await pilot.press(*word)
                await pilot.pause(0.6)  # three times the autosave delay: a save would be tried here
            await settle(pilot)
            assert errors == []
            assert [area.text for area in editor.fields.values()] == ["Gallstone pancreatitis, Ranson at 48 h", "", "", ""]
            assert "Read-only" in str(editor.query_one("#save-indicator").render())
