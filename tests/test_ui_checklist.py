"""The clerkship screen's checklist tab under Pilot: documents and certifications by keyboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clerkbook.models import DEFAULT_CHECKLIST
from clerkbook.ui.dialogs.confirm import ConfirmDialog
from clerkbook.ui.dialogs.entry_form import EntryForm
from clerkbook.ui.showcase import settle
from tests.test_ui_clerkship import cells, fill, open_screen, text_of
from tests.ui_helpers import NOW, make_app, ward_notebook

TODAY = NOW.date()


@pytest.fixture
def nb(tmp_path: Path):
    notebook = ward_notebook(tmp_path / "ward.db")
    yield notebook
    notebook.close()


async def test_documents_move_on_with_s_and_new_ones_are_added(nb):
    app = make_app(nb)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("7")
        assert screen.focused.id == "table-checklist"
        assert [row[0] for row in cells(screen, "table-checklist")] == list(DEFAULT_CHECKLIST)
        await pilot.press("s")
        await settle(pilot)
        assert cells(screen, "table-checklist")[0][1] == "requested"
        await pilot.press("s")
        await settle(pilot)
        assert cells(screen, "table-checklist")[0][1:3] == ["done", f"{TODAY.day} {TODAY:%b}"]
        assert nb.list_checklist()[0].done_date == TODAY
        await pilot.press("a")
        await fill(pilot, {"name": "Drug screen", "notes": "site lab, fasting not needed"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert cells(screen, "table-checklist")[-1][:2] == ["Drug screen", "needed"]
        await pilot.press(*["down"] * len(DEFAULT_CHECKLIST), "d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert "Drug screen" not in [i.name for i in nb.list_checklist()]


async def test_a_certification_that_lapses_mid_rotation_is_warned_of(nb):
    app = make_app(nb)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("7", "tab")
        assert screen.focused.id == "table-certification"
        await pilot.press("a")
        assert isinstance(app.screen, EntryForm)
        await fill(pilot, {"name": "BLS", "expires": "2026-12-01"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert cells(screen, "table-certification") == [["BLS", "1 Dec", ""]]
        assert nb.list_certifications()[0].expires_date == date(2026, 12, 1)
        assert "BLS expires in 6 days (1 Dec), before Surgery @ Lakeside Medical Center ends (18 Dec)" in text_of(
            screen, "#reminder-line")
        assert screen.query_one("#reminder-line").has_class("-urgent")


async def test_s_stops_at_done_and_keeps_the_day_it_was_done(nb):
    first = nb.list_checklist()[0]
    nb.update_checklist_item(first.id, status="done", done=date(2026, 10, 30))
    app = make_app(nb)
    async with app.run_test(size=(140, 44)) as pilot:
        screen = await open_screen(pilot)
        await pilot.press("7", "s")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert cells(screen, "table-checklist")[0][1:3] == ["done", "30 Oct"]
        assert nb.list_checklist()[0].done_date == date(2026, 10, 30)
        assert any(str(n.message) == f"{first.name} is already done." for n in app._notifications)
        await pilot.press("e")  # its form keeps the day too, unless it is changed there
        await fill(pilot, {"notes": "copy sent to the coordinator"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        item = nb.list_checklist()[0]
        assert (item.status.value, item.done_date, item.notes) == ("done", date(2026, 10, 30),
                                                                    "copy sent to the coordinator")
