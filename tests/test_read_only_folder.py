"""A notebook in a folder that cannot be written (a read-only volume, a 0555 folder) still opens to read.

A WAL notebook read with mode=ro needs its -shm file, which a read-only folder cannot get. The folder is
made really read-only: as root, which chmod does not stop, the reading runs in a child as ``nobody``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pytest

from clerkbook.store import open_notebook
from clerkbook.store.errors import NotebookError

NOBODY = 65534


@pytest.fixture
def folder():
    made = Path(tempfile.mkdtemp(prefix="clerkbook-ro-"))  # not under pytest's 0700 folder: nobody must reach it
    made.chmod(0o755)
    yield made
    made.chmod(0o755)
    shutil.rmtree(made)


def make_ward(path: Path) -> None:
    with open_notebook(path) as nb:
        nb.add_rotation("Internal Medicine", site="Riverside General", start=date(2026, 11, 9))
        nb.add_todo("Recheck K+ after repletion")


def read_todos_in_read_only_folder(path: Path) -> str:
    """The to-dos (or the one-line error) of the notebook at ``path``, read by a user who cannot write its folder."""
    if os.geteuid() == 0:
        for entry in [path.parent, *path.parent.rglob("*")]:
            os.chown(entry, NOBODY, NOBODY)
    path.parent.chmod(0o555)
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        try:
            if os.geteuid() == 0:
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            try:
                with open_notebook(path) as nb:
                    answer = "todos: " + ", ".join(t.text for t in nb.list_todos())
            except NotebookError as exc:
                answer = f"error: {exc}"
            except BaseException as exc:  # noqa: BLE001 - anything else is reported as it was
                answer = f"crash: {type(exc).__name__}: {exc}"
            os.write(writer, answer.encode())
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        answer = pipe.read().decode()
    os.waitpid(pid, 0)
    return answer


def test_a_checkpointed_wal_notebook_opens_to_read(folder: Path) -> None:
    ward = folder / "ward.db"
    make_ward(ward)
    connection = sqlite3.connect(ward)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()  # the last connection removes the -wal and -shm files
    assert not Path(f"{ward}-wal").exists() and not Path(f"{ward}-shm").exists()
    assert read_todos_in_read_only_folder(ward) == "todos: Recheck K+ after repletion"


def test_committed_data_in_the_wal_is_never_skipped(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "ward.db"
    make_ward(source)
    connection = sqlite3.connect(source)
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute("UPDATE todo SET text = 'Recheck Mg too'")
    connection.commit()
    ward = folder / "ward.db"
    shutil.copy(source, ward)
    shutil.copy(f"{source}-wal", f"{ward}-wal")  # the committed update lives only here; no -shm
    connection.close()
    answer = read_todos_in_read_only_folder(ward)
    assert answer == f"error: {ward} is in a read-only folder and has unsaved journal data; make the folder writable."
