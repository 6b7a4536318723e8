"""Recognising a notebook file and bringing its schema up to date.

Opening is on the hot path of every command and of the app's start, so the
check uses the standard library's sqlite3 only; Alembic, which takes a third of
a second to import, is loaded only when a file is new or must be upgraded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from clerkbook.store.connect import (
    PASSPHRASE_ENV,
    PassphraseRequired,
    connect,
    is_database_error,
    translate_error,
)
from clerkbook.store.errors import (
    NewerSchemaError,
    NotAClerkbookFile,
    NotebookError,
    NotebookFileError,
)

#: Written into the SQLite header (PRAGMA application_id) so a clerkbook file is
#: recognisable by any tool: the ASCII bytes "CkBk".
APPLICATION_ID = 0x436B426B
#: Every schema revision this program knows, oldest first. The last one is the
#: newest; a test checks this list against the Alembic scripts.
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
HEAD = REVISIONS[-1]
SQLITE_MAGIC = b"SQLite format 3\x00"
#: SQLite pages are 512 to 65536 bytes, so an encrypted database is a whole number of 512-byte blocks.
PAGE_QUANTUM = 512
MIGRATIONS_LOCATION = str(Path(__file__).with_name("migrations"))


@dataclass(frozen=True)
class FileState:
    """What was found at a notebook path before opening it for writing."""

    exists: bool
    empty: bool
    revision: str | None
    #: Encrypted with SQLCipher (and opened with the passphrase given).
    encrypted: bool = False


def looks_encrypted(path: Path) -> bool:
    """True when ``path`` could be an encrypted notebook: not an SQLite header, but a size in whole pages.

    Cheap (a stat and 16 bytes). A damaged plain database can look the same;
    only a passphrase tells them apart.
    """
    try:
        size = path.stat().st_size
        if size == 0 or size % PAGE_QUANTUM:
            return False
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC
    except OSError:
        return False


def inspect_file(path: Path, passphrase: str | None = None) -> FileState:
    """Look at ``path`` without changing it, and refuse anything that is not a clerkbook notebook.

    An encrypted file needs ``passphrase``: without one this raises
    :class:`~clerkbook.store.connect.PassphraseRequired`, with a wrong one
    :class:`~clerkbook.store.connect.WrongPassphrase`. A plain file ignores it.
    """
    if not path.exists():
        if not path.parent.is_dir():
            raise NotebookFileError(f"Folder {path.parent} does not exist.")
        return FileState(exists=False, empty=True, revision=None)
    if not path.is_file():
        raise NotebookFileError(f"{path} is not a file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except PermissionError:
        raise NotebookFileError(f"Cannot read {path}: permission denied.") from None
    if not header:
        return FileState(exists=True, empty=True, revision=None)
    encrypted = header != SQLITE_MAGIC
    if encrypted:
        if not looks_encrypted(path):
            raise NotAClerkbookFile(f"{path} is not a clerkbook notebook (it is not an SQLite database).")
        if passphrase is None:
            raise PassphraseRequired(
                f"{path} is encrypted (or damaged): set {PASSPHRASE_ENV} or run clerkbook in a terminal "
                "to give its passphrase."
            )
    connection = connect(path, passphrase=passphrase if encrypted else None, read_only=True)
    try:
        try:
            app_id = connection.execute("PRAGMA application_id").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            connection.close()
    except NotebookError:
        raise
    except Exception as exc:
        if not is_database_error(exc):
            raise
        translated = translate_error(exc, path)
        if translated is not None:
            raise translated from None
        raise NotebookFileError(f"{path} is damaged or not a database ({exc}).") from None
    if not tables and app_id == 0:
        # A database with nothing in it: safe to set up as a new notebook.
        return FileState(exists=True, empty=True, revision=None, encrypted=encrypted)
    if app_id != APPLICATION_ID or revision is None:
        raise NotAClerkbookFile(f"{path} is an SQLite database, but not a clerkbook notebook.")
    if revision not in REVISIONS:
        raise NewerSchemaError(
            f"{path} was written by a newer clerkbook (schema {revision}); upgrade clerkbook to open it."
        )
    return FileState(exists=True, empty=False, revision=revision, encrypted=encrypted)


def upgrade(engine, target: str = "head") -> None:
    """Run the migrations up to ``target`` on ``engine``'s database, in one transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", MIGRATIONS_LOCATION)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def backup_name(path: Path, revision: str, now: datetime) -> Path:
    """Where the copy taken before migrating ``path`` from ``revision`` goes: beside it."""
    stamp = now.strftime("%Y%m%dT%H%M%S")
    return path.with_name(f"{path.stem}.before-upgrade-from-{revision}-{stamp}{path.suffix or '.db'}")
