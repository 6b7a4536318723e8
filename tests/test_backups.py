"""Daily rotating backups: taken at the first open of a day, pruned to 7 daily + 4 weekly, never in the way."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from clerkbook.store import open_notebook
from clerkbook.store.backup import KEEP_DAILY, KEEP_WEEKLY, daily_backup_path, days_to_keep

START = date(2026, 9, 1)


@pytest.fixture
def nb_path(db_path: Path) -> Path:
    with open_notebook(db_path) as nb:
        nb.add_rotation("Surgery", site="Lakeside", start=START)
        nb.add_todo("NPO after midnight for the lap chole")
    return db_path


def backups(path: Path) -> list[str]:
    folder = path.parent / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_new_notebook_has_nothing_to_back_up(db_path: Path) -> None:
    open_notebook(db_path).close()
    assert backups(db_path) == []


def test_first_open_of_a_day_takes_one_consistent_private_copy(nb_path: Path) -> None:
    day = date(2026, 11, 26)
    with open_notebook(nb_path, today=day) as nb:
        assert nb.warnings == ()
    copy = daily_backup_path(nb_path, day)
    assert backups(nb_path) == [copy.name] == ["notebook-2026-11-26.db"]
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    connection = sqlite3.connect(copy)
    assert connection.execute("SELECT text FROM todo").fetchall() == [("NPO after midnight for the lap chole",)]
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    connection.close()
    # Later opens that day leave the copy alone, even after the notebook changed.
    stamp = copy.stat().st_mtime_ns
    with open_notebook(nb_path, today=day) as nb:
        nb.add_todo("Consent signed?")
    open_notebook(nb_path, today=day).close()
    assert copy.stat().st_mtime_ns == stamp and backups(nb_path) == [copy.name]


def test_the_command_line_takes_the_day_copy_too(nb_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "clerkbook", "--db", str(nb_path), "list", "todos"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == ""
    assert backups(nb_path) == [f"notebook-{date.today().isoformat()}.db"]


def test_rotation_keeps_seven_days_and_four_weeks(nb_path: Path) -> None:
    folder = nb_path.parent / "backups"
    folder.mkdir()
    # Files clerkbook did not write, or wrote by hand (clerkbook backup), are never removed.
    foreign = ["notebook-20260901-101500.db", "other-2026-09-01.db", "notebook-2026-02-31.db", "README.txt"]
    for name in foreign:
        (folder / name).write_text("keep me")
    for offset in range(60):
        open_notebook(nb_path, today=START + timedelta(days=offset)).close()
    kept = sorted(set(backups(nb_path)) - set(foreign))
    last = START + timedelta(days=59)
    daily = {f"notebook-{(last - timedelta(days=n)).isoformat()}.db" for n in range(KEEP_DAILY)}
    assert daily <= set(kept)
    assert len(kept) == len(daily | set(kept)) <= KEEP_DAILY + KEEP_WEEKLY
    weeks = {date.fromisoformat(name[9:19]).isocalendar()[:2] for name in kept}
    assert len(weeks) == KEEP_WEEKLY
    assert set(foreign) <= set(backups(nb_path))


def test_days_to_keep() -> None:
    days = [START + timedelta(days=n) for n in range(0, 90, 2)]  # every other day for three months
    keep = days_to_keep(days)
    newest = sorted(days, reverse=True)
    assert set(newest[:KEEP_DAILY]) <= keep
    weeks = sorted({day.isocalendar()[:2] for day in days}, reverse=True)[:KEEP_WEEKLY]
    for week in weeks:
        assert max(day for day in days if day.isocalendar()[:2] == week) in keep
    assert len(keep) <= KEEP_DAILY + KEEP_WEEKLY
    assert days_to_keep([]) == set()


def test_a_failed_backup_is_a_warning_not_a_refusal(nb_path: Path) -> None:
    (nb_path.parent / "backups").write_text("a file where the folder should be")
    with open_notebook(nb_path, today=date(2026, 11, 26)) as nb:
        assert len(nb.warnings) == 1 and nb.warnings[0].startswith("No backup today")
        assert "\n" not in nb.warnings[0]
        nb.add_todo("Still works")
    result = subprocess.run([sys.executable, "-m", "clerkbook", "--db", str(nb_path), "list", "todos"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "Still works" in result.stdout
    assert result.stderr.startswith("clerkbook: warning: No backup today") and result.stderr.count("\n") == 1


def test_a_damaged_notebook_never_rotates_good_copies_away(nb_path: Path) -> None:
    with open_notebook(nb_path) as nb:
        with nb.batch():
            for number in range(300):
                nb.add_todo(f"Wound check bed {number} " + "w" * 100)
    for offset in range(3):
        open_notebook(nb_path, today=START + timedelta(days=offset)).close()
    good = backups(nb_path)
    data = bytearray(nb_path.read_bytes())
    data[-4096:] = os.urandom(4096)  # the last page: written last, so rows, not the schema
    nb_path.write_bytes(bytes(data))
    for offset in range(3, 20):
        with open_notebook(nb_path, today=START + timedelta(days=offset)) as nb:
            assert nb.warnings and "damaged" in nb.warnings[0]
    assert backups(nb_path) == good


def test_the_backups_folder_is_private(nb_path: Path) -> None:
    # The copy taken before an upgrade goes to the same folder (see test_migrations).
    os.umask(0o022)
    open_notebook(nb_path).close()
    assert stat.S_IMODE((nb_path.parent / "backups").stat().st_mode) == 0o700


def test_opening_a_backup_takes_no_copy_of_it(nb_path: Path) -> None:
    open_notebook(nb_path, today=date(2026, 11, 26)).close()
    copy = daily_backup_path(nb_path, date(2026, 11, 26))
    with open_notebook(copy) as nb:
        assert [t.text for t in nb.list_todos()] == ["NPO after midnight for the lap chole"]
    assert not (copy.parent / "backups").exists()
