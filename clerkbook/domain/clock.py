"""The local clock, in one place so every caller agrees on "now"."""

from __future__ import annotations

from datetime import datetime

from dateutil.tz import tzlocal


def local_now() -> datetime:
    """Now, timezone-aware in the machine's local zone (DST-correct across days)."""
    return datetime.now(tzlocal())
