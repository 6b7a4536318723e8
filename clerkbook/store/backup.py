"""Consistent copies of a notebook, taken with SQLite's online backup API, and the daily rotation.

The backup API reads the database inside one read transaction, so the copy is
consistent even while the app or another terminal is writing to the notebook.
An encrypted notebook is copied between two connections keyed with its
passphrase, so its copies are encrypted too.

At the first open of each local day the notebook is copied into a ``backups``
folder beside it (``<name>-YYYY-MM-DD.db``), and those daily copies are pruned
to the last :data:`KEEP_DAILY` days plus the newest copy of each of the last
:data:`KEEP_WEEKLY` ISO weeks. Only files with exactly that name pattern are
ever removed; anything else in the folder is left alone.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from clerkbook.store.connect import connect, is_database_error, translate_error
from clerkbook.store.errors import DamagedNotebook, DiskFull, NotebookError
from clerkbook.store.paths import PRIVATE_FILE_MODE, create_private_file, ensure_private_dir

BACKUPS_FOLDER = "backups"
KEEP_DAILY = 7
KEEP_WEEKLY = 4


def backups_folder(notebook_path: Path) -> Path:
    """The folder beside the notebook where its copies go."""
    return notebook_path.parent / BACKUPS_FOLDER


def daily_backup_path(notebook_path: Path, day: date) -> Path:
    """Where the copy of ``day`` goes."""
    return backups_folder(notebook_path) / f"{notebook_path.stem}-{day.isoformat()}.db"


def backup_database(source: Path, destination: Path, *, passphrase: str | None = None,
                    check: bool = False) -> Path:
    """Copy the notebook at ``source`` to ``destination``, which must not exist yet.

    The copy is written beside its destination and renamed into place, so a
    crash never leaves a half-written backup under the final name. It is a
    single self-contained file (rollback journal, not WAL) with mode 0600,
    encrypted with ``passphrase`` when one is given. With ``check`` a notebook
    that fails SQLite's quick check is not copied (:class:`DamagedNotebook`),
    so a damaged file never rotates good copies away.
    """
    if destination.exists():
        raise NotebookError(f"{destination} already exists; choose another --out.")
    if not destination.parent.is_dir():
        raise NotebookError(f"Folder {destination.parent} does not exist.")
    # Unique per process: two terminals opening the notebook at once may both take the day's copy.
    partial = destination.with_name(f".{destination.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    create_private_file(partial)
    try:
        src = connect(source, passphrase=passphrase, read_only=True)
        try:
            if check:
                verdict = src.execute("PRAGMA quick_check(1)").fetchone()[0]
                if verdict != "ok":
                    raise DamagedNotebook(f"{source} is damaged ({verdict}); no backup was taken, older ones are kept.")
            dst = connect(partial, passphrase=passphrase)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
                dst.commit()
            finally:
                dst.close()
        finally:
            src.close()
        os.chmod(partial, PRIVATE_FILE_MODE)
        os.replace(partial, destination)
    except NotebookError:
        partial.unlink(missing_ok=True)
        raise
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise NotebookError(f"Backup to {destination.parent} failed: {exc.strerror or exc}.") from None
    except Exception as exc:
        partial.unlink(missing_ok=True)
        if not is_database_error(exc):
            raise
        translated = translate_error(exc, source)
        if isinstance(translated, DamagedNotebook):
            raise translated from None
        if isinstance(translated, DiskFull):
            raise DiskFull(f"Backup to {destination.parent} failed: the disk is full or failing ({exc}).") from None
        raise NotebookError(f"Backup failed: {exc}.") from None
    return destination


def daily_backup(notebook_path: Path, *, passphrase: str | None = None, today: date | None = None) -> Path | None:
    """Take today's copy if there is none yet, then prune; the path written, or None if it already existed.

    Costs one stat when today's copy exists. Raises :class:`NotebookError` if the
    copy cannot be written (a full disk, a read-only folder, a damaged notebook).
    """
    if notebook_path.parent.name == BACKUPS_FOLDER:
        return None  # a backup opened to look at it or to restore from: no copies of copies
    day = today or date.today()
    target = daily_backup_path(notebook_path, day)
    if target.exists():
        return None
    ensure_private_dir(target.parent)
    try:
        backup_database(notebook_path, target, passphrase=passphrase, check=True)
    except NotebookError:
        if target.exists():  # another process took today's copy first
            return None
        raise
    prune_daily_backups(notebook_path)
    return target


_DAILY_NAME = r"-(\d{4})-(\d{2})-(\d{2})\.db"


def daily_backups(notebook_path: Path) -> dict[date, Path]:
    """The daily copies of the notebook that clerkbook wrote, by day."""
    pattern = re.compile(re.escape(notebook_path.stem) + _DAILY_NAME)
    found: dict[date, Path] = {}
    folder = backups_folder(notebook_path)
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        match = pattern.fullmatch(entry.name)
        if not match or not entry.is_file():
            continue
        try:
            found[date(*(int(part) for part in match.groups()))] = entry
        except ValueError:
            continue  # a name like ...-2026-02-31.db: not one of ours
    return found


def days_to_keep(days: list[date], keep_daily: int = KEEP_DAILY, keep_weekly: int = KEEP_WEEKLY) -> set[date]:
    """The last ``keep_daily`` days, and the newest day of each of the last ``keep_weekly`` ISO weeks."""
    newest_first = sorted(days, reverse=True)
    keep = set(newest_first[:keep_daily])
    weeks: dict[tuple[int, int], date] = {}
    for day in newest_first:
        weeks.setdefault(day.isocalendar()[:2], day)
    keep.update(sorted(weeks.values(), reverse=True)[:keep_weekly])
    return keep


def prune_daily_backups(notebook_path: Path) -> list[Path]:
    """Remove the daily copies that fall out of the rotation; returns what was removed."""
    backups = daily_backups(notebook_path)
    keep = days_to_keep(list(backups))
    removed = []
    for day, path in backups.items():
        if day not in keep:
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass  # a copy we cannot remove now is removed at a later open
    return removed

