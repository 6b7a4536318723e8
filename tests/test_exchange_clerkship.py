"""The clerkship lists (procedures, feedback, letters, contacts, checklist, certifications, daily log, sign-outs)
through export and import: byte-identical round trips, merges by uid, by day and by patient, old documents.

Every name and number here is invented for the test.
"""

from __future__ import annotations

import copy
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from clerkbook.store import Notebook, open_notebook
from clerkbook.store.errors import InvalidDocument
from clerkbook.store.exchange import document_from_json, document_to_json

NOW = datetime(2026, 11, 25, 14, 30, tzinfo=timezone.utc)
CLERKSHIP = ("procedures", "feedback", "letters", "contacts", "checklist_items", "certifications", "daily_entries",
             "patient_signouts")
#: Each list's keys, in the order of the document's spec.
KEYS = {
    "procedures": ["uid", "rotation", "patient", "name", "procedure_date", "role", "supervisor", "notes",
                   "created_at", "updated_at"],
    "feedback": ["uid", "rotation", "received_date", "giver", "context", "said", "will_change", "acted_date",
                 "acted_text", "created_at", "updated_at"],
    "letters": ["uid", "rotation", "attending", "status", "asked_date", "deadline_date", "sent_cv", "sent_statement",
                "sent_cases", "notes", "created_at", "updated_at"],
    "contacts": ["uid", "rotation", "name", "role", "notes", "thanked_date", "last_update_date", "created_at",
                 "updated_at"],
    "checklist_items": ["uid", "rotation", "name", "status", "done_date", "notes", "position", "created_at",
                        "updated_at"],
    "certifications": ["uid", "name", "expires_date", "notes", "created_at", "updated_at"],
    "daily_entries": ["uid", "rotation", "entry_date", "diagnoses", "management", "mistakes", "questions",
                      "created_at", "updated_at"],
    "patient_signouts": ["uid", "patient", "severity", "contingency", "created_at", "updated_at"],
}
#: The fields that may be null, and so must be seen both null and filled in a round trip.
NULLABLE = {"procedures": ["patient"], "feedback": ["acted_date"], "letters": ["asked_date", "deadline_date"],
            "contacts": ["rotation", "thanked_date", "last_update_date"], "checklist_items": ["done_date"],
            "certifications": ["expires_date"], "daily_entries": ["rotation"]}


def at(hours: float) -> datetime:
    return NOW + timedelta(hours=hours)


def sql(path: Path, statement: str, *args: object) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(statement, args)
    connection.close()


def fill_clerkship(nb: Notebook) -> None:
    """Every clerkship list with every field filled somewhere, and every nullable field null somewhere."""
    nb.add_rotation("Medicine", site="Riverside General", start=date(2026, 9, 7), end=date(2026, 10, 30))
    rotation = nb.add_rotation("Surgery", site="Lakeside", start=date(2026, 11, 2))
    patient = nb.add_patient("B7", "67M", "SBO, NPO", at=at(-90))
    other = nb.add_patient("B9", "54F", "Cholecystitis", at=at(-80))
    nb.add_procedure("Paracentesis", day=date(2026, 11, 20), role="performed", supervisor="Chief resident",
                     notes="2 L off; no complications", patient_id=patient.id, at=at(-70))
    nb.add_procedure("Venipuncture", day=date(2026, 11, 19), at=at(-60))
    said = nb.add_feedback("Lead with the problem", day=date(2026, 11, 18), giver="Chief resident",
                           context="Morning report", will_change="One-liner first", at=at(-65))
    nb.act_on_feedback(said.id, "Did it on Monday's rounds", day=date(2026, 11, 23))
    nb.add_feedback("Good abdominal exam", day=date(2026, 11, 19), at=at(-55))
    nb.add_letter("Attending Quill", status="agreed", asked=date(2026, 11, 20), deadline=date(2026, 12, 15),
                  sent_cv=True, sent_statement=True, sent_cases=True, notes="Wants the CV by Friday", at=at(-50))
    nb.add_letter("Attending Marsh", at=at(-45))
    nb.add_contact("Coordinator Vale", role="coordinator", notes="Sends the schedules", thanked=date(2026, 11, 21),
                   last_update=date(2026, 11, 22), at=at(-40))
    met_before = nb.add_contact("Resident Ionescu", role="resident", at=at(-35))
    sql(nb.path, "UPDATE contact SET rotation_id = NULL WHERE id = ?", met_before.id)
    item = nb.list_checklist(rotation_id=rotation.id)[0]
    nb.update_checklist_item(item.id, status="done", done=date(2026, 10, 20), notes="Uploaded to the portal")
    nb.add_certification("BLS", expires=date(2027, 6, 30), notes="Renew through the school")
    nb.add_certification("Hand hygiene module")
    nb.save_daily(date(2026, 11, 20), {"diagnoses": "SBO", "management": "NG decompression",
                                       "mistakes": "Forgot the lactate", "questions": "When to operate?"},
                  rotation_id=rotation.id, at=at(-30))
    nb.save_daily(date(2026, 8, 30), {"questions": "Which rotation first?"}, at=at(-2000))
    sql(nb.path, "UPDATE daily_entry SET rotation_id = NULL WHERE entry_date = '2026-08-30'")
    nb.set_signout(patient.id, severity="watcher", contingency="If febrile, cultures and call the senior")
    nb.set_signout(other.id, severity="stable")


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("clerkship") / "source.db"
    with open_notebook(path) as nb:
        fill_clerkship(nb)
        return path, document_to_json(nb.export_document())


@pytest.fixture
def doc(source: tuple[Path, str]) -> dict:
    return document_from_json(source[1])


def dump(path: Path) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: sorted(connection.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}
    finally:
        connection.close()


class TestDocument:
    def test_every_list_in_the_spec_order_with_the_spec_keys(self, doc: dict) -> None:
        assert list(doc)[10:18] == list(CLERKSHIP) and list(doc)[-1] == "tags" and doc["format_version"] == 2
        for name in CLERKSHIP:
            assert doc[name], name
            assert all(list(entry) == KEYS[name] for entry in doc[name]), name

    def test_nullable_fields_are_seen_null_and_filled(self, doc: dict) -> None:
        for name, fields in NULLABLE.items():
            for field in fields:
                values = [entry[field] for entry in doc[name]]
                assert None in values and any(value is not None for value in values), (name, field)

    def test_values_are_as_the_spec_says(self, doc: dict) -> None:
        letter = next(entry for entry in doc["letters"] if entry["attending"] == "Attending Quill")
        assert (letter["sent_cv"], letter["status"], letter["deadline_date"]) == (True, "agreed", "2026-12-15")
        assert {entry["sent_cases"] for entry in doc["letters"]} == {True, False}
        patients = {entry["uid"]: entry["bed"] for entry in doc["patients"]}
        assert {patients[entry["patient"]]: entry["severity"] for entry in doc["patient_signouts"]} == {
            "B7": "watcher", "B9": "stable"}
        assert all(isinstance(item["position"], int) for item in doc["checklist_items"])

    def test_lists_are_in_their_order(self, doc: dict) -> None:
        orders = {"procedures": ("procedure_date", "created_at", "uid"), "feedback": ("received_date", "created_at",
                  "uid"), "letters": ("created_at", "uid"), "contacts": ("name", "created_at", "uid"),
                  "checklist_items": ("position", "created_at", "uid"), "certifications": ("name", "created_at", "uid"),
                  "daily_entries": ("entry_date",), "patient_signouts": ("created_at", "uid")}
        for name, keys in orders.items():
            found = [tuple(entry[key] for key in keys) for entry in doc[name]]
            assert found == sorted(found), name
        assert [p["name"] for p in doc["procedures"]] == ["Venipuncture", "Paracentesis"]


class TestRoundTrip:
    def test_byte_identical_through_an_empty_notebook(self, source: tuple[Path, str], tmp_path: Path) -> None:
        with open_notebook(tmp_path / "copy.db") as nb:
            report = nb.import_document(document_from_json(source[1]))
            assert document_to_json(nb.export_document()) == source[1]
        doc = document_from_json(source[1])
        for name in CLERKSHIP:
            assert report.added[name] == len(doc[name]), name

    def test_importing_again_changes_nothing_and_counts_unchanged(self, doc: dict, tmp_path: Path) -> None:
        path = tmp_path / "twice.db"
        with open_notebook(path) as nb:
            nb.import_document(copy.deepcopy(doc))
            before = dump(path)
            again = nb.import_document(doc)
            assert dump(path) == before
        assert not again.changed and again.notes == []
        assert all(again.unchanged[name] == len(doc[name]) for name in CLERKSHIP)

    def test_own_export_changes_nothing(self, source: tuple[Path, str], tmp_path: Path) -> None:
        path = tmp_path / "own.db"
        path.write_bytes(source[0].read_bytes())
        with open_notebook(path) as nb:
            before = dump(path)
            assert not nb.import_document(nb.export_document()).changed
            assert dump(path) == before


class TestVersions:
    def test_a_version_1_document_without_the_new_lists_imports(self, doc: dict, tmp_path: Path) -> None:
        old = {key: value for key, value in doc.items() if key not in CLERKSHIP} | {"format_version": 1}
        with open_notebook(tmp_path / "old.db") as nb:
            report = nb.import_document(old)
            again = nb.export_document()
        assert report.added["patients"] == len(doc["patients"]) and report.added["procedures"] == 0
        assert all(again[name] == [] for name in CLERKSHIP)

    def test_a_version_1_document_with_the_new_lists_imports_them(self, doc: dict, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "old.db") as nb:
            nb.import_document(doc | {"format_version": 1})
            assert nb.export_document()["procedures"] == doc["procedures"]

    @pytest.mark.parametrize("name", CLERKSHIP)
    def test_a_version_2_document_needs_every_list(self, doc: dict, tmp_path: Path, name: str) -> None:
        del doc[name]
        with open_notebook(tmp_path / "new.db") as nb:
            with pytest.raises(InvalidDocument, match=rf"^{name}: missing$"):
                nb.import_document(doc)
            assert nb.is_empty()


class TestMerge:
    def test_later_edit_wins_and_the_older_is_counted(self, doc: dict, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "b.db") as b:
            b.import_document(copy.deepcopy(doc))
            theirs = copy.deepcopy(doc)
            newer = theirs["procedures"][1]
            newer |= {"role": "assisted", "notes": "Drained 3 L", "updated_at": "2027-01-04T10:00:00.000000Z"}
            older = theirs["letters"][0]
            older |= {"status": "to-ask", "updated_at": "2020-01-01T00:00:00.000000Z"}
            report = b.import_document(theirs)
            mine = b.export_document()
        assert mine["procedures"][1] == newer and mine["letters"][0] == doc["letters"][0]
        assert report.updated["procedures"] == 1 and report.unchanged["procedures"] == len(doc["procedures"]) - 1
        assert report.unchanged["letters"] == len(doc["letters"])
        assert any(line.startswith("procedure 'Paracentesis on 2026-11-20': changed in both notebooks; the imported")
                   for line in report.notes)
        assert any(line.startswith("letter 'Attending Quill': changed in both notebooks; this notebook's")
                   for line in report.notes)

    def test_two_notebooks_keep_both_sets(self, doc: dict, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "b.db") as b:
            b.add_rotation("Pediatrics", start=date(2027, 1, 4))
            b.add_procedure("Lumbar puncture", day=date(2027, 1, 6), role="observed")
            b.add_certification("PALS")
            mine = b.export_document()
            b.import_document(doc)
            merged = b.export_document()
        for name in CLERKSHIP:
            assert {e["uid"] for e in merged[name]} == {e["uid"] for e in mine[name]} | {e["uid"] for e in doc[name]}

    def test_the_same_day_keeps_both_texts(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            day = date(2026, 11, 24)
            a.save_daily(day, {"diagnoses": "Appendicitis", "mistakes": "Late to sign-out"}, at=at(-5))
            b.save_daily(day, {"diagnoses": "Diverticulitis", "questions": "CT or not?"}, at=at(-4))
            report = b.import_document(a.export_document())
            entry = b.get_daily(day)
            assert len(b.list_daily()) == 1
            assert entry.diagnoses == "Diverticulitis\n\nAppendicitis"  # the newer first, the other after it
            assert (entry.mistakes, entry.questions) == ("Late to sign-out", "CT or not?")
            assert report.updated["daily_entries"] == 1
            assert report.notes == ["daily log '2026-11-24' (another copy of that day): changed in both notebooks; "
                                    "this notebook's version is newer; the imported text under diagnoses, mistakes "
                                    "was added (both texts kept, one after the other)."]
            assert not b.import_document(a.export_document()).changed

            report = a.import_document(b.export_document())
            assert a.get_daily(day).diagnoses == "Diverticulitis\n\nAppendicitis" and a.get_daily(day).uid != entry.uid
            assert "the imported version is newer and now current" in report.notes[0]
            assert not a.import_document(b.export_document()).changed
            assert not b.import_document(a.export_document()).changed

    def test_a_day_whose_text_holds_the_other_is_simply_the_newer(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            day = date(2026, 11, 24)
            a.save_daily(day, {"management": "IV fluids"}, at=at(-5))
            b.import_document(a.export_document())
            b.save_daily(day, {"management": "IV fluids, then PO trial"}, at=at(-1))
            report = a.import_document(b.export_document())
            assert a.get_daily(day).management == "IV fluids, then PO trial" and report.updated["daily_entries"] == 1
            assert "both texts kept" not in report.notes[0]

    def test_a_rotations_checklist_written_twice_is_matched_by_name(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            rotation = a.add_rotation("Surgery", start=date(2026, 11, 2))
            b.import_document(a.export_document() | {"checklist_items": []})
            b_rotation = b.current_rotation().id
            for item in a.list_checklist(rotation_id=rotation.id):  # b's own copy, as an upgrade apart gives it
                b.add_checklist_item(item.name, rotation_id=b_rotation)
            visa = a.find_checklist_item("visa", rotation_id=rotation.id)
            a.update_checklist_item(visa.id, status="done", done=date(2026, 10, 1), notes="Not needed: citizen")
            count = len(a.list_checklist(rotation_id=rotation.id))
            report = b.import_document(a.export_document())
            items = b.list_checklist(rotation_id=b_rotation)
            assert len(items) == count and report.added["checklist_items"] == 0
            # The copies alike are left as they are, without a word; a's visa, changed last, replaces b's.
            assert (report.updated["checklist_items"], report.unchanged["checklist_items"]) == (1, count - 1)
            assert report.notes == ["checklist item 'Visa' (another copy of that document): changed in both "
                                    "notebooks; the imported version is newer and replaced this notebook's."]
            assert next(i for i in items if i.name == "Visa").notes == "Not needed: citizen"
            assert not b.import_document(a.export_document()).changed

    def test_a_sign_out_is_matched_by_its_patient(self, tmp_path: Path) -> None:
        with open_notebook(tmp_path / "a.db") as a, open_notebook(tmp_path / "b.db") as b:
            a.add_rotation("Surgery", start=date(2026, 11, 2))
            patient = a.add_patient("B7", "67M", "SBO", at=at(-10))
            b.import_document(a.export_document())
            a.set_signout(patient.id, severity="unstable", contingency="If peritonitic, page the fellow")
            b.set_signout(b.list_patients()[0].id, severity="watcher", contingency="Serial exams")
            b_signout = b.export_document()["patient_signouts"][0]
            # b's was written later: it stays, and a takes it.
            report = a.import_document(b.export_document())
            signouts = a.export_document()["patient_signouts"]
            assert len(signouts) == 1 and signouts[0]["contingency"] == "Serial exams"
            assert signouts[0]["uid"] != b_signout["uid"] and report.updated["patient_signouts"] == 1
            assert report.notes == ["sign-out of patient 'B7 · 67M · SBO' (another sign-out of that patient): changed "
                                    "in both notebooks; the imported version is newer and replaced this notebook's."]
            assert not a.import_document(b.export_document()).changed


def mutate(doc: dict, path: tuple, value: object) -> None:
    for step in path[:-1]:
        doc = doc[step]
    doc[path[-1]] = value


#: (where, the value put there, the message expected). The documents' lists are those of ``fill_clerkship``.
REFUSED = [
    (("procedures", 1, "role"), "did", r"^procedures\[1\]\.role: 'did' is not one of observed, assisted, performed$"),
    (("procedures", 0, "name"), " ", r"^procedures\[0\]\.name: is empty$"),
    (("procedures", 0, "procedure_date"), "2026-11-31", r"^procedures\[0\]\.procedure_date: '2026-11-31' is not a "
                                                       r"real date$"),
    (("procedures", 0, "patient"), "f" * 32, r"^procedures\[0\]\.patient: no patient f{32} in this export or in the "
                                             r"notebook$"),
    (("procedures", 0, "rotation"), None, r"^procedures\[0\]\.rotation: expected a string, got null$"),
    (("feedback", 0, "said"), 3, r"^feedback\[0\]\.said: expected a string, got a number$"),
    (("feedback", 1, "acted_date"), "yesterday", r"^feedback\[1\]\.acted_date: 'yesterday' is not a date like"),
    (("feedback", 0, "received_date"), None, r"^feedback\[0\]\.received_date: expected a string, got null$"),
    (("letters", 0, "status"), "sent", r"^letters\[0\]\.status: 'sent' is not one of to-ask, asked, agreed, "
                                       r"submitted, received$"),
    (("letters", 0, "sent_cv"), "yes", r"^letters\[0\]\.sent_cv: expected true or false, got a string$"),
    (("letters", 1, "attending"), "", r"^letters\[1\]\.attending: is empty$"),
    (("contacts", 0, "role"), "boss", r"^contacts\[0\]\.role: 'boss' is not one of attending, resident, "
                                      r"coordinator, other$"),
    (("contacts", 0, "rotation"), "e" * 32, r"^contacts\[0\]\.rotation: no rotation e{32} in this export or in"),
    (("checklist_items", 0, "position"), 1.5, r"^checklist_items\[0\]\.position: expected a whole number, got a "
                                              r"number$"),
    (("checklist_items", 0, "status"), "lost", r"^checklist_items\[0\]\.status: 'lost' is not one of needed, "
                                               r"requested, done$"),
    (("certifications", 0, "expires_date"), "06/2027", r"^certifications\[0\]\.expires_date: '06/2027' is not a "
                                                        r"date like 2026-11-25$"),
    (("certifications", 0, "tags"), [], r"^certifications\[0\]: unknown key 'tags'$"),
    (("daily_entries", 1, "entry_date"), ("daily_entries", 0, "entry_date"),
     r"^daily_entries\[1\]\.entry_date: daily_entries\[0\] is already for 2026-08-30$"),
    (("daily_entries", 0, "mistakes"), None, r"^daily_entries\[0\]\.mistakes: expected a string, got null$"),
    (("patient_signouts", 1, "patient"), ("patient_signouts", 0, "patient"),
     r"^patient_signouts\[1\]\.patient: patient_signouts\[0\] is already the sign-out of patient [0-9a-f]{32}$"),
    (("patient_signouts", 0, "severity"), "critical", r"^patient_signouts\[0\]\.severity: 'critical' is not one of "
                                                      r"stable, watcher, unstable$"),
    (("patient_signouts", 0, "patient"), None, r"^patient_signouts\[0\]\.patient: expected a string, got null$"),
    (("patient_signouts", 0, "uid"), ("patient_signouts", 1, "uid"),
     r"^patient_signouts\[1\]\.uid: [0-9a-f]{32} appears twice in patient_signouts$"),
    (("feedback",), {}, r"^feedback: expected an array, got an object$"),
]


@pytest.mark.parametrize(("where", "value", "message"), REFUSED)
def test_bad_clerkship_entries_are_refused_in_one_line(doc: dict, tmp_path: Path, where: tuple, value: object,
                                                       message: str) -> None:
    if isinstance(value, tuple):
        step = doc
        for key in value:
            step = step[key]
        value = step
    mutate(doc, where, value)
    path = tmp_path / "target.db"
    with open_notebook(path) as nb:
        nb.add_rotation("Pediatrics", start=date(2027, 1, 4))
        before = dump(path)
        with pytest.raises(InvalidDocument, match=message) as info:
            nb.import_document(doc)
        assert "\n" not in str(info.value)
    assert dump(path) == before


def test_references_resolve_against_the_notebook(doc: dict, tmp_path: Path) -> None:
    """A document holding only the clerkship lists imports into the notebook it was exported from."""
    with open_notebook(tmp_path / "b.db") as b:
        b.import_document(copy.deepcopy(doc))
        b.delete_procedure(b.list_procedures(all_rotations=True)[0].id)
        partial = {**doc, **{name: [] for name in ("rotations", "patients", "todos", "teaching_points", "questions",
                                                   "notes", "reflections", "tags")}}
        report = b.import_document(partial)
        assert report.added["procedures"] == 1
    with open_notebook(tmp_path / "c.db") as c, pytest.raises(InvalidDocument, match=r"^procedures\[0\]\.rotation: "
                                                                                     r"no rotation"):
        c.import_document(partial)
