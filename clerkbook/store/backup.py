"""Consistent copies of a notebook, taken with SQLite's online backup API.

The backup API reads the database inside one read transaction, so the copy is
consistent even while the app or another terminal is writing to the notebook.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from clerkbook.store.errors import NotebookError
from clerkbook.store.paths import PRIVATE_FILE_MODE, create_private_file


def backup_database(source: Path, destination: Path) -> Path:
    """Copy the notebook at ``source`` to ``destination``, which must not exist yet.

    The copy is written beside its destination and renamed into place, so a
    crash never leaves a half-written backup under the final name. It is a
    single self-contained file (rollback journal, not WAL) with mode 0600.
    """
    if destination.exists():
        raise NotebookError(f"{destination} already exists; choose another --out.")
    if not destination.parent.is_dir():
        raise NotebookError(f"Folder {destination.parent} does not exist.")
    partial = destination.with_name(f".{destination.name}.partial")
    partial.unlink(missing_ok=True)
    create_private_file(partial)
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
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
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise NotebookError(f"Backup failed: {exc}.") from None
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise NotebookError(f"Backup failed: {exc.strerror or exc}.") from None
    return destination
