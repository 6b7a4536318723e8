"""Days as people type them into the clerkship logs: "today", "yesterday", "fri", "nov 20", "2026-12-15".

A procedure, a piece of feedback or a thank-you happened in the past, so a day written without a year or
a week ("fri", "nov 20") means the one just gone; a deadline is ahead, so it means the next one. Built on
:func:`clerkbook.domain.dates.parse_when`, which understands the words.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from clerkbook.domain.dates import DateParseError, parse_when, short_date

__all__ = ["DateParseError", "describe_days", "parse_day", "show_day"]

_AGO = re.compile(r"(\d{1,4}) ?(d|days?|w|wks?|weeks?|months?) ago")
_WEEKDAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b")
_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b")


def parse_day(text: str, now: datetime, *, past: bool = True) -> date:
    """The day ``text`` names, seen from the aware moment ``now``.

    ``past`` (the default): a day without a year or week is the latest one not after today, and a day
    still to come is refused. ``past=False`` (deadlines): words mean the next such day, as for due times.
    Raises :class:`DateParseError` (one line) for anything not understood.
    """
    today = now.date()
    phrase = " ".join(text.lower().split())
    if phrase == "today":
        return today
    if phrase == "yesterday":
        return today - timedelta(days=1)
    if match := _AGO.fullmatch(phrase):
        amount, unit = int(match[1]), match[2]
        if unit.startswith("mo"):
            return today - relativedelta(months=amount)
        return today - timedelta(days=amount * (7 if unit.startswith("w") else 1))
    day = parse_when(text, now).date()
    if not past or day <= today:
        return day
    if not re.search(r"\d{4}", phrase):
        if _WEEKDAY.search(phrase) and "next" not in phrase:
            return day - timedelta(days=7)
        if _MONTH.search(phrase):
            return day - relativedelta(years=1)
    error = DateParseError(text, reason="still to come")
    # Understood perfectly, so "Could not understand" would mislead: say what is wrong with it.
    error.args = (f"'{' '.join(text.split())}' is {show_day(day, today)}, still to come: give a day already past.",)
    raise error


def show_day(day: date | None, today: date | None = None) -> str:
    """ "20 Nov" (with the year when it is not this year's), or "" for no day."""
    if day is None:
        return ""
    label = short_date(day)
    return label if today is not None and day.year == today.year else f"{label} {day.year}"


def describe_days(day: date, today: date) -> str:
    """ "today", "tomorrow", "yesterday", "in 9 days", "3 days ago"."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"
