"""Shared fixtures: every test works on its own real SQLite file under tmp_path."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clerkbook.store import Notebook, open_notebook


@pytest.fixture(autouse=True)
def _no_real_notebook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever a test forgets to pass, it must never reach the user's notebook.
    monkeypatch.setenv("CLERKBOOK_DB", str(tmp_path / "env-notebook.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's notebook file goes."""
    return tmp_path / "notebook.db"


@pytest.fixture
def notebook(db_path: Path):
    """A fresh notebook file at the newest schema."""
    with open_notebook(db_path) as nb:
        yield nb


@pytest.fixture
def rotation_nb(notebook: Notebook) -> Notebook:
    """A notebook with one current rotation."""
    notebook.add_rotation("Internal Medicine", site="Riverside General", service="Gold team",
                          start=date(2026, 11, 9), end=date(2026, 12, 18))
    return notebook


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # A whole run leaves a large heap (hundreds of apps); tracing it again while the interpreter shuts down took
    # many seconds, long enough for pytest-xdist to interrupt a worker mid-collection with a noisy traceback.
    import gc

    gc.freeze()
