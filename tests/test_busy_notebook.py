"""A notebook another process keeps locked: quick capture and the full open both say so in one line.

The busy timeout (10 s) is waited once, by both commands at the same time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from clerkbook.store import Notebook

HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.read()
"""


def test_a_locked_notebook_is_one_line_and_nothing_is_written(db_path: Path, rotation_nb: Notebook) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        commands = [
            ["add", "todo", "f/u K+ after repletion"],  # the quick capture path
            ["rotation", "new", "Surgery", "--site", "Riverside General", "--start", "2026-12-21"],  # the full open
        ]
        runs = [subprocess.Popen([sys.executable, "-m", "clerkbook", "--db", str(db_path), *args],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for args in commands]
        results = [(run.wait(timeout=60), run.stderr.read()) for run in runs]
    finally:
        holder.communicate("", timeout=30)
    for code, stderr in results:
        assert code == 1, stderr
        assert stderr.splitlines() == [f"clerkbook: {db_path} is busy: another clerkbook (or program) kept it "
                                       "locked too long; nothing was saved. Try again."], stderr
    assert rotation_nb.list_todos() == [] and len(rotation_nb.list_rotations()) == 1
