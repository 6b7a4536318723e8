"""Everything the shift screen shows, gathered in one call from a worker thread."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from clerkbook.domain.weeks import iso_week, rotation_week, week_span
from clerkbook.models import PatientStatus, QuestionStatus

if TYPE_CHECKING:
    # Only named in annotations: the shift screen's module must import without SQLAlchemy.
    from clerkbook.models import Note, Patient, Question, Reflection, Rotation, TeachingPoint, Todo
    from clerkbook.store.stats import SpanCounts

#: Done to-dos stay on the list (faded, at the bottom) for this long.
DONE_VISIBLE_FOR = timedelta(hours=18)


@dataclass(frozen=True)
class Shift:
    """A consistent picture of the current rotation at one moment."""

    now: datetime
    rotation: Rotation | None
    week: str
    patients: list[Patient] = field(default_factory=list)
    todos: list[Todo] = field(default_factory=list)
    points: list[TeachingPoint] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    reflection: Reflection | None = None
    week_counts: SpanCounts | None = None
    patient_labels: dict[int, str] = field(default_factory=dict)

    @property
    def overdue(self) -> list[Todo]:
        """Open to-dos whose due time has passed."""
        return [t for t in self.todos if t.done_at is None and t.due_at is not None and t.due_at < self.now]

    @property
    def rotation_week(self) -> tuple[int, int | None] | None:
        """(week number, number of weeks) of the rotation today, if there is a rotation."""
        if self.rotation is None:
            return None
        return rotation_week(self.rotation.start_date, self.rotation.end_date, self.now.date())

    def todos_by_patient(self) -> list[tuple[Patient | None, list[Todo]]]:
        """Active patients with their to-dos (open first, done sinking), then the general ones."""
        groups: dict[int | None, list[Todo]] = {p.id: [] for p in self.patients}
        groups[None] = []
        for todo in self.todos:
            if todo.patient_id in groups:
                groups[todo.patient_id].append(todo)
        for todos in groups.values():
            todos.sort(key=_todo_order)
        return [(p, groups[p.id]) for p in self.patients] + [(None, groups[None])]


def _todo_order(todo: Todo):
    # Open before done; within open, by the order the student arranged them.
    return (todo.done_at is not None, todo.position, todo.id)


def order_points(points: list[TeachingPoint], now: datetime) -> list[TeachingPoint]:
    """Starred pinned first, then today's, then the rest, newest first within each."""
    today = now.date()

    def key(point: TeachingPoint):
        is_today = point.created_at.astimezone(now.tzinfo).date() == today
        return (not point.starred, not is_today, -point.created_at.timestamp(), -(point.id or 0))

    return sorted(points, key=key)


def load_shift(source, now: datetime, week: str | None = None) -> Shift:
    """Read what the shift screen needs; ``now`` is local and aware, ``week`` defaults to now's.

    ``source`` is a :class:`~clerkbook.store.Notebook` or a
    :class:`~clerkbook.store.shift_read.ShiftReader` (same questions, plain sqlite3, read in one snapshot).
    """
    week = week or iso_week(now.date())
    snapshot = getattr(source, "snapshot", None)
    with snapshot() if snapshot is not None else nullcontext():
        rotation = source.current_rotation()
        start, end = week_span(week, now.tzinfo)
        counts = source.span_counts(start, end)
        reflection = source.get_reflection(week)
        if rotation is None:
            return Shift(now=now, rotation=None, week=week, reflection=reflection, week_counts=counts)
        everyone = source.list_patients(rotation_id=rotation.id, include_discharged=True)
        questions = source.list_questions(rotation_id=rotation.id)
        todos = source.list_todos(rotation_id=rotation.id, done_since=now - DONE_VISIBLE_FOR)
        points = source.list_points(rotation_id=rotation.id)
        notes = source.list_notes(rotation_id=rotation.id)
    questions.sort(key=lambda q: (q.status != QuestionStatus.OPEN, -q.created_at.timestamp()))
    return Shift(
        now=now,
        rotation=rotation,
        week=week,
        patients=[p for p in everyone if p.status == PatientStatus.ACTIVE],
        todos=todos,
        points=order_points(points, now),
        questions=questions,
        notes=notes,
        reflection=reflection,
        week_counts=counts,
        patient_labels={p.id: p.label for p in everyone},
    )
