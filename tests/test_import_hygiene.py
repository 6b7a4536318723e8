"""The layers are one-way: models, store and domain never import textual.

Checked in a fresh interpreter, because within pytest something else may have
imported textual already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'alembic', 'platformdirs', 'sqlalchemy', 'sqlmodel'))))
"""


def imported_after(*modules: str, env: dict | None = None) -> set[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, *modules], capture_output=True, text=True, check=True,
                         env=env)
    return {name.split(".")[0] for name in json.loads(out.stdout)}


LAYERS = [
    "clerkbook.models",
    "clerkbook.store",
    "clerkbook.domain",
    "clerkbook.domain.dates",
    "clerkbook.domain.clock",
    "clerkbook.domain.demo",
    "clerkbook.domain.capture",
    "clerkbook.domain.shift",
    "clerkbook.domain.weeks",
    "clerkbook.domain.phi",
    "clerkbook.domain.note_templates",
    "clerkbook.domain.export.guard",
    "clerkbook.domain.export.select",
    "clerkbook.domain.export.pipeline",
    "clerkbook.domain.search_query",
    "clerkbook.cli",
]


@pytest.mark.parametrize("module", LAYERS)
def test_layer_does_not_import_textual(module: str) -> None:
    assert "textual" not in imported_after(module)


def test_importing_creates_no_files(tmp_path: Path) -> None:
    # Engines and folders are made when a notebook is opened, never at import time.
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    imported_after(*LAYERS, env=env)
    assert list(tmp_path.iterdir()) == []


def test_opening_a_current_notebook_does_not_load_alembic(db_path: Path) -> None:
    # Alembic costs a third of a second to import; only new or old files need it.
    from clerkbook.store import open_notebook

    open_notebook(db_path).close()
    code = f"from clerkbook.store import open_notebook; open_notebook({str(db_path)!r}).close()"
    probe = PROBE.replace("for name in sys.argv[1:]:\n    importlib.import_module(name)", code)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "alembic" not in json.loads(out.stdout)


@pytest.mark.parametrize("module", ["clerkbook.cli", "clerkbook.ui.app", "clerkbook.ui.screens.main",
                                    "clerkbook.models", "clerkbook.store", "clerkbook.domain.shift"])
def test_first_paint_and_help_do_not_wait_for_sqlalchemy(module: str) -> None:
    # SQLAlchemy and SQLModel take a third of a second to import: the shift screen's code and the command
    # line's --help must not need them, so the first frame and the answer come first.
    assert not {"sqlalchemy", "sqlmodel"} & imported_after(module)


UI_MODULES = sorted(
    "clerkbook." + ".".join(path.relative_to(Path(__file__).resolve().parents[1] / "clerkbook").with_suffix("").parts)
    .removesuffix(".__init__")
    for path in (Path(__file__).resolve().parents[1] / "clerkbook" / "ui").rglob("*.py")
    if path.stem != "showcase"  # a screenshot tool run on its own, never inside the app
)


def test_no_screen_or_widget_imports_sqlalchemy() -> None:
    # The app's writer thread imports SQLAlchemy while the first screen is up. A screen imported on the UI
    # thread at that moment (ctrl+n pressed at once) that imported it too would race it through SQLAlchemy's
    # circular imports and fail with "partially initialized module": screens reach the store through the
    # notebook the writer opened, never by importing the ORM themselves.
    assert len(UI_MODULES) > 30
    assert not {"sqlalchemy", "sqlmodel"} & imported_after(*UI_MODULES)
