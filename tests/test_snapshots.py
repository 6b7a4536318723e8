"""SVG snapshots of the main screens, on the demo notebook with a frozen clock.

Update them after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at the result (``snapshot_report.html`` shows the differences).
"""

from __future__ import annotations

import pytest

from clerkbook.ui.showcase import showcase_app, steady


@pytest.fixture
def demo_app(tmp_path):
    app = showcase_app(tmp_path / "demo.db")
    yield app
    app.notebook.close()


def shot(snap_compare, app, keys=(), size=(120, 40)) -> bool:
    async def run_before(pilot) -> None:
        await steady(pilot)
        for key in keys:
            await pilot.press(key)
        await steady(pilot)

    return snap_compare(app, terminal_size=size, run_before=run_before)


class TestShiftScreen:
    """The screen kept open all day."""

    def test_main_screen(self, snap_compare, demo_app) -> None:
        assert shot(snap_compare, demo_app)

    def test_main_screen_narrow(self, snap_compare, demo_app) -> None:
        assert shot(snap_compare, demo_app, size=(80, 24))

    def test_capture_line(self, snap_compare, demo_app) -> None:
        assert shot(snap_compare, demo_app, ["ctrl+n", *"t Bed 9: CT abd pelvis @4pm"])


class TestEditors:
    """Writing notes and reflections."""

    def test_note_editor(self, snap_compare, demo_app) -> None:
        assert shot(snap_compare, demo_app, ["3", "enter"])

    def test_reflection_editor(self, snap_compare, demo_app) -> None:
        assert shot(snap_compare, demo_app, ["4", "enter"])


class TestExport:
    """Exporting before interviews, behind the PHI guard."""

    def test_export_screen(self, snap_compare, demo_app) -> None:
        assert shot(snap_compare, demo_app, ["ctrl+e"])
