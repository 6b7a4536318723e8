"""ISO weeks, the unit of the weekly reflection, and where a day falls in a rotation."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

_WEEK = re.compile(r"(\d{4})-W(\d{2})")


def iso_week(day: date) -> str:
    """The ISO week of ``day`` as a reflection key: "2026-W48"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(week: str) -> date:
    """The Monday that starts ISO week ``week``."""
    match = _WEEK.fullmatch(week)
    if not match:
        raise ValueError(f"'{week}' is not an ISO week like 2026-W48.")
    return date.fromisocalendar(int(match[1]), int(match[2]), 1)


def shift_week(week: str, weeks: int) -> str:
    """The ISO week ``weeks`` before (negative) or after ``week``."""
    return iso_week(week_monday(week) + timedelta(weeks=weeks))


def week_span(week: str, tz: tzinfo) -> tuple[datetime, datetime]:
    """From Monday 00:00 to the next Monday 00:00, local time, as aware datetimes."""
    monday = week_monday(week)
    return (datetime.combine(monday, time(), tzinfo=tz),
            datetime.combine(monday + timedelta(weeks=1), time(), tzinfo=tz))


def describe_week(week: str) -> str:
    """ "Week 48 · 23–29 Nov 2026" for headings."""
    monday = week_monday(week)
    sunday = monday + timedelta(days=6)
    if monday.month == sunday.month:
        span = f"{monday.day}–{sunday.day} {sunday:%b %Y}"
    else:
        span = f"{monday.day} {monday:%b} – {sunday.day} {sunday:%b %Y}"
    return f"Week {int(week[-2:])} · {span}"


def rotation_week(start: date, end: date | None, today: date) -> tuple[int, int | None]:
    """Which week of the rotation ``today`` is in (1-based), and how many weeks it has."""
    current = (today - start).days // 7 + 1
    total = None if end is None else max(1, -(-((end - start).days + 1) // 7))
    return current, total
