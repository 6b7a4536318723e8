"""A save the notebook refuses gives back the form with what was typed, beside the reason."""

from __future__ import annotations

from textual.widgets import Input, Static

from clerkbook.store import open_notebook
from clerkbook.ui.dialogs.entry_form import EntryForm
from clerkbook.ui.screens.signout import SignoutScreen
from clerkbook.ui.showcase import settle
from tests.ui_helpers import make_app, ward_notebook


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
