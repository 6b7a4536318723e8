"""The daily learning log in the store: one entry per day, four headings, nothing lost between windows."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timezone

import pytest

from clerkbook.store import InvalidInput, Notebook, NotFound
from clerkbook.store.daily import MERGE_MARK

DAY = date(2026, 11, 20)


def test_one_entry_per_day_saved_field_by_field(rotation_nb: Notebook) -> None:
    assert rotation_nb.save_daily(DAY, {"diagnoses": "", "questions": ""}) is None  # nothing written: no entry
    assert rotation_nb.get_daily(DAY) is None
    made = rotation_nb.save_daily(DAY, {"diagnoses": "SIADH", "questions": "Why not fluids?  \n"},
                                  at=datetime(2026, 11, 20, 22, tzinfo=timezone.utc))
    assert made.rotation_id == rotation_nb.current_rotation().id and made.questions == "Why not fluids?"
    rotation_nb.save_daily(DAY, {"management": "Fluid restrict to 1 L"})
    entry = rotation_nb.get_daily(DAY)
    assert (entry.diagnoses, entry.management, entry.mistakes) == ("SIADH", "Fluid restrict to 1 L", "")
    with rotation_nb.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM daily_entry").scalar_one() == 1
    with pytest.raises(InvalidInput, match="Unknown daily log field"):
        rotation_nb.save_daily(DAY, {"feelings": "tired"})


def test_adding_lines_keeps_what_is_there(rotation_nb: Notebook) -> None:
    rotation_nb.add_to_daily(DAY, {"diagnoses": "Gallstone ileus"})
    entry = rotation_nb.add_to_daily(DAY, {"diagnoses": "Mirizzi syndrome", "mistakes": " ", "questions": "HIDA?"})
    assert (entry.diagnoses, entry.mistakes, entry.questions) == ("Gallstone ileus\nMirizzi syndrome", "", "HIDA?")
    with pytest.raises(InvalidInput, match="Nothing to add"):
        rotation_nb.add_to_daily(DAY, {"mistakes": "  "})


def test_text_another_window_saved_meanwhile_is_kept(rotation_nb: Notebook) -> None:
    base = {"diagnoses": "SIADH", "management": "", "mistakes": "", "questions": ""}
    rotation_nb.save_daily(DAY, base)
    rotation_nb.save_daily(DAY, {"diagnoses": "SIADH, from the phone"})  # another window
    saved = rotation_nb.save_daily_since(DAY, base, {"diagnoses": "SIADH and hyponatremia"}).row
    assert saved.diagnoses == f"SIADH and hyponatremia{MERGE_MARK}SIADH, from the phone"
    # A heading only the other window touched keeps its text.
    rotation_nb.save_daily(DAY, {"questions": "Tolvaptan?"})
    saved = rotation_nb.save_daily_since(DAY, base | {"diagnoses": saved.diagnoses}, {"mistakes": "Late labs"}).row
    assert (saved.questions, saved.mistakes) == ("Tolvaptan?", "Late labs")


def test_listing_a_span_and_deleting(rotation_nb: Notebook) -> None:
    for day in (date(2026, 11, 16), date(2026, 11, 20), date(2026, 11, 23)):
        rotation_nb.save_daily(day, {"diagnoses": f"seen on {day}"})
    week = rotation_nb.list_daily(start=date(2026, 11, 16), end=date(2026, 11, 22))
    assert [e.entry_date for e in week] == [date(2026, 11, 20), date(2026, 11, 16)]
    assert len(rotation_nb.list_daily()) == 3
    rotation_nb.delete_daily(date(2026, 11, 16))
    with pytest.raises(NotFound, match="No daily log entry for 2026-11-16"):
        rotation_nb.delete_daily(date(2026, 11, 16))
    with pytest.raises(InvalidInput, match="must be a day"):
        rotation_nb.get_daily(datetime(2026, 11, 20, tzinfo=timezone.utc))


def test_the_day_is_unique_in_the_file_itself(rotation_nb: Notebook) -> None:
    rotation_nb.save_daily(DAY, {"diagnoses": "SIADH"})
    with sqlite3.connect(rotation_nb.path) as connection, pytest.raises(sqlite3.IntegrityError):
        connection.execute("INSERT INTO daily_entry (uid, entry_date, diagnoses, management, mistakes, questions, "
                           "created_at, updated_at) VALUES ('x', '2026-11-20', '', '', '', '', '', '')")


def test_entries_outlive_their_rotation(rotation_nb: Notebook) -> None:
    rotation_nb.save_daily(DAY, {"diagnoses": "SIADH"})
    with rotation_nb.engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys = ON")
        connection.exec_driver_sql("DELETE FROM rotation")
    assert rotation_nb.get_daily(DAY).rotation_id is None
