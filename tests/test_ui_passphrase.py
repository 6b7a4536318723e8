"""The passphrase prompt of an encrypted notebook, driven through the keyboard in a small app."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input, Static

from clerkbook.ui.screens.passphrase import PassphraseScreen

RIGHT = "correct horse battery staple"


class PromptApp(App):
    def __init__(self, **screen_args) -> None:
        super().__init__()
        self.screen_args = screen_args
        self.results: list[str | None] = []
        self.tried: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(PassphraseScreen("~/clerkbook/clerkbook.db", **self.screen_args), self.results.append)


def checker(app_holder: list) -> object:
    def verify(passphrase: str) -> str | None:
        app_holder[0].tried.append(passphrase)
        return None if passphrase == RIGHT else "Wrong passphrase: try again."
    return verify


def problem(app: App) -> str:
    widget = app.screen.query_one("#problem", Static)
    return str(widget.render()) if widget.display else ""


async def test_a_wrong_passphrase_shows_an_error_and_allows_another_try() -> None:
    holder: list = []
    app = PromptApp(verify=checker(holder))
    holder.append(app)
    async with app.run_test() as pilot:
        field = app.screen.query_one("#passphrase", Input)
        assert field.password and problem(app) == ""
        await pilot.press(*"hunter2", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, PassphraseScreen)
        assert "Wrong passphrase" in problem(app) and field.value == "" and not field.disabled
        await pilot.press(*RIGHT, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, PassphraseScreen)
    assert app.tried == ["hunter2", RIGHT] and app.results == [RIGHT]


async def test_escape_quits_and_enter_on_nothing_asks_again() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        await pilot.press("enter")
        assert "Type the passphrase" in problem(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PassphraseScreen)
    assert app.results == [None]


async def test_caller_told_it_was_wrong() -> None:
    app = PromptApp(error="Wrong passphrase for clerkbook.db.")
    async with app.run_test() as pilot:
        assert "Wrong passphrase" in problem(app)
        await pilot.press(*"second try", "enter")
        await pilot.pause()
    assert app.results == ["second try"]


async def test_the_passphrase_is_never_shown() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        await pilot.press(*"s3cret-phrase")
        await pilot.pause()
        assert app.screen.query_one("#passphrase", Input).value == "s3cret-phrase"
        assert "s3cret" not in app.export_screenshot()
