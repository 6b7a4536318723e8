"""Adding to a rotation id that does not exist is one line and exit 1, never an IntegrityError traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from clerkbook.store import Notebook


@pytest.mark.parametrize("args", [
    ["procedure", "add", "ABG", "--rotation", "99"],
    ["feedback", "add", "Good presentation", "--rotation", "99"],
    ["letter", "add", "Dr. Rivera", "--rotation", "99"],
])
def test_an_unknown_rotation_is_refused_in_one_line(db_path: Path, rotation_nb: Notebook, args: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", "clerkbook", "--db", str(db_path), *args],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["clerkbook: No rotation with id 99."]
    assert rotation_nb.list_procedures(all_rotations=True) == []
    assert rotation_nb.list_feedback(all_rotations=True) == []
    assert rotation_nb.list_letters() == []
