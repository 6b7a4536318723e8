"""The PHI guard: what it finds, what it must leave alone, and how well it does on the labelled corpus."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phi_corpus import CLINICAL, WITH_IDENTIFIERS

from clerkbook.domain.phi import KINDS, Finding, describe, redact, scan, scan_many

# --- the corpus ----------------------------------------------------------------------------------------------


def _span(sentence: str, sub: str) -> tuple[int, int]:
    start = sentence.find(sub)
    assert start >= 0, f"label {sub!r} is not in {sentence!r}"
    return start, start + len(sub)


def _overlaps(f: Finding, kind: str, start: int, end: int) -> bool:
    return f.kind == kind and f.start < end and start < f.end


def test_corpus_is_big_enough_and_labelled_exactly() -> None:
    assert len(WITH_IDENTIFIERS) >= 80 and len(CLINICAL) >= 60
    kinds = Counter()
    for sentence, labels in WITH_IDENTIFIERS:
        assert labels, sentence
        for kind, sub in labels:
            assert kind in KINDS
            _span(sentence, sub)
            kinds[kind] += 1
    assert all(kinds[kind] >= 3 for kind in KINDS), kinds


def test_corpus_precision_and_recall(capsys: pytest.CaptureFixture[str]) -> None:
    total = found = findings = true_findings = 0
    misses: list[str] = []
    for sentence, labels in WITH_IDENTIFIERS:
        got = scan(sentence)
        spans = [(kind, *_span(sentence, sub)) for kind, sub in labels]
        for kind, start, end in spans:
            total += 1
            if any(_overlaps(f, kind, start, end) for f in got):
                found += 1
            else:
                misses.append(f"{kind} {sentence[start:end]!r}")
        findings += len(got)
        true_findings += sum(any(_overlaps(f, *s) for s in spans) for f in got)
    alarms = {sentence: scan(sentence) for sentence in CLINICAL}
    alarms = {sentence: got for sentence, got in alarms.items() if got}
    findings += sum(len(got) for got in alarms.values())
    recall, precision = found / total, true_findings / findings
    with capsys.disabled():
        print(f"\nPHI guard: recall {recall:.2f} ({found}/{total} identifiers), false alarms {len(alarms)} in "
              f"{len(CLINICAL)} clinical sentences, precision {precision:.2f} ({true_findings}/{findings} findings)")
        print(f"PHI guard misses: {', '.join(misses) or 'none'}")
        for sentence, got in alarms.items():
            print(f"PHI guard false alarm: {sentence!r} -> {[describe(f) for f in got]}")
    assert recall >= 0.95
    assert len(alarms) * 30 <= len(CLINICAL)  # at most 1 false alarm per 30 clinical sentences


# --- table tests: every kind, every example from the brief ----------------------------------------------------

FINDS = [
    # (text, kind, the finding's text)
    ("Seen with Mr. Hernandez today", "NAME", "Mr. Hernandez"),
    ("Mrs Patel is NPO", "NAME", "Mrs Patel"),
    ("Ms. O'Brien declined", "NAME", "Ms. O'Brien"),
    ("Discussed with Dr. Alvarez", "NAME", "Dr. Alvarez"),
    ("per Dr Kim, hold the dose", "NAME", "Dr Kim"),
    ("Mr. John Smith in B4", "NAME", "Mr. John Smith"),
    ("wife Linda at bedside", "NAME", "Linda"),
    ("daughter Maria is HCP", "NAME", "Maria"),
    ("son Tom called", "NAME", "Tom"),
    ("husband James updated", "NAME", "James"),
    ("Pt Maria Gonzalez POD2", "NAME", "Maria Gonzalez"),
    ("patient John Smith in B3", "NAME", "John Smith"),
    ("name: Rosa Delgado", "NAME", "Rosa Delgado"),
    ("Called Linda Park (daughter)", "NAME", "Linda Park"),
    ("mrs lindqvist wants the chaplain", "NAME", "mrs lindqvist"),
    ("MRN 12345678", "MRN", "12345678"),
    ("MRN: 00123456", "MRN", "00123456"),
    ("MR# 4471982", "MRN", "4471982"),
    ("medical record number 88-223-190", "MRN", "88-223-190"),
    ("acct #99812", "ID", "99812"),
    ("DEA AB1234563", "ID", "AB1234563"),
    ("license no. 12345", "ID", "12345"),
    ("serial SN-4432-99", "ID", "SN-4432-99"),
    ("pacemaker serial PM-7731-0042", "ID", "PM-7731-0042"),
    ("member ID XJH448812903", "ID", "XJH448812903"),
    ("(555) 123-4567", "PHONE", "(555) 123-4567"),
    ("call 555-123-4567", "PHONE", "555-123-4567"),
    ("+1 555 123 4567", "PHONE", "+1 555 123 4567"),
    ("fax 555.123.4567", "PHONE", "555.123.4567"),
    ("pager 4-8812", "PHONE", "4-8812"),
    ("write to linda.h@example.com.", "EMAIL", "linda.h@example.com"),
    ("see https://mychart.example.org/a?b=1.", "URL", "https://mychart.example.org/a?b=1"),
    ("see www.example.org/forms", "URL", "www.example.org/forms"),
    ("viewer at 10.14.2.77 down", "IP", "10.14.2.77"),
    ("SSN 123-45-6789", "SSN", "123-45-6789"),
    ("ss on file 987-65-4320", "SSN", "987-65-4320"),
    ("seen 03/14/2025", "DATE", "03/14/2025"),
    ("seen 3/14", "DATE", "3/14"),
    ("echo 2025-03-14", "DATE", "2025-03-14"),
    ("seen March 14, 2025", "DATE", "March 14, 2025"),
    ("biopsy 14 Mar 2025", "DATE", "14 Mar 2025"),
    ("f/u Mar 14 in clinic", "DATE", "Mar 14"),
    ("DOB 1/2/1950", "DATE", "1/2/1950"),
    ("admitted on 11/3", "DATE", "11/3"),
    ("started on 1/5", "DATE", "1/5"),
    ("the 3rd of March", "DATE", "3rd of March"),
    ("last seen October 2023", "DATE", "October 2023"),
    ("a 92-year-old woman", "AGE", "92-year-old"),
    ("age 93, lives alone", "AGE", "93"),
    ("B7: 91M with PNA", "AGE", "91M"),
    ("95 yo F", "AGE", "95 yo"),
    ("90 y/o M", "AGE", "90 y/o"),
    ("a 102-year-old man", "AGE", "102-year-old"),
    ("lives at 123 Main Street", "ADDRESS", "123 Main Street"),
    ("to 45 Oak Ave, 2nd floor", "ADDRESS", "45 Oak Ave"),
    ("P.O. Box 12", "ADDRESS", "P.O. Box 12"),
    ("home 02139", "ZIP", "02139"),
    ("ZIP 10001", "ZIP", "10001"),
    ("from Boston, MA 02114", "ZIP", "Boston, MA 02114"),
    ("phone 5558675309", "PHONE", "5558675309"),
    ("call 867-5309", "PHONE", "867-5309"),
    ("texted at 555-0142", "PHONE", "555-0142"),
    ("lic. no. D1234567", "ID", "D1234567"),
    ("Acct. 99812", "ID", "99812"),
    ("Mr. de la Cruz", "NAME", "Mr. de la Cruz"),
    ("Dr. van der Berg agrees", "NAME", "Dr. van der Berg"),
]


@pytest.mark.parametrize(("text", "kind", "found"), FINDS)
def test_finds(text: str, kind: str, found: str) -> None:
    assert [(f.kind, f.text) for f in scan(text)] == [(kind, found)]


CLEAN = [
    "BP 120/80", "pain 7/10", "ABG 7.32/48/65", "vent 450/14/5", "5/5 strength", "2/6 murmur", "GCS 15/15",
    "1/2 tab", "24/7", "a bare year 2019", "POD3", "q6h", "3/4 of breakfast", "sat 92% on 2L", "at 16:00",
    "K+ 3.2", "Cr 1.1", "WBC 12.6", "INR 2.3", "furosemide 40 mg IV BID", "4-2-1 rule",
    "Alvarado 7", "CURB-65", "MELD 24", "Wells 4.5", "CPT 99223", "ICD-10 I50.23", "K35.80",
    "Murphy's sign", "Parkinson's disease", "Graham patch", "Light's criteria", "Ranson criteria",
    "Courvoisier sign", "McBurney's point", "Dr K", "Dr M", "Dr M (attending)", "Dr K.", "per Dr K, start ASA",
    "age 89", "89F", "67M", "B12", "Bed 4", "12B", "15A", "ICU-3", "POD1", "2026-W48",
    "day 3/7", "PS 10/5", "Tmax 101F", "H/H 9/27", "ROS 12/14 negative", "CPT 00840", "serial troponins q6h",
    "QTc 480 ms prolonged", "Moderate MR", "Mr. and", "FHx: mother breast CA", "Sister Mary Joseph nodule",
    "ID consult: 6 weeks of ceftriaxone", "ST elevation 2 mm", "brand name: Lasix", "May need 2 units",
    "call 911", "call 2222", "K 3.4", "call for K 3.4", "called at 0600", "call x4-2231", "texted 12 units",
    "Dr. and the team", "Mr. de", "lic. pending", "phone 911",
]


@pytest.mark.parametrize("text", CLEAN)
def test_leaves_clinical_text_alone(text: str) -> None:
    assert scan(text) == []
    assert redact(text) == text


# --- the API ----------------------------------------------------------------------------------------------------


def test_findings_carry_offsets_and_where() -> None:
    text = "Spoke with wife Linda at 555-201-4477."
    got = scan(text, where="note 3 · plan")
    assert got == [Finding("NAME", "Linda", 16, 21, "note 3 · plan"),
                   Finding("PHONE", "555-201-4477", 25, 37, "note 3 · plan")]
    assert all(text[f.start:f.end] == f.text for f in got)


def test_overlaps_keep_the_longer_finding() -> None:
    assert [f.text for f in scan("seen March 14, 2025 in clinic")] == ["March 14, 2025"]
    assert [(f.kind, f.text) for f in scan("mail sam@mail.example.com")] == [("EMAIL", "sam@mail.example.com")]


def test_redact_replaces_each_finding_with_its_kind() -> None:
    text = "Mr. Hernandez (MRN 12345678), BP 120/80, pain 7/10, call wife Linda at 555-201-4477 by 3/14."
    assert redact(text) == "[NAME] (MRN [MRN]), BP 120/80, pain 7/10, call wife [NAME] at [PHONE] by [DATE]."


def test_redact_leaves_clinical_text_intact() -> None:
    changed = [s for s in CLINICAL if redact(s) != s]
    assert len(changed) * 30 <= len(CLINICAL), changed
    assert all(redact(s) == s for s in CLINICAL if not scan(s))


def test_scan_many_labels_each_finding() -> None:
    got = scan_many([("note 1 · HPI", "Mr. Hernandez, 67M"), ("note 2 · plan", "BP 120/80"),
                     ("note 3 · plan", "DOB 1/2/1950")])
    assert [(f.where, f.kind, f.start) for f in got] == [("note 1 · HPI", "NAME", 0), ("note 3 · plan", "DATE", 4)]


def test_describe_is_one_line() -> None:
    assert describe(Finding("NAME", "Mr. Hernandez", 0, 13, "note 3 · plan")) == 'note 3 · plan: NAME "Mr. Hernandez"'
    assert describe(Finding("DATE", "3/14", 5, 9)) == 'DATE "3/14"'


def test_phi_imports_no_ui_or_database() -> None:
    probe = ("import sys, json; import clerkbook.domain.phi; "
             "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert not set(json.loads(out.stdout)) & {"textual", "sqlalchemy", "sqlmodel", "click"}


# --- properties -------------------------------------------------------------------------------------------------

# Fragments that sit near the rules' edges, so random text exercises them and not just the fallthrough.
_PIECES = ["Mr. ", "Dr ", "wife ", "Pt ", "name: ", "MRN ", "serial ", "fax ", "SSN ", "age ", "DOB ", "on ",
           "ZIP ", "Tmax ", "Linda", "Smith", "O'Brien", "K", "M", "F", "1", "12", "3", "92", "555", "4567", "02139",
           "2025", "/", "-", ".", ",", " ", "(", ")", "@", "www.", "http://", "example.com", "Mar", "May", "St",
           "Ave", "Box", "MA", "yo", "year-old", "#", "\n", "[NAME]", "é", "’"]
_TEXT = st.one_of(st.text(max_size=80), st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=3)),
                                                 max_size=40).map("".join))


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_findings_are_in_bounds_sorted_and_disjoint(text: str) -> None:
    got = scan(text, where="w")
    end = 0
    for f in got:
        assert end <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text and f.kind in KINDS and f.where == "w"
        end = f.end
        assert describe(f).count("\n") == 0


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_redacted_text_scans_clean(text: str) -> None:
    redacted = redact(text)
    assert scan(redacted) == []
    if not scan(text):
        assert redacted == text


# --- speed ------------------------------------------------------------------------------------------------------

_NOTE = ("B12: 67M with HFrEF, BP 120/80, pain 7/10, ABG 7.32/48/65, K+ 3.2, Cr 1.1. Per Dr K, furosemide 40 mg "
         "IV BID; Murphy's sign negative. Spoke with wife Linda at 555-201-4477, MRN 12345678, DOB 1/2/1950. ")
_LARGE = {
    "note": (_NOTE * (100_000 // len(_NOTE) + 1))[:100_000],
    "letters": "a" * 100_000,
    "digits": "1" * 100_000,
    "slashes": "1/" * 50_000,
    "dots": "1." * 50_000,
    "hyphens": "a-" * 50_000,
    "capitals": "Mr Aa " * 16_667,
    "email-ish": "a." * 50_000 + "@",
    "domain-ish": "x@" + "a." * 50_000,
    "relatives": "wife " * 20_000,
    "words": "Ab " * 33_334,
}


@pytest.mark.parametrize("name", list(_LARGE))
def test_scans_100k_characters_quickly(name: str) -> None:
    text = _LARGE[name][:100_000]
    began = time.perf_counter()
    scan(text)
    assert time.perf_counter() - began < 1.0
