"""The app paints first and opens the notebook behind the first frame; a notebook that cannot open ends it cleanly."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from clerkbook.cli import cli
from clerkbook.store import open_notebook
from clerkbook.store.errors import NotebookFileError
from clerkbook.ui.app import ClerkbookApp
from clerkbook.ui.settings import UiSettings
from clerkbook.ui.showcase import settle
from clerkbook.ui.widgets.todo_pane import TodoList
from tests.ui_helpers import Clock, ward_notebook


async def test_an_app_given_an_opener_opens_the_notebook_and_shows_it(tmp_path: Path):
    ward_notebook(tmp_path / "ward.db").close()
    opened = []

    def opener():
        notebook = open_notebook(tmp_path / "ward.db")
        opened.append(notebook)
        return notebook

    app = ClerkbookApp(opener=opener, clock=Clock(), settings=UiSettings())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any(t.text == "f/u K+ after repletion" for t in app.screen.query_one(TodoList).shift.todos)
        app.submit(lambda nb: nb.add_todo("written through the opened notebook"))
        await settle(pilot)
    assert opened and any(t.text == "written through the opened notebook" for t in opened[0].list_todos())
    opened[0].close()


async def test_a_notebook_that_cannot_open_ends_the_app_with_its_reason(tmp_path: Path):
    def opener():
        raise NotebookFileError("Folder /nowhere does not exist.")

    app = ClerkbookApp(opener=opener, clock=Clock(), settings=UiSettings())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
    assert app.return_code == 1
    assert app.open_error == "Folder /nowhere does not exist."


def test_the_command_refuses_a_file_that_is_not_a_notebook_before_the_screen_changes(tmp_path: Path):
    text_file = tmp_path / "shopping.txt"
    text_file.write_text("milk, eggs\n")
    result = CliRunner().invoke(cli, ["--db", str(text_file)])
    assert result.exit_code == 1
    assert result.stderr.startswith("clerkbook: ") and result.stderr.count("\n") == 1
    assert "not a clerkbook notebook" in result.stderr
    assert text_file.read_text() == "milk, eggs\n"
