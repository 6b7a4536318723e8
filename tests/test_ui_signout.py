"""The sign-out screen under Pilot: the sheet, severity and contingencies by keyboard, the guarded page."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from clerkbook.ui.dialogs.confirm import ConfirmDialog
from clerkbook.ui.dialogs.entry_form import EntryForm
from clerkbook.ui.screens.signout import SignoutScreen
from clerkbook.ui.showcase import settle
from tests.ui_helpers import make_app, ward_notebook


@pytest.fixture
def nb(tmp_path: Path):
    notebook = ward_notebook(tmp_path / "ward.db")
    notebook.create_note("soap", patient_id=notebook.find_patient("B12").id,
                         sections={"assessment": "Volume overloaded, improving"})
    yield notebook
    notebook.close()


def sheet(screen) -> str:
    return str(screen.query_one("#signout-sheet", Static).render())


async def open_signout(pilot, **kwargs) -> SignoutScreen:
    screen = SignoutScreen(**kwargs)
    await pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


async def test_the_sheet_and_severity_and_contingencies_by_keyboard(nb, tmp_path):
    app = make_app(nb)
    async with app.run_test(size=(130, 44)) as pilot:
        screen = await open_signout(pilot, folder=tmp_path)
        text = sheet(screen)
        assert "B12 — STABLE" in text and "Assessment: Volume overloaded, improving" in text
        assert "[ ] f/u K+ after repletion  (overdue 10:00)" in text and "read about Ranson" not in text
        await pilot.press("v", "v")
        await settle(pilot)
        assert nb.get_signout(nb.find_patient("B12").id).severity == "unstable"
        assert screen.query_one(DataTable).get_row_at(0)[1] == "unstable"
        await pilot.press("down", "c")
        assert isinstance(app.screen, EntryForm)
        app.screen.query_one("#contingency", Input).value = "If no BM by tomorrow: senna"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "  Situation awareness: If no BM by tomorrow: senna" in sheet(screen)
        assert nb.get_signout(nb.find_patient("B7").id).contingency == "If no BM by tomorrow: senna"
        await pilot.press("w")
        await settle(pilot)
        [page] = tmp_path.glob("signout-*.html")
        assert "If no BM by tomorrow: senna" in page.read_text()


async def test_the_page_is_guarded_and_offered_redacted(nb, tmp_path):
    nb.set_signout(nb.find_patient("B12").id, contingency="Call daughter at 617-555-0142 if worse")
    app = make_app(nb)
    async with app.run_test(size=(130, 44)) as pilot:
        await open_signout(pilot, patient_id=nb.find_patient("B12").id, folder=tmp_path)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert 'contingencies: PHONE "617-555-0142"' in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert list(tmp_path.glob("signout-*.html")) == []
        await pilot.press("w", "y")
        await settle(pilot)
        [page] = tmp_path.glob("signout-*.html")
        assert "[PHONE]" in page.read_text() and "617-555-0142" not in page.read_text()
        assert "B7" not in page.read_text()
