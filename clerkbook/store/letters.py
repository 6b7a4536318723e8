"""Letters of recommendation: whom to ask, when it was asked, the deadline, and what was sent."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import col, select

from clerkbook.models import Letter, LetterStatus
from clerkbook.store.base import StoreBase, clean_text, parse_choice, stamps
from clerkbook.store.procedures import check_day

#: The "what was sent" checklist, as update keywords.
MATERIALS = ("sent_cv", "sent_statement", "sent_cases")


class LettersMixin(StoreBase):
    """Adding, listing, moving along and deleting letters of recommendation."""

    def add_letter(
        self,
        attending: str,
        *,
        status: LetterStatus | str = LetterStatus.TO_ASK,
        asked: date | None = None,
        deadline: date | None = None,
        sent_cv: bool = False,
        sent_statement: bool = False,
        sent_cases: bool = False,
        notes: str = "",
        rotation_id: int | None = None,
        at: datetime | None = None,
    ) -> Letter:
        """Add a letter to ask ``attending`` for, on the rotation (the current one by default)."""
        attending = clean_text(attending, "Attending")
        status = parse_choice(LetterStatus, status, "status")
        with self._write() as session:
            letter = Letter(
                rotation_id=self._rotation_id(rotation_id, session),
                attending=attending,
                status=status,
                asked_date=None if asked is None else check_day(asked, "The day it was asked"),
                deadline_date=None if deadline is None else check_day(deadline, "The deadline"),
                sent_cv=sent_cv,
                sent_statement=sent_statement,
                sent_cases=sent_cases,
                notes=notes.strip(),
                **stamps(at),
            )
            session.add(letter)
        return letter

    def get_letter(self, letter_id: int) -> Letter:
        """The letter with this id."""
        with self._read() as session:
            return self._get(session, Letter, letter_id, "letter")

    def list_letters(self, *, rotation_id: int | None = None, all_rotations: bool = True) -> list[Letter]:
        """Letters (of every rotation unless one is named), soonest deadline first, undated last."""
        query = select(Letter)
        if rotation_id is not None or not all_rotations:
            query = query.where(Letter.rotation_id == self._rotation_id(rotation_id))
        query = query.order_by(col(Letter.deadline_date).is_(None), col(Letter.deadline_date), col(Letter.id))
        with self._read() as session:
            return list(session.exec(query))

    def update_letter(
        self,
        letter_id: int,
        *,
        attending: str | None = None,
        status: LetterStatus | str | None = None,
        asked: date | None | object = ...,
        deadline: date | None | object = ...,
        sent_cv: bool | None = None,
        sent_statement: bool | None = None,
        sent_cases: bool | None = None,
        notes: str | None = None,
        today: date | None = None,
    ) -> Letter:
        """Change a letter. Moving it to "asked" (or later) with no day asked records ``today`` as that day."""
        with self._write() as session:
            letter = self._get(session, Letter, letter_id, "letter")
            if attending is not None:
                letter.attending = clean_text(attending, "Attending")
            if asked is not ...:
                letter.asked_date = None if asked is None else check_day(asked, "The day it was asked")
            if deadline is not ...:
                letter.deadline_date = None if deadline is None else check_day(deadline, "The deadline")
            if status is not None:
                letter.status = parse_choice(LetterStatus, status, "status")
                if letter.status != LetterStatus.TO_ASK and letter.asked_date is None and today is not None:
                    letter.asked_date = today
            for field, value in (("sent_cv", sent_cv), ("sent_statement", sent_statement),
                                 ("sent_cases", sent_cases)):
                if value is not None:
                    setattr(letter, field, bool(value))
            if notes is not None:
                letter.notes = notes.strip()
            self._touch(letter)
            session.add(letter)
        return letter

    def delete_letter(self, letter_id: int) -> Letter:
        """Delete a letter and return it as it was."""
        with self._write() as session:
            letter = self._get(session, Letter, letter_id, "letter")
            session.delete(letter)
        return letter
