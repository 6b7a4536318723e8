"""Ending a rotation and the digital shred bin: what goes, what stays, and that nothing of it lingers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from clerkbook.store import NotFound, open_notebook
from clerkbook.store.rotation_end import PURGED_BED

END = date(2026, 12, 18)
# Words that appear only in the patients' labels, to-dos and notes: none may survive the purge.
SECRETS = ("Zanzibarite", "Quokkafold", "Vellichor", "Brontide", "Petrichoric", "Sonderlust", "Hiraethic")


@pytest.fixture
def ward(tmp_path: Path):
    nb = open_notebook(tmp_path / "ward.db")
    medicine = nb.add_rotation("Internal Medicine", site="Riverside", start=date(2026, 9, 28),
                               end=date(2026, 11, 6))
    nb.add_patient("B3", "80F", "urosepsis")  # another rotation's patient: untouched
    surgery = nb.add_rotation("Surgery", site="Lakeside", start=date(2026, 11, 9), end=END)
    b12 = nb.add_patient("B12", "67M", f"{SECRETS[0]} syndrome")
    b7 = nb.add_patient("B7", "54F", "POD1 lap chole")
    nb.add_tags("patient", b12.id, ["cardio"])
    nb.set_signout(b12.id, severity="watcher", contingency=f"If {SECRETS[5]} recurs, call PGY-2")
    nb.add_todo(f"f/u {SECRETS[1]} level", kind="lab", patient_id=b12.id)
    nb.add_todo("read about Ranson criteria")  # no patient: a study task, kept
    note = nb.create_note("soap", patient_id=b12.id, title=f"{SECRETS[2]} day 3",
                          sections={"assessment": f"{SECRETS[3]} resolving", "plan": "diurese"})
    nb.save_note(note.id, sections={"assessment": f"{SECRETS[4]} and {SECRETS[3]}"})
    nb.add_point("Ranson criteria at 48 h", topic="pancreatitis", patient_id=b7.id)
    nb.add_question("Why HIDA before MRCP?", patient_id=b7.id)
    nb.add_procedure("ABG", day=date(2026, 11, 20), role="performed", patient_id=b12.id, supervisor="Dr Okafor",
                     notes=f"Radial, {SECRETS[6]} picture on gas")
    nb.save_reflection("2026-W47", {"went_well": "Led rounds"})
    yield nb, medicine, surgery
    nb.close()


def file_bytes(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_the_overview_counts_each_rotation(ward) -> None:
    nb, medicine, surgery = ward
    summaries = {s.rotation.id: s for s in nb.rotation_summaries()}
    assert list(summaries) == [surgery.id, medicine.id]
    s = summaries[surgery.id]
    assert (s.patients, s.active_patients, s.notes, s.procedures, s.points, s.purged) == (2, 2, 1, 1, 1, False)
    assert (summaries[medicine.id].patients, summaries[medicine.id].notes) == (1, 0)


def test_ending_without_purge_only_sets_the_end(ward) -> None:
    nb, _, surgery = ward
    report = nb.end_rotation(surgery.id, today=date(2026, 12, 4))
    assert (report.rotation.end_date, report.purged) == (date(2026, 12, 4), False)
    assert [p.summary for p in nb.list_patients(rotation_id=surgery.id)][0].endswith("syndrome")
    # A rotation that already ended keeps its end date.
    assert nb.end_rotation(surgery.id, today=date(2027, 1, 10)).rotation.end_date == date(2026, 12, 4)
    with pytest.raises(NotFound):
        nb.end_rotation(99, today=date(2026, 12, 4))


def test_purge_shreds_labels_and_clinical_text_and_keeps_what_was_learned(ward) -> None:
    nb, medicine, surgery = ward
    before = nb.counts()
    assert nb.search(SECRETS[1]) and nb.search(SECRETS[4])
    assert [hit.kind for hit in nb.search(SECRETS[6])] == ["procedure"]
    report = nb.end_rotation(surgery.id, today=date(2026, 12, 4), purge=True)
    assert report.purged and report.checkpointed
    assert report.counts == {"patients": 2, "notes": 1, "todos": 1, "revisions": 1}
    patients = nb.list_patients(rotation_id=surgery.id, include_discharged=True)
    assert {(p.bed, p.age_sex, p.summary, p.status.value) for p in patients} == {(PURGED_BED, "", "", "discharged")}
    assert nb.tags_for("patient", patients[0].id) == []
    assert all(nb.get_signout(p.id).contingency == "" for p in patients)
    note = nb.list_notes(rotation_id=surgery.id)[0]
    assert note.title == "" and all(text == "" for text in note.sections.values())
    assert nb.list_note_revisions(note.id) == []
    assert [t.text for t in nb.list_todos(rotation_id=surgery.id, include_done=True)] == ["read about Ranson criteria"]
    # Learning stays; only the patient link goes.
    assert [(p.text, p.patient_id) for p in nb.list_points(rotation_id=surgery.id)] == [("Ranson criteria at 48 h",
                                                                                       None)]
    [procedure] = nb.list_procedures(rotation_id=surgery.id)
    assert (procedure.name, procedure.supervisor, procedure.patient_id, procedure.notes) == ("ABG", "Dr Okafor",
                                                                                            None, "")
    # The procedure is still found by what stays of it, never by its shredded notes.
    assert [(hit.kind, hit.title) for hit in nb.search('"okafor"')] == [("procedure", "ABG")]
    assert nb.get_reflection("2026-W47").went_well == "Led rounds"
    after = nb.counts()
    assert {k: after[k] for k in ("patients", "notes", "points", "questions", "reflections")} == {
        k: before[k] for k in ("patients", "notes", "points", "questions", "reflections")}
    assert nb.list_patients(rotation_id=medicine.id)[0].summary == "urosepsis"
    summary = next(s for s in nb.rotation_summaries() if s.rotation.id == surgery.id)
    assert summary.purged and (summary.patients, summary.notes, summary.procedures) == (2, 1, 1)
    # Nothing of it is found by search, nor left anywhere in the file: secure_delete overwrote it.
    for word in SECRETS:
        assert nb.search(word) == [], word
    raw = file_bytes(nb.path)
    for word in SECRETS:
        assert word.encode() not in raw, word
    assert b"Ranson criteria" in raw


def test_a_failing_purge_changes_nothing(ward, monkeypatch) -> None:
    nb, _, surgery = ward
    import clerkbook.store.rotation_end as rotation_end

    def broken(session, rotation_id):
        session.exec(rotation_end.delete(rotation_end.Todo))
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(rotation_end, "_purge", broken)
    with pytest.raises(RuntimeError):
        nb.end_rotation(surgery.id, today=date(2026, 12, 4), purge=True)
    assert nb.get_rotation(surgery.id).end_date == END
    assert len(nb.list_todos(rotation_id=surgery.id)) == 2 and nb.search(SECRETS[1])
