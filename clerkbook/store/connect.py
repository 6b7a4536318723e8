"""Raw DB-API connections to a notebook file, plain or encrypted.

Everything that opens the file without SQLAlchemy (the fast shift read, the
file check, backups) and the SQLAlchemy engine itself go through
:func:`connect`, so an encrypted notebook is keyed the same way everywhere.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from clerkbook.store.errors import (
    DamagedNotebook,
    DiskFull,
    NotebookError,
    NotebookFileError,
    ReadOnlyNotebook,
)
from clerkbook.store.paths import is_writable

#: Scripts may give the passphrase here, as restic and borg do; it is never stored.
PASSPHRASE_ENV = "CLERKBOOK_PASSPHRASE"
BUSY_TIMEOUT_S = 10.0
#: SQLite's extended code for a write to a database file renamed or unlinked since it was opened.
SQLITE_READONLY_DBMOVED = 1032
SQLITE_READONLY = 8
#: SQLCipher 4's defaults: PBKDF2-HMAC-SHA512, 256,000 rounds, a 32-byte key salted by the file's first 16 bytes.
KDF_ROUNDS = 256_000
SALT_BYTES = 16


class EncryptionUnavailable(NotebookError):
    """An encrypted notebook was asked for, but SQLCipher is not installed."""


class WrongPassphrase(NotebookFileError):
    """The passphrase does not open the notebook (or the file is not an encrypted notebook)."""


class PassphraseRequired(NotebookFileError):
    """The notebook is encrypted and no passphrase was given."""


class NotebookBusy(NotebookError):
    """Another process kept the notebook locked for longer than the busy timeout."""


def sqlcipher_module():
    """The sqlcipher3 DB-API module, or a clear error naming the extra to install."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise EncryptionUnavailable(
            "Encrypted notebooks need SQLCipher: pip install 'clerkbook[encryption]'."
        ) from None
    return dbapi2


def quote_passphrase(passphrase: str) -> str:
    """``passphrase`` as an SQL string literal for ``PRAGMA key`` (PRAGMAs take no parameters)."""
    return "'" + passphrase.replace("'", "''") + "'"


def connect(path: Path, *, passphrase: str | None = None, read_only: bool = False,
            check_same_thread: bool = True, timeout: float = BUSY_TIMEOUT_S) -> Any:
    """A DB-API connection to the notebook at ``path``.

    With ``passphrase`` the file is opened through SQLCipher and keyed before
    anything else runs; a wrong passphrase raises :class:`WrongPassphrase`.
    ``read_only`` opens with ``mode=ro`` so nothing (not even a -wal file's
    recovery) can change the file.
    """
    target = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    if read_only and _cannot_make_wal_index(path):
        return _connect_in_read_only_folder(path, passphrase, target, check_same_thread, timeout)
    return _connect(path, passphrase, target, check_same_thread, timeout, read_only)


def _cannot_make_wal_index(path: Path) -> bool:
    # A WAL notebook read with mode=ro needs its -shm file, which only a writable folder can get.
    # The owner's write bit counts even for root, as in clerkbook.store.paths.is_writable.
    if Path(f"{path}-shm").exists():
        return False
    try:
        mode = path.parent.stat().st_mode
    except OSError:
        return False
    return not (mode & stat.S_IWUSR and os.access(path.parent, os.W_OK))


def _connect_in_read_only_folder(path: Path, passphrase: str | None, target: str, check_same_thread: bool,
                                 timeout: float) -> Any:
    # Try the ordinary read-only open; if SQLite cannot open it for want of the -shm file, and no
    # -wal holds committed pages (an immutable open would not see them), read the file as immutable.
    try:
        connection = _connect(path, passphrase, target, check_same_thread, timeout)
        if passphrase is None:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return connection
    except Exception as exc:
        if not isinstance(exc, WrongPassphrase):
            if not is_database_error(exc):
                raise
            lowered = str(exc).lower()
            if "unable to open" not in lowered and "readonly" not in lowered:
                # Not this problem: the caller meets the same error at its first statement, as always.
                return _connect(path, passphrase, target, check_same_thread, timeout)
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise ReadOnlyNotebook(
            f"{path} is in a read-only folder and has unsaved journal data; make the folder writable."
        )
    return _connect(path, passphrase, f"{target}&immutable=1", check_same_thread, timeout)


def _connect(path: Path, passphrase: str | None, target: str, check_same_thread: bool, timeout: float,
             read_only: bool = True) -> Any:
    if passphrase is None:
        return sqlite3.connect(target, uri=read_only, timeout=timeout, check_same_thread=check_same_thread)
    module = sqlcipher_module()
    options = {"uri": read_only, "timeout": timeout, "check_same_thread": check_same_thread}
    salt = _salt(path)
    if salt is not None:
        # The key derivation is slow on purpose (about 0.2 s); a command or the app opens several
        # connections, so derive once per process and give SQLCipher the raw key, which it checks
        # against the file's HMAC like a passphrase.
        connection = open_sqlcipher(target, **options)
        try:
            connection.execute(f"PRAGMA key = \"x'{_raw_key(passphrase, salt)}'\"")
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return connection
        except module.DatabaseError:
            connection.close()  # maybe other key settings: the passphrase itself decides below
    connection = open_sqlcipher(target, **options)
    try:
        connection.execute(f"PRAGMA key = {quote_passphrase(passphrase)}")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError:
        connection.close()
        raise WrongPassphrase(f"Wrong passphrase for {path} (or it is not an encrypted notebook).") from None
    return connection


def _salt(path: Path) -> bytes | None:
    # An encrypted file starts with its salt; a new or plain file has none to derive from.
    try:
        with open(path, "rb") as handle:
            head = handle.read(SALT_BYTES)
    except OSError:
        return None
    if len(head) < SALT_BYTES or head == b"SQLite format 3\x00":
        return None
    return head


@functools.lru_cache(maxsize=16)
def _raw_key(passphrase: str, salt: bytes) -> str:
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ROUNDS, 32).hex()


def open_sqlcipher(target: str, **kwargs: Any) -> Any:
    """A SQLCipher connection, not keyed yet, whose library logs nothing to stderr.

    SQLCipher logs decryption failures (a wrong passphrase) to stderr, which would
    garble the app's screen and add lines to a command's one-line message.
    """
    connection = sqlcipher_module().connect(target, **kwargs)
    connection.execute("PRAGMA cipher_log_level = NONE")
    return connection


def is_database_error(exc: BaseException) -> bool:
    """True for an error raised by sqlite3 or by sqlcipher3 (whose classes do not derive from sqlite3's)."""
    return isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith("sqlcipher3")


def translate_error(exc: BaseException, path: Path) -> NotebookError | None:
    """A one-line :class:`NotebookError` for a database error that is about the file, else None.

    Damaged pages, a full or failing disk and a read-only file reach the user as
    these messages (never a traceback), wherever the failing read or write was.
    """
    message = (str(exc).splitlines() or [""])[0]
    lowered = message.lower()
    if "malformed" in lowered or "not a database" in lowered:
        return DamagedNotebook(
            f"{path} is damaged ({message}); restore a copy from {path.parent / 'backups'}."
        )
    if "disk is full" in lowered:
        return DiskFull(f"The disk holding {path} is full: nothing was saved. Free some space and try again.")
    if "disk i/o error" in lowered:
        return DiskFull(f"Disk I/O error on {path} (is the disk full or failing?): nothing was saved.")
    code = getattr(exc, "sqlite_errorcode", None)
    # sqlcipher3 gives only the primary code (SQLITE_READONLY): a read-only error on a writable file is
    # then taken for the same cause.
    moved = code == SQLITE_READONLY_DBMOVED or (
        code == SQLITE_READONLY and type(exc).__module__.startswith("sqlcipher3") and is_writable(path))
    if moved:
        # The file was renamed over (clerkbook encrypt/decrypt) after this connection opened it.
        return NotebookError(f"{path} was replaced (encrypted or decrypted) meanwhile: nothing was saved. Try again.")
    if "readonly" in lowered or "read-only" in lowered:
        return ReadOnlyNotebook(f"{path} is read-only: nothing was saved.")
    if "database is locked" in lowered or "database table is locked" in lowered:
        return NotebookBusy(
            f"{path} is busy: another clerkbook (or program) kept it locked too long; nothing was saved. Try again."
        )
    return None
