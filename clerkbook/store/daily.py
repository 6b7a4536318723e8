"""The daily learning log: one entry per day under four headings, written as the day ends."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlmodel import col, select

from clerkbook.models import DAILY_FIELDS, DailyEntry
from clerkbook.store.base import StoreBase, stamps
from clerkbook.store.errors import InvalidInput, NotFound
from clerkbook.store.notes import Saved, _check_fields
from clerkbook.store.procedures import check_day

#: Put between two texts of one heading when a save meets text another window wrote meanwhile.
MERGE_MARK = "\n\n(also written in another window:)\n"


def daily_values(entry) -> dict[str, str]:
    """The four headings of ``entry``, empty where it (or the whole entry) is missing."""
    return {name: getattr(entry, name, "") if entry is not None else "" for name in DAILY_FIELDS}


class DailyMixin(StoreBase):
    """Reading, writing and listing the daily learning log."""

    def get_daily(self, day: date) -> DailyEntry | None:
        """The entry written for ``day``, if any."""
        check_day(day, "The day")
        with self._read() as session:
            return session.exec(select(DailyEntry).where(DailyEntry.entry_date == day)).first()

    def list_daily(self, *, start: date | None = None, end: date | None = None) -> list[DailyEntry]:
        """Entries from ``start`` to ``end`` (both included; None: no limit), the latest day first."""
        query = select(DailyEntry)
        if start is not None:
            query = query.where(DailyEntry.entry_date >= start)
        if end is not None:
            query = query.where(DailyEntry.entry_date <= end)
        with self._read() as session:
            return list(session.exec(query.order_by(col(DailyEntry.entry_date).desc())))

    def save_daily(self, day: date, fields: Mapping[str, str], *, rotation_id: int | None = None,
                   at: datetime | None = None) -> DailyEntry | None:
        """Create or update ``day``'s entry with ``fields`` (headings not given keep their text)."""
        return self.save_daily_since(day, None, fields, rotation_id=rotation_id, at=at).row

    def save_daily_since(self, day: date, base: Mapping[str, str] | None, fields: Mapping[str, str], *,
                         reason: str = "save", rotation_id: int | None = None,
                         at: datetime | None = None) -> Saved[DailyEntry | None]:
        """Save ``fields`` changed on top of ``base`` (the text the editor loaded; None: no check).

        The daily log keeps no revisions, so a heading another window changed meanwhile keeps both
        texts, the other window's after a mark: nothing typed is lost. A day that has no entry yet and
        only empty headings stays without one (None). ``reason`` is accepted as the editors pass it.
        """
        del reason  # the same call shape as notes and reflections; no revisions here
        check_day(day, "The day")
        fields = {name: value.rstrip() for name, value in fields.items()}
        _check_fields(fields, DAILY_FIELDS, "daily log")
        with self._write() as session:
            entry = session.exec(select(DailyEntry).where(DailyEntry.entry_date == day)).first()
            if entry is None:
                if not any(fields.values()):
                    return Saved(None)
                if rotation_id is None:
                    current = self.current_rotation()
                    rotation_id = current.id if current else None
                entry = DailyEntry(entry_date=day, rotation_id=rotation_id, **fields, **stamps(at))
                session.add(entry)
                return Saved(entry)
            before = daily_values(entry)
            changed = False
            for name, value in fields.items():
                stored = before[name]
                if value == stored:
                    continue
                if base is not None and name in base and stored != base[name] and stored.strip():
                    value = f"{value}{MERGE_MARK}{stored}" if value.strip() else stored
                setattr(entry, name, value)
                changed = True
            if changed:
                self._touch(entry, at)
                session.add(entry)
        return Saved(entry)

    def add_to_daily(self, day: date, additions: Mapping[str, str], *, at: datetime | None = None) -> DailyEntry:
        """Add lines under some headings of ``day``'s entry (created if need be), after what is there."""
        _check_fields(additions, DAILY_FIELDS, "daily log")
        additions = {name: text.strip() for name, text in additions.items() if text and text.strip()}
        if not additions:
            raise InvalidInput("Nothing to add: give at least one heading's text.")
        with self.batch():  # read and write in one transaction: two terminals adding lose nothing
            current = daily_values(self.get_daily(day))
            merged = {name: f"{current[name]}\n{text}" if current[name] else text for name, text in additions.items()}
            return self.save_daily(day, merged, at=at)

    def delete_daily(self, day: date) -> DailyEntry:
        """Delete ``day``'s entry and return it as it was."""
        with self._write() as session:
            entry = session.exec(select(DailyEntry).where(DailyEntry.entry_date == check_day(day, "The day"))).first()
            if entry is None:
                raise NotFound(f"No daily log entry for {day}.")
            session.delete(entry)
        return entry
