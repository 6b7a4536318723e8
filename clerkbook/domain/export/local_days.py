"""The local calendar day of a stored UTC timestamp, fast enough for the 100,000 timestamps of an export."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo

__all__ = ["local_day"]

UTC = timezone.utc


def local_day(timestamp: str | None, tz: tzinfo = UTC) -> date | None:
    """The local calendar day of a stored UTC timestamp ("2026-11-25T15:15:00.000000Z")."""
    if not timestamp:
        return None
    if _STORED.fullmatch(timestamp):
        # An export converts 100,000 timestamps and a zone like dateutil's tzlocal takes tens of microseconds
        # per conversion: find each UTC day's offset once, unless the clocks change that day.
        offsets = _day_offsets(tz)
        offset = offsets.get(timestamp[:10])
        if offset is None:
            offset = offsets[timestamp[:10]] = _offset_of_day(timestamp[:10], tz)
        if offset is not False:
            return (datetime.fromisoformat(timestamp[:19]) + offset).date()
    moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(tz).date()


_STORED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-5][0-9]:[0-5][0-9](?:\.[0-9]{6})?Z")
_DAY = timedelta(days=1, microseconds=-1)
_OFFSETS_BY_ZONE: dict[int, tuple[tzinfo, dict[str, timedelta | bool]]] = {}


def _day_offsets(tz: tzinfo) -> dict[str, timedelta | bool]:
    # Zones need not be hashable (dateutil's are not): keyed by id, with the zone kept so the id stays its.
    known = _OFFSETS_BY_ZONE.get(id(tz))
    if known is None or known[0] is not tz:
        if len(_OFFSETS_BY_ZONE) > 16:
            _OFFSETS_BY_ZONE.clear()
        known = _OFFSETS_BY_ZONE[id(tz)] = (tz, {})
    return known[1]


def _offset_of_day(day: str, tz: tzinfo) -> timedelta | bool:
    """The zone's offset from UTC all through one UTC day ("2026-11-25"), or False if the clocks change in it."""
    start = datetime.fromisoformat(day + "T00:00:00+00:00")
    first, last = start.astimezone(tz).utcoffset(), (start + _DAY).astimezone(tz).utcoffset()
    # The same at both ends: no change in between (no zone changes its clocks twice in a day).
    return first if first == last and first is not None else False
