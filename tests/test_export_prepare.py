"""What each export format hands the PHI guard: exactly the clerkship text it prints, so nothing it leaves
out can block it and nothing it prints goes unscanned."""

from __future__ import annotations

import copy

import pytest
from export_sample import sample_document

from clerkbook.domain.export import guard
from clerkbook.domain.export.pipeline import ExportBlocked, prepare, render

PHONE = "617-555-0199"


def _with_phone(list_name: str, field: str, *, discharged: bool = False) -> dict:
    doc = copy.deepcopy(sample_document())
    entry = doc[list_name][0]
    entry[field] = f"{entry[field]} call {PHONE}".strip()
    if discharged:
        patient = next(p for p in doc["patients"] if p["uid"] == entry["patient"])
        patient.update(status="discharged", discharged_at=patient["updated_at"])
    return doc


def _found(doc: dict, fmt: str) -> bool:
    return any(f.finding.text == PHONE for f in guard.scan_document(prepare(doc, fmt)))


# (list, field): formats whose output holds that field, and formats whose output does not.
CASES = [
    (("procedures", "notes"), {"json", "md", "html"}, {"dossier", "anki"}),
    (("procedures", "supervisor"), {"json", "md", "html"}, {"dossier", "anki"}),
    (("daily_entries", "diagnoses"), {"json", "md", "html"}, {"dossier", "anki"}),
    (("daily_entries", "mistakes"), {"json", "md", "html", "dossier"}, {"anki"}),
    (("feedback", "said"), {"json", "md", "html", "dossier"}, {"anki"}),
    (("letters", "notes"), {"json", "md", "html", "dossier"}, {"anki"}),
    (("contacts", "notes"), {"json", "md", "html", "dossier"}, {"anki"}),
    (("checklist_items", "notes"), {"json", "md", "html"}, {"dossier", "anki"}),
    (("certifications", "notes"), {"json", "md", "html"}, {"dossier", "anki"}),
    (("patient_signouts", "contingency"), {"json", "md", "html"}, {"dossier", "anki"}),
]


@pytest.mark.parametrize(("where", "printed", "left_out"), CASES, ids=[f"{a}.{b}" for (a, b), *_ in CASES])
def test_the_guard_reads_a_clerkship_field_only_where_it_is_printed(where, printed, left_out) -> None:
    doc = _with_phone(*where)
    assert {fmt for fmt in printed | left_out if _found(doc, fmt)} == printed


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_number_in_a_printed_field_blocks_the_export_and_is_not_in_the_files(fmt: str) -> None:
    with pytest.raises(ExportBlocked):
        render(_with_phone("procedures", "notes"), fmt)


def test_a_discharged_patients_signout_is_neither_printed_nor_blocking() -> None:
    doc = _with_phone("patient_signouts", "contingency", discharged=True)
    assert not any(_found(doc, fmt) for fmt in ("md", "html", "dossier", "anki"))
    assert _found(doc, "json")  # the backup keeps everything
    files, findings = render(doc, "md")
    assert findings == [] and not any(PHONE.encode() in data for data in files.values())
