"""The rotations overview under Pilot: counts, switching the current rotation, ending and shredding."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable

from clerkbook.store.rotation_end import PURGED_BED
from clerkbook.ui.dialogs.confirm import ConfirmDialog
from clerkbook.ui.screens.rotations import RotationsScreen
from clerkbook.ui.showcase import settle
from tests.ui_helpers import NOW, make_app, ward_notebook

TODAY = NOW.date()


@pytest.fixture
def nb(tmp_path: Path):
    notebook = ward_notebook(tmp_path / "ward.db")
    notebook.add_rotation("Internal Medicine", site="Riverside General", service="Gold team",
                          start=date(2026, 9, 28), end=date(2026, 11, 6), make_current=False)
    notebook.create_note("soap", patient_id=notebook.find_patient("B12").id, title="Day 2",
                         sections={"assessment": "CHF exacerbation, improving"})
    notebook.add_point("Daily weights beat I/Os", topic="CHF", patient_id=notebook.find_patient("B12").id)
    yield notebook
    notebook.close()


def cells(screen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def open_rotations(pilot) -> RotationsScreen:
    screen = RotationsScreen()
    await pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


async def test_every_rotation_with_its_counts_and_enter_makes_one_current(nb):
    app = make_app(nb)
    async with app.run_test(size=(150, 30)) as pilot:
        screen = await open_rotations(pilot)
        assert cells(screen) == [
            ["●", "Surgery @ Lakeside Medical Center", "9 Nov – 18 Dec", "Acute care surgery", "2 (2 active)", "1", "0",
             "1", "current"],
            ["", "Internal Medicine @ Riverside General", "28 Sep – 6 Nov", "Gold team", "0", "0", "0", "0", "ended"]]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert nb.current_rotation().specialty == "Internal Medicine"
        assert [row[0] for row in cells(screen)] == ["", "●"]
        assert screen.query_one(DataTable).cursor_row == 1  # the cursor stays on the rotation
        await pilot.press("escape")
        assert app.screen is not screen


async def test_ending_without_shredding_keeps_the_text(nb):
    app = make_app(nb)
    async with app.run_test(size=(150, 30)) as pilot:
        await open_rotations(pilot)
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "shred the clinical text of its 2 patients" in \
            app.screen.question
        await pilot.press("escape")  # keep the text
        await settle(pilot)
        assert nb.current_rotation().end_date == TODAY
        assert nb.find_patient("B12").summary == "CHF exacerbation"


async def test_shredding_by_keyboard_and_search_finds_nothing_after(nb):
    app = make_app(nb)
    async with app.run_test(size=(150, 30)) as pilot:
        screen = await open_rotations(pilot)
        assert nb.search("exacerbation") and nb.search("repletion")
        await pilot.press("x", "y", "y")
        await settle(pilot)
        patients = nb.list_patients(include_discharged=True)
        assert {p.bed for p in patients} == {PURGED_BED}
        assert nb.search("exacerbation") == [] and nb.search("repletion") == []
        assert [p.text for p in nb.list_points()] == ["Daily weights beat I/Os"]
        assert cells(screen)[0][4:] == ["2", "1", "0", "1", "purged"]
        notice = " ".join(str(n.message) for n in app._notifications)
        assert "shredded the labels of 2 patients, 3 to-dos, 1 note and 0 revisions" in notice
        await pilot.press("x")  # nothing left to shred
        await pilot.pause()
        assert app.screen is screen


async def test_enter_never_shreds_and_the_question_names_the_backups_first(nb):
    app = make_app(nb)
    async with app.run_test(size=(150, 30)) as pilot:
        await open_rotations(pilot)
        await pilot.press("x", "enter")  # ending today is the first question's default
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog) and "shred the clinical text" in dialog.question
        assert "Copies of the notebook made before now (backups, exports) still hold the text." in dialog.question
        assert dialog.focused.id == "no"
        await pilot.press("enter")  # keeps the text
        await settle(pilot)
        assert nb.current_rotation().end_date == TODAY
        assert nb.find_patient("B12").summary == "CHF exacerbation"
        assert nb.search("exacerbation")


async def test_an_ended_rotation_is_only_asked_about_shredding_and_keeps_its_day(nb):
    app = make_app(nb)
    async with app.run_test(size=(150, 30)) as pilot:
        await open_rotations(pilot)
        await pilot.press("down", "x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question.startswith("Internal Medicine @ Riverside General ended on 6 Nov. Shred the clinical text")
        assert "today" not in dialog.question
        await pilot.press("y")
        await settle(pilot)
        rotation = next(r for r in nb.list_rotations() if r.specialty == "Internal Medicine")
        assert rotation.end_date == date(2026, 11, 6)
        assert "shredded the labels of 0 patients" in " ".join(str(n.message) for n in app._notifications)
