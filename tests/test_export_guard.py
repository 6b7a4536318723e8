"""The export guard over a whole document finds and redacts what scanning each field on its own does."""

from __future__ import annotations

import copy

from export_sample import sample_document
from phi_corpus import WITH_IDENTIFIERS

from clerkbook.domain.export import guard
from clerkbook.domain.export.pipeline import prepare


def _planted() -> dict:
    """The sample document with identifiers typed into every kind of field, revisions and tags included."""
    doc = copy.deepcopy(sample_document())  # its notes share section dicts with the module: never change those
    sentences = [sentence for sentence, _labels in WITH_IDENTIFIERS]
    lists = ("rotations", "patients", "todos", "teaching_points", "questions", "notes", "reflections")
    at = 0
    for name in lists:
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
    for kind, entry, field, _path, text in guard._fields(doc):
        if text:
            where = f"{guard._entry_label(kind, entry)} · {field}"
            found += [(f, kind, entry.get("uid", ""), field) for f in guard._scan(kind, text, where)]
    return found


def test_scan_document_finds_what_scanning_each_field_finds() -> None:
    for fmt in ("json", "md", "dossier", "anki"):
        doc = prepare(_planted(), fmt)
        got = [(f.finding, f.kind, f.uid, f.field) for f in guard.scan_document(doc)]
        assert got == _one_field_at_a_time(doc) and len(got) > 20


def test_teachers_named_in_teaching_entries_are_not_findings() -> None:
    texts = [f.finding.text for f in guard.scan_document(_planted()) if f.kind == "question"]
    assert "Mr. Hernandez" in texts and not any("Alvarez" in text for text in texts)


def test_redact_document_redacts_each_field_as_redact_would() -> None:
    doc = _planted()
    expected = copy.deepcopy(doc)
    for kind, entry, _field, path, text in list(guard._fields(expected)):
        if text:
            cleaned = guard._redact(kind, text)
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
