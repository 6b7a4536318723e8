"""Quick capture from the shell with the standard library's sqlite3 only.

``clerkbook add todo`` must answer about as fast as Python starts: importing
SQLAlchemy alone costs more than the whole write. These functions do what
:meth:`Notebook.add_todo`, :meth:`~Notebook.add_question` and
:meth:`~Notebook.patient_for_label` do, with the same checks and messages, in
one ``BEGIN IMMEDIATE`` transaction; the schema's triggers keep the search index
and tag links right as they do for every write.

They work only on an existing notebook at this program's newest schema: for
anything else (no file yet, an older schema, not a notebook) :func:`open_quick`
returns None and the caller opens the full notebook, which creates, upgrades or
explains.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from clerkbook.models.kinds import PatientStatus, TodoKind, new_uid
from clerkbook.store.beds import same_bed, split_patient_label
from clerkbook.store.connect import NotebookBusy, connect, is_database_error, translate_error
from clerkbook.store.errors import InvalidInput, NoCurrentRotation, NotebookError
from clerkbook.store.paths import is_writable, tighten_file_mode
from clerkbook.store.schema import APPLICATION_ID, HEAD
from clerkbook.store.shift_read import stamp

# As clerkbook.store.engine sets them on every SQLAlchemy connection.
_PRAGMAS = ("PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000", "PRAGMA synchronous = FULL")


@dataclass(frozen=True)
class Added:
    """What was written: its id and text, and the patient's label if it has one."""

    id: int
    text: str
    kind: str = ""
    patient_label: str | None = None


class QuickNotebook:
    """A raw connection to a notebook at the newest schema, for one capture."""

    def __init__(self, connection: Any, path: Path) -> None:
        self._connection = connection
        self._path = path

    def close(self) -> None:
        """Release the connection."""
        self._connection.close()

    def __enter__(self) -> "QuickNotebook":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _transaction(self):
        return _Immediate(self._connection, self._path)

    def add_todo(self, text: str, *, kind: TodoKind | str = TodoKind.TASK, patient: str | None = None,
                 due_at: datetime | None = None) -> Added:
        """Add a to-do at the end of the rotation's list, for the patient labelled ``patient`` if given."""
        text = _clean(text, "To-do text")
        kind = _kind(kind)
        if due_at is not None and (due_at.tzinfo is None or due_at.utcoffset() is None):
            raise InvalidInput("Due time needs a time zone.")
        with self._transaction() as db:
            rotation_id, patient_id, label = self._target(db, patient)
            last = db.execute("SELECT max(position) FROM todo WHERE rotation_id = ?", (rotation_id,)).fetchone()[0]
            now = _now()
            cursor = db.execute(
                "INSERT INTO todo (uid, rotation_id, patient_id, text, kind, due_at, done_at, position,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
                (new_uid(), rotation_id, patient_id, text, kind.value, None if due_at is None else stamp(due_at),
                 (last or 0) + 1, now, now))
        return Added(cursor.lastrowid, text, kind.value, label)

    def add_question(self, text: str, *, patient: str | None = None) -> Added:
        """Add an open question to research later, for the patient labelled ``patient`` if given."""
        text = _clean(text, "Question")
        with self._transaction() as db:
            rotation_id, patient_id, label = self._target(db, patient)
            now = _now()
            cursor = db.execute(
                "INSERT INTO question (uid, rotation_id, patient_id, text, answer, status, answered_at,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, '', 'open', NULL, ?, ?)",
                (new_uid(), rotation_id, patient_id, text, now, now))
        return Added(cursor.lastrowid, text, "", label)

    def _target(self, db, patient: str | None) -> tuple[int, int | None, str | None]:
        # The rotation and patient an entry goes to: the current rotation, and the active patient in the
        # label's bed, created there if there is none (as Notebook.patient_for_label).
        row = db.execute("SELECT id FROM rotation WHERE is_current = 1 LIMIT 1").fetchone()
        if row is None:
            raise NoCurrentRotation(
                "No rotation yet: create one with `clerkbook rotation new SPECIALTY --site SITE --start DATE`."
            )
        rotation_id = row[0]
        if patient is None:
            return rotation_id, None, None
        bed, age_sex, summary = split_patient_label(patient)
        if not bed:
            raise InvalidInput("Patient label is empty.")
        active = db.execute(
            "SELECT id, rotation_id, bed, age_sex, summary FROM patient WHERE rotation_id = ? AND status = ?",
            (rotation_id, PatientStatus.ACTIVE.value)).fetchall()
        found = next((row for row in active if same_bed(row[2], bed)), None)
        if found is not None:
            patient_id, rotation_id, bed, age_sex, summary = found
        else:
            now = _now()
            patient_id = db.execute(
                "INSERT INTO patient (uid, rotation_id, bed, age_sex, summary, status, discharged_at,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)",
                (new_uid(), rotation_id, bed, age_sex, summary, PatientStatus.ACTIVE.value, now, now)).lastrowid
        return rotation_id, patient_id, " · ".join(part for part in (bed, age_sex, summary) if part)


class _Immediate:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on any error: nothing half-written.

    A database error about the file (full disk, read-only, damaged) leaves as the same one-line
    NotebookError the full open would give.
    """

    def __init__(self, connection: Any, path: Path) -> None:
        self._connection = connection
        self._path = path

    def __enter__(self):
        try:
            self._connection.execute("BEGIN IMMEDIATE")
        except Exception as exc:
            self._raise_for(exc)
        return self._connection

    def __exit__(self, exc_type, exc, _tb) -> None:
        try:
            self._connection.execute("ROLLBACK" if exc_type else "COMMIT")
        except Exception as failure:
            if self._connection.in_transaction:
                try:
                    self._connection.execute("ROLLBACK")
                except Exception:  # noqa: BLE001 - SQLite rolls back by itself when the connection closes
                    pass
            if exc_type is None:
                self._raise_for(failure)
        if exc is not None and is_database_error(exc):
            self._raise_for(exc)

    def _raise_for(self, exc: BaseException):
        if not is_database_error(exc):
            raise exc
        raise (translate_error(exc, self._path) or NotebookError(f"Could not save: {exc}.")) from None


def open_quick(path: Path, passphrase: str | None = None) -> QuickNotebook | None:
    """A quick-capture connection to the notebook at ``path``, or None if the full open must handle it."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        return None  # opening for writing would create or set up the file: that is open_notebook's job
    if not is_writable(path):
        return None  # a notebook marked read-only: the full open refuses the write with its message
    try:
        connection = connect(path, passphrase=passphrase)
    except Exception as exc:  # noqa: BLE001 - cannot open it here: the full open says why
        if is_database_error(exc):
            return None
        raise
    try:
        app_id = connection.execute("PRAGMA application_id").fetchone()[0]
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except Exception as exc:  # noqa: BLE001 - not a notebook, or damaged: the full open says which
        connection.close()
        if is_database_error(exc) and isinstance(translate_error(exc, path), NotebookBusy):
            raise translate_error(exc, path) from None  # the full open would only wait as long again
        return None
    if app_id != APPLICATION_ID or row is None or row[0] != HEAD:
        connection.close()
        return None
    tighten_file_mode(path)  # as every open of the notebook does
    connection.isolation_level = None  # transactions are begun explicitly, IMMEDIATE
    try:
        for pragma in _PRAGMAS:
            connection.execute(pragma)
    except Exception as exc:
        connection.close()
        if not is_database_error(exc):
            raise
        raise (translate_error(exc, path) or NotebookError(f"Could not open {path}: {exc}.")) from None
    return QuickNotebook(connection, path)


def _clean(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(f"{what} is empty.")
    return text


def _kind(kind: TodoKind | str) -> TodoKind:
    if isinstance(kind, TodoKind):
        return kind
    try:
        return TodoKind(str(kind).strip().lower())
    except ValueError:
        choices = ", ".join(member.value for member in TodoKind)
        raise InvalidInput(f"Unknown kind '{kind}': use one of {choices}.") from None


def _now() -> str:
    return stamp(datetime.now(timezone.utc))
