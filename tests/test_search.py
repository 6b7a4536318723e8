"""Full-text search: what a user types, every filter, and an index that stays in step with every writer.

The index is checked two ways after writes through the store and through sqlite3 in another connection:
searches find the new text and not the old, and the index equals what a full rebuild makes of the tables.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clerkbook.domain.search_query import MAX_TERMS, parse_query
from clerkbook.models import ALL_NOTE_SECTIONS
from clerkbook.store import InvalidInput, Notebook, open_notebook
from clerkbook.store import search as search_module
from clerkbook.store.engine import make_engine
from clerkbook.store.paths import create_private_file
from clerkbook.store.schema import upgrade
from clerkbook.store.search import KIND_CODES, unmark

#: The kinds of entry the ``world`` has; the clerkship logs' kinds are tested in test_search_logs.py.
KINDS = ("todo", "teaching_point", "question", "note", "reflection")
OCT5 = datetime(2026, 10, 5, 12, 0, tzinfo=timezone.utc)
STAMP = "2026-11-20T08:00:00.000000Z"
FUTURE = "2051-03-01T09:00:00.000000Z"
#: What users type that means something to FTS5, or to nothing at all.
HOSTILE = ['"', '"unbalanced', "ab\udcff", "\ue000k1", 'a*b', "(", ")", "AND", "OR OR", "NOT", "NOT spiro", "spiro NOT", "col:x",
           "title:spiro", "facets:k1", "^x", "NEAR(a b)", "NEAR/2", "-x", "+x", "{title body}", "*", "'", "\\",
           "🩺🫀 😀", "spiro AND OR NOT ward", '"" "" ""', "a" * 5000, "ward " * 400, "\x00\x02\x03", "é́́"]


@dataclass
class World:
    """A notebook with one entry of each kind, each mentioning the ward, over two rotations."""

    nb: Notebook
    medicine: int
    surgery: int
    b12: int
    b7: int
    entries: dict[str, int]


@pytest.fixture
def world(notebook: Notebook) -> World:
    nb = notebook
    medicine = nb.add_rotation("Internal Medicine", site="Riverside General", start=date(2026, 10, 1)).id
    surgery = nb.add_rotation("Surgery", site="Lakeside", start=date(2026, 11, 9)).id
    b12 = nb.add_patient("B12", "67M", "CHF", rotation_id=medicine).id
    b7 = nb.add_patient("B7", "71M", "SBO", rotation_id=surgery).id
    todo = nb.add_todo("Recheck K+ after spironolactone on the ward", patient_id=b12, at=OCT5)
    point = nb.add_point("Spironolactone causes hyperkalemia - ward teaching", topic="cardio", source="attending",
                         tags=["renal"], rotation_id=medicine, at=OCT5 + timedelta(days=1))
    question = nb.add_question("Why NG decompression in SBO on the ward?", patient_id=b7,
                               at=datetime(2026, 11, 12, 12, tzinfo=timezone.utc))
    note = nb.create_note("progress", patient_id=b7, title="Progress HD2", at=datetime(2026, 11, 13, 12, tzinfo=timezone.utc),
                          sections={"assessment": "Adhesive SBO improving", "plan": "Walk the ward.\n\nHeart failure clinic"})
    reflection = nb.save_reflection("2026-W47", {"went_well": "Presented on the ward round", "free_text": "Café au lait"},
                                    rotation_id=surgery, at=datetime(2026, 11, 20, 12, tzinfo=timezone.utc))
    ids = {"todo": todo.id, "teaching_point": point.id, "question": question.id, "note": note.id,
           "reflection": reflection.id}
    return World(nb, medicine, surgery, b12, b7, ids)


def found(nb: Notebook, text: str, **filters) -> set[tuple[str, int]]:
    """What a user typing ``text`` finds, as (kind, id) pairs."""
    return {(hit.kind, hit.entry_id) for hit in nb.search(parse_query(text), **filters)}


def kinds_found(world: World, text: str, **filters) -> set[str]:
    hits = found(world.nb, text, **filters)
    assert all(world.entries[kind] == entry_id for kind, entry_id in hits)
    return {kind for kind, _ in hits}


def index_rows(path: Path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT rowid, kind, entry_id, rotation_id, patient_id, created_at, title, body,"
                                  " facets FROM search_index ORDER BY rowid").fetchall()


def assert_index_is_fresh(nb: Notebook) -> None:
    """The triggers left exactly what a rebuild from the tables makes."""
    before = index_rows(nb.path)
    assert nb.reindex() == len(before)
    assert index_rows(nb.path) == before


def raw(path: Path, sql: str, params=()) -> int:
    """Run one statement in another connection, as another program would; returns lastrowid."""
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("PRAGMA foreign_keys = ON")
        return connection.execute(sql, params).lastrowid


class TestQueryParser:
    """What users type becomes quoted FTS5 terms; their own syntax never reaches FTS5."""

    @pytest.mark.parametrize(("typed", "expression"), [
        ("spiro", '"spiro"*'),
        ("heart failure", '"heart"* "failure"*'),
        ('"heart failure"', '"heart failure"'),
        ('"heart fai', '"heart fai"*'),
        ("K+ vitamin d", '"K+" "vitamin"* "d"'),
        ("SBO OR ileus", '"SBO"* OR "ileus"*'),
        ("SBO AND NOT ileus", '"SBO"* NOT "ileus"*'),
        ("NOT ileus", '"ileus"*'),
        ("ileus OR", '"ileus"*'),
        ("a or b", '"a" "or"* "b"'),
        ("col:x ^y", '"col:x" "^y"'),
        ('ab"cd', '"ab"* "cd"*'),
        ("", ""), ("   ", ""), ('"', ""), ('""', ""), ("( ) * - + ^ :", ""), ("AND OR NOT", ""),
    ])
    def test_examples(self, typed: str, expression: str) -> None:
        assert parse_query(typed) == expression

    def test_long_input_is_cut_to_a_few_terms(self) -> None:
        assert parse_query("ward " * 400).count('"ward"*') == MAX_TERMS

    @given(st.text())
    def test_every_term_is_quoted_and_operators_sit_between_terms(self, text: str) -> None:
        term = r'"(?:[^"]|"")*"\*?'
        assert re.fullmatch(rf"(?:{term}(?: (?:(?:AND|OR|NOT) )?{term})*)?", parse_query(text))


class TestFinding:
    """Prefixes as you type, phrases, operators, accents and case; every text field of every kind."""

    def test_prefix_and_words_anywhere(self, world: World) -> None:
        assert kinds_found(world, "spiro") == {"todo", "teaching_point"}
        assert kinds_found(world, "SPIRONOLACTONE hyperkal") == {"teaching_point"}
        assert kinds_found(world, "ward") == set(KINDS)

    def test_phrases(self, world: World) -> None:
        assert kinds_found(world, '"heart failure"') == {"note"}
        assert kinds_found(world, '"failure heart"') == set()
        assert kinds_found(world, '"heart fail') == {"note"}

    def test_operators(self, world: World) -> None:
        assert kinds_found(world, "hyperkalemia OR decompression") == {"teaching_point", "question"}
        assert kinds_found(world, "ward NOT spiro") == {"question", "note", "reflection"}

    def test_accents_are_ignored_both_ways(self, world: World) -> None:
        assert kinds_found(world, "cafe") == {"reflection"}
        world.nb.add_todo("Ask about the naïve résumé", rotation_id=world.medicine)
        assert {kind for kind, _ in found(world.nb, "naive resume")} == {"todo"}

    @pytest.mark.parametrize(("kind", "word"), [
        ("todo", "recheck"), ("teaching_point", "cardio"), ("teaching_point", "attending"),
        ("teaching_point", "hyperkalemia"), ("question", "decompression"), ("note", "progress"),
        ("note", "adhesive"), ("note", "clinic"), ("reflection", "2026"), ("reflection", "presented"),
    ])
    def test_every_field_is_searched(self, world: World, kind: str, word: str) -> None:
        assert kind in kinds_found(world, word)

    def test_an_answer_is_searched(self, world: World) -> None:
        world.nb.answer_question(world.entries["question"], "Relieves distension and vomiting")
        assert kinds_found(world, "distension") == {"question"}

    def test_hit_carries_what_a_screen_shows(self, world: World) -> None:
        [hit] = world.nb.search(parse_query("spironolactone"), kinds=["todo"])
        assert (hit.title, hit.snippet) == ("Recheck K+ after spironolactone on the ward",) * 2
        assert [hit.snippet[start:end] for start, end in hit.marks] == ["spironolactone"]
        assert (hit.rotation_id, hit.patient_id, hit.created_at) == (world.medicine, world.b12, OCT5)
        [note] = world.nb.search(parse_query("heart fail"), kinds=["note"])
        assert note.title == "Progress HD2" and "\n" not in note.snippet
        assert [note.snippet[start:end] for start, end in note.marks] == ["Heart", "failure"]
        [note] = world.nb.search(parse_query('"heart failure"'))
        assert [note.snippet[start:end] for start, end in note.marks] == ["Heart failure"]

    def test_untitled_entries_are_titled_by_their_text(self, world: World) -> None:
        world.nb.create_note(rotation_id=world.medicine, sections={"subjective": "\n  Feels   better today  "})
        world.nb.add_point("Wells score for PE", rotation_id=world.medicine)
        assert {hit.title for hit in world.nb.search(parse_query("better OR wells"))} == {
            "Feels better today", "Wells score for PE"}

    def test_title_words_rank_first(self, world: World) -> None:
        body = world.nb.create_note(rotation_id=world.medicine, title="Day 3", sections={"plan": "start warfarin"})
        title = world.nb.create_note(rotation_id=world.medicine, title="Warfarin", sections={"plan": "INR daily"})
        assert [hit.entry_id for hit in world.nb.search(parse_query("warfarin"))] == [title.id, body.id]

    def test_a_very_common_word_shows_the_newest_first(self, world: World, monkeypatch) -> None:
        strong = world.nb.add_todo("aspirin aspirin aspirin", rotation_id=world.medicine, at=OCT5)
        newer = [world.nb.add_todo(f"aspirin then step {n} of a long plan", rotation_id=world.medicine,
                                   at=OCT5 + timedelta(hours=n + 1)).id for n in range(5)]
        assert world.nb.search(parse_query("aspirin"))[0].entry_id == strong.id
        monkeypatch.setattr(search_module, "RANK_WINDOW", 5)  # six matches: too many to rank
        assert [hit.entry_id for hit in world.nb.search(parse_query("aspirin"), limit=4)] == newer[:0:-1]


class TestFilters:
    """Kind, rotation, patient, tag and dates, alone and together."""

    def test_kinds(self, world: World) -> None:
        assert kinds_found(world, "ward", kinds=["todo"]) == {"todo"}
        assert kinds_found(world, "ward", kinds=["point", "note"]) == {"teaching_point", "note"}
        assert kinds_found(world, "ward", kinds=[]) == set()
        with pytest.raises(InvalidInput, match="Unknown kind of entry 'patient'"):
            world.nb.search('"ward"', kinds=["patient"])

    def test_rotation_and_patient(self, world: World) -> None:
        assert kinds_found(world, "ward", rotation_id=world.medicine) == {"todo", "teaching_point"}
        assert kinds_found(world, "ward", rotation_id=world.surgery) == {"question", "note", "reflection"}
        assert kinds_found(world, "ward", patient_id=world.b7) == {"question", "note"}
        assert kinds_found(world, "ward", patient_id=world.b12, rotation_id=world.surgery) == set()
        world.nb.update_todo(world.entries["todo"], patient_id=None)
        assert kinds_found(world, "ward", patient_id=world.b12) == set()

    def test_tag(self, world: World) -> None:
        nb = world.nb
        assert kinds_found(world, "ward", tag="#Renal") == {"teaching_point"}
        nb.add_tags("question", world.entries["question"], ["renal"])
        # A tag belongs to one kind of entry: the note with the to-do's id, and the patient, are not tagged.
        assert world.entries["todo"] == world.entries["note"]
        nb.add_tags("todo", world.entries["todo"], ["cardio"])
        nb.add_tags("patient", world.b7, ["cardio"])
        assert kinds_found(world, "ward", tag="renal") == {"teaching_point", "question"}
        assert kinds_found(world, "ward", tag="cardio") == {"todo"}
        nb.remove_tag("teaching_point", world.entries["teaching_point"], "renal")
        assert kinds_found(world, "ward", tag="renal") == {"question"}
        assert kinds_found(world, "ward", tag="no-such-tag") == set()
        with pytest.raises(InvalidInput, match="tag"):
            nb.search('"ward"', tag=" # ")
        assert_index_is_fresh(nb)

    def test_dates(self, world: World) -> None:
        assert kinds_found(world, "ward", since=date(2026, 11, 1)) == {"question", "note", "reflection"}
        assert kinds_found(world, "ward", until=date(2026, 10, 6)) == {"todo", "teaching_point"}
        assert kinds_found(world, "ward", since=date(2026, 10, 6), until=date(2026, 11, 12)) == {
            "teaching_point", "question"}
        exact = OCT5 + timedelta(days=1)
        assert kinds_found(world, "ward", since=exact, until=exact) == {"teaching_point"}
        assert kinds_found(world, "ward", since=exact + timedelta(minutes=1)) == {"question", "note", "reflection"}
        with pytest.raises(InvalidInput, match="time zone"):
            world.nb.search('"ward"', since=datetime(2026, 11, 1))
        with pytest.raises(InvalidInput, match="ends before it starts"):
            world.nb.search('"ward"', since=date(2026, 11, 2), until=date(2026, 11, 1))

    def test_limit(self, world: World) -> None:
        assert len(world.nb.search('"ward"', limit=2)) == 2
        assert len(world.nb.search('"ward"', limit=10**6)) == 5
        with pytest.raises(InvalidInput, match="at least 1"):
            world.nb.search('"ward"', limit=0)


class TestUserSyntax:
    """Whatever is typed, a search never crashes and never shows an SQL error."""

    @pytest.mark.parametrize("typed", HOSTILE)
    def test_typed_syntax_is_only_text(self, world: World, typed: str) -> None:
        for filters in ({}, {"kinds": ["note"], "rotation_id": world.surgery, "tag": "renal"}):
            assert isinstance(world.nb.search(parse_query(typed), **filters), list)

    def test_facet_words_cannot_be_typed(self, world: World) -> None:
        # The index's filter words start with U+E000; typed, it is removed, so "k1" is only text.
        assert found(world.nb, "\ue000k1") == found(world.nb, "k1") == set()

    @pytest.mark.parametrize("expression", ['"unbalanced', "a AND", "(", "col:x", "NEAR(a b", "*", "a OR OR b"])
    def test_an_expression_fts5_rejects_is_a_one_line_error(self, world: World, expression: str) -> None:
        with pytest.raises(InvalidInput, match="Cannot search for that") as info:
            world.nb.search(expression)
        assert "\n" not in str(info.value)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.one_of(st.text(), st.lists(st.one_of(st.sampled_from(HOSTILE[:-4] + ["ward", "SBO"]),
                                                   st.text(max_size=4))).map(" ".join)))
    def test_any_text_is_safe(self, world: World, typed: str) -> None:
        expression = parse_query(typed)
        with closing(sqlite3.connect(world.nb.path)) as connection:
            if expression:
                connection.execute("SELECT count(*) FROM search_index WHERE search_index MATCH ?", (expression,))
        for hit in world.nb.search(expression) + world.nb.search(expression, kinds=["note", "todo"],
                                                                 since=date(2026, 10, 1)):
            assert all(0 <= start < end <= len(hit.snippet) for start, end in hit.marks)


def test_unmark_gives_one_line_and_offsets() -> None:
    assert unmark("  a\x02b\x03 \n\n c\x02d e\x03") == ("ab cd e", ((1, 2), (4, 7)))
    assert unmark("\x03x\x02\x02y\x03\x02") == ("xy", ((1, 2),))


# Keeping in step ------------------------------------------------------------------------------------------

STORE_WRITES = {
    "todo": (lambda nb, w, text: nb.add_todo(text, rotation_id=w.medicine).id,
             lambda nb, i, text: nb.update_todo(i, text=text), lambda nb, i: nb.delete_todo(i)),
    "teaching_point": (lambda nb, w, text: nb.add_point(text, rotation_id=w.medicine).id,
                       lambda nb, i, text: nb.update_point(i, source=text), lambda nb, i: nb.delete_point(i)),
    "question": (lambda nb, w, text: nb.add_question(text, rotation_id=w.medicine).id,
                 lambda nb, i, text: nb.answer_question(i, text), lambda nb, i: nb.delete_question(i)),
    "note": (lambda nb, w, text: nb.create_note(rotation_id=w.medicine, sections={"hpi": text}).id,
             lambda nb, i, text: nb.save_note(i, title=text, sections={"hpi": "x"}), lambda nb, i: nb.delete_note(i)),
    "reflection": (lambda nb, w, text: nb.save_reflection("2026-W01", {"do_differently": text}).id,
                   lambda nb, i, text: nb.save_reflection("2026-W01", {"do_differently": text}), None),
}
_BLANK = ", ".join("''" for _ in ALL_NOTE_SECTIONS[:-1])
RAW_WRITES = {
    "todo": ("INSERT INTO todo (uid, rotation_id, text, kind, position, created_at, updated_at)"
             " VALUES (lower(hex(randomblob(16))), 1, ?, 'task', 9, ?, ?)", "text"),
    "teaching_point": ("INSERT INTO teaching_point (uid, rotation_id, text, topic, source, starred, created_at,"
                       " updated_at) VALUES (lower(hex(randomblob(16))), 1, ?, '', '', 0, ?, ?)", "topic"),
    "question": ("INSERT INTO question (uid, rotation_id, text, answer, status, created_at, updated_at)"
                 " VALUES (lower(hex(randomblob(16))), 1, ?, '', 'open', ?, ?)", "answer"),
    "note": (f"INSERT INTO note (uid, rotation_id, kind, title, status, {', '.join(ALL_NOTE_SECTIONS)}, created_at,"
             f" updated_at) VALUES (lower(hex(randomblob(16))), 1, 'soap', '', 'draft', {_BLANK}, ?, ?, ?)", "title"),
    "reflection": ("INSERT INTO reflection (uid, rotation_id, week, went_well, didnt_go_well, learned_about_myself,"
                   " do_differently, free_text, created_at, updated_at)"
                   " VALUES (lower(hex(randomblob(16))), 1, '2026-W01', '', '', '', '', ?, ?, ?)", "went_well"),
}


class TestInStep:
    """Insert, edit and delete of every kind, through the store and behind its back."""

    @pytest.mark.parametrize("kind", KINDS)
    def test_through_the_store(self, world: World, kind: str) -> None:
        add, edit, delete = STORE_WRITES[kind]
        entry_id = add(world.nb, world, "zolpidem at bedtime")
        assert found(world.nb, "zolpid") == {(kind, entry_id)}
        edit(world.nb, entry_id, "trazodone instead")
        assert (kind, entry_id) in found(world.nb, "trazod")
        assert_index_is_fresh(world.nb)
        if delete is not None:
            delete(world.nb, entry_id)
            assert found(world.nb, "trazod OR zolpid") == set()
            assert_index_is_fresh(world.nb)

    @pytest.mark.parametrize("kind", KINDS)
    def test_through_another_connection(self, world: World, kind: str) -> None:
        insert, column = RAW_WRITES[kind]
        path = world.nb.path
        entry_id = raw(path, insert, ("zolpidem at bedtime", STAMP, STAMP))
        assert found(world.nb, "zolpid") == {(kind, entry_id)}
        raw(path, f"UPDATE {kind} SET {column} = 'trazodone instead' WHERE id = ?", (entry_id,))
        assert (kind, entry_id) in found(world.nb, "trazod")
        # A new creation moment moves the entry in the index too: the date filter finds it there.
        raw(path, f"UPDATE {kind} SET {column} = 'melatonin', created_at = ? WHERE id = ?", (FUTURE, entry_id))
        assert found(world.nb, "melat", since=date(2050, 1, 1)) == {(kind, entry_id)}
        assert not found(world.nb, "traz")
        raw(path, "INSERT INTO tag (name, created_at, updated_at) VALUES ('sleep', ?, ?)", (STAMP, STAMP))
        raw(path, "INSERT INTO tagging (tag_id, entity, entity_id, created_at, updated_at)"
                  " SELECT id, ?, ?, ?, ? FROM tag WHERE name = 'sleep'", (kind, entry_id, STAMP, STAMP))
        assert found(world.nb, "melat", tag="sleep") == {(kind, entry_id)}
        assert_index_is_fresh(world.nb)
        raw(path, "DELETE FROM tag WHERE name = 'sleep'")  # cascades to the tagging
        assert_index_is_fresh(world.nb)
        raw(path, f"DELETE FROM {kind} WHERE id = ?", (entry_id,))
        assert found(world.nb, "melat") == set()
        assert_index_is_fresh(world.nb)

    def test_cascades_follow(self, world: World) -> None:
        nb = world.nb
        b9 = nb.add_patient("B9", rotation_id=world.medicine)
        nb.add_question("Ward question about B9", patient_id=b9.id)
        raw(nb.path, "DELETE FROM patient WHERE id = ?", (b9.id,))  # the question's patient_id becomes NULL
        assert kinds_found(world, "ward", patient_id=b9.id) == set()
        assert_index_is_fresh(nb)
        raw(nb.path, "DELETE FROM rotation WHERE id = ?", (world.medicine,))
        assert {kind for kind, _ in found(nb, "ward")} == {"question", "note", "reflection"}
        assert_index_is_fresh(nb)

    def test_imported_text_is_found(self, world: World, tmp_path: Path) -> None:
        doc = world.nb.export_document()
        with open_notebook(tmp_path / "other.db") as other:
            other.import_document(doc)
            assert {kind for kind, _ in found(other, "ward")} == set(KINDS)
            doc["todos"][0]["text"] = "Recheck magnesium instead"
            doc["todos"][0]["updated_at"] = "2030-01-01T00:00:00.000000Z"
            other.import_document(doc)
            assert {kind for kind, _ in found(other, "magnes")} == {"todo"}
            assert {kind for kind, _ in found(other, "spiro")} == {"teaching_point"}
            assert_index_is_fresh(other)

    def test_reindex_rebuilds_a_lost_index(self, world: World) -> None:
        raw(world.nb.path, "DELETE FROM search_index")
        assert found(world.nb, "ward") == set()
        assert world.nb.reindex() == 5
        assert kinds_found(world, "ward") == set(KINDS)
        assert kinds_found(world, "ward", tag="renal") == {"teaching_point"}

    def test_every_trigger_is_there(self, world: World) -> None:
        with closing(sqlite3.connect(world.nb.path)) as connection:
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        expected = {f"search_index_{table}_{event}" for table in (*KIND_CODES, "tagging")
                    for event in ("insert", "update", "delete")}
        assert expected <= names


def test_upgrading_a_0003_file_fills_the_index(db_path: Path) -> None:
    create_private_file(db_path)
    engine = make_engine(db_path)
    upgrade(engine, "0003")
    engine.dispose()
    raw(db_path, "INSERT INTO rotation (id, uid, specialty, site, service, start_date, is_current, created_at,"
                 " updated_at) VALUES (1, 'r1', 'Surgery', '', '', '2026-11-09', 1, ?, ?)", (STAMP, STAMP))
    for kind, (insert, _) in RAW_WRITES.items():
        raw(db_path, insert, (f"Old {kind.replace('_', ' ')} about appendicitis", STAMP, STAMP))
    raw(db_path, "INSERT INTO tag (id, name, created_at, updated_at) VALUES (1, 'gi', ?, ?)", (STAMP, STAMP))
    raw(db_path, "INSERT INTO tagging (tag_id, entity, entity_id, created_at, updated_at)"
                 " VALUES (1, 'note', 1, ?, ?)", (STAMP, STAMP))
    with open_notebook(db_path) as nb:
        assert {kind for kind, _ in found(nb, "appendic")} == set(KINDS)
        assert found(nb, "appendic", tag="gi") == {("note", 1)}
        assert_index_is_fresh(nb)
