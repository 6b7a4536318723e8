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
    # The export screen shows a path; the same one on every machine.
    app.export_folder = Path("/home/student/clerkship")
    return app


async def settle(pilot) -> None:
    """Wait until queued writes are in the notebook and every read worker has posted its result."""
    import asyncio

    from textual.worker import WorkerCancelled

    app = pilot.app
    for _ in range(3):  # a finished write triggers a reload, which may queue more
        done = asyncio.Event()
        app.after_writes(done.set)
        await done.wait()
        for worker in [w for w in app.workers if w.group != "writer" and not w.is_finished]:
            try:
                await worker.wait()
            except WorkerCancelled:
                pass  # an exclusive worker replaced by a newer one: the newer one is waited for
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
