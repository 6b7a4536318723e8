"""The sign-out sheet: patients' I-PASS fields in the store, the pure builder, its PHI check and its page."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace as Row
from zoneinfo import ZoneInfo

import pytest

from clerkbook.domain.signout import (
    build_signout,
    check_sheet,
    due_label,
    load_signout,
    redact_sheet,
    sheet_html,
    sheet_text,
)
from clerkbook.models import Severity
from clerkbook.store import InvalidInput, Notebook, NotFound

NOW = datetime(2026, 11, 25, 17, 30, tzinfo=ZoneInfo("America/New_York"))


def patient(pid: int, bed: str, summary: str, age_sex: str = "67M") -> Row:
    return Row(id=pid, bed=bed, age_sex=age_sex, summary=summary)


def todo(text: str, due: datetime | None = None, position: int = 0, tid: int = 1) -> Row:
    return Row(text=text, due_at=due, position=position, id=tid)


class TestBuilder:
    def test_most_worrying_first_with_summary_actions_and_contingencies(self) -> None:
        patients = [patient(1, "B7", "POD1 lap chole", "54F"), patient(2, "B12", "CHF exacerbation")]
        rows = {
            1: {"signout": Row(severity="stable", contingency=""), "todos": [], "note": None},
            2: {"signout": Row(severity="unstable", contingency="If SBP < 90: 500 mL bolus, call PGY-2"),
                "todos": [todo("check echo", NOW + timedelta(hours=15), tid=2), todo("f/u K+", NOW - timedelta(hours=1)),
                          todo("daily weight")],
                "note": Row(assessment="Volume overloaded, diuresing well\n")},
        }
        sheet = build_signout(patients, rows, now=NOW, title="Surgery @ Lakeside")
        assert [p.bed for p in sheet.patients] == ["B12", "B7"]
        b12 = sheet.patients[0]
        assert b12.severity is Severity.UNSTABLE and b12.assessment == "Volume overloaded, diuresing well"
        assert [(a.text, a.due, a.overdue) for a in b12.actions] == [
            ("f/u K+", "overdue 16:30", True), ("check echo", "tomorrow 08:30", False), ("daily weight", "", False)]
        text = sheet_text(sheet)
        assert text.splitlines()[0] == "Sign-out · Surgery @ Lakeside · Wed 25 Nov 17:30"
        assert "B12 — UNSTABLE\n  Patient summary: 67M · CHF exacerbation\n  Assessment: Volume overloaded" in text
        assert "    [ ] f/u K+  (overdue 16:30)" in text and "B7 — STABLE" in text and "    none open" in text
        assert text.count("Synthesis by receiver: ____") == 2

    def test_due_labels(self) -> None:
        assert due_label(None, NOW) == ("", False)
        assert due_label(NOW + timedelta(minutes=30), NOW) == ("18:00", False)
        assert due_label(NOW + timedelta(days=3), NOW) == ("Sat 28 Nov 17:30", False)
        assert due_label(NOW - timedelta(days=1), NOW) == ("overdue 24 Nov 17:30", True)

    def test_the_page_escapes_everything_and_leaves_a_line_for_the_receiver(self) -> None:
        rows = {1: {"signout": Row(severity="watcher", contingency="if <script>: call"), "todos": [todo("a & b")],
                    "note": None}}
        page = sheet_html(build_signout([patient(1, "B<1>", "x")], rows, now=NOW, title="Medicine"))
        assert "<script>" not in page and "if &lt;script&gt;: call" in page and "a &amp; b" in page
        assert "B&lt;1&gt;" in page and '<td class="watcher">watcher</td>' in page
        assert "Synthesis by receiver" in page and '<div class="line"></div>' in page

    def test_the_guard_finds_identifiers_in_the_free_text_and_redacts_them(self) -> None:
        rows = {1: {"signout": Row(severity="watcher", contingency="Call daughter at 617-555-0142 if worse"),
                    "todos": [todo("Ask Mr. Hernandez about his stent")], "note": Row(assessment="MRN 00123456")}}
        sheet = build_signout([patient(1, "B12", "CHF exacerbation", "92F")], rows, now=NOW, title="IM")
        found = [(f.where, f.kind, f.text) for f in check_sheet(sheet)]
        assert found == [("Bed B12 · age/sex", "AGE", "92F"), ("Bed B12 · assessment", "MRN", "00123456"),
                         ("Bed B12 · contingencies", "PHONE", "617-555-0142"),
                         ("Bed B12 · to-do", "NAME", "Mr. Hernandez")]
        clean = redact_sheet(sheet)
        assert check_sheet(clean) == []
        assert clean.patients[0].contingency == "Call daughter at [PHONE] if worse"
        assert clean.patients[0].one_liner == "CHF exacerbation" and clean.patients[0].bed == "B12"

    def test_a_bed_typed_with_its_word_is_named_once(self) -> None:
        rows = {1: {"signout": Row(severity="watcher", contingency="Call 617-555-0142"), "todos": [], "note": None}}
        sheet = build_signout([patient(1, "Bed 4", "Cholecystitis", "54F")], rows, now=NOW, title="Surgery")
        assert [f.where for f in check_sheet(sheet)] == ["Bed 4 · contingencies"]


class TestStore:
    def test_severity_and_contingencies(self, rotation_nb: Notebook) -> None:
        b12 = rotation_nb.add_patient("B12", "67M", "CHF exacerbation")
        assert rotation_nb.get_signout(b12.id).severity == "stable"
        rotation_nb.set_signout(b12.id, severity="Watcher", contingency="  If SBP < 90: bolus  ")
        rotation_nb.set_signout(b12.id, severity="unstable")
        saved = rotation_nb.get_signout(b12.id)
        assert (saved.severity, saved.contingency) == (Severity.UNSTABLE, "If SBP < 90: bolus")
        with pytest.raises(InvalidInput, match="Unknown severity 'critical'"):
            rotation_nb.set_signout(b12.id, severity="critical")
        with pytest.raises(NotFound):
            rotation_nb.set_signout(99, severity="stable")

    def test_the_sheet_of_the_current_rotation_and_of_one_patient(self, rotation_nb: Notebook) -> None:
        b12 = rotation_nb.add_patient("B12", "67M", "CHF exacerbation")
        b7 = rotation_nb.add_patient("B7", "54F", "POD1 lap chole")
        rotation_nb.add_todo("f/u K+", patient_id=b12.id, due_at=NOW + timedelta(hours=1))
        done = rotation_nb.add_todo("old task", patient_id=b12.id)
        rotation_nb.complete_todo(done.id)
        rotation_nb.create_note("soap", patient_id=b12.id, sections={"assessment": "Old assessment"})
        rotation_nb.create_note("soap", patient_id=b12.id, sections={"assessment": "Newest assessment"})
        rotation_nb.set_signout(b7.id, severity="watcher")
        sheet = load_signout(rotation_nb, NOW)
        assert sheet.title == "Internal Medicine @ Riverside General"
        assert [p.bed for p in sheet.patients] == ["B7", "B12"]
        b12_part = sheet.patients[1]
        assert [a.text for a in b12_part.actions] == ["f/u K+"] and b12_part.assessment == "Newest assessment"
        only = load_signout(rotation_nb, NOW, patient_id=b12.id)
        assert [p.bed for p in only.patients] == ["B12"]
