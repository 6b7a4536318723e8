"""The SQLAlchemy engine for a notebook file, configured for safety.

- WAL journal (set when the file is created) so a reader never blocks a writer,
  and two terminals can keep the same notebook open.
- ``synchronous=FULL``: a laptop that runs out of battery mid-shift must not lose
  the last saved sentence; the fsync per commit is cheap at notebook sizes.
- Foreign keys on, and a busy timeout so a concurrent writer waits, not fails.
- Write transactions start with ``BEGIN IMMEDIATE``: a deferred transaction that
  reads and then writes can fail at once with "database is locked" when another
  process writes in between, whatever the busy timeout.
- Every connection comes from :func:`~clerkbook.store.connect.connect`, so an
  encrypted notebook is keyed there and its passphrase is never part of a URL
  (which SQLAlchemy may print in a message or a log).
- A read-only engine opens with ``mode=ro``: not even recovery can change the file.
- Errors about the file (damaged pages, a full disk, a read-only file) become
  one-line :class:`~clerkbook.store.errors.NotebookError` messages.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from clerkbook.store.connect import connect, sqlcipher_module, translate_error

BUSY_TIMEOUT_MS = 10_000
BEGIN_OPTION = "clerkbook_begin"


def make_engine(path: Path, *, passphrase: str | None = None, read_only: bool = False) -> Engine:
    """An engine on the SQLite file at ``path`` with clerkbook's connection settings.

    ``passphrase`` opens an encrypted notebook (SQLCipher); ``read_only`` refuses every write.
    """

    def creator():
        # Thread workers in the app share the pool; each connection is used by one
        # thread at a time, which is all SQLite asks.
        return connect(path, passphrase=passphrase, read_only=read_only, check_same_thread=False,
                       timeout=BUSY_TIMEOUT_MS / 1000)

    # SQLCipher's module, so that its errors are wrapped (IntegrityError, ...) like sqlite3's.
    module = sqlcipher_module() if passphrase is not None else None
    engine = create_engine(
        "sqlite://",
        creator=creator,
        # "sqlite://" alone would mean an in-memory database and a one-connection pool.
        poolclass=QueuePool,
        pool_pre_ping=False,
        **({"module": module} if module is not None else {}),
    )

    @event.listens_for(engine, "handle_error")
    def _on_error(context):
        return translate_error(context.original_exception, path)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Take transaction control from the driver so "begin" below decides.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, whose transactions take the write lock when they begin."""
    return engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
