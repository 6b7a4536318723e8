"""Search over the clerkship logs: procedures, feedback, letters, contacts and the daily log.

The same checks as tests/test_search.py for the five older kinds, on the ``world`` notebook with one entry of
each log added: every field found, filters, the index in step with the store and with raw SQL (the index
equals a full rebuild after each write), a notebook upgraded from 0007 with rows in every log, and rowids
that stay apart for ten kinds.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from clerkbook.domain.search_query import parse_query
from clerkbook.store import open_notebook
from clerkbook.store.search import KIND_CODES
from tests.test_migrations import make_file_at
from tests.test_search import (  # noqa: F401 (world is a fixture)
    FUTURE,
    KINDS,
    STAMP,
    World,
    assert_index_is_fresh,
    found,
    index_rows,
    kinds_found,
    raw,
    world,
)

LOGS = ("procedure", "feedback", "letter", "contact", "daily_entry")
NOV18 = date(2026, 11, 18)


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, tzinfo=timezone.utc)


@pytest.fixture
def logs(world: World) -> World:  # noqa: F811 (the imported fixture)
    """The ``world`` plus one entry of each log, each mentioning the ward."""
    nb = world.nb
    world.entries["procedure"] = nb.add_procedure(
        "abg", day=date(2026, 10, 7), role="performed", supervisor="Dr Okafor", patient_id=world.b12,
        notes="Radial stick on the ward after an Allen test", at=at(10, 7)).id
    world.entries["feedback"] = nb.add_feedback(
        "Presentations on the ward run long: lead with the assessment", day=date(2026, 11, 14), giver="Dr. Okafor",
        context="Oral presentation", will_change="One-liner first, then the plan", rotation_id=world.surgery,
        at=at(11, 14)).id
    nb.act_on_feedback(world.entries["feedback"], "Timed myself: under three minutes", day=date(2026, 11, 16))
    world.entries["letter"] = nb.add_letter("Dr. Lindqvist", notes="Met on the ward; ask after week three",
                                            rotation_id=world.surgery, at=at(11, 15)).id
    world.entries["contact"] = nb.add_contact("Priya Raman", role="coordinator", rotation_id=world.medicine,
                                              notes="Ward coordinator, sends the call schedule", at=at(10, 8)).id
    world.entries["daily_entry"] = nb.save_daily(NOV18, {
        "diagnoses": "Adrenal insufficiency on the ward", "management": "Stress-dose hydrocortisone",
        "mistakes": "Forgot the cosyntropin timing", "questions": "When to taper fludrocortisone?"},
        rotation_id=world.surgery, at=at(11, 18)).id
    return world


class TestFinding:
    """Every text field of every log, and hits a screen can show."""

    def test_every_kind_is_found(self, logs: World) -> None:
        assert set(KIND_CODES) == {*KINDS, *LOGS}
        assert kinds_found(logs, "ward") == set(KIND_CODES)
        assert kinds_found(logs, "okafor presentations") == {"feedback"}
        assert kinds_found(logs, "ABG") == {"procedure"}

    @pytest.mark.parametrize(("kind", "word"), [
        ("procedure", "abg"), ("procedure", "okafor"), ("procedure", "allen"), ("feedback", "okafor"),
        ("feedback", "oral"), ("feedback", "assessment"), ("feedback", "liner"), ("feedback", "minutes"),
        ("letter", "lindqvist"), ("letter", "three"), ("contact", "priya"), ("contact", "schedule"),
        ("daily_entry", "adrenal"), ("daily_entry", "hydrocortisone"), ("daily_entry", "cosyntropin"),
        ("daily_entry", "fludrocortisone"),
    ])
    def test_every_field_is_searched(self, logs: World, kind: str, word: str) -> None:
        assert kind in kinds_found(logs, word)

    def test_titles(self, logs: World) -> None:
        titles = {hit.kind: hit.title for hit in logs.nb.search(parse_query("ward"), kinds=LOGS)}
        assert titles == {"procedure": "ABG", "feedback": "Dr. Okafor · Oral presentation",
                          "letter": "Dr. Lindqvist", "contact": "Priya Raman", "daily_entry": "2026-11-18"}
        [hit] = logs.nb.search(parse_query("taper"))
        assert hit.snippet.endswith("When to taper fludrocortisone?")
        assert [hit.snippet[start:end] for start, end in hit.marks] == ["taper"]
        logs.nb.update_feedback(logs.entries["feedback"], giver="", context="Grand rounds")
        assert logs.nb.search(parse_query("grand"))[0].title == "Grand rounds"
        # A day is titled by its date, which is not searchable text: "18" finds nothing of it.
        assert kinds_found(logs, "18", kinds=["daily"]) == set()


class TestFilters:
    """Kinds (with their aliases), rotation, patient and dates work on the logs as on the rest."""

    def test_kinds(self, logs: World) -> None:
        assert kinds_found(logs, "ward", kinds=["daily"]) == {"daily_entry"}
        assert kinds_found(logs, "ward", kinds=["procedure", "letter", "point"]) == {"procedure", "letter",
                                                                                     "teaching_point"}

    def test_rotation_patient_and_dates(self, logs: World) -> None:
        assert kinds_found(logs, "ward", rotation_id=logs.medicine, kinds=LOGS) == {"procedure", "contact"}
        assert kinds_found(logs, "ward", patient_id=logs.b12) == {"todo", "procedure"}
        assert kinds_found(logs, "ward", since=date(2026, 11, 14), until=date(2026, 11, 18), kinds=LOGS) == {
            "feedback", "letter", "daily_entry"}
        # Dates are when the entry was written, as for every kind: the procedure's own day does not count.
        assert kinds_found(logs, "ward", since=at(10, 7), until=at(10, 7), kinds=LOGS) == {"procedure"}


# Keeping in step ------------------------------------------------------------------------------------------

DAY = date(2026, 11, 21)
STORE_WRITES = {
    "procedure": (lambda nb, w, text: nb.add_procedure(text, day=DAY, rotation_id=w.medicine).id,
                  lambda nb, i, text: nb.update_procedure(i, notes=text), lambda nb, i: nb.delete_procedure(i)),
    "feedback": (lambda nb, w, text: nb.add_feedback(text, day=DAY, rotation_id=w.medicine).id,
                 lambda nb, i, text: nb.update_feedback(i, will_change=text), lambda nb, i: nb.delete_feedback(i)),
    "letter": (lambda nb, w, text: nb.add_letter(text, rotation_id=w.medicine).id,
               lambda nb, i, text: nb.update_letter(i, notes=text), lambda nb, i: nb.delete_letter(i)),
    "contact": (lambda nb, w, text: nb.add_contact(text, rotation_id=w.medicine).id,
                lambda nb, i, text: nb.update_contact(i, notes=text), lambda nb, i: nb.delete_contact(i)),
    "daily_entry": (lambda nb, w, text: nb.save_daily(DAY, {"mistakes": text}).id,
                    lambda nb, i, text: nb.save_daily(DAY, {"questions": text}), lambda nb, i: nb.delete_daily(DAY)),
}
_UID = "lower(hex(randomblob(16)))"
RAW_WRITES = {
    "procedure": (f"INSERT INTO procedure (uid, rotation_id, name, procedure_date, role, supervisor, notes,"
                  f" created_at, updated_at) VALUES ({_UID}, 1, ?, '2026-11-20', 'observed', '', '', ?, ?)", "notes"),
    "feedback": (f"INSERT INTO feedback (uid, rotation_id, received_date, giver, context, said, will_change,"
                 f" acted_text, created_at, updated_at) VALUES ({_UID}, 1, '2026-11-20', '', '', ?, '', '', ?, ?)",
                 "acted_text"),
    "letter": (f"INSERT INTO letter (uid, rotation_id, attending, status, sent_cv, sent_statement, sent_cases, notes,"
               f" created_at, updated_at) VALUES ({_UID}, 1, ?, 'to-ask', 0, 0, 0, '', ?, ?)", "notes"),
    "contact": (f"INSERT INTO contact (uid, rotation_id, name, role, notes, created_at, updated_at)"
                f" VALUES ({_UID}, 1, ?, 'attending', '', ?, ?)", "notes"),
    "daily_entry": (f"INSERT INTO daily_entry (uid, rotation_id, entry_date, diagnoses, management, mistakes,"
                    f" questions, created_at, updated_at) VALUES ({_UID}, 1, '2026-11-21', ?, '', '', '', ?, ?)",
                    "questions"),
}


class TestInStep:
    """Insert, edit and delete of every log, through the store and behind its back."""

    @pytest.mark.parametrize("kind", LOGS)
    def test_through_the_store(self, logs: World, kind: str) -> None:
        add, edit, delete = STORE_WRITES[kind]
        entry_id = add(logs.nb, logs, "zolpidem at bedtime")
        assert found(logs.nb, "zolpid") == {(kind, entry_id)}
        edit(logs.nb, entry_id, "trazodone instead")
        assert found(logs.nb, "trazod") == {(kind, entry_id)}
        assert_index_is_fresh(logs.nb)
        delete(logs.nb, entry_id)
        assert found(logs.nb, "trazod OR zolpid") == set()
        assert_index_is_fresh(logs.nb)

    @pytest.mark.parametrize("kind", LOGS)
    def test_through_another_connection(self, logs: World, kind: str) -> None:
        insert, column = RAW_WRITES[kind]
        path = logs.nb.path
        entry_id = raw(path, insert, ("zolpidem at bedtime", STAMP, STAMP))
        assert found(logs.nb, "zolpid") == {(kind, entry_id)}
        raw(path, f"UPDATE {kind} SET {column} = 'trazodone instead' WHERE id = ?", (entry_id,))
        assert found(logs.nb, "trazod") == {(kind, entry_id)}
        raw(path, f"UPDATE {kind} SET {column} = 'melatonin', created_at = ? WHERE id = ?", (FUTURE, entry_id))
        assert found(logs.nb, "melat", since=date(2050, 1, 1)) == {(kind, entry_id)}
        assert not found(logs.nb, "traz")
        assert_index_is_fresh(logs.nb)
        raw(path, f"DELETE FROM {kind} WHERE id = ?", (entry_id,))
        assert found(logs.nb, "melat") == set()
        assert_index_is_fresh(logs.nb)

    def test_cascades_follow(self, logs: World) -> None:
        nb = logs.nb
        raw(nb.path, "DELETE FROM patient WHERE id = ?", (logs.b12,))  # the procedure's patient_id becomes NULL
        assert kinds_found(logs, "ward", patient_id=logs.b12) == set()
        raw(nb.path, "DELETE FROM rotation WHERE id = ?", (logs.surgery,))  # feedback and letters go with it
        assert kinds_found(logs, "ward", kinds=LOGS) == {"procedure", "contact", "daily_entry"}
        assert_index_is_fresh(nb)

    def test_reindex_rebuilds_every_kind(self, logs: World) -> None:
        raw(logs.nb.path, "DELETE FROM search_index")
        assert logs.nb.reindex() == 10
        assert kinds_found(logs, "ward") == set(KIND_CODES)

    def test_ten_kinds_written_in_one_minute_keep_their_own_rows(self, notebook) -> None:
        # The rowid holds the minute, the id and the kind: the same ids in the same minute must not collide.
        nb = notebook
        rotation = nb.add_rotation("Surgery", start=date(2026, 11, 9)).id
        moment = at(11, 20)
        for number in range(3):
            text = f"septic workup {number}"
            nb.add_todo(text, rotation_id=rotation, at=moment)
            nb.add_point(text, rotation_id=rotation, at=moment)
            nb.add_question(text, rotation_id=rotation, at=moment)
            nb.create_note(rotation_id=rotation, title=text, at=moment)
            nb.save_reflection(f"2026-W4{number}", {"free_text": text}, rotation_id=rotation, at=moment)
            nb.add_procedure(text, day=DAY, rotation_id=rotation, at=moment)
            nb.add_feedback(text, day=DAY, rotation_id=rotation, at=moment)
            nb.add_letter(text, rotation_id=rotation, at=moment)
            nb.add_contact(text, rotation_id=rotation, at=moment)
            nb.save_daily(DAY + timedelta(days=number), {"diagnoses": text}, rotation_id=rotation, at=moment)
        assert len(found(nb, "septic", limit=100)) == 30
        assert len(index_rows(nb.path)) == 30
        assert_index_is_fresh(nb)


def test_upgrading_a_0007_file_indexes_the_logs(db_path: Path) -> None:
    make_file_at(db_path, "0007")
    raw(db_path, "INSERT INTO rotation (id, uid, specialty, site, service, start_date, is_current, created_at,"
                 " updated_at) VALUES (1, 'r1', 'Surgery', '', '', '2026-11-09', 1, ?, ?)", (STAMP, STAMP))
    raw(db_path, "INSERT INTO todo (uid, rotation_id, text, kind, position, created_at, updated_at)"
                 " VALUES ('t1', 1, 'Old to-do about appendicitis', 'task', 1, ?, ?)", (STAMP, STAMP))
    for kind, (insert, _) in RAW_WRITES.items():
        raw(db_path, insert, (f"Old {kind.replace('_', ' ')} about appendicitis", STAMP, STAMP))
    with closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("SELECT count(*) FROM search_index").fetchone() == (1,)
    with open_notebook(db_path) as nb:
        assert nb.schema_revision() == "0008"
        assert {kind for kind, _ in found(nb, "appendic")} == {"todo", *LOGS}
        assert {kind for kind, _ in found(nb, "appendic", since=date(2026, 11, 20), until=date(2026, 11, 20))} == {
            "todo", *LOGS}
        assert_index_is_fresh(nb)
        # The triggers made by the upgrade keep the index in step from then on.
        nb.update_letter(1, notes="Ask about the appendectomy cases")
        assert found(nb, "appendectomy") == {("letter", 1)}
        assert_index_is_fresh(nb)


def test_downgrading_to_0007_keeps_the_older_index(db_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from clerkbook.store.engine import make_engine
    from clerkbook.store.schema import MIGRATIONS_LOCATION

    with open_notebook(db_path) as nb:
        nb.add_rotation("Surgery", start=date(2026, 11, 9))
        nb.add_todo("Page ortho about the hip")
        nb.add_contact("Dr Hip")
    config = Config()
    config.set_main_option("script_location", MIGRATIONS_LOCATION)
    engine = make_engine(db_path)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    engine.dispose()
    with closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("SELECT kind FROM search_index WHERE search_index MATCH 'hip'").fetchall() == [
            ("todo",)]
        triggers = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert "search_index_todo_insert" in triggers and "search_index_contact_insert" not in triggers
