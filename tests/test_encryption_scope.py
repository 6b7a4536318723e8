"""encrypt/decrypt touch only this notebook's own backups, and never lose another process's write.

All entries are fictional.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("sqlcipher3")

from clerkbook.store import encryption, open_notebook  # noqa: E402
from clerkbook.store.connect import PASSPHRASE_ENV  # noqa: E402
from clerkbook.store.encryption import decrypt_notebook, encrypt_notebook  # noqa: E402
from clerkbook.store.schema import REVISIONS, SQLITE_MAGIC  # noqa: E402
from tests.test_migrations import make_file_at  # noqa: E402

PASSPHRASE = "correct horse battery staple"


def make_notebook(path: Path, point: str) -> None:
    with open_notebook(path) as nb:
        nb.add_rotation("Psychiatry", site="Riverside General", start=date(2026, 11, 2))
        nb.add_point(point)
    open_notebook(path).close()  # today's daily copy, in plaintext


def snapshot(folder: Path, prefix: str) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.name.startswith(prefix)}


def test_another_notebooks_backups_in_the_same_folder_are_left_alone(tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    make_notebook(a, "Lithium level 12 h after the last dose")
    make_notebook(b, "Clozapine needs ANC monitoring")
    backups = tmp_path / "backups"
    (backups / "b.before-upgrade-from-0003-20261101T080000.db").write_bytes((backups / f"b-{date.today()}.db").read_bytes())
    before = snapshot(backups, "b")
    assert len(before) == 2

    converted, removed = encrypt_notebook(a, PASSPHRASE)
    assert [path.name for path in converted] == [f"a-{date.today()}.db"] and removed == []
    assert snapshot(backups, "b") == before
    assert not (backups / f"a-{date.today()}.db").read_bytes().startswith(SQLITE_MAGIC)

    assert decrypt_notebook(a, PASSPHRASE) == [backups / f"a-{date.today()}.db"]
    assert snapshot(backups, "b") == before


def test_the_before_upgrade_copy_of_a_notebook_not_named_db_is_encrypted(tmp_path: Path) -> None:
    ward = tmp_path / "ward.sqlite"
    make_file_at(ward, REVISIONS[0])
    open_notebook(ward).close()  # upgrades, leaving ward.before-upgrade-from-0001-*.sqlite in backups/
    (copy,) = (tmp_path / "backups").glob(f"ward.before-upgrade-from-{REVISIONS[0]}-*.sqlite")
    assert copy.read_bytes().startswith(SQLITE_MAGIC)

    converted, _ = encrypt_notebook(ward, PASSPHRASE)
    assert copy in converted
    assert not copy.read_bytes().startswith(SQLITE_MAGIC)


@pytest.mark.parametrize("direction", ["encrypt", "decrypt"])
def test_a_write_from_another_process_during_the_conversion_is_never_lost(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, direction: str) -> None:
    ward = tmp_path / "ward.db"
    make_notebook(ward, "Lithium level 12 h after the last dose")
    if direction == "decrypt":
        encrypt_notebook(ward, PASSPHRASE)
    env = {**os.environ, PASSPHRASE_ENV: PASSPHRASE, "PYTHONIOENCODING": "utf-8"}
    real_verify = encryption._verify
    writers: list[subprocess.Popen[str]] = []

    def slow_verify(*args, **kwargs):
        if not writers:  # the notebook's own conversion, not its backups'
            writers.append(subprocess.Popen(
                [sys.executable, "-m", "clerkbook", "--db", str(ward), "add", "todo", "Page the registrar"],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True))
            time.sleep(4)  # long enough for the other process to start and reach its write
        return real_verify(*args, **kwargs)

    monkeypatch.setattr(encryption, "_verify", slow_verify)
    if direction == "encrypt":
        encrypt_notebook(ward, PASSPHRASE)
    else:
        decrypt_notebook(ward, PASSPHRASE)
    (writer,) = writers
    stdout, stderr = writer.communicate(timeout=60)
    with open_notebook(ward, passphrase=PASSPHRASE) as nb:
        texts = [todo.text for todo in nb.list_todos()]
    if writer.returncode == 0:
        assert "Added to-do" in stdout and texts == ["Page the registrar"], (stdout, stderr)
    else:
        assert stderr.startswith("clerkbook: ") and stderr.count("\n") == 1, stderr
        assert "replaced (encrypted or decrypted) meanwhile" in stderr or "is busy" in stderr, stderr
        assert texts == []
