"""Counts over a span of time, for the weekly summary and the dossier."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, func, or_, select

from clerkbook.models import Note, Patient, TeachingPoint, Todo
from clerkbook.store.base import StoreBase
from clerkbook.store.shift_read import SpanCounts

__all__ = ["SpanCounts", "StatsMixin"]


class StatsMixin(StoreBase):
    """Aggregate queries: counted by SQLite, never by loading rows."""

    def span_counts(self, start: datetime, end: datetime) -> SpanCounts:
        """Counts for ``start <= moment < end`` (aware datetimes)."""
        with self._read() as session:
            patients = session.exec(
                select(func.count()).select_from(Patient).where(
                    col(Patient.created_at) < end,
                    or_(col(Patient.discharged_at).is_(None), col(Patient.discharged_at) >= start),
                )
            ).one()
            done = session.exec(
                select(func.count()).select_from(Todo).where(col(Todo.done_at) >= start, col(Todo.done_at) < end)
            ).one()
            points = session.exec(
                select(func.count()).select_from(TeachingPoint).where(
                    col(TeachingPoint.created_at) >= start, col(TeachingPoint.created_at) < end)
            ).one()
            notes = session.exec(
                select(func.count()).select_from(Note).where(
                    col(Note.updated_at) >= start, col(Note.created_at) < end)
            ).one()
        return SpanCounts(patients, done, points, notes)
