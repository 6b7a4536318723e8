"""Encryption at rest: clerkbook encrypt/decrypt, a wrong passphrase, and no plaintext left anywhere.

The command line is run as a real process (python -m clerkbook); the notebook is a real file.
All entries are fictional.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("sqlcipher3")

from clerkbook.store import open_notebook  # noqa: E402
from clerkbook.store.connect import PASSPHRASE_ENV, PassphraseRequired, WrongPassphrase  # noqa: E402
from clerkbook.store.encryption import encrypt_notebook  # noqa: E402
from clerkbook.store.errors import NotebookError  # noqa: E402

SECRET = "Zanzibar quetiapine taper started on the purple ward"
PASSPHRASE = "correct horse battery staple"


def clerkbook(db: Path, *args: str, passphrase: str | None = PASSPHRASE) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != PASSPHRASE_ENV}
    if passphrase is not None:
        env[PASSPHRASE_ENV] = passphrase
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "clerkbook", "--db", str(db), *args], env=env, capture_output=True,
                          text=True, encoding="utf-8", stdin=subprocess.DEVNULL, timeout=60)


def one_line_error(result: subprocess.CompletedProcess[str], match: str) -> None:
    assert result.returncode != 0, result.stdout
    assert result.stderr.count("\n") == 1, result.stderr  # no traceback, no SQLCipher log lines
    assert result.stderr.startswith("clerkbook: ") and match in result.stderr, result.stderr


def fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.fixture
def plain(db_path: Path) -> Path:
    """A plain notebook with a known sentence, opened twice so today's backup (plaintext) exists."""
    with open_notebook(db_path) as nb:
        nb.add_rotation("Psychiatry", site="Riverside General", start=date(2026, 11, 2))
        nb.add_point(SECRET)
    open_notebook(db_path).close()
    return db_path


@pytest.fixture
def encrypted(plain: Path) -> Path:
    result = clerkbook(plain, "encrypt")
    assert result.returncode == 0, result.stderr
    return plain


def every_file(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


class TestEncrypt:
    def test_the_file_cannot_be_read_without_the_passphrase(self, encrypted: Path) -> None:
        assert not encrypted.read_bytes().startswith(b"SQLite format 3")
        connection = sqlite3.connect(encrypted)
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        connection.close()

    def test_no_plaintext_in_the_database_wal_or_backups(self, encrypted: Path) -> None:
        folder = encrypted.parent
        # Plaintext backups taken before the encryption were encrypted with the notebook.
        backups = list((folder / "backups").iterdir())
        assert backups and all(not b.read_bytes().startswith(b"SQLite format 3") for b in backups)
        with open_notebook(encrypted, passphrase=PASSPHRASE) as nb:
            nb.add_point(f"{SECRET}, second time")
            # While the notebook is open its latest writes live in the WAL: it must be encrypted too.
            wal = Path(f"{encrypted}-wal")
            assert wal.exists() and wal.stat().st_size > 0
            for path in every_file(folder):
                assert b"quetiapine" not in path.read_bytes(), path
        for path in every_file(folder):
            assert b"quetiapine" not in path.read_bytes(), path

    def test_a_plaintext_backup_that_cannot_be_encrypted_is_removed(self, plain: Path) -> None:
        with open_notebook(plain) as nb:
            with nb.batch():
                for number in range(300):
                    nb.add_point(f"{SECRET} {number} " + "q" * 100)
        damaged = plain.parent / "backups" / "notebook.before-upgrade-from-0003-20261101T080000.db"
        nb_bytes = bytearray(plain.read_bytes())
        nb_bytes[-4096:] = b"\x00" * 4096  # the last page: rows, not the schema
        damaged.write_bytes(bytes(nb_bytes))
        result = clerkbook(plain, "encrypt")
        assert result.returncode == 0, result.stderr
        assert f"Removed 1 plaintext backup(s) that could not be encrypted: {damaged.name}" in result.stdout
        assert not damaged.exists()
        for path in every_file(plain.parent):
            assert b"quetiapine" not in path.read_bytes(), path

    def test_commands_and_search_work_with_the_passphrase(self, encrypted: Path) -> None:
        added = clerkbook(encrypted, "add", "point", "Lithium level 12 h after the last dose")
        assert added.returncode == 0, added.stderr
        found = clerkbook(encrypted, "search", "quetiapine")
        assert found.returncode == 0 and "Zanzibar" in found.stdout, found.stderr
        listed = clerkbook(encrypted, "list", "points")
        assert "Lithium level" in listed.stdout

    def test_daily_backups_of_an_encrypted_notebook_stay_encrypted(self, encrypted: Path) -> None:
        for old in (encrypted.parent / "backups").iterdir():
            old.unlink()
        assert clerkbook(encrypted, "list", "points").returncode == 0
        (daily,) = (encrypted.parent / "backups").iterdir()
        assert daily.name == f"notebook-{date.today().isoformat()}.db"
        assert b"quetiapine" not in daily.read_bytes()
        with open_notebook(daily, passphrase=PASSPHRASE) as copy:
            assert [p.text for p in copy.list_points()] == [SECRET]

    def test_a_backup_on_demand_is_encrypted(self, encrypted: Path, tmp_path: Path) -> None:
        out = tmp_path / "elsewhere" / "copy.db"
        out.parent.mkdir()
        result = clerkbook(encrypted, "backup", "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert b"quetiapine" not in out.read_bytes() and not out.read_bytes().startswith(b"SQLite format 3")
        with open_notebook(out, passphrase=PASSPHRASE) as copy:
            assert [p.text for p in copy.list_points()] == [SECRET]

    def test_files_are_private(self, encrypted: Path) -> None:
        assert stat.S_IMODE((encrypted.parent / "backups").stat().st_mode) == 0o700
        with open_notebook(encrypted, passphrase=PASSPHRASE) as nb:
            nb.add_point("Clozapine needs ANC monitoring")
            for path in every_file(encrypted.parent):
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path

    def test_the_passphrase_is_in_no_url(self, encrypted: Path) -> None:
        with open_notebook(encrypted, passphrase=PASSPHRASE) as nb:
            assert PASSPHRASE not in str(nb.engine.url) and PASSPHRASE not in repr(nb.engine)
            assert nb.encrypted and not nb.read_only


class TestRefusals:
    """Each refusal is one line, exits non-zero, and leaves the file exactly as it was."""

    def test_wrong_passphrase(self, encrypted: Path) -> None:
        before = fingerprint(encrypted)
        one_line_error(clerkbook(encrypted, "list", "todos", passphrase="wrong horse"), "Wrong passphrase")
        one_line_error(clerkbook(encrypted, "decrypt", passphrase="wrong horse"), "Wrong passphrase")
        assert fingerprint(encrypted) == before

    def test_no_passphrase_and_no_terminal(self, encrypted: Path) -> None:
        before = fingerprint(encrypted)
        one_line_error(clerkbook(encrypted, "list", "todos", passphrase=None), f"set {PASSPHRASE_ENV}")
        assert fingerprint(encrypted) == before

    def test_already_encrypted(self, encrypted: Path) -> None:
        before = fingerprint(encrypted)
        one_line_error(clerkbook(encrypted, "encrypt"), "already encrypted")
        assert fingerprint(encrypted) == before

    def test_decrypting_a_plain_notebook(self, plain: Path) -> None:
        before = fingerprint(plain)
        one_line_error(clerkbook(plain, "decrypt"), "not encrypted")
        assert fingerprint(plain) == before

    def test_empty_passphrase(self, plain: Path) -> None:
        before = fingerprint(plain)
        one_line_error(clerkbook(plain, "encrypt", passphrase=""), "empty")
        assert fingerprint(plain) == before

    def test_a_text_file_is_not_mistaken_for_an_encrypted_notebook(self, tmp_path: Path) -> None:
        text = tmp_path / "list.db"
        text.write_text("milk, eggs\n")
        one_line_error(clerkbook(text, "encrypt"), "not a clerkbook notebook")
        assert text.read_text() == "milk, eggs\n"

    def test_a_read_only_notebook(self, plain: Path) -> None:
        plain.chmod(0o444)
        before = fingerprint(plain)
        one_line_error(clerkbook(plain, "encrypt"), "read-only")
        assert fingerprint(plain) == before

    def test_a_notebook_open_elsewhere_is_not_converted(self, plain: Path) -> None:
        with open_notebook(plain) as nb:
            nb.list_points()  # holds a pooled connection, as the app does
            before = plain.read_bytes()
            one_line_error(clerkbook(plain, "encrypt"), "open in another clerkbook")
            assert plain.read_bytes() == before
            assert [p.text for p in nb.list_points()] == [SECRET]

    def test_passphrases_that_differ(self, plain: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        # The terminal prompt itself is tried by hand in tmux; here, its answers are given.
        from click.testing import CliRunner

        from clerkbook.cli import cli, crypt

        answers = iter(["first try", "second try"])
        monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
        monkeypatch.setattr(crypt, "can_ask", lambda: True)
        monkeypatch.setattr(crypt, "read_passphrase", lambda prompt: next(answers))
        before = fingerprint(plain)
        result = CliRunner().invoke(cli, ["--db", str(plain), "encrypt"])
        assert result.exit_code == 1 and "passphrases differ" in result.output
        assert fingerprint(plain) == before


class TestDecrypt:
    def test_round_trip(self, encrypted: Path) -> None:
        result = clerkbook(encrypted, "decrypt")
        assert result.returncode == 0, result.stderr
        assert "stay encrypted" in result.stdout  # the older backups keep the passphrase
        connection = sqlite3.connect(encrypted)
        assert connection.execute("SELECT text FROM teaching_point").fetchall() == [(SECRET,)]
        connection.close()
        listed = clerkbook(encrypted, "list", "points", passphrase=None)
        assert SECRET in listed.stdout


class TestStore:
    def test_open_needs_the_passphrase(self, encrypted: Path) -> None:
        with pytest.raises(PassphraseRequired):
            open_notebook(encrypted)
        with pytest.raises(WrongPassphrase, match="Wrong passphrase"):
            open_notebook(encrypted, passphrase="nope")

    def test_a_plain_notebook_ignores_a_passphrase(self, plain: Path) -> None:
        with open_notebook(plain, passphrase="anything") as nb:
            assert not nb.encrypted and [p.text for p in nb.list_points()] == [SECRET]

    def test_bad_search_query_is_a_clear_error_in_an_encrypted_notebook(self, encrypted: Path) -> None:
        from clerkbook.store.errors import InvalidInput

        with open_notebook(encrypted, passphrase=PASSPHRASE) as nb:
            with pytest.raises(InvalidInput):
                nb.search('"unterminated')

    def test_the_key_is_derived_once_the_way_sqlcipher_does(self, encrypted: Path) -> None:
        # Connections after the first reuse the derived key; if SQLCipher's defaults changed, each
        # connection would fall back to deriving it again (correct, but slow): this catches that.
        from clerkbook.store.connect import _raw_key, open_sqlcipher

        connection = open_sqlcipher(str(encrypted))
        connection.execute(f"PRAGMA key = \"x'{_raw_key(PASSPHRASE, encrypted.read_bytes()[:16])}'\"")
        assert connection.execute("SELECT text FROM teaching_point").fetchall() == [(SECRET,)]
        connection.close()

    def test_encrypting_refuses_an_empty_passphrase(self, plain: Path) -> None:
        with pytest.raises(NotebookError, match="empty"):
            encrypt_notebook(plain, "")


def test_wrong_passphrase_writes_nothing_to_stderr_from_sqlcipher(encrypted: Path) -> None:
    """SQLCipher logs decryption failures to stderr (fd 2) by default; clerkbook silences them."""
    code = (
        "import sys\nfrom pathlib import Path\nfrom clerkbook.store.connect import connect, WrongPassphrase\n"
        "for ro in (False, True):\n"
        "    try:\n        connect(Path(sys.argv[1]), passphrase='nope', read_only=ro)\n"
        "    except WrongPassphrase:\n        pass\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(encrypted)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == ""


def test_the_app_refuses_a_wrong_passphrase_in_the_environment_before_the_screen_changes(encrypted: Path) -> None:
    before = fingerprint(encrypted)
    result = clerkbook(encrypted, passphrase="not it")
    one_line_error(result, "Wrong passphrase in CLERKBOOK_PASSPHRASE")
    assert result.stdout == ""  # the full-screen app never started
    assert fingerprint(encrypted) == before
