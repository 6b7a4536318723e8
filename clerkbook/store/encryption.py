"""Turning a plain notebook into an encrypted one (SQLCipher), and back.

The conversion writes a new file beside the notebook with SQLCipher's
``sqlcipher_export``, checks it (integrity check and the same row count in
every table), and only then renames it over the notebook; until that rename
the notebook is as it was. The notebook's plaintext backups are encrypted the
same way, so no readable copy of it stays behind in its backups folder.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

from clerkbook.store.backup import backups_folder, daily_backups
from clerkbook.store.connect import (
    WrongPassphrase,
    connect,
    is_database_error,
    open_sqlcipher,
    quote_passphrase,
    sqlcipher_module,
)
from clerkbook.store.errors import NotebookError, NotebookFileError, ReadOnlyNotebook
from clerkbook.store.paths import create_private_file, is_writable
from clerkbook.store.schema import APPLICATION_ID, SQLITE_MAGIC, inspect_file, looks_encrypted

#: How long to wait for other terminals' connections to let go before saying they are in the way.
LOCK_WAIT_S = 2.0


def encrypt_notebook(path: Path, passphrase: str) -> tuple[list[Path], list[Path]]:
    """Encrypt the plain notebook at ``path`` with ``passphrase``.

    Returns the backups encrypted with it, and those removed because they could not be
    encrypted (a plaintext copy must not outlive the encryption of the notebook itself).
    """
    sqlcipher_module()
    if not passphrase:
        raise NotebookError("The passphrase is empty: nothing was changed.")
    if not path.is_file():
        raise NotebookFileError(f"{path} does not exist.")
    if looks_encrypted(path):
        raise NotebookFileError(f"{path} is already encrypted: nothing was changed.")
    inspect_file(path)
    _refuse_read_only(path)
    _convert(path, source_key=None, target_key=passphrase)
    converted, removed = [], []
    for backup in _plain_backups(path):
        try:
            _convert(backup, source_key=None, target_key=passphrase)
            converted.append(backup)
        except NotebookError:
            backup.unlink(missing_ok=True)
            removed.append(backup)
    return converted, removed


def decrypt_notebook(path: Path, passphrase: str) -> list[Path]:
    """Decrypt the notebook at ``path``; returns the backups that stay encrypted (with this passphrase)."""
    sqlcipher_module()
    if not path.is_file():
        raise NotebookFileError(f"{path} does not exist.")
    if not looks_encrypted(path):
        raise NotebookFileError(f"{path} is not encrypted: nothing was changed.")
    inspect_file(path, passphrase)
    _refuse_read_only(path)
    _convert(path, source_key=passphrase, target_key=None)
    return [backup for backup in _own_backups(path) if looks_encrypted(backup)]


def _refuse_read_only(path: Path) -> None:
    if not is_writable(path):
        raise ReadOnlyNotebook(f"{path} (or its folder) is read-only: nothing was changed.")


def _own_backups(path: Path) -> list[Path]:
    # This notebook's daily and before-upgrade copies in the backups folder, and before-upgrade copies
    # an older clerkbook left beside it; never another notebook's copies that share the folder.
    upgrade_copies = f"{glob.escape(path.stem)}.before-upgrade-from-*"
    candidates = set(daily_backups(path).values())
    for folder in (backups_folder(path), path.parent):
        if folder.is_dir():
            candidates.update(entry for entry in folder.glob(upgrade_copies) if entry.is_file())
    return sorted(candidates)


def _plain_backups(path: Path) -> list[Path]:
    # Every plain clerkbook file among the notebook's own backups.
    found = []
    for candidate in _own_backups(path):
        try:
            with candidate.open("rb") as handle:
                if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                    continue
            if inspect_file(candidate).revision is not None:
                found.append(candidate)
        except (OSError, NotebookError):
            continue
    return found


def _convert(path: Path, *, source_key: str | None, target_key: str | None) -> None:
    """Rewrite ``path`` keyed with ``target_key`` (None: plain), checked, then renamed into place."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.converting")
    temp.unlink(missing_ok=True)
    was_wal = False
    lock = None
    try:
        create_private_file(temp)
        lock = _open_source(path, source_key)
        was_wal = lock.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        if was_wal:
            # Leaving WAL needs every other connection gone, so this also proves that no other
            # clerkbook has the notebook open (its writes would go to the file being replaced).
            _journal_mode(lock, "DELETE", path)
        # The write lock is held from before the rows are counted until after the rename: a writer
        # that opens the notebook meanwhile waits, then finds its file replaced (SQLite refuses to
        # write a moved file) or times out; its write never lands in the file being replaced.
        try:
            lock.execute("BEGIN IMMEDIATE")
        except sqlcipher_module().OperationalError:
            raise NotebookError(f"{path} is open in another clerkbook: close it there first; nothing was changed.") from None
        source = _open_source(path, source_key)
        try:
            tables = _tables(source)
            counts = {table: _count(source, table) for table in tables}
            app_id = source.execute("PRAGMA application_id").fetchone()[0]
            user_version = source.execute("PRAGMA user_version").fetchone()[0]
            source.execute("ATTACH DATABASE ? AS converted KEY ?", (str(temp), target_key or ""))
            source.execute("SELECT sqlcipher_export('converted')")
            # sqlcipher_export copies the schema and rows, not the header's fields.
            source.execute(f"PRAGMA converted.application_id = {int(app_id)}")
            source.execute(f"PRAGMA converted.user_version = {int(user_version)}")
            source.execute("DETACH DATABASE converted")
        finally:
            source.close()
        _verify(temp, target_key, counts, was_wal)
        # The old file's journal files, removed while the lock keeps everyone out of them: once the
        # new file is in place, files of these names may be its own.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(temp, path)
        _sync_folder(path.parent)
        lock.close()
    except BaseException as exc:
        if lock is not None:
            lock.close()  # before the WAL is restored, which needs the notebook to itself
        temp.unlink(missing_ok=True)
        if was_wal:
            _restore_wal(path, source_key)
        if isinstance(exc, Exception) and is_database_error(exc):
            raise NotebookError(f"Could not convert {path}: {exc}; nothing was changed.") from None
        if isinstance(exc, OSError):
            raise NotebookError(f"Could not convert {path}: {exc.strerror or exc}; nothing was changed.") from None
        raise


def _open_source(path: Path, key: str | None):
    """A SQLCipher connection to ``path``, keyed with ``key`` if given, in autocommit mode."""
    connection = open_sqlcipher(str(path), timeout=LOCK_WAIT_S, isolation_level=None)
    try:
        if key is not None:
            connection.execute(f"PRAGMA key = {quote_passphrase(key)}")
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher_module().DatabaseError:
            raise WrongPassphrase(f"Wrong passphrase for {path}: nothing was changed.") from None
    except BaseException:
        connection.close()
        raise
    return connection


def _journal_mode(connection, mode: str, path: Path) -> None:
    try:
        got = connection.execute(f"PRAGMA journal_mode = {mode}").fetchone()[0]
    except sqlcipher_module().OperationalError:
        got = None
    if got is None or got.upper() != mode:
        raise NotebookError(f"{path} is open in another clerkbook: close it there first; nothing was changed.")


def _verify(temp: Path, key: str | None, counts: dict[str, int], wal: bool) -> None:
    check = connect(temp, passphrase=key)
    try:
        verdict = check.execute("PRAGMA integrity_check(1)").fetchone()[0]
        if verdict != "ok":
            raise NotebookError(f"The converted copy failed its check ({verdict}); nothing was changed.")
        if check.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID and counts:
            raise NotebookError("The converted copy lost its clerkbook marker; nothing was changed.")
        got = {table: _count(check, table) for table in _tables(check)}
        if got != counts:
            raise NotebookError("The converted copy does not hold the same rows; nothing was changed.")
        if wal:
            check.execute("PRAGMA journal_mode = WAL")
    finally:
        check.close()


def _restore_wal(path: Path, key: str | None) -> None:
    try:
        connection = connect(path, passphrase=key)
        try:
            connection.execute("PRAGMA journal_mode = WAL")
        finally:
            connection.close()
    except Exception:  # best effort: the notebook works in either journal mode
        pass


def _tables(connection) -> list[str]:
    # FTS5's shadow tables are counted through their parent; virtual tables themselves are skipped.
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'"
    )
    return sorted(row[0] for row in rows)


def _count(connection, table: str) -> int:
    return connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
