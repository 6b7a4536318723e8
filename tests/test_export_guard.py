"""The export guard over a whole document finds and redacts what scanning each field on its own does."""

from __future__ import annotations

import copy

import pytest
from export_sample import IM, sample_document, ts, uid
from phi_corpus import WITH_IDENTIFIERS

from clerkbook.domain.export import guard
from clerkbook.domain.export.pipeline import prepare


def _stamped(label: str, **fields: object) -> dict:
    return {"uid": uid(f"guard:{label}"), **fields, "created_at": ts("2026-11-20"), "updated_at": ts("2026-11-20")}


def _clerkship(doc: dict) -> None:
    """One entry of each clerkship list (format version 2) added to ``doc``, every text field empty."""
    patient = doc["patients"][0]["uid"]
    entries = {
        "procedures": _stamped("procedure", rotation=IM, patient=patient, name="", procedure_date="2026-11-20",
                               role="assisted", supervisor="", notes=""),
        "feedback": _stamped("feedback", rotation=IM, received_date="2026-11-20", giver="", context="", said="",
                             will_change="", acted_date=None, acted_text=""),
        "letters": _stamped("letter", rotation=IM, attending="", status="asked", asked_date="2026-11-20",
                            deadline_date=None, sent_cv=True, sent_statement=False, sent_cases=False, notes=""),
        "contacts": _stamped("contact", rotation=None, name="", role="resident", notes="", thanked_date=None,
                             last_update_date=None),
        "checklist_items": _stamped("checklist", rotation=IM, name="", status="done", done_date="2026-11-02",
                                    notes="", position=1),
        "certifications": _stamped("certification", name="", expires_date="2027-06-30", notes=""),
        "daily_entries": _stamped("daily", rotation=IM, entry_date="2026-11-20", diagnoses="", management="",
                                  mistakes="", questions=""),
        "patient_signouts": _stamped("signout", patient=patient, severity="watcher", contingency=""),
    }
    for name, entry in entries.items():
        doc.setdefault(name, []).append(entry)


def _planted() -> dict:
    """The sample document with identifiers typed into every kind of field, revisions and tags included."""
    doc = copy.deepcopy(sample_document())  # its notes share section dicts with the module: never change those
    _clerkship(doc)
    sentences = [sentence for sentence, _labels in WITH_IDENTIFIERS]
    at = 0
    for name in guard.TEXT_FIELDS:
        for entry in doc[name]:
            for field in guard.TEXT_FIELDS[name]:
                entry[field] = f"{entry.get(field) or ''} {sentences[at % len(sentences)]}"
                at += 1
            for section in (entry.get("sections") or {}):
                entry["sections"][section] += " " + sentences[at % len(sentences)]
                at += 1
            for revision in entry.get("revisions") or []:
                for key in revision.get("content") or {}:
                    revision["content"][key] = sentences[at % len(sentences)]  # the same text as elsewhere, too
                    at += 1
    doc["teaching_points"][0]["tags"] = ["555-201-4477", "story"]
    doc["tags"].append({"name": "555-201-4477", "created_at": doc["tags"][0]["created_at"],
                        "updated_at": doc["tags"][0]["updated_at"]})
    doc["questions"][0]["text"] = "Ask Dr. Alvarez (attending) about Mr. Hernandez's INR."  # a teacher, a patient
    return doc


def _one_field_at_a_time(doc: dict) -> list[tuple[str, str, str, str]]:
    """The guard as it was: every field scanned on its own."""
    found = []
    beds = guard.patient_beds(doc)
    for kind, entry, field, _path, text in guard._fields(doc):
        if text:
            where = f"{guard._entry_label(kind, entry, beds)} · {field}"
            found += [(f, kind, entry.get("uid", ""), field) for f in guard._scan(kind, text, where, field)]
    return found


def test_scan_document_finds_what_scanning_each_field_finds() -> None:
    for fmt in ("json", "md", "dossier", "anki"):
        doc = prepare(_planted(), fmt)
        got = [(f.finding, f.kind, f.uid, f.field) for f in guard.scan_document(doc)]
        assert got == _one_field_at_a_time(doc) and len(got) > 20


def test_a_signout_finding_names_its_patients_bed() -> None:
    doc = copy.deepcopy(sample_document())
    signout = doc["patient_signouts"][0]
    signout["contingency"] = "If worse call 617-555-0142"
    bed = next(p["bed"] for p in doc["patients"] if p["uid"] == signout["patient"])
    [finding] = [f for f in guard.scan_document(doc) if f.kind == "patient_signout"]
    assert finding.finding.where == f'Sign-out "{bed}" · contingency'


def test_teachers_named_in_teaching_entries_are_not_findings() -> None:
    texts = [f.finding.text for f in guard.scan_document(_planted()) if f.kind == "question"]
    assert "Mr. Hernandez" in texts and not any("Alvarez" in text for text in texts)


def test_redact_document_redacts_each_field_as_redact_would() -> None:
    doc = _planted()
    expected = copy.deepcopy(doc)
    for kind, entry, field, path, text in list(guard._fields(expected)):
        if text:
            cleaned = guard._redact(kind, text, field)
            container = entry
            for key in path[:-1]:
                container = container[key]
            container[path[-1]] = cleaned.lower() if path[0] == "tags" and cleaned != text else cleaned
    redacted = guard.redact_document(doc)
    for name in guard.TEXT_FIELDS:
        for mine, theirs in zip(redacted[name], expected[name]):
            theirs = dict(theirs, tags=sorted(set(theirs["tags"]))) if "tags" in theirs else theirs
            assert mine == theirs
    assert guard.scan_document(redacted) == [] and doc == _planted()  # the original is left alone


def test_the_texts_a_scan_reads_are_every_field_the_guard_labels() -> None:
    doc = _planted()
    assert [t for t in guard._texts(doc) if t] == [text for *_, text in guard._fields(doc) if text]


def test_a_document_with_nothing_to_find_is_left_as_it_is() -> None:
    doc = {"notes": [{"uid": "n", "title": "Day 2", "sections": {"plan": "BP 120/80, pain 7/10."}, "tags": [],
                      "revisions": [{"content": {"plan": "BP 120/80"}}]}], "tags": []}
    assert guard.scan_document(doc) == [] and guard.redact_document(doc) == doc


def test_every_clerkship_list_is_scanned() -> None:
    kinds = {f.kind for f in guard.scan_document(_planted())}
    assert {"procedure", "feedback", "letter", "contact", "checklist_item", "certification", "daily_entry",
            "patient_signout"} <= kinds


def _clerkship_with(list_name: str, field: str, text: str) -> dict:
    doc = {"patients": [{"uid": uid("guard:patient")}]}
    _clerkship(doc)
    doc = {name: entries for name, entries in doc.items() if name == list_name}
    doc[list_name][0][field] = text
    return doc


@pytest.mark.parametrize(("list_name", "field", "text"), [
    ("feedback", "giver", "Dr. Okafor"),
    ("feedback", "giver", "Mr. Ruiz (charge nurse)"),
    ("feedback", "said", "Dr. Okafor: tighten the assessment"),
    ("letters", "attending", "Dr. Amara Okafor"),
    ("letters", "notes", "Asked Dr. Okafor after rounds"),
    ("contacts", "name", "Prof. Lindqvist"),
    ("contacts", "notes", "Met through Dr. Okafor"),
    ("procedures", "supervisor", "Dr. Okafor"),
])
def test_staff_names_are_not_findings(list_name: str, field: str, text: str) -> None:
    assert guard.scan_document(_clerkship_with(list_name, field, text)) == []


@pytest.mark.parametrize(("list_name", "field", "text", "kind"), [
    ("procedures", "notes", "LP on Mr. Hernandez, clear fluid", "NAME"),
    ("procedures", "notes", "Dr. Okafor's patient, bed 12", "NAME"),
    ("procedures", "supervisor", "Dr. Okafor, pager 555-201-4477", "PHONE"),
    ("patient_signouts", "contingency", "If Mrs. Delacroix spikes, call her son", "NAME"),
    ("daily_entries", "mistakes", "Forgot the K+ for Mr. Hernandez", "NAME"),
    ("feedback", "said", "Presented MRN 00412377 out loud on rounds", "MRN"),
    ("contacts", "notes", "Her cell (555) 867-5309", "PHONE"),
    ("checklist_items", "notes", "Sent to records@stmarys-example.org", "EMAIL"),
    ("certifications", "notes", "Card number MRN 00412377", "MRN"),
])
def test_identifiers_in_clerkship_lists_are_found(list_name: str, field: str, text: str, kind: str) -> None:
    found = guard.scan_document(_clerkship_with(list_name, field, text))
    assert [f.finding.kind for f in found] == [kind] and found[0].field == field
    assert found[0].kind == guard.ENTRY_KIND[list_name] and found[0].uid
    redacted = guard.redact_document(_clerkship_with(list_name, field, text))
    assert f"[{kind}]" in redacted[list_name][0][field]
