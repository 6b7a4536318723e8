"""The feedback log: what was said, what I will change, and the later "acted on it" entry."""

from __future__ import annotations

from datetime import date

import pytest

from clerkbook.store import InvalidInput, Notebook, NotFound

DAY = date(2026, 11, 20)


def test_add_act_on_and_clear(rotation_nb: Notebook) -> None:
    feedback = rotation_nb.add_feedback(" Tighten the assessment in presentations ", day=DAY, giver="Dr K",
                                        context="after rounds", will_change="Lead with the one-liner")
    assert feedback.said == "Tighten the assessment in presentations" and feedback.acted_date is None
    acted = rotation_nb.act_on_feedback(feedback.id, "Presented B12 with a one-line assessment",
                                        day=date(2026, 11, 23))
    assert (acted.acted_date, acted.acted_text) == (date(2026, 11, 23), "Presented B12 with a one-line assessment")
    cleared = rotation_nb.act_on_feedback(feedback.id, "  ", day=DAY)
    assert (cleared.acted_date, cleared.acted_text) == (None, "")


def test_acting_before_receiving_is_refused(rotation_nb: Notebook) -> None:
    feedback = rotation_nb.add_feedback("Read about your patients", day=DAY)
    with pytest.raises(InvalidInput, match="acted on .2026-11-19. before it was received"):
        rotation_nb.act_on_feedback(feedback.id, "read", day=date(2026, 11, 19))
    assert rotation_nb.get_feedback(feedback.id).acted_text == ""


def test_empty_feedback_is_refused(rotation_nb: Notebook) -> None:
    with pytest.raises(InvalidInput, match="What was said is empty"):
        rotation_nb.add_feedback("   ", day=DAY)
    assert rotation_nb.list_feedback() == []


def test_list_update_delete(rotation_nb: Notebook) -> None:
    older = rotation_nb.add_feedback("Good exam skills", day=DAY)
    newer = rotation_nb.add_feedback("Be on time for sign-out", day=date(2026, 11, 24), giver="PGY-2")
    assert [f.id for f in rotation_nb.list_feedback()] == [newer.id, older.id]
    assert rotation_nb.update_feedback(older.id, context=" clinic ").context == "clinic"
    rotation_nb.delete_feedback(older.id)
    with pytest.raises(NotFound):
        rotation_nb.get_feedback(older.id)
    assert [f.id for f in rotation_nb.list_feedback(all_rotations=True)] == [newer.id]
