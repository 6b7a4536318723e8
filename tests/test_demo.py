"""The demo notebook: realistic, current relative to `now`, refused on a non-empty file, and free of PHI."""

from __future__ import annotations

import re
import sqlite3
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from clerkbook.domain.demo import fill_demo, iso_week
from clerkbook.models import NOTE_SECTIONS, NoteKind, NoteStatus, PatientStatus, QuestionStatus
from clerkbook.store import InvalidInput, Notebook, open_notebook

NOW = datetime(2026, 11, 25, 14, 30, tzinfo=timezone.utc)
PROMPTS = ("went_well", "didnt_go_well", "learned_about_myself", "do_differently")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "nb.db"


@pytest.fixture
def nb(db: Path):
    with open_notebook(db) as notebook:
        yield notebook


@pytest.fixture
def demo(nb: Notebook) -> Notebook:
    fill_demo(nb, NOW)
    return nb


def rotations(nb: Notebook):
    by_site = {r.site: r for r in nb.list_rotations()}
    return by_site["Riverside General"], by_site["Lakeside Medical Center"]


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, read through a separate read-only connection."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: sorted(connection.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}
    finally:
        connection.close()


def test_two_rotations_with_surgery_current(demo: Notebook) -> None:
    medicine, surgery = rotations(demo)
    assert demo.current_rotation().id == surgery.id
    assert not medicine.is_current and surgery.is_current
    assert (medicine.specialty, medicine.service) == ("Internal Medicine", "Gold team")
    assert (surgery.specialty, surgery.service) == ("Surgery", "Acute care surgery")
    today = NOW.astimezone().date()
    assert medicine.end_date < surgery.start_date <= today <= surgery.end_date
    assert (medicine.end_date - medicine.start_date).days + 1 == 40  # six weeks, Monday to Friday
    assert (today - surgery.start_date).days // 7 == 2  # week 3
    assert surgery.start_date.weekday() == 0


def test_counts_in_expected_ranges(nb: Notebook) -> None:
    counts = fill_demo(nb, NOW)
    assert counts == {**nb.counts(), **nb.clerkship_counts()}
    assert counts["rotations"] == 2
    assert 10 <= counts["patients"] <= 13
    assert 25 <= counts["todos"] <= 36
    assert 16 <= counts["points"] <= 20
    assert counts["questions"] == 7
    assert 7 <= counts["notes"] <= 9
    assert counts["reflections"] == 9
    assert 20 <= counts["procedures"] <= 26
    assert counts["feedback"] == 5 and counts["letters"] == 3 and counts["contacts"] == 6


def test_clerkship_logs_look_lived_in(demo: Notebook) -> None:
    medicine, surgery = rotations(demo)
    today = NOW.astimezone().date()
    for rotation in (medicine, surgery):
        procedures = demo.list_procedures(rotation_id=rotation.id)
        assert {p.role for p in procedures} == {"observed", "assisted", "performed"}
        assert any(p.patient_id for p in procedures) and any(p.patient_id is None for p in procedures)
        assert all(rotation.start_date <= p.procedure_date <= min(rotation.end_date, today) for p in procedures)
        feedback = demo.list_feedback(rotation_id=rotation.id)
        assert any(f.acted_date for f in feedback) and any(f.acted_date is None for f in feedback)
        assert all(f.acted_date is None or f.acted_date >= f.received_date for f in feedback)
    # Venipuncture was done more than once, in more than one role: the counts have something to count.
    counts = {c.name: c for c in demo.procedure_counts(all_rotations=True)}
    assert counts["Venipuncture"].total >= 3 and counts["Venipuncture"].performed >= 2
    assert {letter.status for letter in demo.list_letters()} >= {"to-ask", "agreed"}
    assert {contact.role for contact in demo.list_contacts()} == {"attending", "resident", "coordinator"}


def test_checklists_and_the_daily_log_look_lived_in(demo: Notebook) -> None:
    medicine, surgery = rotations(demo)
    assert {i.status.value for i in demo.list_checklist(rotation_id=medicine.id)} == {"done"}
    surg = demo.list_checklist(rotation_id=surgery.id)
    assert {i.status.value for i in surg} == {"done", "requested", "needed"} and "Visa" not in [i.name for i in surg]
    assert [c.name for c in demo.list_certifications()] == ["BLS", "ACLS", "HIPAA training"]
    signouts = [demo.get_signout(p.id) for p in demo.list_patients(rotation_id=surgery.id)]
    assert {s.severity.value for s in signouts} == {"stable", "watcher"} and sum(bool(s.contingency) for s in signouts) >= 4
    daily = demo.list_daily()
    assert 5 <= len(daily) <= 6 and daily[0].entry_date == NOW.date()
    assert all(entry.rotation_id == surgery.id and entry.diagnoses for entry in daily)


def test_demo_reminders_show_each_kind_of_nudge(demo: Notebook) -> None:
    from clerkbook.domain.reminders import clerkship_reminders, load_clerkship_data

    found = clerkship_reminders(load_clerkship_data(demo), NOW)
    assert {r.kind for r in found} == {"letter", "deadline", "thanks", "certification"}
    assert found[0].urgent


def test_patients_mostly_discharged_on_medicine_and_active_on_surgery(demo: Notebook) -> None:
    medicine, surgery = rotations(demo)
    im = demo.list_patients(rotation_id=medicine.id, include_discharged=True)
    surg = demo.list_patients(rotation_id=surgery.id, include_discharged=True)
    assert 4 <= len(im) <= 5 and sum(p.status == PatientStatus.DISCHARGED for p in im) >= len(im) - 1
    assert 5 <= sum(p.status == PatientStatus.ACTIVE for p in surg) <= 6
    assert sum(p.status == PatientStatus.DISCHARGED for p in surg) == 1
    # Every to-do of the finished rotation is done.
    assert demo.list_todos(rotation_id=medicine.id) == []


def test_surgery_todos_are_due_relative_to_now(demo: Notebook) -> None:
    _, surgery = rotations(demo)
    todos = demo.list_todos(rotation_id=surgery.id, include_done=True)
    assert 12 <= len(todos) <= 18
    assert {t.kind for t in todos} == {"lab", "imaging", "consult", "task", "follow-up"}
    open_ = [t for t in todos if t.done_at is None]
    overdue = [t for t in open_ if t.due_at and t.due_at < NOW]
    assert overdue and all(NOW - t.due_at <= timedelta(minutes=40) for t in overdue)
    assert any(t.due_at and NOW < t.due_at <= NOW + timedelta(hours=6) for t in open_)
    tomorrow = NOW.astimezone().date() + timedelta(days=1)
    assert any(t.due_at and t.due_at.astimezone().date() == tomorrow for t in open_)
    assert any(t.patient_id is None for t in open_)  # general to-dos
    done_today = [t for t in todos if t.done_at and NOW - t.done_at < timedelta(hours=12)]
    assert len(done_today) >= 2 and all(t.done_at <= NOW for t in todos if t.done_at)


def test_notes_have_review_history_and_a_copy_forward(demo: Notebook) -> None:
    notes = demo.list_notes(all_rotations=True)
    reviewed = [n for n in notes if n.status in (NoteStatus.REVIEWED, NoteStatus.FINAL)]
    assert any(len(demo.list_note_revisions(n.id)) >= 2 for n in reviewed)
    for note in reviewed:
        if demo.list_note_revisions(note.id):
            assert demo.list_note_revisions(note.id)[-1].status == NoteStatus.DRAFT
    hps = [n for n in notes if n.kind == NoteKind.HP]
    assert any(all(n.sections[s].strip() for s in NOTE_SECTIONS[NoteKind.HP]) for n in hps)
    copies = [n for n in notes if n.copied_from_id]
    assert copies
    copy, source = copies[0], demo.get_note(copies[0].copied_from_id)
    changed = {s for s in copy.sections if copy.sections[s] != source.sections[s]}
    assert changed and changed != set(copy.sections)
    medicine, surgery = rotations(demo)
    assert 3 <= len(demo.list_notes(rotation_id=medicine.id)) <= 4
    assert 4 <= len(demo.list_notes(rotation_id=surgery.id)) <= 5


def test_points_and_questions(demo: Notebook) -> None:
    for rotation, answered in zip(rotations(demo), (3, 2)):
        points = demo.list_points(rotation_id=rotation.id)
        assert 8 <= len(points) <= 10 and any(p.starred for p in points)
        assert {p.source for p in points} - {""}
        questions = demo.list_questions(rotation_id=rotation.id)
        assert sum(q.status == QuestionStatus.ANSWERED and bool(q.answer) for q in questions) == answered
        assert sum(q.status == QuestionStatus.OPEN for q in questions) == 1
    assert {"interview", "cardio", "surgery"} <= set(demo.list_tags())


def test_reflections_cover_the_weeks(demo: Notebook) -> None:
    medicine, surgery = rotations(demo)
    this_week = iso_week(NOW.astimezone().date())
    reflections = {r.week: r for r in demo.list_reflections()}
    im_weeks = [iso_week(medicine.start_date + timedelta(weeks=n)) for n in range(6)]
    surg_weeks = [iso_week(surgery.start_date + timedelta(weeks=n)) for n in range(3)]
    assert set(reflections) == set(im_weeks + surg_weeks) and surg_weeks[-1] == this_week
    for week in im_weeks:
        assert reflections[week].rotation_id == medicine.id
    for week in surg_weeks:
        assert reflections[week].rotation_id == surgery.id
    for week, reflection in reflections.items():
        filled = [bool(getattr(reflection, f).strip()) for f in PROMPTS]
        if week == this_week:
            assert any(filled) and not all(filled)  # partly written
        else:
            assert all(filled)


def test_second_fill_is_refused_and_changes_nothing(demo: Notebook, db: Path) -> None:
    counts, before = demo.counts(), dump(db)
    with pytest.raises(InvalidInput, match="already has data"):
        fill_demo(demo, NOW + timedelta(days=3))
    assert demo.counts() == counts
    assert dump(db) == before


def test_notebook_with_a_rotation_is_refused(nb: Notebook) -> None:
    nb.add_rotation("Pediatrics", site="Elsewhere", start=date(2026, 11, 2))
    counts = nb.counts()
    with pytest.raises(InvalidInput, match="only fills an empty one"):
        fill_demo(nb, NOW)
    assert nb.counts() == counts == {**{k: 0 for k in counts}, "rotations": 1}


def test_naive_now_is_rejected(nb: Notebook) -> None:
    with pytest.raises(ValueError):
        fill_demo(nb, datetime(2026, 11, 25, 14, 30))
    assert nb.is_empty()


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 11, 23, 0, 5, tzinfo=timezone.utc),  # Monday just after midnight
        datetime(2026, 11, 29, 23, 55, tzinfo=timezone.utc),  # Sunday night
        datetime(2027, 1, 2, 9, 0, tzinfo=ZoneInfo("America/Chicago")),  # ISO weeks straddle the year
        datetime(2027, 3, 14, 3, 30, tzinfo=ZoneInfo("America/New_York")),  # DST change
    ],
)
def test_any_now_gives_a_consistent_demo(tmp_path: Path, now: datetime) -> None:
    with open_notebook(tmp_path / "nb.db") as nb:
        counts = fill_demo(nb, now)
        assert counts["reflections"] == 9 and counts["rotations"] == 2
        medicine, surgery = rotations(nb)
        today = now.astimezone().date()
        assert medicine.end_date < surgery.start_date <= today and (today - surgery.start_date).days // 7 == 2
        open_ = nb.list_todos(rotation_id=surgery.id)
        assert any(t.due_at and t.due_at < now for t in open_)
        assert any(t.due_at and t.due_at > now for t in open_)


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch):
    """Run with the machine's local zone set to one that has DST."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield ZoneInfo("America/New_York")
    monkeypatch.undo()
    time.tzset()


def test_clock_times_stay_on_the_local_wall_clock_across_dst(tmp_path: Path, new_york: ZoneInfo) -> None:
    # The evening before US clocks spring forward: "tomorrow 07:00" is after the change,
    # and the medicine rotation's 05:30 labs were weeks before it, in standard time.
    now = datetime(2027, 3, 13, 19, 0, tzinfo=new_york)
    with open_notebook(tmp_path / "nb.db") as nb:
        fill_demo(nb, now)
        todos = [t for r in rotations(nb) for t in nb.list_todos(rotation_id=r.id, include_done=True) if t.due_at]
        # Tomorrow's to-dos and the past rotation's are wall-clock times; the rest are minutes from now.
        wall = [t for t in todos if t.due_at > now + timedelta(hours=6) or t.due_at < now - timedelta(days=9)]
        clocks = {t.due_at.astimezone(new_york).strftime("%H:%M") for t in wall}
        assert {"06:30", "07:00", "09:00", "10:00", "05:30", "14:00"} <= clocks
        assert all(c.endswith(("00", "30")) for c in clocks)


# De-identification ---------------------------------------------------------

PHI_PATTERNS = {
    "honorific": re.compile(r"\b(?:Mr|Mrs|Ms|Miss)\.?\s"),
    "full teacher name": re.compile(r"\bDr\.? [A-Z][a-z]+"),
    "MRN": re.compile(r"\bMRN\b|medical record|\bDOB\b|date of birth|\bSSN\b", re.IGNORECASE),
    "phone": re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b"),
    "e-mail": re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    "URL": re.compile(r"https?://|www\.", re.IGNORECASE),
    "ISO date": re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"),
    "slashed date": re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
    "day and month": re.compile(
        r"\b\d{1,2}(?:st|nd|rd|th)? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
        r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}(?:st|nd|rd|th)?\b"
    ),
}


@pytest.mark.parametrize(
    "text, caught",
    [
        ("Mr. Jones in B12", True), ("Mrs Lee", True), ("MRN 00123", True), ("call 555-123-4567", True),
        ("(555) 123-4567", True), ("resident@example.org", True), ("seen 2026-11-03", True),
        ("on 11/03/2026", True), ("admitted 3 Nov", True), ("Nov 3rd", True), ("Dr Kowalski said", True),
        ("BP 148/88, HR 96", False), ("Dr K (attending)", False), ("week 2026-W48", False),
        ("Na 134, K 4.6, Cr 1.6", False), ("QTc 480 ms.", False), ("leave by 18:30", False),
    ],
)
def test_phi_patterns_are_not_vacuous(text: str, caught: bool) -> None:
    assert any(p.search(text) for p in PHI_PATTERNS.values()) is caught


def test_no_phi_in_any_text(demo: Notebook, db: Path) -> None:
    scanned = 0
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            if table == "alembic_version":
                continue
            columns = [c[1] for c in connection.execute(f'PRAGMA table_info("{table}")')]
            # Timestamp and date columns are the notebook's own bookkeeping, not text anyone wrote.
            text_columns = [c for c in columns if not c.endswith(("_at", "_date"))]
            for row in connection.execute(f'SELECT {", ".join(text_columns)} FROM "{table}"'):
                for column, value in zip(text_columns, row):
                    if not isinstance(value, str):
                        continue
                    scanned += 1
                    for what, pattern in PHI_PATTERNS.items():
                        assert not pattern.search(value), f"{what} in {table}.{column}: {value[:120]!r}"
    finally:
        connection.close()
    assert scanned > 300  # the scan really read the demo's text


def test_patients_are_labelled_only_by_bed_age_sex_and_one_liner(demo: Notebook) -> None:
    for rotation in rotations(demo):
        for patient in demo.list_patients(rotation_id=rotation.id, include_discharged=True):
            match = re.fullmatch(r"(\d{1,2})([MF])", patient.age_sex)
            assert match and int(match[1]) <= 89, patient.age_sex
            assert patient.bed and patient.summary and len(patient.summary) <= 70
