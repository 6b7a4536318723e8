"""Turn what people type ("tomorrow 7am", "in 2h", "fri noon") into due times, and back into short labels.

Standard library and python-dateutil only, so the domain layer stays importable without the UI or the database.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Iterable, NamedTuple

from dateutil import parser as _du_parser
from dateutil.relativedelta import MO, relativedelta
from dateutil.relativedelta import weekdays as _WEEKDAYS

__all__ = ["DEFAULT_TIME", "DateParseError", "describe_due", "parse_when"]

DEFAULT_TIME = _dt.time(8, 0)
"""Time used for date-only phrases ("tomorrow", "mon", "2026-12-03"): 08:00 local, the start of a ward day."""

_DAY_WORDS = {  # word -> (days from today, time used when no time is given)
    "today": (0, _dt.time(17, 0)),
    "eod": (0, _dt.time(17, 0)),
    "tonight": (0, _dt.time(20, 0)),
    "tomorrow": (1, DEFAULT_TIME),
    "tmrw": (1, DEFAULT_TIME),
}
_WEEKDAY_NAMES = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}
_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_UNIT_MINUTES = {"w": 7 * 24 * 60, "d": 24 * 60, "h": 60, "m": 1}
# A due date a century away is a typo, and the cap keeps all arithmetic far from datetime's year limits.
_MAX_SPAN = _dt.timedelta(days=36525)

_UNIT = r"(?:weeks?|wks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m)"
_AMOUNTS = rf"\d+ ?{_UNIT}(?: ?\d+ ?{_UNIT})*"
_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
_WEEKDAY = "(?:" + "|".join(sorted(_WEEKDAY_NAMES, key=len, reverse=True)) + ")"
_ORD = r"(?:st|nd|rd|th)?"
_PATTERNS = [
    (kind, re.compile(rx + r"(?= |$)", re.ASCII))  # a phrase must end at a word boundary
    for kind, rx in [
        ("relative", rf"in (?P<amounts>{_AMOUNTS})"),
        ("negative", rf"in -{_AMOUNTS}"),
        ("slash", r"\d+/\d+(?:/\d+)?"),
        ("iso", r"(?P<y>\d{4,})-\d{1,2}-\d{1,2}(?P<t>t\d{1,2}:\d{2})?"),
        ("daymonth", rf"\d{{1,2}}{_ORD} {_MONTH}(?: (?P<y>\d{{4}}))?"),
        ("daymonth", rf"{_MONTH} \d{{1,2}}{_ORD}(?:,? (?P<y>\d{{4}}))?"),
        ("time", r"(?:at )?(?P<h>\d{1,2})(?::(?P<mi>\d{2}))? ?(?P<ap>am|pm|a\.m\.|p\.m\.)"),
        ("time", r"(?:at )?(?P<h>\d{1,2}):(?P<mi>\d{2})"),
        ("time", r"at (?P<h>\d{1,2})"),
        ("time", r"(?:at )?(?P<name>noon|midnight)"),
        ("day", "|".join(_DAY_WORDS)),
        ("nextweek", r"next week"),
        ("weekday", rf"(?P<next>next )?(?P<wd>{_WEEKDAY})"),
    ]
]


class DateParseError(ValueError):
    """Raised for input that is not fully understood.

    ``str(err)`` is ONE clear line, e.g. "Could not understand 'tomorow 7am': understood '7am', not 'tomorow'."
    or "Could not understand 'blah': no date or time found." Attributes: ``text`` (the input), ``understood``
    (list[str] of the tokens that were understood), ``not_understood`` (list[str]) and ``reason`` (str or None).
    """

    def __init__(self, text: str, understood: Iterable[str] = (), not_understood: Iterable[str] = (),
                 reason: str | None = None) -> None:
        self.text = text
        self.understood = list(understood)
        self.not_understood = list(not_understood)
        self.reason = reason
        super().__init__(self._message())

    def _message(self) -> str:
        if self.reason and not self.not_understood:
            detail = self.reason
        elif self.understood:
            detail = f"understood {_quoted(self.understood)}, not {_quoted(self.not_understood)}"
            detail += f"; {self.reason}" if self.reason else ""
        else:
            detail = self.reason or "no date or time found"
        return f"Could not understand '{_shown(self.text)}': {detail}."


def _quoted(words: list[str]) -> str:
    return ", ".join(f"'{_shown(w)}'" for w in words)


def _shown(text: str) -> str:
    # The message must stay one printable line whatever was typed or pasted.
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= 80 else text[:79] + "…"


class _Token(NamedTuple):
    kind: str
    text: str
    match: re.Match[str]


def _scan(norm: str) -> tuple[list[_Token], list[str]]:
    """Split normalised text into recognised phrases (longest match wins) and leftover words."""
    tokens: list[_Token] = []
    unknown: list[str] = []
    pos = 0
    while pos < len(norm):
        best: _Token | None = None
        for kind, rx in _PATTERNS:
            m = rx.match(norm, pos)
            if m and (best is None or m.end() > best.match.end()):
                best = _Token(kind, m.group(), m)
        if best:
            tokens.append(best)
            end = best.match.end()
        else:
            end = norm.find(" ", pos)
            end = len(norm) if end < 0 else end
            unknown.append(norm[pos:end])
        pos = end + 1
    return tokens, unknown


def _require_aware(value: _dt.datetime, name: str) -> None:
    if not isinstance(value, _dt.datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware; got naive {value!r}")


def _utc(value: _dt.datetime) -> _dt.datetime:
    # Aware datetimes sharing a tzinfo compare and subtract by wall clock, which is wrong across DST.
    return value.astimezone(_dt.timezone.utc)


def _attach(wall: _dt.datetime, tz: _dt.tzinfo) -> _dt.datetime:
    """Give a local wall-clock time the zone `tz`, landing on a real instant even inside a DST gap."""
    if hasattr(tz, "localize"):  # pytz zones are wrong unless localize() picks the offset
        return tz.normalize(tz.localize(wall))  # type: ignore[attr-defined]
    return wall.replace(tzinfo=tz).astimezone(_dt.timezone.utc).astimezone(tz)


def parse_when(text: str, now: _dt.datetime) -> _dt.datetime:
    """Interpret `text` as a due time relative to `now` and return an aware datetime in ``now.tzinfo``.

    `now` must be timezone-aware (naive raises ValueError). Matching is case-insensitive and whitespace-tolerant.
    Never a silent guess: every word must be understood, otherwise DateParseError (and only DateParseError).

    Rules for the ambiguous cases:

    * A bare time ("16:00", "4pm", "noon", "at 8") means today at that time, unless that moment is already
      before the current minute, in which case it means tomorrow. "midnight" therefore means the coming 00:00.
    * "today"/"eod" = today 17:00, "tonight" = today 20:00, "tomorrow"/"tmrw" = tomorrow at DEFAULT_TIME; an
      explicit day with an explicit time is taken literally even if already past ("today 7am").
    * A weekday ("mon", "fri noon") is its next occurrence not before the current minute, so today counts while
      its time is still ahead. "next mon" is the Monday of the NEXT ISO week, never this week. "next week" is
      that Monday at DEFAULT_TIME.
    * "in 2h", "in 1h 30m", "in 3 days" add elapsed time (DST-proof) and truncate to the minute; they cannot be
      combined with another day or time, and negative amounts are rejected.
    * Absolute dates ("2026-12-03", "3 dec", "dec 3 2026") default to DEFAULT_TIME; a year-less date earlier
      than today rolls to next year. Slashed dates ("12/03") are rejected as ambiguous.
    * Numbers need a unit of meaning: "8am", "8:00" or "at 8" (24-hour); a lone "8" is rejected.
    * Results more than 100 years from `now` are rejected.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    _require_aware(now, "now")
    norm = " ".join(text.lower().split())
    if not norm:
        raise DateParseError(text, reason="empty date")
    tokens, unknown = _scan(norm)
    understood = [t.text for t in tokens]
    if unknown:
        hint = None
        if any(w.isascii() and w.isdigit() for w in unknown):
            hint = "a lone number is ambiguous, write e.g. '8am', '20:00' or 'at 8'"
        raise DateParseError(text, understood, unknown, hint)
    try:
        result = _resolve(text, tokens, now)
        span = _utc(result) - _utc(now)
    except DateParseError:
        raise
    except (OverflowError, ValueError):  # datetime range limits on extreme input
        raise DateParseError(text, understood, reason="too far in the future") from None
    if abs(span) > _MAX_SPAN:
        raise DateParseError(text, understood, reason=f"too far in the {'future' if span > _MAX_SPAN else 'past'}")
    return result


def _resolve(text: str, tokens: list[_Token], now: _dt.datetime) -> _dt.datetime:
    understood = [t.text for t in tokens]

    def fail(tok: _Token, reason: str) -> DateParseError:
        return DateParseError(text, [u for u in understood if u != tok.text], [tok.text], reason)

    slots: dict[str, _Token] = {}
    for tok in tokens:
        if tok.kind == "slash":
            raise fail(tok, "dates with slashes are ambiguous, use YYYY-MM-DD (e.g. 2026-12-03)")
        if tok.kind == "negative":
            raise fail(tok, "amounts must be positive, e.g. 'in 2h'")
        sets_both = tok.kind == "relative" or (tok.kind == "iso" and tok.match["t"])
        claims = ("day", "time") if sets_both else ("time",) if tok.kind == "time" else ("day",)
        for slot in claims:
            if slot in slots:
                raise DateParseError(text, understood, reason=f"'{tok.text}' conflicts with '{slots[slot].text}'")
            slots[slot] = tok

    day, time_tok = slots.get("day"), slots.get("time")
    if day is not None and day.kind == "relative":
        return _relative(text, day, now)
    at = _time_of(time_tok, fail) if time_tok is not None and time_tok is not day else None
    today, tz = now.date(), now.tzinfo
    assert tz is not None
    now_min = now.replace(second=0, microsecond=0)

    def at_day(date: _dt.date, default: _dt.time = DEFAULT_TIME) -> _dt.datetime:
        return _attach(_dt.datetime.combine(date, at or default), tz)

    if day is None:
        result = at_day(today)
        return result if _utc(result) >= _utc(now_min) else at_day(today + _dt.timedelta(days=1))
    if day.kind == "day":
        offset, default = _DAY_WORDS[day.text]
        return at_day(today + _dt.timedelta(days=offset), default)
    next_monday = today + relativedelta(weeks=+1, weekday=MO(-1))
    if day.kind == "nextweek":
        return at_day(next_monday)
    if day.kind == "weekday":
        wd = _WEEKDAYS[_WEEKDAY_NAMES[day.match["wd"]]]
        if day.match["next"]:
            return at_day(next_monday + relativedelta(weekday=wd(+1)))
        result = at_day(today + relativedelta(weekday=wd(+1)))
        return result if _utc(result) >= _utc(now_min) else at_day(today + relativedelta(days=+1, weekday=wd(+1)))
    return _absolute(day, now, at, fail)


def _relative(text: str, tok: _Token, now: _dt.datetime) -> _dt.datetime:
    minutes = 0
    for amount, unit in re.findall(r"(\d+) ?([a-z]+)", tok.match["amounts"], re.ASCII):
        if len(amount.lstrip("0")) > 9:  # also keeps int() clear of Python's digit-count limit
            raise DateParseError(text, [tok.text], reason="too far in the future")
        minutes += int(amount) * _UNIT_MINUTES["w" if unit.startswith("wk") else unit[0]]
    if minutes > _MAX_SPAN // _dt.timedelta(minutes=1):
        raise DateParseError(text, [tok.text], reason="too far in the future")
    # Elapsed time, so add in UTC: "in 24h" across a DST change is 24 real hours, not the same wall time.
    result = (_utc(now) + _dt.timedelta(minutes=minutes)).astimezone(now.tzinfo)
    return result.replace(second=0, microsecond=0)


def _time_of(tok: _Token, fail) -> _dt.time:
    m = tok.match.groupdict()  # the time patterns have different groups
    if m.get("name"):
        return _dt.time(12, 0) if m["name"] == "noon" else _dt.time(0, 0)
    hour, minute = int(m["h"]), int(m.get("mi") or 0)
    if m.get("ap"):
        if not 1 <= hour <= 12:
            raise fail(tok, f"'{tok.text}' is not a valid time (use 1-12 with am/pm)")
        hour = hour % 12 + (12 if m["ap"].startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise fail(tok, f"'{tok.text}' is not a valid time")
    return _dt.time(hour, minute)


def _absolute(tok: _Token, now: _dt.datetime, at: _dt.time | None, fail) -> _dt.datetime:
    year = tok.match["y"]
    if year is not None and (len(year) > 4 or abs(int(year) - now.year) > 100):
        raise fail(tok, f"'{tok.text}' is too far in the " + ("past" if int(year[:5]) < now.year else "future"))
    default = _dt.datetime.combine(now.date(), DEFAULT_TIME)
    try:
        parsed = _du_parser.parse(tok.text, default=default)
        if year is None and parsed.date() < now.date():
            parsed = parsed.replace(year=parsed.year + 1)
    except (ValueError, OverflowError):
        raise fail(tok, f"'{tok.text}' is not a valid date") from None
    if at is not None:
        parsed = _dt.datetime.combine(parsed.date(), at)
    return _attach(parsed.replace(tzinfo=None), now.tzinfo)  # type: ignore[arg-type]


_DAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _span(minutes: int) -> str:
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d" + (f" {hours}h" if hours else "")
    if hours:
        return f"{hours}h" + (f" {mins}m" if mins else "")
    return f"{mins}m"


def describe_due(due: _dt.datetime, now: _dt.datetime) -> str:
    """Describe `due` relative to `now` compactly; both must be timezone-aware (naive raises ValueError).

    "due now" within 1 minute either way; "overdue 15m", "overdue 2h", "overdue 1h 5m", "overdue 2d 3h" when
    past; "in 40m", "in 2h", "in 1h 5m" when under 6 hours ahead; otherwise a clock time in now's timezone:
    "today 18:00", "tomorrow 07:00", "Mon 08:00" (within 7 days), "3 Dec 14:30" beyond, with the year added
    ("3 Jan 2027 09:00") when it differs from now's. Minutes are rounded to the nearest minute.
    """
    _require_aware(due, "due")
    _require_aware(now, "now")
    seconds = (_utc(due) - _utc(now)).total_seconds()
    if abs(seconds) < 60:
        return "due now"
    minutes = int((abs(seconds) + 30) // 60)
    if seconds < 0:
        return f"overdue {_span(minutes)}"
    if minutes < 6 * 60:
        return f"in {_span(minutes)}"
    local = due.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if days == 0:
        return f"today {clock}"
    if days == 1:
        return f"tomorrow {clock}"
    if days < 7:
        return f"{_DAY_ABBR[local.weekday()]} {clock}"
    year = f" {local.year}" if local.year != now.year else ""
    return f"{local.day} {_MONTH_ABBR[local.month - 1]}{year} {clock}"


def describe_ago(moment: _dt.datetime, now: _dt.datetime) -> str:
    """How long ago ``moment`` was, compactly: "just now", "3m ago", "2h ago", "yesterday", "4d ago", "12 Oct"."""
    _require_aware(moment, "moment")
    _require_aware(now, "now")
    seconds = (_utc(now) - _utc(moment)).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)}m ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)}h ago"
    local = moment.astimezone(now.tzinfo)
    days = (now.date() - local.date()).days
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days}d ago"
    return f"{local.day} {_MONTH_ABBR[local.month - 1]}" + (f" {local.year}" if local.year != now.year else "")


def short_date(day: _dt.date) -> str:
    """ "25 Nov": a day as notes and lists show it, the same in every locale."""
    return f"{day.day} {_MONTH_ABBR[day.month - 1]}"
