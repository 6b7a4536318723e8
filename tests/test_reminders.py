"""Reminders from the clerkship logs, checked on chosen days: a pure function of the data and the day."""

from __future__ import annotations

from datetime import date, datetime, timezone
from types import SimpleNamespace as Row

import pytest

from clerkbook.domain.days import parse_day
from clerkbook.domain.reminders import ClerkshipData, clerkship_reminders, load_clerkship_data
from clerkbook.store import Notebook

# Surgery runs six weeks, Monday 9 Nov to Friday 18 Dec 2026; half-way is 28 Nov.
SURGERY = Row(id=1, specialty="Surgery", site="Lakeside", start_date=date(2026, 11, 9), end_date=date(2026, 12, 18))
MEDICINE = Row(id=2, specialty="Internal Medicine", site="", start_date=date(2026, 9, 28),
               end_date=date(2026, 11, 6))


def feedback(day: date, rotation_id: int = 1) -> Row:
    return Row(rotation_id=rotation_id, received_date=day)


def letter(status: str = "to-ask", deadline: date | None = None, rotation_id: int = 1, who: str = "Dr K") -> Row:
    return Row(rotation_id=rotation_id, attending=who, status=status, deadline_date=deadline)


def contact(role: str = "attending", thanked=None, update=None, rotation_id: int = 2, name: str = "Dr M") -> Row:
    return Row(rotation_id=rotation_id, name=name, role=role, thanked_date=thanked, last_update_date=update)


def lines(data: ClerkshipData, day: date, **kwargs) -> list[str]:
    return [reminder.text for reminder in clerkship_reminders(data, day, **kwargs)]


class TestMidRotationFeedback:
    def test_asked_for_once_the_rotation_is_half_over(self) -> None:
        data = ClerkshipData(rotations=[SURGERY])
        assert lines(data, date(2026, 11, 27)) == []
        assert lines(data, date(2026, 11, 28)) == [
            "Surgery @ Lakeside is half over and no feedback is logged: ask for mid-rotation feedback."]

    def test_feedback_since_the_start_silences_it(self) -> None:
        data = ClerkshipData(rotations=[SURGERY], feedback=[feedback(date(2026, 11, 20))])
        assert lines(data, date(2026, 12, 1)) == []

    def test_feedback_from_another_rotation_does_not_count(self) -> None:
        data = ClerkshipData(rotations=[SURGERY, MEDICINE], feedback=[feedback(date(2026, 10, 20), rotation_id=2)])
        assert any("half over" in line for line in lines(data, date(2026, 12, 1)))

    def test_not_after_the_rotation_or_without_an_end(self) -> None:
        open_ended = Row(id=3, specialty="Elective", site="", start_date=date(2026, 11, 9), end_date=None)
        assert lines(ClerkshipData(rotations=[SURGERY, open_ended]), date(2027, 1, 5)) == []


class TestLetters:
    def test_ask_within_two_weeks_of_the_end(self) -> None:
        data = ClerkshipData(rotations=[SURGERY], letters=[letter()], feedback=[feedback(date(2026, 11, 20))])
        assert lines(data, date(2026, 12, 3)) == []
        assert lines(data, date(2026, 12, 4)) == ["Ask Dr K for a letter: Surgery @ Lakeside ends in 14 days."]
        late = clerkship_reminders(data, date(2026, 12, 21))
        assert late[0].urgent and late[0].text == "Ask Dr K for a letter now: Surgery @ Lakeside ended 3 days ago."

    def test_a_rotation_ending_with_no_letter_suggests_one(self) -> None:
        data = ClerkshipData(rotations=[SURGERY], feedback=[feedback(date(2026, 11, 20))])
        assert lines(data, date(2026, 12, 17)) == [
            "Surgery @ Lakeside ends tomorrow: is there an attending to ask for a letter?"]

    @pytest.mark.parametrize("img, first_warning", [(False, date(2027, 9, 1)), (True, date(2027, 8, 25))])
    def test_deadline_warned_two_weeks_before_or_three_for_an_img(self, img: bool, first_warning: date) -> None:
        data = ClerkshipData(rotations=[SURGERY], letters=[letter("agreed", deadline=date(2027, 9, 15))])
        before = date.fromordinal(first_warning.toordinal() - 1)
        assert lines(data, before, img=img) == []
        warned = clerkship_reminders(data, first_warning, img=img)
        assert len(warned) == 1 and "Letter from Dr K is due in" in warned[0].text and not warned[0].urgent
        assert ("ECFMG" in warned[0].text) is img
        assert clerkship_reminders(data, date(2027, 9, 10), img=img)[0].urgent

    def test_passed_deadline_is_urgent_and_received_letters_are_quiet(self) -> None:
        data = ClerkshipData(rotations=[SURGERY], letters=[letter("asked", deadline=date(2027, 9, 15)),
                                                           letter("received", deadline=date(2027, 9, 15), who="Dr Z")])
        found = clerkship_reminders(data, date(2027, 9, 17))
        assert [(r.text, r.urgent) for r in found] == [
            ("Letter from Dr K: the deadline passed 2 days ago (asked).", True)]


class TestContacts:
    def test_thank_you_after_the_rotation_then_updates_every_four_months(self) -> None:
        data = ClerkshipData(rotations=[MEDICINE], contacts=[contact()])
        assert not any("thank-you" in line for line in lines(data, date(2026, 11, 5)))  # still on the rotation
        assert lines(data, date(2026, 11, 9)) == ["Send a thank-you to Dr M: Internal Medicine ended 3 days ago."]
        thanked = ClerkshipData(rotations=[MEDICINE], contacts=[contact(thanked=date(2026, 11, 10))])
        assert lines(thanked, date(2027, 3, 9)) == []
        assert lines(thanked, date(2027, 3, 10)) == [
            "No news sent to Dr M in 4 months: a short progress update keeps them in touch."]
        updated = ClerkshipData(rotations=[MEDICINE], contacts=[contact(thanked=date(2026, 11, 10),
                                                                        update=date(2027, 2, 1))])
        assert lines(updated, date(2027, 3, 10)) == []

    def test_coordinators_get_thanks_but_no_updates(self) -> None:
        data = ClerkshipData(rotations=[MEDICINE], contacts=[contact("coordinator", thanked=date(2026, 11, 10))])
        assert lines(data, date(2027, 6, 1)) == []


def test_urgent_lines_come_first_and_now_may_be_a_moment() -> None:
    data = ClerkshipData(rotations=[SURGERY, MEDICINE], contacts=[contact()],
                         letters=[letter("asked", deadline=date(2026, 11, 20), rotation_id=2, who="Dr M")])
    found = clerkship_reminders(data, datetime(2026, 11, 30, 9, tzinfo=timezone.utc))
    assert found[0].urgent and "deadline passed" in found[0].text
    assert {r.kind for r in found} == {"deadline", "feedback", "thanks"}


def test_reminders_from_a_real_notebook(rotation_nb: Notebook) -> None:
    rotation_nb.add_letter("Dr K")
    found = clerkship_reminders(load_clerkship_data(rotation_nb), date(2026, 12, 10))
    assert [r.kind for r in found] == ["feedback", "letter"]


NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)  # a Thursday


@pytest.mark.parametrize("text, past, expected", [
    ("today", True, date(2026, 11, 26)), ("yesterday", True, date(2026, 11, 25)),
    ("3 days ago", True, date(2026, 11, 23)), ("2 weeks ago", True, date(2026, 11, 12)),
    ("mon", True, date(2026, 11, 23)), ("fri", True, date(2026, 11, 20)), ("nov 20", True, date(2026, 11, 20)),
    ("dec 3", True, date(2025, 12, 3)), ("2026-11-02", True, date(2026, 11, 2)),
    ("dec 3", False, date(2026, 12, 3)), ("2027-09-15", False, date(2027, 9, 15)), ("fri", False, date(2026, 11, 27)),
])
def test_days_as_typed(text: str, past: bool, expected: date) -> None:
    assert parse_day(text, NOW, past=past) == expected


@pytest.mark.parametrize("text, message", [
    ("tomorrow", "'tomorrow' is 27 Nov, still to come"),
    ("2026-12-01", "is 1 Dec, still to come"),
    ("blah", "Could not understand 'blah'"),
])
def test_days_refused_in_one_line(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        parse_day(text, NOW)
    assert "\n" not in str(info.value)


def test_reminders_need_neither_textual_nor_the_database() -> None:
    from tests.test_import_hygiene import imported_after

    loaded = imported_after("clerkbook.domain.reminders", "clerkbook.domain.days")
    assert not {"textual", "sqlalchemy", "sqlmodel"} & loaded
