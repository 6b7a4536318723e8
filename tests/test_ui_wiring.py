"""Every screen is one key (or one palette search) away from the shift screen."""

from __future__ import annotations

from clerkbook.ui.screens.clerkship import ClerkshipScreen
from clerkbook.ui.showcase import settle
from tests.ui_helpers import make_app, ward_notebook


async def test_f2_opens_the_clerkship_logs_and_escape_comes_back(tmp_path) -> None:
    app = make_app(ward_notebook(tmp_path / "nb.db"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ClerkshipScreen)
        await pilot.press("f2")  # a second press does not stack a second copy
        assert sum(isinstance(s, ClerkshipScreen) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "MainScreen"


async def palette(pilot, query: str) -> None:
    """Open the command palette, type ``query`` and take the best match."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*query)
    await pilot.pause(0.5)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_palette_finds_the_logs_and_the_lock(tmp_path) -> None:
    app = make_app(ward_notebook(tmp_path / "nb.db"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await palette(pilot, "clerkship logs")
        assert isinstance(app.screen, ClerkshipScreen)
        await pilot.press("escape")
        await settle(pilot)
        await palette(pilot, "checklist")  # what a student looking for the pre-rotation documents types
        assert isinstance(app.screen, ClerkshipScreen)
        await pilot.press("escape")
        await settle(pilot)
        await palette(pilot, "lock")
        assert app.is_locked


async def test_f3_f4_f5_open_the_rotations_the_daily_log_and_the_sign_out_sheet(tmp_path) -> None:
    from clerkbook.ui.screens.daily_editor import DailyEditorScreen
    from clerkbook.ui.screens.rotations import RotationsScreen
    from clerkbook.ui.screens.signout import SignoutScreen

    app = make_app(ward_notebook(tmp_path / "nb.db"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key, screen_class in (("f3", RotationsScreen), ("f4", DailyEditorScreen), ("f5", SignoutScreen)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen_class), key
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen.__class__.__name__ == "MainScreen", key


async def test_f_keys_switch_between_sections_and_escape_goes_straight_back(tmp_path) -> None:
    from clerkbook.ui.screens.daily_editor import DailyEditorScreen
    from clerkbook.ui.screens.signout import SignoutScreen

    nb = ward_notebook(tmp_path / "nb.db")
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, DailyEditorScreen)
        await pilot.press(*"Biliary colic")  # typed, then straight on to another section
        for key in ("f2", "f3", "f5"):
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, SignoutScreen) and len(app.screen_stack) == 2
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "MainScreen"
        # What was typed before f2 left the daily log went out as the editor closed.
        assert "Biliary colic" in nb.get_daily(app.clock().date()).diagnoses
