"""The demo notebook at a fixed moment: for screenshots and snapshot tests.

Both must show the same screen on every machine and every day, so the demo is
filled relative to a fixed "now" and the app's clock is frozen at it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from clerkbook.domain.demo import fill_demo
from clerkbook.store import open_notebook
from clerkbook.ui.app import ClerkbookApp
from clerkbook.ui.settings import UiSettings

#: A Wednesday mid-morning in week 3 of the demo's surgery rotation.
FIXED_NOW = datetime(2026, 11, 25, 10, 15, tzinfo=ZoneInfo("America/New_York"))
THEME = "textual-dark"


def showcase_app(db_path: Path) -> ClerkbookApp:
    """An app on a fresh demo notebook at ``db_path``, its clock frozen at :data:`FIXED_NOW`."""
    notebook = open_notebook(db_path)
    fill_demo(notebook, FIXED_NOW)
    app = ClerkbookApp(notebook, clock=lambda: FIXED_NOW, settings=UiSettings(theme=THEME))
    return app


async def settle(pilot) -> None:
    """Wait until queued writes are in the notebook and every read worker has posted its result."""
    import asyncio

    app = pilot.app
    for _ in range(3):  # a finished write triggers a reload, which may queue more
        done = asyncio.Event()
        app.after_writes(done.set)
        await done.wait()
        readers = [w for w in app.workers if w.group != "writer" and not w.is_finished]
        if readers:
            # An empty list would mean "every worker", the never-ending writer included.
            await app.workers.wait_for_complete(readers)
        await pilot.pause()


async def steady(pilot) -> None:
    """Let loads and saves finish and stop cursors blinking, so a screenshot is repeatable."""

    from textual.widgets import Input, TextArea

    app = pilot.app
    await settle(pilot)
    for widget in app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False
    await pilot.pause()
