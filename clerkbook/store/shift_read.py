"""The shift screen's reads, with the standard library's sqlite3 only.

The app shows the current rotation before SQLAlchemy is even imported (a third
of a second), and every later reload is a handful of plain queries instead of
ORM sessions. :class:`ShiftReader` answers the same questions as the
:class:`~clerkbook.store.Notebook` methods :func:`clerkbook.domain.shift.load_shift`
calls, with the same order and filters, as light read-only rows carrying the
attribute names the panes use. Notes come without their sections' text, which
the list never shows.

The reader's one connection also answers ``PRAGMA data_version``, which changes
when another connection (another window, ``clerkbook add`` in a shell, or this
app's own writer) commits: the app's live refresh watches it. Like every SQLite
connection it relies on POSIX locks, which closing *any* handle on the file in
the same process drops: open it after anything that reads the file directly
(``open_notebook`` does, for the header), or open it again afterwards.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from clerkbook.models.kinds import (
    REFLECTION_FIELDS,
    NoteKind,
    NoteStatus,
    PatientStatus,
    QuestionStatus,
    TodoKind,
)
from clerkbook.store.connect import connect
from clerkbook.store.schema import HEAD

_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"


def stamp(moment: datetime) -> str:
    """An aware datetime as the notebook stores it: fixed-width UTC text (so text order is time order)."""
    return moment.astimezone(timezone.utc).strftime(_STAMP)


def _moment(value: str | None) -> datetime | None:
    # fromisoformat reads the stored "...Z" form (Python 3.11+) several times faster than strptime.
    return None if value is None else datetime.fromisoformat(value)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


@dataclass(frozen=True)
class SpanCounts:
    """What happened between two moments."""

    patients_followed: int
    todos_done: int
    points: int
    notes_written: int


@dataclass(frozen=True)
class RotationRow:
    """A rotation, as the header shows it."""

    id: int
    specialty: str
    site: str
    service: str
    start_date: date
    end_date: date | None
    is_current: bool

    @property
    def name(self) -> str:
        """How the rotation is named on screen: "Surgery @ Riverside General"."""
        return f"{self.specialty} @ {self.site}" if self.site else self.specialty


@dataclass(frozen=True)
class PatientRow:
    """A de-identified patient."""

    id: int
    rotation_id: int
    bed: str
    age_sex: str
    summary: str
    status: PatientStatus
    discharged_at: datetime | None
    created_at: datetime

    @property
    def label(self) -> str:
        """The scut-list label: "B12 · 67M · CHF exacerbation"."""
        return " · ".join(part for part in (self.bed, self.age_sex, self.summary) if part)


@dataclass(frozen=True)
class TodoRow:
    """A to-do."""

    id: int
    rotation_id: int
    patient_id: int | None
    text: str
    kind: TodoKind
    due_at: datetime | None
    done_at: datetime | None
    position: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class PointRow:
    """A teaching point."""

    id: int
    rotation_id: int
    patient_id: int | None
    text: str
    topic: str
    source: str
    starred: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class QuestionRow:
    """A question and its answer, if found."""

    id: int
    rotation_id: int
    patient_id: int | None
    text: str
    answer: str
    status: QuestionStatus
    answered_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class NoteRow:
    """A note's heading: everything but the sections' text (the note editor reads the note itself)."""

    id: int
    rotation_id: int
    patient_id: int | None
    kind: NoteKind
    title: str
    status: NoteStatus
    copied_from_id: int | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class ReflectionRow:
    """One week's reflection."""

    id: int
    rotation_id: int | None
    week: str
    went_well: str
    didnt_go_well: str
    learned_about_myself: str
    do_differently: str
    free_text: str
    created_at: datetime
    updated_at: datetime


_TODO = "id, rotation_id, patient_id, text, kind, due_at, done_at, position, created_at, updated_at"
_POINT = "id, rotation_id, patient_id, text, topic, source, starred, created_at, updated_at"
_QUESTION = "id, rotation_id, patient_id, text, answer, status, answered_at, created_at, updated_at"
_NOTE = "id, rotation_id, patient_id, kind, title, status, copied_from_id, created_at, updated_at"
_PATIENT = "id, rotation_id, bed, age_sex, summary, status, discharged_at, created_at"
_REFLECTION = f"id, rotation_id, week, {', '.join(REFLECTION_FIELDS)}, created_at, updated_at"


class ShiftReader:
    """A long-lived connection (``query_only``: it never writes) answering the shift screen's questions.

    Safe to share between threads: one call at a time holds the connection.
    Open one with :func:`open_shift_reader`.
    """

    def __init__(self, connection: Any) -> None:
        self._connection = connection
        # Reads start their own transactions ("BEGIN" in snapshot()), never the driver's implicit ones.
        connection.isolation_level = None
        self._lock = threading.RLock()

    def close(self) -> None:
        """Release the connection."""
        with self._lock:
            self._connection.close()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Run several reads in one read transaction, so they see one consistent moment."""
        with self._lock:
            self._connection.execute("BEGIN")
            try:
                yield
            finally:
                self._connection.execute("COMMIT")

    def data_version(self) -> int:
        """A number that changes whenever a connection other than this one commits."""
        with self._lock:
            return self._connection.execute("PRAGMA data_version").fetchone()[0]

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._connection.execute(sql, params).fetchall()

    # The questions load_shift asks, named and ordered as the Notebook's -----------------------------

    def current_rotation(self) -> RotationRow | None:
        """The current rotation, or None before the first one is created."""
        rows = self._rows("SELECT id, specialty, site, service, start_date, end_date, is_current "
                          "FROM rotation WHERE is_current = 1 LIMIT 1")
        if not rows:
            return None
        id_, specialty, site, service, start, end, current = rows[0]
        return RotationRow(id_, specialty, site, service, _day(start), _day(end), bool(current))

    def span_counts(self, start: datetime, end: datetime) -> SpanCounts:
        """Counts for ``start <= moment < end`` (aware datetimes), as :meth:`Notebook.span_counts`."""
        low, high = stamp(start), stamp(end)
        row = self._rows(
            "SELECT (SELECT count(*) FROM patient WHERE created_at < :high"
            "        AND (discharged_at IS NULL OR discharged_at >= :low)),"
            " (SELECT count(*) FROM todo WHERE done_at >= :low AND done_at < :high),"
            " (SELECT count(*) FROM teaching_point WHERE created_at >= :low AND created_at < :high),"
            " (SELECT count(*) FROM note WHERE updated_at >= :low AND created_at < :high)",
            {"low": low, "high": high},
        )[0]
        return SpanCounts(*row)

    def get_reflection(self, week: str) -> ReflectionRow | None:
        """The reflection for ISO week ``week``, if one was written."""
        rows = self._rows(f"SELECT {_REFLECTION} FROM reflection WHERE week = ?", (week,))
        if not rows:
            return None
        *head, created, updated = rows[0]
        return ReflectionRow(*head, _moment(created), _moment(updated))

    def list_patients(self, *, rotation_id: int, include_discharged: bool = False) -> list[PatientRow]:
        """The rotation's patients in the order they were added."""
        where = "" if include_discharged else " AND status = 'active'"
        return [
            PatientRow(id_, rot, bed, age_sex, summary, PatientStatus(status), _moment(discharged), _moment(created))
            for id_, rot, bed, age_sex, summary, status, discharged, created in self._rows(
                f"SELECT {_PATIENT} FROM patient WHERE rotation_id = ?{where} ORDER BY id", (rotation_id,))
        ]

    def list_todos(self, *, rotation_id: int, done_since: datetime | None = None) -> list[TodoRow]:
        """Open to-dos (and those done since ``done_since``): open first, soonest due first, undated last."""
        if done_since is None:
            where, params = "done_at IS NULL", (rotation_id,)
        else:
            where, params = "(done_at IS NULL OR done_at >= ?)", (rotation_id, stamp(done_since))
        return [
            TodoRow(id_, rot, patient, text, TodoKind(kind), _moment(due), _moment(done), position,
                    _moment(created), _moment(updated))
            for id_, rot, patient, text, kind, due, done, position, created, updated in self._rows(
                f"SELECT {_TODO} FROM todo WHERE rotation_id = ? AND {where} "
                "ORDER BY done_at IS NOT NULL, due_at IS NULL, due_at, position, id", params)
        ]

    def list_points(self, *, rotation_id: int) -> list[PointRow]:
        """The rotation's teaching points, starred first, then newest first."""
        return [
            PointRow(id_, rot, patient, text, topic, source, bool(starred), _moment(created), _moment(updated))
            for id_, rot, patient, text, topic, source, starred, created, updated in self._rows(
                f"SELECT {_POINT} FROM teaching_point WHERE rotation_id = ? "
                "ORDER BY starred DESC, created_at DESC, id DESC", (rotation_id,))
        ]

    def list_questions(self, *, rotation_id: int) -> list[QuestionRow]:
        """The rotation's questions, open ones first, newest first within each group."""
        return [
            QuestionRow(id_, rot, patient, text, answer, QuestionStatus(status), _moment(answered),
                        _moment(created), _moment(updated))
            for id_, rot, patient, text, answer, status, answered, created, updated in self._rows(
                f"SELECT {_QUESTION} FROM question WHERE rotation_id = ? "
                "ORDER BY status DESC, created_at DESC, id DESC", (rotation_id,))
        ]

    def list_notes(self, *, rotation_id: int) -> list[NoteRow]:
        """The rotation's notes, the most recently edited first, without their sections."""
        return [
            NoteRow(id_, rot, patient, NoteKind(kind), title, NoteStatus(status), copied, _moment(created),
                    _moment(updated))
            for id_, rot, patient, kind, title, status, copied, created, updated in self._rows(
                f"SELECT {_NOTE} FROM note WHERE rotation_id = ? ORDER BY updated_at DESC, id DESC", (rotation_id,))
        ]


def open_shift_reader(path: Path, passphrase: str | None = None) -> ShiftReader | None:
    """A reader on the notebook at ``path``, or None when it cannot be read this way yet.

    None means the file does not exist or is not at this program's newest schema: the app then
    waits for the full open, which creates or upgrades the file, and asks again.
    ``passphrase`` opens an encrypted notebook (see :func:`clerkbook.store.connect.connect`).
    """
    path = Path(path)
    if not path.is_file():
        return None
    # Not mode=ro: a read-only connection that finds no -shm file beside the database (nobody else has it
    # open) keeps a private WAL index and never sees later commits, which would blind the live refresh.
    # query_only still refuses any write through this connection.
    connection = connect(path, passphrase=passphrase, check_same_thread=False)
    try:
        connection.execute("PRAGMA query_only = ON")
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except Exception:  # noqa: BLE001 - an empty or foreign file: the full open explains what is wrong
        connection.close()
        return None
    if row is None or row[0] != HEAD:
        connection.close()
        return None
    return ShiftReader(connection)
