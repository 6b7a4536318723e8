"""The feedback log: what was said, what I will change, and later what I did about it."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import col, select

from clerkbook.models import Feedback
from clerkbook.store.base import StoreBase, clean_text, stamps
from clerkbook.store.errors import InvalidInput
from clerkbook.store.procedures import check_day


class FeedbackMixin(StoreBase):
    """Adding, listing, acting on and deleting feedback."""

    def add_feedback(
        self,
        said: str,
        *,
        day: date,
        giver: str = "",
        context: str = "",
        will_change: str = "",
        rotation_id: int | None = None,
        at: datetime | None = None,
    ) -> Feedback:
        """Log feedback received on ``day`` from ``giver`` on the rotation (the current one by default)."""
        said = clean_text(said, "What was said")
        day = check_day(day, "The feedback's date")
        with self._write() as session:
            feedback = Feedback(
                rotation_id=self._rotation_id(rotation_id, session),
                received_date=day,
                giver=giver.strip(),
                context=context.strip(),
                said=said,
                will_change=will_change.strip(),
                **stamps(at),
            )
            session.add(feedback)
        return feedback

    def get_feedback(self, feedback_id: int) -> Feedback:
        """The feedback with this id."""
        with self._read() as session:
            return self._get(session, Feedback, feedback_id, "feedback")

    def list_feedback(self, *, rotation_id: int | None = None, all_rotations: bool = False) -> list[Feedback]:
        """Feedback of a rotation (the current one) or of every rotation, the latest first."""
        query = select(Feedback)
        if not all_rotations:
            query = query.where(Feedback.rotation_id == self._rotation_id(rotation_id))
        query = query.order_by(col(Feedback.received_date).desc(), col(Feedback.id).desc())
        with self._read() as session:
            return list(session.exec(query))

    def update_feedback(
        self,
        feedback_id: int,
        *,
        said: str | None = None,
        day: date | None = None,
        giver: str | None = None,
        context: str | None = None,
        will_change: str | None = None,
    ) -> Feedback:
        """Change what was logged about a piece of feedback."""
        with self._write() as session:
            feedback = self._get(session, Feedback, feedback_id, "feedback")
            if said is not None:
                feedback.said = clean_text(said, "What was said")
            if day is not None:
                feedback.received_date = check_day(day, "The feedback's date")
                self._check_acted(feedback.received_date, feedback.acted_date)
            for field, value in (("giver", giver), ("context", context), ("will_change", will_change)):
                if value is not None:
                    setattr(feedback, field, value.strip())
            self._touch(feedback)
            session.add(feedback)
        return feedback

    def act_on_feedback(self, feedback_id: int, text: str, *, day: date) -> Feedback:
        """Record what was done about the feedback, and when; an empty ``text`` clears it."""
        text = text.strip()
        with self._write() as session:
            feedback = self._get(session, Feedback, feedback_id, "feedback")
            if text:
                day = check_day(day, "The day it was acted on")
                self._check_acted(feedback.received_date, day)
                feedback.acted_date, feedback.acted_text = day, text
            else:
                feedback.acted_date, feedback.acted_text = None, ""
            self._touch(feedback)
            session.add(feedback)
        return feedback

    @staticmethod
    def _check_acted(received: date, acted: date | None) -> None:
        if acted is not None and acted < received:
            raise InvalidInput(f"It was acted on ({acted}) before it was received ({received}).")

    def delete_feedback(self, feedback_id: int) -> Feedback:
        """Delete a piece of feedback and return it as it was."""
        with self._write() as session:
            feedback = self._get(session, Feedback, feedback_id, "feedback")
            session.delete(feedback)
        return feedback
