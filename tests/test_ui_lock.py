"""The lock screen: one key hides everything, idle time locks by itself, nothing acts while locked."""

from __future__ import annotations

import asyncio

from clerkbook.ui.app import ClerkbookApp
from clerkbook.ui.screens.lock import LockScreen
from clerkbook.ui.settings import UiSettings
from tests.ui_helpers import Clock, make_app, ward_notebook


def screen_text(app) -> str:
    """What the terminal shows right now, as plain text (toasts included: they are on the screen's layers)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_lock_key_hides_every_pane_and_any_key_unlocks(tmp_path) -> None:
    nb = ward_notebook(tmp_path / "nb.db")
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "CHF exacerbation" in screen_text(app)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        shot = screen_text(app)
        assert "clerkbook is locked" in shot
        for secret in ("CHF exacerbation", "B12", "Ranson", "Surgery", "Lakeside"):
            assert secret not in shot
        # The unlocking key is swallowed: "d" must not also tick the focused to-do below.
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, LockScreen)
        assert "CHF exacerbation" in screen_text(app)
    assert all(t.done_at is None for t in nb.list_todos())


async def test_app_keys_do_nothing_while_locked(tmp_path) -> None:
    nb = ward_notebook(tmp_path / "nb.db")
    app = make_app(nb)
    # With a passphrase to type, keys are not swallowed by "any key unlocks": each must still do nothing.
    app.unlock_check = lambda typed: typed == "pass"
    async with app.run_test(size=(120, 40)) as pilot:
        unlocked_depth = len(app.screen_stack)
        await pilot.press("ctrl+l")
        await pilot.pause()
        for key in ("ctrl+n", "ctrl+f", "ctrl+e", "ctrl+p", "f1", "ctrl+l"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, LockScreen), key
            assert len(app.screen_stack) == unlocked_depth + 1, key  # nothing opened under the lock either
        await pilot.press(*"pass", "enter")
        await pilot.pause(0.3)
        assert app.screen.__class__.__name__ == "MainScreen"


async def test_a_plain_lock_screen_unlocks_with_an_app_key_without_acting_on_it(tmp_path) -> None:
    nb = ward_notebook(tmp_path / "nb.db")
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "MainScreen" and not app.is_locked


def toasts(app) -> list[str]:
    """The notification toasts on the screen in front."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


async def test_notifications_wait_for_the_unlock(tmp_path) -> None:
    nb = ward_notebook(tmp_path / "nb.db")
    app = make_app(nb)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("ctrl+l")
        await pilot.pause()
        app.notify("Saved note for B12 CHF exacerbation")
        await pilot.pause(0.3)
        assert toasts(app) == []
        await pilot.press("space")
        await pilot.pause(0.3)
        assert any("Saved note for B12" in toast for toast in toasts(app))


async def test_locking_saves_what_an_editor_holds(tmp_path) -> None:
    nb = ward_notebook(tmp_path / "nb.db")
    patient = nb.list_patients()[0]
    note = nb.create_note("progress", patient_id=patient.id)
    app = ClerkbookApp(nb, clock=Clock(), settings=UiSettings(), autosave_delay=60)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_note(note.id)
        await pilot.pause()
        await pilot.press(*"afebrile overnight")
        await pilot.press("ctrl+l")
        await pilot.pause(0.3)
        assert isinstance(app.screen, LockScreen)
    assert "afebrile overnight" in " ".join(nb.get_note(note.id).sections.values())


async def test_idle_time_locks_the_app(tmp_path) -> None:
    import time

    nb = ward_notebook(tmp_path / "nb.db")
    app = ClerkbookApp(nb, clock=Clock(), settings=UiSettings(lock_after=0.5))
    started = time.monotonic()
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(60):  # locks after 0.5-1.5 s; a loaded machine may run the timer late
            if app.is_locked:
                break
            await asyncio.sleep(0.1)
        locked_after = time.monotonic() - started
        await pilot.pause()
        assert app.is_locked and isinstance(app.screen, LockScreen)
        assert locked_after >= 0.5  # not before the idle time
        await pilot.press("x")
        await pilot.pause()
        assert not app.is_locked


async def test_typing_keeps_the_app_unlocked(tmp_path) -> None:
    nb = ward_notebook(tmp_path / "nb.db")
    app = ClerkbookApp(nb, clock=Clock(), settings=UiSettings(lock_after=1.2))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(6):
            await asyncio.sleep(0.4)
            await pilot.press("j")
        assert not app.is_locked


async def test_encrypted_notebook_unlocks_only_with_its_passphrase(tmp_path) -> None:
    nb = ward_notebook(tmp_path / "nb.db")
    app = make_app(nb)
    app.unlock_check = lambda typed: typed == "correct horse"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("x", "enter")
        await pilot.pause(0.3)
        assert app.is_locked
        assert "Wrong passphrase" in screen_text(app)
        await pilot.press(*"correct horse", "enter")
        await pilot.pause(0.3)
        assert not app.is_locked


def test_settings_toml_sets_the_idle_lock(tmp_path) -> None:
    (tmp_path / "settings.toml").write_text("[privacy]\nlock_after_minutes = 2\n", encoding="utf-8")
    assert UiSettings.load(tmp_path).lock_after == 120
    (tmp_path / "settings.toml").write_text("[privacy]\nlock_after_minutes = 0\n", encoding="utf-8")
    assert UiSettings.load(tmp_path).lock_after is None
    (tmp_path / "settings.toml").write_text("[privacy]\nlock_after_minutes = 'soon'\n", encoding="utf-8")
    settings = UiSettings.load(tmp_path)
    assert settings.lock_after == 300 and "lock_after_minutes" in settings.problems[0]


def test_the_lock_key_can_be_remapped_and_is_listed_in_help() -> None:
    from clerkbook.ui.screens.help import known_binding_ids

    assert "app.lock" in known_binding_ids()


async def test_an_encrypted_notebook_is_read_only_after_its_passphrase(tmp_path) -> None:
    from clerkbook.ui.screens.passphrase import PassphraseScreen

    path = tmp_path / "nb.db"
    ward_notebook(path).close()
    opened = []
    tried = []

    def opener():
        from clerkbook.store import open_notebook

        opened.append(True)
        return open_notebook(path)

    def unlock(passphrase: str) -> str | None:
        tried.append(passphrase)
        return None if passphrase == "night shift" else "Wrong passphrase; try again."

    app = ClerkbookApp(opener=opener, clock=Clock(), settings=UiSettings(), reader=lambda: None,
                       unlock=unlock, unlock_label=str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app.screen, PassphraseScreen)
        assert not opened  # nothing touches the file before the passphrase is known
        await pilot.press(*"guess", "enter")
        await pilot.pause(0.5)
        assert isinstance(app.screen, PassphraseScreen) and not opened
        await pilot.press(*"night shift", "enter")
        for _ in range(50):
            await pilot.pause(0.1)
            if "CHF exacerbation" in screen_text(app):
                break
        assert "CHF exacerbation" in screen_text(app) and opened
        assert tried == ["guess", "night shift"]
        # From now on the lock screen asks for the same passphrase.
        assert app.unlock_check("night shift") and not app.unlock_check("guess")
    app.notebook.close()


async def test_escape_at_the_passphrase_prompt_quits_without_opening(tmp_path) -> None:
    opened = []
    app = ClerkbookApp(opener=lambda: opened.append(True), clock=Clock(), settings=UiSettings(),
                       reader=lambda: None, unlock=lambda p: None, unlock_label="nb.db")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        await pilot.press("escape")
        await pilot.pause(0.3)
    assert not opened and app.open_error is None


def test_settings_toml_says_whether_the_student_is_an_img(tmp_path) -> None:
    (tmp_path / "settings.toml").write_text("[profile]\nimg = true\n", encoding="utf-8")
    assert UiSettings.load(tmp_path).img is True
    assert UiSettings.load(None).img is False
    (tmp_path / "settings.toml").write_text("[profile]\nimg = 'yes'\n", encoding="utf-8")
    settings = UiSettings.load(tmp_path)
    assert settings.img is False and "img must be true or false" in settings.problems[0]


async def test_a_screen_pushed_while_locked_waits_for_the_unlock(tmp_path) -> None:
    from clerkbook.ui.screens.help import HelpScreen

    nb = ward_notebook(tmp_path / "nb.db")
    app = make_app(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+l")
        await pilot.pause()
        # What a worker or a failed save might do while nobody is at the keyboard.
        await app.push_screen(HelpScreen())
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_a_known_passphrase_is_still_asked_by_the_lock_screen(tmp_path) -> None:
    app = ClerkbookApp(ward_notebook(tmp_path / "nb.db"), clock=Clock(), settings=UiSettings(),
                       passphrase="night shift")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("x", "enter")
        await pilot.pause(0.3)
        assert app.is_locked  # not "any key": the notebook is encrypted
        await pilot.press(*"night shift", "enter")
        await pilot.pause(0.5)
        assert not app.is_locked


async def test_ctrl_q_at_the_passphrase_prompt_quits(tmp_path) -> None:
    app = ClerkbookApp(opener=lambda: None, clock=Clock(), settings=UiSettings(), reader=lambda: None,
                       unlock=lambda p: "Wrong passphrase; try again.", unlock_label="nb.db")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        await pilot.press("ctrl+q")
        await pilot.pause(0.5)
        assert not app.is_running
