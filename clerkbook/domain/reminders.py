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
from clerkbook.models.kinds import ChecklistStatus, ContactRole, LetterStatus

#: Documents still missing are brought up this many days before a rotation starts...
CHECKLIST_WARN_DAYS = 21
#: ... and a certification that expires before a rotation ends is urgent this close to its expiry.
CERT_URGENT_DAYS = 14
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
    #: Pre-rotation documents of every rotation, and the student's certifications.
    checklist: Sequence = ()
    certifications: Sequence = ()


def load_clerkship_data(notebook) -> ClerkshipData:
    """Everything :func:`clerkship_reminders` needs, read from ``notebook``."""
    return ClerkshipData(
        rotations=notebook.list_rotations(),
        feedback=notebook.list_feedback(all_rotations=True),
        letters=notebook.list_letters(),
        contacts=notebook.list_contacts(),
        checklist=notebook.all_checklists(),
        certifications=notebook.list_certifications(),
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
        *_documents(data, today),
        *_certifications(data, today),
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


def _documents(data: ClerkshipData, today: date):
    for rotation in sorted(data.rotations, key=lambda r: r.start_date):
        left = (rotation.start_date - today).days
        if not 0 <= left <= CHECKLIST_WARN_DAYS:
            continue
        missing = [item.name for item in data.checklist
                   if item.rotation_id == rotation.id and ChecklistStatus(item.status) != ChecklistStatus.DONE]
        if missing:
            shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
            yield Reminder("checklist", f"{_name(rotation)} starts {describe_days(rotation.start_date, today)}: "
                                        f"still to get: {shown}.", urgent=left <= 7)


def _certifications(data: ClerkshipData, today: date):
    coming = sorted((r for r in data.rotations if r.end_date is not None and r.end_date >= today),
                    key=lambda r: r.end_date)
    for cert in data.certifications:
        expires = cert.expires_date
        if expires is None:
            continue
        # The first rotation it does not last through is the one that matters.
        rotation = next((r for r in coming if expires < r.end_date), None)
        if rotation is None:
            continue
        if expires < today:
            yield Reminder("certification", f"{cert.name} expired {describe_days(expires, today)}: renew it "
                                            f"before {_name(rotation)} ends.", urgent=True)
        else:
            yield Reminder("certification", f"{cert.name} expires {describe_days(expires, today)} "
                                            f"({show_day(expires, today)}), before {_name(rotation)} ends "
                                            f"({show_day(rotation.end_date, today)}): renew it.",
                           urgent=(expires - today).days <= CERT_URGENT_DAYS)


def certification_warnings(certifications: Sequence, rotation, today: date) -> list[Reminder]:
    """The certifications that expire before ``rotation`` ends (or have expired), as lines about it.

    Used by the checklist of one rotation, whenever it starts; :func:`clerkship_reminders` brings the
    same up for every rotation still to end.
    """
    return list(_certifications(ClerkshipData(rotations=[rotation], certifications=certifications), today))
