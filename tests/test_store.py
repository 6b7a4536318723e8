"""The store: every table round-trips, revisions keep old text, rules hold."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from clerkbook.models import NoteKind, NoteStatus, PatientStatus, QuestionStatus, TodoKind
from clerkbook.store import InvalidInput, NoCurrentRotation, Notebook, NotFound, open_notebook

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)


def reopen(notebook: Notebook) -> Notebook:
    """The same file through a new connection, so nothing comes from a cache."""
    return open_notebook(notebook.path)


class TestRoundTrips:
    """What goes in comes back out of the file, field by field."""

    def test_rotation(self, notebook: Notebook) -> None:
        made = notebook.add_rotation("Surgery", site="Lakeside Medical Center", service="Acute care",
                                     start=date(2026, 11, 9), end=date(2026, 12, 18))
        got = reopen(notebook).get_rotation(made.id)
        assert (got.specialty, got.site, got.service) == ("Surgery", "Lakeside Medical Center", "Acute care")
        assert (got.start_date, got.end_date, got.is_current) == (date(2026, 11, 9), date(2026, 12, 18), True)
        assert got.created_at.tzinfo is not None and got.created_at.utcoffset() == timedelta(0)

    def test_patient(self, rotation_nb: Notebook) -> None:
        made = rotation_nb.patient_for_label("B12 · 67M · CHF exacerbation")
        got = reopen(rotation_nb).get_patient(made.id)
        assert (got.bed, got.age_sex, got.summary) == ("B12", "67M", "CHF exacerbation")
        assert got.label == "B12 · 67M · CHF exacerbation"
        assert got.status == PatientStatus.ACTIVE

    def test_todo_keeps_an_aware_due_time(self, rotation_nb: Notebook) -> None:
        patient = rotation_nb.add_patient("B12", "67M", "CHF exacerbation")
        due = datetime(2026, 11, 25, 16, 0, tzinfo=ZoneInfo("America/New_York"))
        made = rotation_nb.add_todo("f/u K+", kind="lab", patient_id=patient.id, due_at=due)
        got = reopen(rotation_nb).get_todo(made.id)
        assert (got.text, got.kind, got.patient_id) == ("f/u K+", TodoKind.LAB, patient.id)
        assert got.due_at == due and got.due_at.tzinfo == timezone.utc
        assert got.done_at is None

    def test_teaching_point_with_tags(self, rotation_nb: Notebook) -> None:
        made = rotation_nb.add_point("Beta-blockers reduce mortality after MI", topic="cardio",
                                     source="attending", starred=True, tags=["#Cardio", "interview", "cardio"])
        nb = reopen(rotation_nb)
        got = nb.get_point(made.id)
        assert (got.text, got.topic, got.source, got.starred) == (
            "Beta-blockers reduce mortality after MI", "cardio", "attending", True)
        assert nb.tags_for("teaching_point", made.id) == ["cardio", "interview"]

    def test_question_and_answer(self, rotation_nb: Notebook) -> None:
        made = rotation_nb.add_question("Why spironolactone in HFrEF?")
        rotation_nb.answer_question(made.id, "RALES: lowers mortality in NYHA III-IV with EF <= 35%.")
        got = reopen(rotation_nb).get_question(made.id)
        assert got.status == QuestionStatus.ANSWERED and got.answered_at is not None
        assert got.answer.startswith("RALES")

    def test_note_every_section(self, rotation_nb: Notebook) -> None:
        from clerkbook.models import HP_SECTIONS

        sections = {name: f"text of {name}" for name in HP_SECTIONS}
        made = rotation_nb.create_note("hp", title="Admission H&P", sections=sections)
        got = reopen(rotation_nb).get_note(made.id)
        assert got.kind == NoteKind.HP and got.status == NoteStatus.DRAFT
        assert got.sections == sections

    def test_reflection(self, rotation_nb: Notebook) -> None:
        fields = {"went_well": "Presented a new admission clearly.", "didnt_go_well": "Ran late on pre-rounds.",
                  "learned_about_myself": "I think best out loud.", "do_differently": "Start pre-rounds earlier.",
                  "free_text": "Good week."}
        rotation_nb.save_reflection("2026-W48", fields)
        got = reopen(rotation_nb).get_reflection("2026-W48")
        assert {name: getattr(got, name) for name in fields} == fields
        assert got.rotation_id == rotation_nb.current_rotation().id


class TestRevisions:
    """Nothing typed is ever overwritten without a way back."""

    def test_every_changing_save_keeps_the_previous_text(self, rotation_nb: Notebook) -> None:
        note = rotation_nb.create_note("soap", title="Day 1", sections={"subjective": "No events overnight."})
        rotation_nb.save_note(note.id, sections={"subjective": "No acute events overnight."})
        rotation_nb.save_note(note.id, sections={"plan": "Diurese, recheck BMP in AM."}, title="Day 1 (v2)")
        revisions = reopen(rotation_nb).list_note_revisions(note.id)
        assert [json.loads(r.content)["subjective"] for r in revisions] == [
            "No acute events overnight.", "No events overnight."]
        assert revisions[0].title == "Day 1"

    def test_a_save_that_changes_nothing_adds_no_revision(self, rotation_nb: Notebook) -> None:
        note = rotation_nb.create_note("soap", sections={"plan": "Continue."})
        rotation_nb.save_note(note.id, sections={"plan": "Continue."})
        assert rotation_nb.list_note_revisions(note.id) == []

    def test_restore_brings_text_back_and_keeps_what_it_replaced(self, rotation_nb: Notebook) -> None:
        note = rotation_nb.create_note("soap", sections={"assessment": "CHF exacerbation, improving."})
        rotation_nb.save_note(note.id, sections={"assessment": "oops, pasted the wrong thing"})
        old = rotation_nb.list_note_revisions(note.id)[0]
        restored = rotation_nb.restore_note_revision(note.id, old.id)
        assert restored.assessment == "CHF exacerbation, improving."
        texts = [json.loads(r.content)["assessment"] for r in rotation_nb.list_note_revisions(note.id)]
        assert "oops, pasted the wrong thing" in texts

    def test_status_change_alone_is_saved(self, rotation_nb: Notebook) -> None:
        note = rotation_nb.create_note("progress")
        rotation_nb.save_note(note.id, status="reviewed")
        assert rotation_nb.get_note(note.id).status == NoteStatus.REVIEWED

    def test_reflection_revisions(self, rotation_nb: Notebook) -> None:
        rotation_nb.save_reflection("2026-W47", {"went_well": "first draft"})
        rotation_nb.save_reflection("2026-W47", {"went_well": "second draft"})
        revisions = rotation_nb.list_reflection_revisions("2026-W47")
        assert json.loads(revisions[0].content)["went_well"] == "first draft"
        rotation_nb.restore_reflection_revision("2026-W47", revisions[0].id)
        assert rotation_nb.get_reflection("2026-W47").went_well == "first draft"

    def test_copy_forward_records_its_source(self, rotation_nb: Notebook) -> None:
        patient = rotation_nb.add_patient("B12", "67M", "CHF exacerbation")
        first = rotation_nb.create_note("soap", patient_id=patient.id, sections={"plan": "Diurese."})
        copy = rotation_nb.create_note("progress", copy_from=first.id, sections={"subjective": "Feels better."})
        assert (copy.patient_id, copy.copied_from_id, copy.plan, copy.subjective) == (
            patient.id, first.id, "Diurese.", "Feels better.")
        assert rotation_nb.latest_note_for_patient(patient.id).id == copy.id


class TestRules:
    """The rules a user relies on without thinking about them."""

    def test_exactly_one_current_rotation(self, rotation_nb: Notebook) -> None:
        second = rotation_nb.add_rotation("Surgery", start=date(2026, 12, 21))
        assert [r.id for r in rotation_nb.list_rotations() if r.is_current] == [second.id]
        rotation_nb.set_current_rotation(1)
        assert [r.id for r in rotation_nb.list_rotations() if r.is_current] == [1]
        rotation_nb.add_rotation("Pediatrics", start=date(2027, 1, 4), make_current=False)
        assert rotation_nb.current_rotation().id == 1

    def test_first_rotation_is_current_even_if_not_asked(self, notebook: Notebook) -> None:
        made = notebook.add_rotation("Surgery", start=date(2026, 11, 9), make_current=False)
        assert made.is_current

    def test_rotation_cannot_end_before_it_starts(self, notebook: Notebook) -> None:
        with pytest.raises(InvalidInput, match="ends"):
            notebook.add_rotation("Surgery", start=date(2026, 11, 9), end=date(2026, 11, 1))

    def test_nothing_can_be_added_before_a_rotation(self, notebook: Notebook) -> None:
        with pytest.raises(NoCurrentRotation, match="rotation new"):
            notebook.add_todo("f/u CBC")

    def test_todo_order_open_then_due_then_undated(self, rotation_nb: Notebook) -> None:
        later = rotation_nb.add_todo("later", due_at=NOW + timedelta(hours=3))
        undated = rotation_nb.add_todo("undated")
        overdue = rotation_nb.add_todo("overdue", due_at=NOW - timedelta(minutes=20))
        done = rotation_nb.add_todo("done", due_at=NOW - timedelta(hours=5))
        rotation_nb.complete_todo(done.id)
        assert [t.id for t in rotation_nb.list_todos()] == [overdue.id, later.id, undated.id]
        assert [t.id for t in rotation_nb.list_todos(include_done=True)][-1] == done.id

    def test_bad_todo_input_writes_nothing(self, rotation_nb: Notebook) -> None:
        for bad in ({"text": "  "}, {"text": "x", "kind": "xray"},
                    {"text": "x", "due_at": datetime(2026, 11, 25, 16, 0)}, {"text": "x", "patient_id": 99}):
            with pytest.raises((InvalidInput, NotFound)):
                rotation_nb.add_todo(**bad)
        assert rotation_nb.list_todos(include_done=True) == []

    def test_complete_reopen_delete_and_restore(self, rotation_nb: Notebook) -> None:
        todo = rotation_nb.add_todo("page cards fellow", kind="consult")
        assert rotation_nb.complete_todo(todo.id).done_at is not None
        assert rotation_nb.reopen_todo(todo.id).done_at is None
        gone = rotation_nb.delete_todo(todo.id)
        with pytest.raises(NotFound):
            rotation_nb.get_todo(todo.id)
        rotation_nb.restore_todo(gone)
        assert rotation_nb.get_todo(todo.id).text == "page cards fellow"

    def test_reorder_within_a_patient(self, rotation_nb: Notebook) -> None:
        patient = rotation_nb.add_patient("B12")
        a, b, c = (rotation_nb.add_todo(t, patient_id=patient.id) for t in "abc")
        rotation_nb.move_todo(c.id, -2)
        order = sorted(rotation_nb.list_todos(), key=lambda t: t.position)
        assert [t.text for t in order] == ["c", "a", "b"]

    def test_discharge_asks_about_open_todos(self, rotation_nb: Notebook) -> None:
        patient = rotation_nb.add_patient("B12", "67M", "CHF exacerbation")
        todo = rotation_nb.add_todo("f/u echo", kind="imaging", patient_id=patient.id)
        with pytest.raises(InvalidInput, match="open to-do"):
            rotation_nb.discharge_patient(patient.id)
        rotation_nb.discharge_patient(patient.id, complete_open_todos=True)
        assert rotation_nb.get_todo(todo.id).done_at is not None
        assert rotation_nb.list_patients() == []
        # The bed is free for the next admission.
        assert rotation_nb.add_patient("B12", "45F", "pyelonephritis").id != patient.id

    def test_two_active_patients_cannot_share_a_bed(self, rotation_nb: Notebook) -> None:
        rotation_nb.add_patient("B12")
        for same in ("b12", "Bed 12", "bed-12"):
            with pytest.raises(InvalidInput, match="B12"):
                rotation_nb.add_patient(same)

    def test_bed_shorthand_finds_the_patient(self, rotation_nb: Notebook) -> None:
        from clerkbook.store.rotations import same_bed

        bed7 = rotation_nb.add_patient("Bed 7", "19M", "appendicitis")
        assert rotation_nb.patient_for_label("B7").id == bed7.id
        assert rotation_nb.patient_for_label("bed7").id == bed7.id
        assert not same_bed("12B", "12") and not same_bed("15A", "15B") and same_bed("ICU-3", "icu 3")

    def test_answered_question_becomes_a_teaching_point(self, rotation_nb: Notebook) -> None:
        question = rotation_nb.add_question("Target K+ in MI?")
        with pytest.raises(InvalidInput):
            rotation_nb.question_to_point(question.id)
        rotation_nb.answer_question(question.id, "Keep K+ >= 4.0 and Mg >= 2.0.")
        point = rotation_nb.question_to_point(question.id)
        assert "Keep K+" in point.text and point.text.startswith("Target K+ in MI?")
        with pytest.raises(InvalidInput, match="already"):
            rotation_nb.question_to_point(question.id)
        assert len(rotation_nb.list_points()) == 1

    def test_deleting_an_entry_removes_its_tags(self, rotation_nb: Notebook) -> None:
        point = rotation_nb.add_point("Murphy's sign in cholecystitis", tags=["surgery"])
        rotation_nb.delete_point(point.id)
        again = rotation_nb.add_point("Another point")
        # SQLite may reuse the rowid; the old tag must not reappear on it.
        assert rotation_nb.tags_for("teaching_point", again.id) == []
        assert rotation_nb.list_tags() == ["surgery"]

    def test_unknown_note_section_and_week_are_refused(self, rotation_nb: Notebook) -> None:
        with pytest.raises(InvalidInput, match="mrn"):
            rotation_nb.create_note("soap", sections={"mrn": "123"})
        with pytest.raises(InvalidInput, match="ISO week"):
            rotation_nb.save_reflection("2026-48", {"went_well": "x"})

    def test_schema_has_no_identifying_columns(self, notebook: Notebook) -> None:
        from clerkbook.models import Base

        patient = {column.name for column in Base.metadata.tables["patient"].columns}
        assert patient == {"id", "uid", "rotation_id", "bed", "age_sex", "summary", "status", "discharged_at",
                           "created_at", "updated_at"}
        columns = {column.name for table in Base.metadata.tables.values() for column in table.columns}
        for forbidden in ("first_name", "last_name", "mrn", "dob", "date_of_birth", "birth_date", "ssn", "phone"):
            assert forbidden not in columns


class TestBatch:
    """Several calls as one transaction: all saved, or none."""

    def test_failure_inside_a_batch_keeps_nothing(self, rotation_nb: Notebook) -> None:
        with pytest.raises(InvalidInput):
            with rotation_nb.batch():
                patient = rotation_nb.add_patient("B3", "80F", "hip fracture")
                rotation_nb.add_todo("ortho consult", kind="consult", patient_id=patient.id)
                rotation_nb.add_todo("   ")
        assert rotation_nb.list_patients() == [] and rotation_nb.list_todos() == []

    def test_calls_in_a_batch_see_each_other(self, rotation_nb: Notebook) -> None:
        with rotation_nb.batch():
            patient = rotation_nb.add_patient("B3", "80F", "hip fracture")
            todo = rotation_nb.add_todo("ortho consult", kind="consult", patient_id=patient.id)
            assert todo.id is not None
            assert [t.id for t in rotation_nb.list_todos()] == [todo.id]
        assert [t.text for t in reopen(rotation_nb).list_todos()] == ["ortho consult"]

    def test_backdated_entries_keep_their_moment(self, rotation_nb: Notebook) -> None:
        then = datetime(2026, 10, 2, 14, 30, tzinfo=timezone.utc)
        point = rotation_nb.add_point("Light's criteria", at=then)
        assert reopen(rotation_nb).get_point(point.id).created_at == then
        with pytest.raises(InvalidInput, match="time zone"):
            rotation_nb.add_point("x", at=datetime(2026, 10, 2, 14, 30))
