"""Letters of recommendation: status, the checklist of what was sent, deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from clerkbook.models import LetterStatus
from clerkbook.store import InvalidInput, Notebook, NotFound


def test_add_and_move_along(rotation_nb: Notebook) -> None:
    letter = rotation_nb.add_letter("Dr K", deadline=date(2027, 9, 15))
    assert letter.status == LetterStatus.TO_ASK and letter.asked_date is None
    asked = rotation_nb.update_letter(letter.id, status="asked", today=date(2026, 12, 10))
    assert asked.status == LetterStatus.ASKED and asked.asked_date == date(2026, 12, 10)
    # Moving on keeps the day it was first asked.
    agreed = rotation_nb.update_letter(letter.id, status="agreed", sent_cv=True, sent_cases=True,
                                       today=date(2026, 12, 14))
    assert agreed.asked_date == date(2026, 12, 10)
    assert (agreed.sent_cv, agreed.sent_statement, agreed.sent_cases) == (True, False, True)


def test_unknown_status_and_empty_attending_are_refused(rotation_nb: Notebook) -> None:
    with pytest.raises(InvalidInput, match="Unknown status 'maybe': use one of to-ask, asked, agreed, submitted"):
        rotation_nb.add_letter("Dr K", status="maybe")
    with pytest.raises(InvalidInput, match="Attending is empty"):
        rotation_nb.add_letter(" ")
    assert rotation_nb.list_letters() == []


def test_listed_soonest_deadline_first_across_rotations(rotation_nb: Notebook) -> None:
    undated = rotation_nb.add_letter("Dr A")
    late = rotation_nb.add_letter("Dr B", deadline=date(2027, 10, 1))
    rotation_nb.add_rotation("Surgery", site="Lakeside", start=date(2026, 12, 21))
    soon = rotation_nb.add_letter("Dr C", deadline=date(2027, 9, 1))
    assert [letter.id for letter in rotation_nb.list_letters()] == [soon.id, late.id, undated.id]
    assert [letter.id for letter in rotation_nb.list_letters(all_rotations=False)] == [soon.id]


def test_clear_dates_and_delete(rotation_nb: Notebook) -> None:
    letter = rotation_nb.add_letter("Dr K", asked=date(2026, 12, 1), deadline=date(2027, 9, 1))
    cleared = rotation_nb.update_letter(letter.id, deadline=None)
    assert cleared.deadline_date is None and cleared.asked_date == date(2026, 12, 1)
    rotation_nb.delete_letter(letter.id)
    with pytest.raises(NotFound):
        rotation_nb.get_letter(letter.id)
