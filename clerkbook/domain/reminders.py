"""Gentle reminders from the clerkship logs: ask for feedback, ask for letters, mind deadlines, say thanks.

:func:`clerkship_reminders` is pure: given the rotations, feedback, letters and contacts (as
:class:`ClerkshipData`) and a day, it returns short lines. :func:`load_clerkship_data` reads them from a
notebook. The app and ``clerkbook reminders`` show the same lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from clerkbook.domain.days import describe_days, show_day
from clerkbook.models.kinds import ContactRole, LetterStatus

#: Ask for letters within this many days of a rotation's end, while the attending remembers you.
ASK_WINDOW_DAYS = 14
#: Warn this many days before a letter's deadline...
DEADLINE_WARN_DAYS = 14
#: ... or this many for an IMG, whose letters pass through ECFMG before they reach ERAS.
IMG_DEADLINE_WARN_DAYS = 21
#: A thank-you is suggested for this long after a rotation ends.
THANKS_WINDOW_DAYS = 30
#: A progress update is suggested when none was sent for this long (about four months).
UPDATE_AFTER_DAYS = 120
_PENDING = (LetterStatus.TO_ASK, LetterStatus.ASKED, LetterStatus.AGREED)


@dataclass(frozen=True)
class Reminder:
    """One line to show; ``urgent`` ones come first and stand out."""

    kind: str
    text: str
    urgent: bool = False


@dataclass(frozen=True)
class ClerkshipData:
    """What the reminders look at. Rows need only the attributes the tables have."""

    rotations: Sequence = ()
    feedback: Sequence = ()
    letters: Sequence = ()
    contacts: Sequence = ()


def load_clerkship_data(notebook) -> ClerkshipData:
    """Everything :func:`clerkship_reminders` needs, read from ``notebook``."""
    return ClerkshipData(
        rotations=notebook.list_rotations(),
        feedback=notebook.list_feedback(all_rotations=True),
        letters=notebook.list_letters(),
        contacts=notebook.list_contacts(),
    )


def clerkship_reminders(data: ClerkshipData, now: datetime | date, *, img: bool = False) -> list[Reminder]:
    """The reminders that apply on the day of ``now``, urgent ones first.

    ``img``: the student is an international medical graduate, so deadlines are warned of earlier.
    """
    today = now.date() if isinstance(now, datetime) else now
    rotations = {rotation.id: rotation for rotation in data.rotations}
    found = [
        *_mid_rotation_feedback(data, today),
        *_letters_to_ask(data, rotations, today),
        *_deadlines(data, today, IMG_DEADLINE_WARN_DAYS if img else DEADLINE_WARN_DAYS, img),
        *_thanks_and_updates(data, rotations, today),
    ]
    return sorted(found, key=lambda reminder: not reminder.urgent)


def _name(rotation) -> str:
    return f"{rotation.specialty} @ {rotation.site}" if getattr(rotation, "site", "") else rotation.specialty


def _mid_rotation_feedback(data: ClerkshipData, today: date):
    for rotation in data.rotations:
        start, end = rotation.start_date, rotation.end_date
        if end is None or not start <= today <= end:
            continue
        half_way = start + timedelta(days=(end - start).days // 2)
        logged = any(f.rotation_id == rotation.id and f.received_date >= start for f in data.feedback)
        if today >= half_way and not logged:
            yield Reminder("feedback", f"{_name(rotation)} is half over and no feedback is logged: "
                                       "ask for mid-rotation feedback.")


def _letters_to_ask(data: ClerkshipData, rotations: dict, today: date):
    has_letter = {letter.rotation_id for letter in data.letters}
    for letter in data.letters:
        rotation = rotations.get(letter.rotation_id)
        if LetterStatus(letter.status) != LetterStatus.TO_ASK or rotation is None or rotation.end_date is None:
            continue
        left = (rotation.end_date - today).days
        if left < 0:
            yield Reminder("letter", f"Ask {letter.attending} for a letter now: {_name(rotation)} ended "
                                     f"{describe_days(rotation.end_date, today)}.", urgent=True)
        elif left <= ASK_WINDOW_DAYS:
            yield Reminder("letter", f"Ask {letter.attending} for a letter: {_name(rotation)} ends "
                                     f"{describe_days(rotation.end_date, today)}.")
    for rotation in data.rotations:
        end = rotation.end_date
        if (end is not None and rotation.start_date <= today <= end and (end - today).days <= ASK_WINDOW_DAYS
                and rotation.id not in has_letter):
            yield Reminder("letter", f"{_name(rotation)} ends {describe_days(end, today)}: "
                                     "is there an attending to ask for a letter?")


def _deadlines(data: ClerkshipData, today: date, warn_days: int, img: bool):
    for letter in data.letters:
        status = LetterStatus(letter.status)
        if letter.deadline_date is None or status not in _PENDING:
            continue
        left = (letter.deadline_date - today).days
        state = status.value.replace("-", " ")
        if left < 0:
            yield Reminder("deadline", f"Letter from {letter.attending}: the deadline passed "
                                       f"{describe_days(letter.deadline_date, today)} ({state}).", urgent=True)
        elif left <= warn_days:
            via = " Allow for ECFMG passing it to ERAS." if img else ""
            yield Reminder("deadline", f"Letter from {letter.attending} is due {describe_days(letter.deadline_date, today)}"
                                       f", {show_day(letter.deadline_date, today)} ({state}).{via}",
                           urgent=left <= 7)


def _thanks_and_updates(data: ClerkshipData, rotations: dict, today: date):
    for contact in data.contacts:
        role = ContactRole(contact.role)
        rotation = rotations.get(contact.rotation_id)
        ended = rotation.end_date if rotation is not None and rotation.end_date is not None else None
        if ended is None or ended >= today or role == ContactRole.OTHER:
            continue
        if contact.thanked_date is None and (today - ended).days <= THANKS_WINDOW_DAYS:
            yield Reminder("thanks", f"Send a thank-you to {contact.name}: {_name(rotation)} ended "
                                     f"{describe_days(ended, today)}.")
            continue
        if role == ContactRole.COORDINATOR:
            continue
        last = max(d for d in (contact.last_update_date, contact.thanked_date, ended) if d is not None)
        if (today - last).days >= UPDATE_AFTER_DAYS:
            months = (today - last).days // 30
            yield Reminder("update", f"No news sent to {contact.name} in {months} months: "
                                     "a short progress update keeps them in touch.")
