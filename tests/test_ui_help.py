"""The keys screen speaks the user's language: every group has a human name, the lock key is listed."""

from __future__ import annotations

from textual.widgets import DataTable

from clerkbook.ui.screens.help import GROUPS, HelpScreen
from tests.ui_helpers import make_app, ward_notebook


async def test_every_group_of_keys_has_a_human_name(tmp_path) -> None:
    app = make_app(ward_notebook(tmp_path / "nb.db"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        wheres = {row[0] for row in rows if row[0]}
        # A class name ("AutosaveEditor") means a widget with keys was never given a place in GROUPS.
        assert wheres <= {"Everywhere"} | {name for name, _ in GROUPS}
        assert "Note and reflection editors" in wheres
        lock = next(row for row in rows if row[3] == "app.lock")
        assert lock[1] == "^l" and lock[2] == "Lock"
