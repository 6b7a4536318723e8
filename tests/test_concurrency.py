"""Two terminals on one notebook: real processes writing at once lose nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from clerkbook.store import open_notebook

WRITER = """
import sys
from clerkbook.store import open_notebook
nb = open_notebook(sys.argv[1])
patient = nb.patient_for_label(sys.argv[2])
for i in range(int(sys.argv[3])):
    todo = nb.add_todo(f"{sys.argv[2]} task {i}", patient_id=patient.id)
    if i % 5 == 0:
        nb.complete_todo(todo.id)
    nb.add_point(f"point {sys.argv[2]} {i}", tags=["shared-tag", sys.argv[2]])
print("ok")
"""


def test_processes_writing_at_once_lose_nothing(rotation_nb, db_path: Path) -> None:
    rotation_nb.close()
    per_process = 60
    beds = ["B1", "B2", "B3"]
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), bed, str(per_process)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for bed in beds
    ]
    results = [proc.communicate(timeout=120) for proc in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err
        assert out.strip() == "ok"
    with open_notebook(db_path) as nb:
        todos = nb.list_todos(include_done=True)
        assert len(todos) == per_process * len(beds)
        assert sorted(p.bed for p in nb.list_patients()) == beds
        assert sum(1 for t in todos if t.done_at) == len(beds) * len(range(0, per_process, 5))
        assert len(nb.list_points()) == per_process * len(beds)
        assert nb.list_tags() == sorted(["shared-tag", "b1", "b2", "b3"])
        with nb.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"


def test_command_line_captures_at_once_lose_nothing(rotation_nb, db_path: Path) -> None:
    rotation_nb.close()
    procs = [
        subprocess.Popen([sys.executable, "-m", "clerkbook", "--db", str(db_path), "add", "todo", f"capture {i}",
                          "--patient", "B7 · 54F · POD1 lap chole"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(8)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with open_notebook(db_path) as nb:
        assert sorted(t.text for t in nb.list_todos()) == sorted(f"capture {i}" for i in range(8))
        # Eight processes racing to create the same new patient make exactly one.
        assert [p.label for p in nb.list_patients()] == ["B7 · 54F · POD1 lap chole"]


def test_captures_at_once_into_an_encrypted_notebook_lose_nothing(rotation_nb, db_path: Path) -> None:
    pytest.importorskip("sqlcipher3")
    from clerkbook.store.encryption import encrypt_notebook

    rotation_nb.close()
    encrypt_notebook(db_path, "night float")
    env = {**os.environ, "CLERKBOOK_PASSPHRASE": "night float"}
    procs = [
        subprocess.Popen([sys.executable, "-m", "clerkbook", "--db", str(db_path), "add", "todo", f"capture {i}"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for i in range(6)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with open_notebook(db_path, passphrase="night float") as nb:
        assert sorted(t.text for t in nb.list_todos()) == sorted(f"capture {i}" for i in range(6))
        with nb.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
