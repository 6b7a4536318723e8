"""Teaching points and questions to research."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from clerkbook.models import Patient, Question, QuestionStatus, TeachingPoint
from clerkbook.store.base import StoreBase, clean_text, moment, stamps
from clerkbook.store.errors import InvalidInput


class EntriesMixin(StoreBase):
    """Teaching points (starred ones matter most) and questions with their answers."""

    def _patient_rotation(self, session, patient_id: int | None, rotation_id: int | None) -> int:
        if patient_id is not None:
            return self._get(session, Patient, patient_id, "patient").rotation_id
        return self._rotation_id(rotation_id)

    def add_point(
        self,
        text: str,
        *,
        topic: str = "",
        source: str = "",
        patient_id: int | None = None,
        starred: bool = False,
        tags: tuple[str, ...] | list[str] = (),
        rotation_id: int | None = None,
        at: datetime | None = None,
    ) -> TeachingPoint:
        """Add a teaching point, with who taught it and under which topic."""
        text = clean_text(text, "Teaching point")
        with self._write() as session:
            point = TeachingPoint(
                rotation_id=self._patient_rotation(session, patient_id, rotation_id),
                patient_id=patient_id,
                text=text,
                topic=topic.strip(),
                source=source.strip(),
                starred=starred,
                **stamps(at),
            )
            session.add(point)
            session.flush()
            self._set_tags(session, "teaching_point", point.id, tags)
        return point

    def get_point(self, point_id: int) -> TeachingPoint:
        """The teaching point with this id."""
        with self._read() as session:
            return self._get(session, TeachingPoint, point_id, "teaching point")

    def list_points(self, *, rotation_id: int | None = None, all_rotations: bool = False) -> list[TeachingPoint]:
        """Teaching points, starred first, then newest first."""
        query = select(TeachingPoint)
        if not all_rotations:
            query = query.where(TeachingPoint.rotation_id == self._rotation_id(rotation_id))
        query = query.order_by(col(TeachingPoint.starred).desc(), col(TeachingPoint.created_at).desc(),
                               col(TeachingPoint.id).desc())
        with self._read() as session:
            return list(session.exec(query))

    def update_point(self, point_id: int, *, text: str | None = None, topic: str | None = None,
                     source: str | None = None, starred: bool | None = None) -> TeachingPoint:
        """Change a teaching point."""
        with self._write() as session:
            point = self._get(session, TeachingPoint, point_id, "teaching point")
            if text is not None:
                point.text = clean_text(text, "Teaching point")
            if topic is not None:
                point.topic = topic.strip()
            if source is not None:
                point.source = source.strip()
            if starred is not None:
                point.starred = starred
            self._touch(point)
            session.add(point)
        return point

    def delete_point(self, point_id: int) -> TeachingPoint:
        """Delete a teaching point and return it as it was."""
        with self._write() as session:
            point = self._get(session, TeachingPoint, point_id, "teaching point")
            session.delete(point)
        return point

    # Questions ---------------------------------------------------------------

    def add_question(self, text: str, *, patient_id: int | None = None,
                     rotation_id: int | None = None, at: datetime | None = None) -> Question:
        """Add a question to research later."""
        text = clean_text(text, "Question")
        with self._write() as session:
            question = Question(
                rotation_id=self._patient_rotation(session, patient_id, rotation_id),
                patient_id=patient_id,
                text=text,
                **stamps(at),
            )
            session.add(question)
        return question

    def get_question(self, question_id: int) -> Question:
        """The question with this id."""
        with self._read() as session:
            return self._get(session, Question, question_id, "question")

    def list_questions(self, *, rotation_id: int | None = None, include_answered: bool = True,
                       all_rotations: bool = False) -> list[Question]:
        """Questions, open ones first, newest first within each group."""
        query = select(Question)
        if not all_rotations:
            query = query.where(Question.rotation_id == self._rotation_id(rotation_id))
        if not include_answered:
            query = query.where(Question.status == QuestionStatus.OPEN)
        query = query.order_by(col(Question.status).desc(), col(Question.created_at).desc(), col(Question.id).desc())
        with self._read() as session:
            return list(session.exec(query))

    def answer_question(self, question_id: int, answer: str, *, at: datetime | None = None) -> Question:
        """Record the answer found; an empty answer reopens the question."""
        answer = answer.strip()
        with self._write() as session:
            question = self._get(session, Question, question_id, "question")
            question.answer = answer
            if answer:
                question.status = QuestionStatus.ANSWERED
                question.answered_at = question.answered_at or moment(at)
            else:
                question.status = QuestionStatus.OPEN
                question.answered_at = None
            self._touch(question, at)
            session.add(question)
        return question

    def question_to_point(self, question_id: int, *, source: str = "reading") -> TeachingPoint:
        """Turn an answered question into a teaching point (the question is kept)."""
        with self._write() as session:
            question = self._get(session, Question, question_id, "question")
            if question.status != QuestionStatus.ANSWERED:
                raise InvalidInput("Answer the question before turning it into a teaching point.")
            text = f"{question.text} — {question.answer}"
            exists = session.exec(select(TeachingPoint.id).where(
                TeachingPoint.rotation_id == question.rotation_id, TeachingPoint.text == text)).first()
            if exists is not None:
                raise InvalidInput("This answer is already a teaching point.")
            point = TeachingPoint(
                rotation_id=question.rotation_id,
                patient_id=question.patient_id,
                text=text,
                source=source,
            )
            session.add(point)
        return point

    def delete_question(self, question_id: int) -> Question:
        """Delete a question and return it as it was."""
        with self._write() as session:
            question = self._get(session, Question, question_id, "question")
            session.delete(question)
        return question
