"""Keys can be remapped from a file, and the chosen theme is remembered."""

from __future__ import annotations

import json

import pytest
from ui_helpers import make_app, ward_notebook

from clerkbook.ui.app import ClerkbookApp
from clerkbook.ui.settings import UiSettings
from clerkbook.ui.showcase import settle
from clerkbook.ui.widgets.todo_pane import TodoList


@pytest.fixture
def nb(tmp_path):
    notebook = ward_notebook(tmp_path / "nb.db")
    yield notebook
    notebook.close()


async def test_keymap_file_remaps_a_binding(nb, tmp_path) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "keymap.toml").write_text('[keys]\n"todo.toggle" = "t"\n', encoding="utf-8")
    app = ClerkbookApp(nb, settings=UiSettings.load(folder), clock=make_app(nb).clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        todo_list = app.screen.query_one(TodoList)
        todo_list.highlighted = 1  # the first to-do under the first patient
        await pilot.press("t")
        await settle(pilot)
        assert sum(1 for t in nb.list_todos(include_done=True) if t.done_at) == 1
        await pilot.press("space")  # no longer bound
        await settle(pilot)
        assert sum(1 for t in nb.list_todos(include_done=True) if t.done_at) == 1


async def test_broken_keymap_is_reported_not_fatal(nb, tmp_path) -> None:
    (tmp_path / "keymap.toml").write_text("[keys\nnot toml", encoding="utf-8")
    settings = UiSettings.load(tmp_path)
    assert settings.keymap == {} and "keymap.toml" in settings.problems[0]
    app = ClerkbookApp(nb, settings=settings, clock=make_app(nb).clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any("keymap.toml" in n.message for n in app._notifications)


async def test_theme_choice_is_remembered(nb, tmp_path) -> None:
    app = ClerkbookApp(nb, settings=UiSettings.load(tmp_path), clock=make_app(nb).clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert json.loads((tmp_path / "state.json").read_text())["theme"] == "nord"
    again = ClerkbookApp(nb, settings=UiSettings.load(tmp_path), clock=make_app(nb).clock)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_unknown_binding_id_is_reported(nb, tmp_path) -> None:
    (tmp_path / "keymap.toml").write_text('[keys]\n"todo.toggel" = "t"\n', encoding="utf-8")
    app = ClerkbookApp(nb, settings=UiSettings.load(tmp_path), clock=make_app(nb).clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any("todo.toggel" in n.message for n in app._notifications)


def test_keymap_accepts_dotted_and_quoted_ids(tmp_path) -> None:
    (tmp_path / "keymap.toml").write_text('[keys]\ntodo.toggle = "x,space"\n"app.capture" = "c"\n', encoding="utf-8")
    assert UiSettings.load(tmp_path).keymap == {"todo.toggle": "x,space", "app.capture": "c"}


def test_settings_without_a_folder_write_nothing(tmp_path) -> None:
    settings = UiSettings()
    settings.save_theme("nord")
    assert settings.theme == "nord" and list(tmp_path.iterdir()) == []
