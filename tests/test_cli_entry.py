"""The installed command itself: every mistake is one line on stderr and a non-zero exit."""

from __future__ import annotations

import subprocess
import sys

import pytest


def run(*args: str, db) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "clerkbook", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("args", [
    ("add", "todo"),
    ("done", "abc"),
    ("add", "todo", "x", "--kind", "blood"),
    ("list",),
    ("no-such-command",),
])
def test_usage_mistakes_are_one_line(args, tmp_path) -> None:
    result = run(*args, db=tmp_path / "nb.db")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("clerkbook: ") and "--help" in lines[0]
    assert "Traceback" not in result.stderr


def test_store_mistake_is_one_line(tmp_path) -> None:
    result = run("add", "todo", "f/u CBC", db=tmp_path / "nb.db")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "clerkbook: No rotation yet: create one with `clerkbook rotation new SPECIALTY --site SITE --start DATE`."]


def test_help_and_version_still_work(tmp_path) -> None:
    assert run("--version", db=tmp_path / "nb.db").stdout.strip().startswith("clerkbook ")
    shown = run("done", "--help", db=tmp_path / "nb.db")
    assert shown.returncode == 0 and "Mark to-dos done." in shown.stdout
