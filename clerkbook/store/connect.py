"""Raw DB-API connections to a notebook file, plain or encrypted.

Everything that opens the file without SQLAlchemy (the fast shift read, the
file check, backups) and the SQLAlchemy engine itself go through
:func:`connect`, so an encrypted notebook is keyed the same way everywhere.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from clerkbook.store.errors import NotebookError, NotebookFileError

#: Scripts may give the passphrase here, as restic and borg do; it is never stored.
PASSPHRASE_ENV = "CLERKBOOK_PASSPHRASE"
BUSY_TIMEOUT_S = 10.0


class EncryptionUnavailable(NotebookError):
    """An encrypted notebook was asked for, but SQLCipher is not installed."""


class WrongPassphrase(NotebookFileError):
    """The passphrase does not open the notebook (or the file is not an encrypted notebook)."""


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
    if passphrase is None:
        return sqlite3.connect(target, uri=read_only, timeout=timeout, check_same_thread=check_same_thread)
    module = sqlcipher_module()
    connection = module.connect(target, uri=read_only, timeout=timeout, check_same_thread=check_same_thread)
    try:
        # SQLCipher logs decryption failures to stderr, which would garble the app's screen.
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = {quote_passphrase(passphrase)}")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError:
        connection.close()
        raise WrongPassphrase(f"Wrong passphrase for {path} (or it is not an encrypted notebook).") from None
    return connection
