"""Two windows, one notebook: what another process commits shows up in the open app by itself."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

import pytest
from ui_helpers import Clock, make_app, ward_notebook

from clerkbook.store import open_notebook
from clerkbook.store.shift_read import open_shift_reader
from clerkbook.ui.app import ClerkbookApp
from clerkbook.ui.settings import UiSettings
from clerkbook.ui.showcase import settle
from clerkbook.ui.widgets.todo_pane import TodoList


@pytest.fixture
def nb(tmp_path):
    notebook = ward_notebook(tmp_path / "nb.db")
    yield notebook
    notebook.close()


def shown(app) -> str:
    todo_list = app.screen.query_one(TodoList)
    return "\n".join(str(todo_list.get_option_at_index(i).prompt) for i in range(todo_list.option_count))


async def wait_for(pilot, condition, seconds: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        await pilot.pause(0.1)
    return None


async def add_from_a_shell(path, *args: str) -> None:
    writer = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "clerkbook", "--db", str(path), "add", "todo", *args,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, err = await writer.communicate()
    assert writer.returncode == 0, err.decode()


async def test_todos_added_from_a_shell_appear_without_a_key(nb) -> None:
    path = nb.path
    nb.close()  # as in real use: the app is the only process holding the file open
    # Started as the command line starts it: the file is opened behind the first frame.
    app = ClerkbookApp(opener=lambda: open_notebook(path), reader=lambda: open_shift_reader(path),
                       clock=Clock(), settings=UiSettings())
    async with app.run_test(size=(120, 40)) as pilot:
        # Not settle(): waiting for writes would open the notebook before the first read, not after.
        assert await wait_for(pilot, lambda: "f/u K+ after repletion" in shown(app), 8.0) is not None
        await pilot.pause(0.5)
        await add_from_a_shell(path, "page cardiology", "-p", "B12")
        assert await wait_for(pilot, lambda: "page cardiology" in shown(app), 8.0) is not None, shown(app)
        rows = shown(app).splitlines()
        # Under its patient, with the patient's open count updated.
        assert rows.index(next(r for r in rows if "page cardiology" in r)) < rows.index(
            next(r for r in rows if r.startswith("B7")))
        assert any(r.startswith("B12 · 67M · CHF exacerbation  3 open") for r in rows)
        # And again: every commit from elsewhere is seen, a new patient included.
        await add_from_a_shell(path, "blood cultures x2", "-p", "B30 · 50M · cellulitis")
        assert await wait_for(pilot, lambda: "blood cultures x2" in shown(app), 8.0) is not None, shown(app)
        assert "B30 · 50M · cellulitis  1 open" in shown(app)


async def test_nothing_reloads_while_nothing_changes_and_own_writes_reload_once(nb) -> None:
    app = make_app(nb, watch_interval=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        loads = []
        original = screen.reload
        screen.reload = lambda: (loads.append(time.monotonic()), original())
        await pilot.pause(1.0)  # five looks at the file
        assert loads == []
        app.submit(lambda notebook: notebook.add_todo("order CBC"))
        await settle(pilot)
        await pilot.pause(1.0)
        assert "order CBC" in shown(app)
        assert len(loads) == 1  # the write's own reload; the watcher does not add another
