"""The daily learning log under Pilot: today's four headings saved as typed, and the week beside the reflection."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import Static, TextArea

from clerkbook.store import open_notebook
from clerkbook.ui.screens.daily_editor import DailyEditorScreen
from clerkbook.ui.screens.reflection_editor import ReflectionEditorScreen
from tests.test_ui_editors import NOW, SIZE, make_app, open_reflection, wait_until, wait_writes

TODAY = NOW.date()


@pytest.fixture
def nb(tmp_path):
    with open_notebook(tmp_path / "nb.db") as notebook:
        notebook.add_rotation("Surgery", site="Lakeside Medical Center", start=date(2026, 11, 9),
                              end=date(2026, 12, 18))
        yield notebook


async def open_daily(app, pilot, day: date | None = None) -> DailyEditorScreen:
    await app.push_screen(DailyEditorScreen(day))
    await wait_until(pilot, lambda: isinstance(app.screen, DailyEditorScreen) and app.screen.autosave.ready)
    await pilot.pause()
    return app.screen


def text(screen, name: str) -> str:
    return screen.query_one(f"#field-{name}", TextArea).text


async def test_todays_entry_is_saved_as_typed_and_days_move_with_alt_arrows(nb):
    app = make_app(nb)  # autosave after 0.2 s of quiet
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_daily(app, pilot)
        heading = str(screen.query_one("#daily-day", Static).render())
        assert heading == "Daily log · Wednesday 25 Nov 2026  (today)"
        assert screen.query_one("#field-diagnoses", TextArea).has_focus
        await pilot.press(*"Mirizzi syndrome")
        await wait_until(pilot, lambda: nb.get_daily(TODAY) is not None)
        assert nb.get_daily(TODAY).diagnoses == "Mirizzi syndrome"
        await pilot.press("tab", *"NPO, IVF, NG decompression", "tab", "tab", *"Why HIDA before MRCP?")
        await pilot.press("alt+left")  # saves, then yesterday
        await wait_until(pilot, lambda: screen.day == TODAY - timedelta(days=1) and screen.autosave.ready)
        assert text(screen, "diagnoses") == ""
        entry = nb.get_daily(TODAY)
        assert (entry.management, entry.mistakes, entry.questions) == (
            "NPO, IVF, NG decompression", "", "Why HIDA before MRCP?")
        assert entry.rotation_id == nb.current_rotation().id
        await pilot.press("alt+right", "alt+right")  # back to today, and no further
        await wait_until(pilot, lambda: screen.day == TODAY and screen.autosave.ready)
        await pilot.pause()
        assert screen.day == TODAY and text(screen, "diagnoses") == "Mirizzi syndrome"
        await pilot.press("ctrl+r")  # no revisions for the daily log: the key does nothing
        assert app.screen is screen
        await pilot.press("shift+tab", "shift+tab", "shift+tab", *" and cholangitis", "escape")
        await wait_writes(app, pilot)
        assert app.screen is not screen
        # Looking at a day leaves nothing behind: yesterday still has no entry.
        assert nb.get_daily(TODAY).diagnoses.endswith("and cholangitis") and nb.get_daily(TODAY - timedelta(1)) is None


async def test_the_weeks_daily_entries_sit_beside_the_reflection(nb):
    nb.save_daily(TODAY - timedelta(days=2), {"diagnoses": "Gallstone ileus", "questions": "Rigler triad?"})
    nb.save_daily(TODAY, {"mistakes": "Forgot to recheck K+ after repletion"})
    nb.save_daily(TODAY - timedelta(days=9), {"diagnoses": "Last week's entry"})
    app = make_app(nb)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflection(app, pilot)
        panel = str(screen.query_one("#daily-week", Static).render())
        assert panel.index("Mon 23 Nov") < panel.index("Wed 25 Nov")
        assert "New diagnoses I saw today: Gallstone ileus" in panel and "Rigler triad?" in panel
        assert "Mistakes I won't repeat: Forgot to recheck K+" in panel and "Last week's entry" not in panel
        await pilot.press("alt+left")
        await wait_until(pilot, lambda: "Last week's entry" in str(screen.query_one("#daily-week").render()))
        await pilot.press("alt+right")
        await wait_until(pilot, lambda: screen.week == "2026-W48" and screen.autosave.ready)
        await pilot.press("ctrl+o")  # today's daily log, from the reflection
        daily = await open_daily_screen(app, pilot)
        assert text(daily, "mistakes") == "Forgot to recheck K+ after repletion"
        await pilot.press("tab", "tab", *"Check the K+ at 4 h, not the next morning.", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReflectionEditorScreen))
        await wait_until(pilot, lambda: "Check the K+ at 4 h" in str(screen.query_one("#daily-week").render()))


async def open_daily_screen(app, pilot) -> DailyEditorScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, DailyEditorScreen) and app.screen.autosave.ready)
    await pilot.pause()
    return app.screen


async def test_an_empty_week_says_how_to_write_one(nb):
    app = make_app(nb)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_reflection(app, pilot)
        assert "Nothing written yet: ctrl+o writes today's." in str(screen.query_one("#daily-week").render())


async def test_enter_starts_a_new_line_in_every_heading(nb):
    # The store keeps a heading without its trailing new line; the autosave's echo must not undo the Enter.
    app = make_app(nb)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_daily(app, pilot)
        for index, name in enumerate(("diagnoses", "management", "mistakes", "questions")):
            await pilot.press(*"PP")
            await wait_until(pilot, lambda: getattr(nb.get_daily(TODAY), name, None) == "PP")
            await pilot.press("end", "enter")
            await pilot.pause(0.5)  # a pause long enough to autosave the new line
            await wait_writes(app, pilot)
            await pilot.pause()
            await pilot.press(*"QQ")
            assert text(screen, name) == "PP\nQQ", name
            if index < 3:
                await pilot.press("tab")
        await wait_until(pilot, lambda: nb.get_daily(TODAY).questions == "PP\nQQ")
        entry = nb.get_daily(TODAY)
        assert [entry.diagnoses, entry.management, entry.mistakes, entry.questions] == ["PP\nQQ"] * 4
