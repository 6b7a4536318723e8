"""Bad notebook files through the real command line: one line, the right exit, and the original untouched.

Each case builds a real file (a real notebook cut in half, overwritten pages, a 0444 file, a full disk
simulated with a file-size limit) and runs ``python -m clerkbook`` on it.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event

from clerkbook.store import open_notebook
from clerkbook.store.errors import DiskFull, ReadOnlyNotebook


def clerkbook(db: Path, *args: str, preexec=None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("CLERKBOOK_PASSPHRASE", None)
    return subprocess.run([sys.executable, "-m", "clerkbook", "--db", str(db), *args], env=env, capture_output=True,
                          text=True, encoding="utf-8", stdin=subprocess.DEVNULL, timeout=60, preexec_fn=preexec)


def one_line_error(result: subprocess.CompletedProcess[str], match: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("clerkbook: ") and match in result.stderr, result.stderr


def fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.fixture
def ward(db_path: Path) -> Path:
    """A real notebook with enough to-dos to span many pages; today's backup already taken."""
    with open_notebook(db_path) as nb:
        nb.add_rotation("Internal Medicine", site="Riverside General", start=date(2026, 11, 9))
        with nb.batch():
            for number in range(400):
                nb.add_todo(f"Recheck K+ and Mg after repletion, round {number} " + "x" * 80)
    open_notebook(db_path).close()
    return db_path


def test_not_sqlite(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("Rounds at 7, pre-round at 6\n")
    before = fingerprint(text)
    one_line_error(clerkbook(text, "list", "todos"), "not a clerkbook notebook")
    one_line_error(clerkbook(text, "add", "todo", "Call pharmacy"), "not a clerkbook notebook")
    assert fingerprint(text) == before


def test_truncated(ward: Path) -> None:
    data = ward.read_bytes()
    ward.write_bytes(data[: len(data) // 2])
    before = fingerprint(ward)
    one_line_error(clerkbook(ward, "list", "todos"), "damaged")
    assert fingerprint(ward) == before


def test_corrupted_pages(ward: Path) -> None:
    data = bytearray(ward.read_bytes())
    # Every page holding one to-do's text (the table's and the search index's copies) overwritten whole,
    # wherever the schema puts them.
    at = data.find(b"round 200 ")
    while at != -1:
        page = at // 4096 * 4096
        data[page: page + 4096] = b"\xa5" * 4096
        at = data.find(b"round 200 ", page + 4096)
    ward.write_bytes(bytes(data))
    before = fingerprint(ward)
    one_line_error(clerkbook(ward, "list", "todos", "--all"), "damaged")
    assert fingerprint(ward) == before


def test_newer_schema(ward: Path) -> None:
    connection = sqlite3.connect(ward)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = fingerprint(ward)
    one_line_error(clerkbook(ward, "list", "todos"), "newer clerkbook")
    assert fingerprint(ward) == before


def test_missing_folder(tmp_path: Path) -> None:
    one_line_error(clerkbook(tmp_path / "gone" / "nb.db", "list", "todos"), "does not exist")
    assert not (tmp_path / "gone").exists()


class TestReadOnly:
    """A notebook that cannot be written is still readable; every write says so in one line."""

    def test_read_only_file(self, ward: Path) -> None:
        ward.chmod(0o444)
        before = fingerprint(ward)
        listed = clerkbook(ward, "list", "todos")
        assert listed.returncode == 0 and "round 399" in listed.stdout, listed.stderr
        assert clerkbook(ward, "search", "repletion").returncode == 0
        one_line_error(clerkbook(ward, "add", "todo", "Page the registrar"), "is read-only")
        assert fingerprint(ward) == before

    def test_read_only_folder(self, ward: Path) -> None:
        folder = ward.parent
        folder.chmod(0o555)
        try:
            before = fingerprint(ward)
            listed = clerkbook(ward, "list", "todos")
            assert listed.returncode == 0 and "round 0" in listed.stdout, listed.stderr
            one_line_error(clerkbook(ward, "add", "todo", "Page the registrar"), "is read-only")
            assert fingerprint(ward) == before
        finally:
            folder.chmod(0o755)

    def test_the_store_opens_read_only_and_refuses_writes(self, ward: Path) -> None:
        ward.chmod(0o444)
        with open_notebook(ward) as nb:
            assert nb.read_only
            assert len(nb.list_todos()) == 400
            with pytest.raises(ReadOnlyNotebook, match="is read-only"):
                nb.add_todo("Page the registrar")


class TestDiskFull:
    def test_a_write_on_a_full_disk_is_one_line_and_the_notebook_stays_intact(self, ward: Path) -> None:
        def tiny_disk() -> None:
            # No file may grow past 64 KiB (the WAL of this write would); writing past the limit fails
            # with EFBIG instead of killing the process.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))

        long_text = "Discharge summary pending " + "y" * 100_000
        result = clerkbook(ward, "add", "todo", long_text, preexec=tiny_disk)
        one_line_error(result, "disk")
        connection = sqlite3.connect(ward)
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("SELECT count(*) FROM todo").fetchone()[0] == 400
        connection.close()

    def test_no_room_for_the_day_copy_is_a_warning(self, ward: Path) -> None:
        for copy in (ward.parent / "backups").iterdir():
            copy.unlink()

        def tiny_disk() -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))

        before = fingerprint(ward)
        result = clerkbook(ward, "list", "todos", preexec=tiny_disk)
        assert result.returncode == 0 and "round 399" in result.stdout
        assert result.stderr.startswith("clerkbook: warning: No backup today") and result.stderr.count("\n") == 1
        assert "disk is full or failing" in result.stderr
        assert list((ward.parent / "backups").iterdir()) == []  # no half-written copy left behind
        assert fingerprint(ward) == before

    def test_disk_full_in_the_store(self, ward: Path) -> None:
        with open_notebook(ward) as nb:
            nb.engine.dispose()
            pages = nb.engine.connect().exec_driver_sql("PRAGMA page_count").scalar_one()
            nb.engine.dispose()

            @event.listens_for(nb.engine, "connect")
            def _full(dbapi_connection, _record) -> None:
                dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

            with pytest.raises(DiskFull, match="disk .* is full: nothing was saved"):
                with nb.batch():
                    for number in range(200):
                        nb.add_todo("Order CT abdomen " + "z" * 4000 + str(number))
            assert len(nb.list_todos()) == 400


def test_files_are_private(ward: Path) -> None:
    for path in ward.parent.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
