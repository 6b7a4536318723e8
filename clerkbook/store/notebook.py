"""Opening a notebook file: the one object the app and the command line are given."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from sqlalchemy import func, text
from sqlmodel import select

from clerkbook.models import (
    Note,
    Patient,
    Question,
    Reflection,
    Rotation,
    TeachingPoint,
    Todo,
    utcnow,
)
from clerkbook.store.backup import backup_database, backups_folder, daily_backup
from clerkbook.store.clerkship import ClerkshipMixin
from clerkbook.store.connect import connect
from clerkbook.store.drafts import DraftsMixin
from clerkbook.store.engine import make_engine
from clerkbook.store.entries import EntriesMixin
from clerkbook.store.errors import NotebookError, ReadOnlyNotebook
from clerkbook.store.exchange import ExchangeMixin
from clerkbook.store.lookup import LookupMixin
from clerkbook.store.notes import NotesMixin
from clerkbook.store.paths import (
    create_private_file,
    ensure_private_dir,
    is_writable,
    resolve_db_path,
    tighten_file_mode,
)
from clerkbook.store.rotations import RotationsMixin
from clerkbook.store.schema import HEAD, backup_name, inspect_file, upgrade
from clerkbook.store.search import SearchMixin
from clerkbook.store.stats import StatsMixin
from clerkbook.store.tags import TagsMixin
from clerkbook.store.todos import TodosMixin


class Notebook(RotationsMixin, TodosMixin, EntriesMixin, NotesMixin, TagsMixin, StatsMixin, ExchangeMixin,
               LookupMixin, SearchMixin, DraftsMixin, ClerkshipMixin):
    """A clerkbook notebook file, opened and at the newest schema.

    Every method runs its own short transaction, so a Notebook can be shared by
    the app's thread workers and two processes can work on one file.
    """

    #: Opened read-only (its file or folder cannot be written): every write raises ReadOnlyNotebook.
    read_only: bool = False
    #: Encrypted with SQLCipher.
    encrypted: bool = False
    #: One-line problems found while opening that did not stop it (today's backup failed, ...), to show the user.
    warnings: tuple[str, ...] = ()
    #: Kept in memory only, to key this notebook's backups; never written anywhere.
    _passphrase: str | None = None

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> "Notebook":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def schema_revision(self) -> str:
        """The schema revision of the open file."""
        with self.engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()

    def data_version(self) -> int:
        """A number that changes when another connection commits (PRAGMA data_version)."""
        with self.engine.connect() as connection:
            return connection.exec_driver_sql("PRAGMA data_version").scalar_one()

    def counts(self) -> dict[str, int]:
        """How many entries of each kind the notebook holds."""
        tables = {
            "rotations": Rotation,
            "patients": Patient,
            "todos": Todo,
            "points": TeachingPoint,
            "questions": Question,
            "notes": Note,
            "reflections": Reflection,
        }
        with self._read() as session:
            return {name: session.exec(select(func.count()).select_from(model)).one() for name, model in tables.items()}

    def is_empty(self) -> bool:
        """True when nothing at all has been written yet."""
        return not any(self.counts().values())

    def take_daily_backup(self, today: date | None = None) -> str | None:
        """Take today's copy into the backups folder if it is not there yet; a warning if that failed."""
        if self.read_only:
            return None
        return _take_daily_backup(self.path, self._passphrase, today)

    def backup(self, destination: Path) -> Path:
        """Write a consistent copy of the notebook to ``destination`` (which must not exist)."""
        return backup_database(self.path, destination, passphrase=self._passphrase)


def open_notebook(path: str | os.PathLike[str] | None = None, *, passphrase: str | None = None,
                  read_only: bool = False, today: date | None = None, daily_copy: bool = True) -> Notebook:
    """Open (creating or upgrading as needed) the notebook at ``path``.

    ``None`` means ``$CLERKBOOK_DB`` or the platform's default location. A file
    that is not a clerkbook notebook, or is from a newer clerkbook, raises a
    :class:`~clerkbook.store.errors.NotebookFileError` and is left untouched.
    An encrypted notebook needs ``passphrase`` (ignored for a plain one).

    At the first open of each local day (``today``) a copy goes into the
    ``backups`` folder beside the notebook, and an older notebook is copied
    there before it is upgraded. A notebook whose file or folder cannot be
    written (or with ``read_only``) opens read-only. With ``daily_copy=False``
    the day's copy is left to :meth:`Notebook.take_daily_backup` (the app takes
    it in the background, so a big notebook's copy never delays a save).
    """
    db_path, is_default = resolve_db_path(path)
    if is_default:
        ensure_private_dir(db_path.parent)
    state = inspect_file(db_path, passphrase)
    key = passphrase if state.encrypted else None
    read_only = read_only or (state.exists and not is_writable(db_path))
    warnings: list[str] = []
    if state.empty:
        if read_only:
            raise ReadOnlyNotebook(f"{db_path} is read-only, so it cannot become a notebook.")
        create_private_file(db_path)
        _enable_wal(db_path, key)
        engine = make_engine(db_path, passphrase=key)
        upgrade(engine)
    else:
        if state.revision != HEAD and read_only:
            raise ReadOnlyNotebook(
                f"{db_path} is read-only and needs an upgrade from schema {state.revision}: make it writable."
            )
        if not read_only:
            tighten_file_mode(db_path)
            if daily_copy:
                warning = _take_daily_backup(db_path, key, today)
                if warning:
                    warnings.append(warning)
        engine = make_engine(db_path, passphrase=key, read_only=read_only)
        if state.revision != HEAD:
            folder = backups_folder(db_path)
            ensure_private_dir(folder)
            backup_database(db_path, folder / backup_name(db_path, state.revision, utcnow()).name, passphrase=key)
            upgrade(engine)
    notebook = Notebook(engine, db_path)
    notebook.read_only = read_only
    notebook.encrypted = state.encrypted
    notebook.warnings = tuple(warnings)
    notebook._passphrase = key
    return notebook


def _take_daily_backup(path: Path, key: str | None, today: date | None) -> str | None:
    try:
        daily_backup(path, passphrase=key, today=today)
    except NotebookError as exc:
        # Today's copy is a safety net, not a reason to keep the user from their notebook.
        return f"No backup today: {exc}"
    return None


def _enable_wal(path: Path, passphrase: str | None) -> None:
    # The journal mode is a property of the file, set once; it cannot be changed
    # inside the transaction SQLAlchemy opens, so use the driver directly.
    connection = connect(path, passphrase=passphrase)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()
