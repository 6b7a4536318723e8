"""Export and import of the whole notebook: byte-identical round trips, merges that never lose a word,
and documents refused with a clear message before anything is written."""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clerkbook.domain.demo import fill_demo
from clerkbook.models import ALL_NOTE_SECTIONS, new_uid
from clerkbook.store import Notebook, open_notebook
from clerkbook.store.errors import InvalidDocument
from clerkbook.store.exchange import ImportReport, document_from_json, document_to_json
from clerkbook.store.schema import HEAD

NOW = datetime(2026, 11, 25, 14, 30, tzinfo=timezone.utc)
KINDS = ("rotations", "patients", "todos", "teaching_points", "questions", "notes", "reflections", "procedures",
         "feedback", "letters", "contacts", "checklist_items", "certifications", "daily_entries", "patient_signouts")


def at(hours: float) -> datetime:
    return NOW + timedelta(hours=hours)


def fill(nb: Notebook) -> None:
    """The demo, plus entries that exercise every corner of the document."""
    fill_demo(nb, NOW)
    patient = nb.add_patient("Room 40", "81F", "Hip fracture → ORIF", at=at(-30))
    nb.add_tags("patient", patient.id, ["ortho", "gériatrie"])
    todo = nb.add_todo("Check Hb post-op\n(2 units PRBC?)", kind="lab", patient_id=patient.id, due_at=at(-20),
                       at=at(-29))
    nb.complete_todo(todo.id, when=at(-19))
    nb.add_tags("todo", todo.id, ["ortho"])
    note = nb.create_note("hp", patient_id=patient.id, title="Admission H&P",
                          sections={"hpi": "Fell at home.", "plan": "ORIF"}, at=at(-28))
    nb.save_note(note.id, sections={"plan": "ORIF tomorrow; hold apixaban"}, at=at(-27))
    nb.save_note(note.id, status="reviewed", sections={"assessment": "Displaced femoral neck fracture"},
                 reason="resident review", at=at(-26))
    nb.add_tags("note", note.id, ["ortho"])
    nb.create_note("progress", copy_from=note.id, title="POD 1", at=at(-4))
    question = nb.add_question("Why hold apixaban 48 h?", patient_id=patient.id, at=at(-27))
    nb.answer_question(question.id, "High bleeding-risk surgery: stop 48 h before.", at=at(-25))
    nb.add_point("Time to OR < 48 h lowers mortality in hip fracture", topic="ortho", source="Dr R", starred=True,
                 tags=["ortho"], patient_id=patient.id, at=at(-26))
    nb.discharge_patient(patient.id, complete_open_todos=True, at=at(-2))
    reflection = nb.save_reflection("2025-W10", {"went_well": "Early days"}, at=at(-1000))
    nb.save_reflection("2025-W10", {"went_well": "Early days, rewritten", "free_text": "Before rotations"},
                       at=at(-999))
    nb.add_tags("reflection", reflection.id, ["meta"])
    # A reflection without a rotation: what a rotation's deletion leaves behind (ON DELETE SET NULL).
    with sqlite3.connect(nb.path) as connection:
        connection.execute("UPDATE reflection SET rotation_id = NULL WHERE week = '2025-W10'")
    connection.close()


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, read through a separate read-only connection."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: sorted(connection.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}
    finally:
        connection.close()


def file_bytes(path: Path) -> tuple[bytes, bytes]:
    wal = Path(f"{path}-wal")
    return path.read_bytes(), wal.read_bytes() if wal.exists() else b""


def total(report: ImportReport, which: str) -> int:
    return sum(getattr(report, which).values())


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A filled notebook (not to be changed by tests) and its export as JSON text."""
    path = tmp_path_factory.mktemp("source") / "source.db"
    with open_notebook(path) as nb:
        fill(nb)
        return path, document_to_json(nb.export_document())


@pytest.fixture
def doc(source: tuple[Path, str]) -> dict:
    return document_from_json(source[1])


@pytest.fixture
def other(tmp_path: Path):
    """A second notebook with entries of its own, one tag name shared with the demo."""
    with open_notebook(tmp_path / "other.db") as nb:
        nb.add_rotation("Pediatrics", site="Children's", start=date(2027, 1, 4))
        patient = nb.add_patient("Crib 3", "4M", "Bronchiolitis", at=at(10))
        nb.add_todo("Wean O2 to RA", patient_id=patient.id, at=at(10))
        note = nb.create_note("soap", patient_id=patient.id, sections={"subjective": "Feeding better"}, at=at(11))
        nb.add_tags("note", note.id, ["cardio", "peds"])
        nb.save_reflection("2027-W01", {"went_well": "Talking to parents"}, at=at(12))
        yield nb


class TestDocument:
    """The shape of the document: uids for references, the spec's key order, deterministic lists."""

    def test_keys_and_order(self, doc: dict) -> None:
        assert list(doc) == ["format", "format_version", "schema", *KINDS, "tags"]
        assert (doc["format"], doc["format_version"], doc["schema"]) == ("clerkbook-export", 2, HEAD)
        assert list(doc["notes"][0]) == ["uid", "rotation", "patient", "kind", "title", "status", "copied_from",
                                         "sections", "created_at", "updated_at", "tags", "revisions"]
        assert all(list(note["sections"]) == list(ALL_NOTE_SECTIONS) for note in doc["notes"])
        assert list(doc["tags"][0]) == ["name", "created_at", "updated_at"]
        assert [tag["name"] for tag in doc["tags"]] == sorted(tag["name"] for tag in doc["tags"])
        assert [r["week"] for r in doc["reflections"]] == sorted(r["week"] for r in doc["reflections"])
        for kind in KINDS[1:6]:
            keys = [(entry["created_at"], entry["uid"]) for entry in doc[kind]]
            assert keys == sorted(keys), kind

    def test_references_are_uids_and_no_integer_ids(self, doc: dict, source: tuple[Path, str]) -> None:
        assert '"id"' not in source[1]
        uids = [entry["uid"] for kind in KINDS for entry in doc[kind]]
        assert all(re.fullmatch(r"[0-9a-f]{32}", uid) for uid in uids) and len(set(uids)) == len(uids)
        notes = {note["uid"]: note for note in doc["notes"]}
        copied = [note for note in doc["notes"] if note["copied_from"]]
        assert copied and all(note["copied_from"] in notes for note in copied)
        assert any(reflection["rotation"] is None for reflection in doc["reflections"])
        hip = next(p for p in doc["patients"] if p["bed"] == "Room 40")
        assert (hip["status"], hip["tags"]) == ("discharged", ["gériatrie", "ortho"])
        h_and_p = next(note for note in doc["notes"] if note["title"] == "Admission H&P")
        assert [r["content"]["plan"] for r in h_and_p["revisions"]] == ["ORIF", "ORIF tomorrow; hold apixaban"]
        assert "gériatrie" in source[1] and "→" in source[1]  # written as UTF-8, not \u escapes


class TestRoundTrip:
    """Export -> import into an empty file -> export is byte-identical; importing again changes nothing."""

    def test_byte_identical(self, source: tuple[Path, str], tmp_path: Path) -> None:
        with open_notebook(tmp_path / "copy.db") as nb:
            report = nb.import_document(document_from_json(source[1]))
            assert document_to_json(nb.export_document()) == source[1]
            with open_notebook(source[0]) as original:
                assert nb.counts() == original.counts()
        assert total(report, "updated") == total(report, "unchanged") == 0 and report.notes == []
        assert report.added["notes"] == nb.counts()["notes"]

    def test_importing_twice_changes_nothing(self, doc: dict, tmp_path: Path) -> None:
        path = tmp_path / "twice.db"
        with open_notebook(path) as nb:
            first = nb.import_document(copy.deepcopy(doc))
            before = dump(path)
            second = nb.import_document(doc)
            assert dump(path) == before
        assert not second.changed and second.notes == []
        assert second.unchanged == first.added

    def test_own_export_changes_nothing(self, source: tuple[Path, str], tmp_path: Path) -> None:
        path = tmp_path / "own.db"
        path.write_bytes(source[0].read_bytes())
        with open_notebook(path) as nb:
            before = dump(path)
            report = nb.import_document(nb.export_document())
            assert dump(path) == before and not report.changed


class TestMerge:
    """Importing into a notebook with its own entries keeps both; conflicts keep every word."""

    def test_both_sets_kept(self, doc: dict, other: Notebook) -> None:
        mine = other.export_document()
        own_counts = other.counts()
        report = other.import_document(doc)
        merged = other.export_document()
        for kind in KINDS:
            assert {e["uid"] for e in merged[kind]} == {e["uid"] for e in mine[kind]} | {e["uid"] for e in doc[kind]}
        assert other.counts()["notes"] == own_counts["notes"] + len(doc["notes"])
        names = [tag["name"] for tag in merged["tags"]]
        assert names.count("cardio") == 1 and "peds" in names and "ortho" in names
        assert other.current_rotation().specialty == "Pediatrics"
        assert any("stays the current rotation" in line for line in report.notes)
        again = other.import_document(doc)
        assert not again.changed

    def test_tags_are_unioned(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            a.add_rotation("Surgery", start=date(2026, 11, 9))
            point = a.add_point("Pain out of proportion: think ischemia", tags=["vascular"], at=at(0))
            b.import_document(a.export_document())
            a.add_tags("teaching_point", point.id, ["gi"])
            b.add_tags("teaching_point", b.list_points()[0].id, ["exam"])
            report = b.import_document(a.export_document())
            assert b.tags_for("teaching_point", b.list_points()[0].id) == ["exam", "gi", "vascular"]
        assert report.updated["teaching_points"] == 1

    def test_conflicting_note_edits_keep_both_texts(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            a.add_rotation("Medicine", start=date(2026, 11, 9))
            note = a.create_note("soap", title="Day 2", sections={"plan": "Diurese"}, at=at(0))
            b.import_document(a.export_document())
            b_note = b.list_notes()[0]
            a.save_note(note.id, sections={"plan": "Diurese; add metolazone"}, at=at(1))
            b.save_note(b_note.id, sections={"plan": "Diurese; hold for AKI"}, at=at(2))

            report = a.import_document(b.export_document())
            assert a.get_note(note.id).plan == "Diurese; hold for AKI"
            texts = {(r.reason, json.loads(r.content)["plan"]) for r in a.list_note_revisions(note.id)}
            assert ("import", "Diurese; add metolazone") in texts and ("save", "Diurese") in texts
            assert any("kept as a revision" in line for line in report.notes)

            report = b.import_document(a.export_document())
            assert b.get_note(b_note.id).plan == "Diurese; hold for AKI"
            b_texts = [json.loads(r.content)["plan"] for r in b.list_note_revisions(b_note.id)]
            assert "Diurese; add metolazone" in b_texts
            assert a.import_document(b.export_document()).changed is False
            assert b.import_document(a.export_document()).changed is False
            assert len(a.list_notes()) == len(b.list_notes()) == 1

    def test_older_imported_note_is_kept_as_a_revision(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a:
            a.add_rotation("Medicine", start=date(2026, 11, 9))
            note = a.create_note("soap", sections={"subjective": "Tired"}, at=at(0))
            exported = a.export_document()
            a.save_note(note.id, sections={"subjective": "Tired, better today"}, at=at(3))
            exported["notes"][0]["sections"]["subjective"] = "Tired and dizzy"
            exported["notes"][0]["updated_at"] = "2026-11-25T15:30:00.000000Z"  # at(1): older than a's edit
            report = a.import_document(exported)
            assert a.get_note(note.id).subjective == "Tired, better today"
            revision = a.list_note_revisions(note.id)[0]
            assert (revision.reason, json.loads(revision.content)["subjective"]) == ("import", "Tired and dizzy")
            assert report.added["note_revisions"] == 1 and report.updated["notes"] == 1
            assert not a.import_document(exported).changed

    def test_same_week_reflections_are_merged(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            a.save_reflection("2026-W47", {"went_well": "First solo H&P"}, at=at(-50))
            b.save_reflection("2026-W47", {"went_well": "Presented on rounds"}, at=at(-40))
            report = b.import_document(a.export_document())
            reflections = b.list_reflections()
            assert len(reflections) == 1 and reflections[0].went_well == "Presented on rounds"
            revisions = b.list_reflection_revisions("2026-W47")
            assert [(r.reason, json.loads(r.content)["went_well"]) for r in revisions] == [("import",
                                                                                            "First solo H&P")]
            assert report.updated["reflections"] == 1 and "another copy of that week" in report.notes[0]

            report = a.import_document(b.export_document())
            assert a.get_reflection("2026-W47").went_well == "Presented on rounds"
            kept = [json.loads(r.content)["went_well"] for r in a.list_reflection_revisions("2026-W47")]
            assert "First solo H&P" in kept
            assert not b.import_document(a.export_document()).changed

    def test_active_bed_clash_is_mapped_onto_the_local_patient(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            a.add_rotation("Medicine", start=date(2026, 11, 9))
            b.import_document(a.export_document())
            theirs = a.add_patient("B7", "67M", "CHF", at=at(0))
            a.add_todo("AM BMP", kind="lab", patient_id=theirs.id, at=at(1))
            mine = b.add_patient("Bed 7", "70F", "COPD", at=at(0))
            report = b.import_document(a.export_document())
            assert [p.id for p in b.list_patients()] == [mine.id]
            assert [(t.text, t.patient_id) for t in b.list_todos()] == [("AM BMP", mine.id)]
            assert report.unchanged["patients"] == 1 and "bed is taken" in report.notes[0]
            assert not b.import_document(a.export_document()).changed

    def test_newer_patient_is_not_made_active_in_a_taken_bed(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            long_ago = datetime(2020, 1, 6, 7, 0, tzinfo=timezone.utc)
            a.add_rotation("Medicine", start=date(2020, 1, 6))
            patient = a.add_patient("B7", "67M", "CHF", at=long_ago)
            b.import_document(a.export_document())
            b.discharge_patient(b.list_patients()[0].id, at=long_ago + timedelta(hours=1))
            b.add_patient("B7", "70F", "COPD", at=long_ago + timedelta(hours=2))
            a.update_patient(patient.id, summary="CHF, diuresing")  # stamped now: later than all of the above
            report = b.import_document(a.export_document())
            assert [p.summary for p in b.list_patients()] == ["COPD"]
            assert "this notebook's version was kept" in report.notes[0]

    def test_imported_current_rotation_taken_by_an_empty_notebook(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            a.add_rotation("Medicine", start=date(2026, 9, 1))
            a.add_rotation("Surgery", start=date(2026, 11, 9))
            b.import_document(a.export_document())
            assert b.current_rotation().specialty == "Surgery"


def mutate_path(doc: dict, path: tuple, value: object) -> None:
    target = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


def value_at(doc: dict, path: tuple) -> object:
    for step in path:
        doc = doc[step]
    return doc


def delete_path(doc: dict, path: tuple) -> None:
    target = doc
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]


DELETE = object()
#: (where, new value or DELETE, the message expected); a tuple value copies what is at that path.
REFUSED = [
    (("notes", 3, "kind"), "letter", r"^notes\[3\]\.kind: 'letter' is not one of soap, hp, progress$"),
    (("todos", 0, "position"), "3", r"^todos\[0\]\.position: expected a whole number, got a string$"),
    (("rotations", 1, "is_current"), 1, r"^rotations\[1\]\.is_current: expected true or false, got a number$"),
    (("patients", 2, "uid"), "NOT-A-UID", r"^patients\[2\]\.uid: 'NOT-A-UID' is not a uid"),
    (("notes", 0, "patient"), "0" * 32, r"^notes\[0\]\.patient: no patient 0{32} in this export or in the notebook$"),
    (("questions", 1, "created_at"), "2026-11-25 15:15",
     r"^questions\[1\]\.created_at: '2026-11-25 15:15' is not a UTC timestamp like 2026-11-25T15:15:00.000000Z$"),
    (("rotations", 0, "start_date"), "2026-02-30", r"^rotations\[0\]\.start_date: '2026-02-30' is not a real date$"),
    (("notes", 1, "sections"), [], r"^notes\[1\]\.sections: expected an object, got an array$"),
    (("notes", 1, "sections", "hpi"), None, r"^notes\[1\]\.sections\.hpi: expected a string, got null$"),
    (("patients", 0, "tags"), ["not-listed"], r"^patients\[0\]\.tags\[0\]: tag 'not-listed' is not listed in tags$"),
    (("patients", 0, "tags"), ["#Cardio"], r"^patients\[0\]\.tags\[0\]: '#Cardio' is not a tag name"),
    (("rotations", 0, "is_current"), True, r"^rotations\[1\]\.is_current: rotations\[0\] is already the current"),
    (("todos", 1, "uid"), ("todos", 0, "uid"), r"^todos\[1\]\.uid: [0-9a-f]{32} appears twice in todos$"),
    (("reflections", 1, "week"), ("reflections", 0, "week"), r"^reflections\[1\]\.week: reflections\[0\] is already"),
    (("reflections", 1, "week"), "2026-48", r"^reflections\[1\]\.week: '2026-48' is not an ISO week like 2026-W48$"),
    (("teaching_points", 0, "text"), "  ", r"^teaching_points\[0\]\.text: is empty$"),
    (("questions", 0, "status"), DELETE, r"^questions\[0\]\.status: missing$"),
    (("questions", 0, "colour"), "red", r"^questions\[0\]: unknown key 'colour'$"),
    (("rotations",), DELETE, r"^rotations: missing$"),
    (("tags",), {}, r"^tags: expected an array, got an object$"),
    (("format",), "something-else", r"^Not a clerkbook export: format is 'something-else', not 'clerkbook-export'\.$"),
    (("format_version",), 3, r"^This export comes from a newer clerkbook \(format version 3\)"),
    (("format_version",), 0, r"^format_version: expected 1 to 2, got 0$"),
    (("procedures",), DELETE, r"^procedures: missing$"),
    (("schema",), "0099",
     r"^This export comes from a newer clerkbook \(schema 0099\); update clerkbook to import it\.$"),
]


@pytest.mark.parametrize(("where", "value", "message"), REFUSED)
def test_invalid_documents_are_refused_and_nothing_is_written(doc: dict, other: Notebook, where: tuple,
                                                             value: object, message: str) -> None:
    if value is DELETE:
        delete_path(doc, where)
    else:
        mutate_path(doc, where, value_at(doc, value) if isinstance(value, tuple) else value)
    before = dump(other.path), file_bytes(other.path)
    with pytest.raises(InvalidDocument, match=message) as info:
        other.import_document(doc)
    assert "\n" not in str(info.value)
    assert (dump(other.path), file_bytes(other.path)) == before


def test_revision_content_is_checked(doc: dict, other: Notebook) -> None:
    note = next(index for index, note in enumerate(doc["notes"]) if note["revisions"])
    doc["notes"][note]["revisions"][0]["content"]["diagnosis"] = "x"
    with pytest.raises(InvalidDocument, match=rf"^notes\[{note}\]\.revisions\[0\]\.content: unknown section"):
        other.import_document(doc)


@pytest.mark.parametrize(("source_text", "message"), [
    ('{"format": "clerkbook-export",\n  "format_version": 1\n  "schema": "0003"}',
     "Not a clerkbook export: line 3, column 3: Expecting ',' delimiter"),
    ("", "Not a clerkbook export: line 1, column 1: Expecting value"),
    ("[1, 2]", "Not a clerkbook export: the JSON is an array, not an object."),
    ('"just text"', "Not a clerkbook export: the JSON is a string, not an object."),
])
def test_malformed_json_is_refused(source_text: str, message: str) -> None:
    with pytest.raises(InvalidDocument) as info:
        document_from_json(source_text)
    assert str(info.value) == message


def test_not_a_dict_is_refused(notebook: Notebook) -> None:
    with pytest.raises(InvalidDocument, match="not an object"):
        notebook.import_document([1, 2])  # type: ignore[arg-type]
    assert notebook.is_empty()


def test_uids_of_new_entries(rotation_nb: Notebook) -> None:
    todo = rotation_nb.add_todo("Page radiology")
    assert re.fullmatch(r"[0-9a-f]{32}", todo.uid) and todo.uid != new_uid()
    rotation_nb.delete_todo(todo.id)
    assert rotation_nb.restore_todo(todo).uid == todo.uid


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    found = []
    for key, child in items:
        found.append((*prefix, key))
        found += _paths(child, (*prefix, key))
    return found


ODD_VALUES = st.sampled_from([None, 0, -1, 2**70, 1.5, True, False, "", "x", " ", "2026-W48", "\ud800", [], {},
                              ["x"], {"a": 1}, "2026-11-25T15:15:00.000000Z", "2026-11-25", "0" * 32])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=st.data())
def test_random_damage_is_refused_cleanly_or_imported(data, source: tuple[Path, str], other: Notebook) -> None:
    doc = document_from_json(source[1])
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        paths = _paths(doc)
        if not paths:
            break
        path = paths[data.draw(st.integers(0, len(paths) - 1), label="path")]
        if data.draw(st.booleans(), label="delete"):
            delete_path(doc, path)
        else:
            mutate_path(doc, path, copy.deepcopy(data.draw(ODD_VALUES, label="value")))
    before = dump(other.path)
    try:
        other.import_document(doc)
    except InvalidDocument as exc:
        assert "\n" not in str(exc)
        assert dump(other.path) == before
    else:
        # Whatever was accepted must export and import back cleanly.
        assert not other.import_document(other.export_document()).changed


def test_an_export_without_revisions_is_the_same_less_the_revisions(source: tuple[Path, str]) -> None:
    with open_notebook(source[0]) as nb:
        whole, lean = nb.export_document(), nb.export_document(revisions=False)
    assert any(note["revisions"] for note in whole["notes"]) and any(r["revisions"] for r in whole["reflections"])
    for name in ("notes", "reflections"):
        for entry in whole[name]:
            del entry["revisions"]
    assert lean == whole
