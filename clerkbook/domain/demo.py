"""A sample notebook to explore clerkbook with: two fictional, de-identified rotations.

``fill_demo`` writes a finished Internal Medicine rotation and a current Surgery
rotation (in its third week) into an empty notebook, with their procedure and
feedback logs, letters and contacts, through the store's public methods only. Every date is computed from ``now`` so the demo always looks
current: to-dos come due in the next hours, one or two are a little overdue,
and the weekly reflections cover the weeks just past. The text lives in
:mod:`clerkbook.domain.demo_data`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo

from clerkbook.domain import demo_data as data
from clerkbook.domain.demo_data import clerkship as logs
from clerkbook.domain.demo_data import prep
from clerkbook.domain.weeks import iso_week
from clerkbook.models import NoteStatus
from clerkbook.store import InvalidInput, Notebook, NotFound

__all__ = ["fill_demo", "iso_week"]

NOT_EMPTY = "This notebook already has data; the demo only fills an empty one."


def fill_demo(notebook: Notebook, now: datetime) -> dict[str, int]:
    """Fill an EMPTY notebook with a realistic, entirely fictional, de-identified two-rotation sample.

    ``now`` is timezone-aware; every date is relative to it (local dates come from
    ``now``'s own zone) so the demo always looks current. Raises
    :class:`~clerkbook.store.errors.InvalidInput` if the notebook already holds
    anything. Returns ``notebook.counts()`` and ``notebook.clerkship_counts()`` in one dict.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    # One transaction: a failure halfway leaves the notebook as empty as it was.
    with notebook.batch():
        if not notebook.is_empty():
            raise InvalidInput(NOT_EMPTY)
        _fill(notebook, now)
    return {**notebook.counts(), **notebook.clerkship_counts()}


def _fill(notebook: Notebook, now: datetime) -> None:
    today = now.date()
    # Clock times ("tomorrow 07:00", a lab at 05:30 weeks ago) in now's own zone: DST-correct per
    # day when it is a real zone (local_now() gives tzlocal()), and identical on every machine for tests.
    tz = now.tzinfo
    # Surgery started on the Monday two weeks before this one (so this is week 3 of 6);
    # medicine ran the six weeks before it, Monday to Friday, ending the Friday before.
    surgery_start = today - timedelta(days=today.weekday(), weeks=2)
    medicine_end = surgery_start - timedelta(days=3)
    medicine_start = medicine_end - timedelta(days=39)

    medicine = notebook.add_rotation(**data.IM, start=medicine_start, end=medicine_end, make_current=True)
    im_patients = _fill_medicine(notebook, medicine.id, medicine_start, tz)
    surgery = notebook.add_rotation(
        **data.SURG, start=surgery_start, end=surgery_start + timedelta(days=39), make_current=True
    )
    surg_patients = _fill_surgery(notebook, surgery.id, surgery_start, now, today, tz)
    for index, (severity, contingency) in prep.SIGNOUT.items():
        notebook.set_signout(surg_patients[index], severity=severity, contingency=contingency)
    _fill_logs(notebook, medicine.id, medicine_start, im_patients, logs.IM_PROCEDURES, logs.IM_FEEDBACK, now)
    _fill_logs(notebook, surgery.id, surgery_start, surg_patients, logs.SURG_PROCEDURES, logs.SURG_FEEDBACK, now)
    _fill_people(notebook, {"im": medicine.id, "surg": surgery.id}, now)
    _fill_checklists(notebook, {"im": (medicine.id, medicine_start), "surg": (surgery.id, surgery_start)}, today)
    for ago, headings in prep.DAILY:
        day = today - timedelta(days=ago)
        if day >= surgery_start:
            notebook.save_daily(day, headings, rotation_id=surgery.id,
                                at=min(_at(day, "21:30", tz), now - timedelta(minutes=20)))


def _fill_medicine(notebook: Notebook, rotation_id: int, start: date, tz: tzinfo) -> list[int]:
    patients = _add_patients(notebook, rotation_id, data.IM_PATIENTS, _at(start, "07:00", tz))
    for index, kind, text, day, clock in data.IM_TODOS:
        due = _at(start + timedelta(days=day), clock, tz)
        todo = notebook.add_todo(text, kind=kind, patient_id=patients[index], due_at=due, rotation_id=rotation_id,
                                 at=due - timedelta(hours=5))
        notebook.complete_todo(todo.id, when=due + timedelta(minutes=40))
    days = _Days(start, 39, tz)
    _add_entries(notebook, rotation_id, patients, data.IM_POINTS, data.IM_QUESTIONS, data.IM_NOTES, days)
    _add_reflections(notebook, rotation_id, start, data.IM_REFLECTIONS, days.end)
    for number, index in enumerate(data.IM_DISCHARGED):
        notebook.discharge_patient(patients[index], complete_open_todos=True, at=days.at(8 + number * 9, "14:00"))
    return patients


def _fill_surgery(
    notebook: Notebook, rotation_id: int, start: date, now: datetime, today: date, tz: tzinfo
) -> list[int]:
    patients = _add_patients(notebook, rotation_id, data.SURG_PATIENTS, min(_at(start, "07:00", tz), now))
    tomorrow = today + timedelta(days=1)
    now = now.replace(second=0, microsecond=0)  # due times on the minute, as a person would type them
    for index, kind, text, due, done_ago in data.SURG_TODOS:
        if isinstance(due, str):
            due_at = _at(tomorrow, due, tz)
        else:
            due_at = None if due is None else now + timedelta(minutes=due)
        patient_id = None if index is None else patients[index]
        todo = notebook.add_todo(text, kind=kind, patient_id=patient_id, due_at=due_at, rotation_id=rotation_id,
                                 at=now - timedelta(hours=3))
        if done_ago is not None:
            notebook.complete_todo(todo.id, when=now - timedelta(minutes=done_ago))
    # Entries run from the first day to now, the last of them written today.
    days = _Days(start, (today - start).days, tz, now=now)
    _add_entries(notebook, rotation_id, patients, data.SURG_POINTS, data.SURG_QUESTIONS, data.SURG_NOTES, days)
    _add_reflections(notebook, rotation_id, start, data.SURG_REFLECTIONS, now)
    for index in data.SURG_DISCHARGED:
        notebook.discharge_patient(patients[index], complete_open_todos=True, at=now - timedelta(hours=3))
    return patients


def _fill_logs(notebook: Notebook, rotation_id: int, start: date, patients: list[int], procedures: Sequence[tuple],
               feedback: Sequence[tuple], now: datetime) -> None:
    """The rotation's procedure and feedback logs, on its days so far (never after today)."""
    today, tz = now.date(), now.tzinfo

    def on(offset: int) -> tuple[date, datetime]:
        day = min(start + timedelta(days=offset), today)
        return day, min(_at(day, "17:30", tz), now - timedelta(minutes=5))

    for offset, name, role, supervisor, index, notes in procedures:
        day, written = on(offset)
        notebook.add_procedure(name, day=day, role=role, supervisor=supervisor, notes=notes,
                               patient_id=None if index is None else patients[index], rotation_id=rotation_id,
                               at=written)
    for offset, giver, context, said, change, acted, acted_text in feedback:
        day, written = on(offset)
        entry = notebook.add_feedback(said, day=day, giver=giver, context=context, will_change=change,
                                      rotation_id=rotation_id, at=written)
        if acted is not None:
            notebook.act_on_feedback(entry.id, acted_text, day=max(on(acted)[0], day))


def _fill_people(notebook: Notebook, rotations: dict[str, int], now: datetime) -> None:
    """Letters asked for (or still to ask) and the people to thank and keep up to date."""
    today = now.date()

    def ago(days: int | None) -> date | None:
        return None if days is None else today - timedelta(days=days)

    for rotation, attending, status, asked, deadline, sent, notes in logs.LETTERS:
        cv, statement, cases = sent
        notebook.add_letter(attending, status=status, asked=ago(asked), notes=notes, rotation_id=rotations[rotation],
                            deadline=None if deadline is None else today + timedelta(days=deadline),
                            sent_cv=cv, sent_statement=statement, sent_cases=cases, at=now - timedelta(days=20))
    for rotation, name, role, notes, thanked, updated in logs.CONTACTS:
        notebook.add_contact(name, role=role, notes=notes, thanked=ago(thanked), last_update=ago(updated),
                             rotation_id=rotations[rotation], at=now - timedelta(days=18))


def _fill_checklists(notebook: Notebook, rotations: dict[str, tuple[int, date]], today: date) -> None:
    """Each rotation's documents as the student left them, and certifications (BLS lapses mid-surgery)."""
    for key, (rotation_id, start) in rotations.items():
        for name in prep.CHECKLIST_DROP.get(key, ()):
            notebook.delete_checklist_item(notebook.find_checklist_item(name, rotation_id=rotation_id).id)
        for name, status, before in prep.CHECKLIST[key]:
            try:
                item = notebook.find_checklist_item(name, rotation_id=rotation_id)
            except NotFound:
                item = notebook.add_checklist_item(name, rotation_id=rotation_id)
            done = None if before is None else min(start - timedelta(days=before), today)
            notebook.update_checklist_item(item.id, status=status, done=done, today=today)
    surgery_start = rotations["surg"][1]
    for name, expires, notes in prep.CERTIFICATIONS:
        notebook.add_certification(name, notes=notes,
                                   expires=None if expires is None else surgery_start + timedelta(days=expires))


class _Days:
    """Spreads entries over a rotation's days, so the demo reads like weeks of real use."""

    def __init__(self, start: date, length: int, tz: tzinfo, now: datetime | None = None) -> None:
        self.start, self.length, self.tz, self.now = start, max(length, 0), tz, now
        self.end = _at(start + timedelta(days=self.length), "18:00", tz) if now is None else now

    def at(self, day: int, clock: str) -> datetime:
        moment = _at(self.start + timedelta(days=min(day, self.length)), clock, self.tz)
        return min(moment, self.now - timedelta(minutes=30)) if self.now else moment

    def spread(self, number: int, count: int, clock: str) -> datetime:
        """The moment of entry ``number`` of ``count``, evenly from the first day to the last."""
        return self.at(round(self.length * (number + 1) / max(count, 1)), clock)


def _at(day: date, clock: str, tz: tzinfo) -> datetime:
    hour, minute = map(int, clock.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def _add_patients(notebook: Notebook, rotation_id: int, rows: Sequence[tuple], at: datetime) -> list[int]:
    ids = []
    for bed, age_sex, summary, tags in rows:
        patient = notebook.add_patient(bed, age_sex, summary, rotation_id=rotation_id, at=at)
        if tags:
            notebook.add_tags("patient", patient.id, tags)
        ids.append(patient.id)
    return ids


def _add_entries(
    notebook: Notebook,
    rotation_id: int,
    patients: list[int],
    points: Sequence[tuple],
    questions: Sequence[tuple],
    notes: Sequence[dict],
    days: _Days,
) -> None:
    def patient(index: int | None) -> int | None:
        return None if index is None else patients[index]

    for number, (text, topic, source, starred, index, tags) in enumerate(points):
        notebook.add_point(text, topic=topic, source=source, starred=starred, tags=tags,
                           patient_id=patient(index), rotation_id=rotation_id,
                           at=days.spread(number, len(points), "13:30"))
    for number, (text, answer, index) in enumerate(questions):
        asked = days.spread(number, len(questions) + 1, "11:00")
        question = notebook.add_question(text, patient_id=patient(index), rotation_id=rotation_id, at=asked)
        if answer:
            notebook.answer_question(question.id, answer, at=days.spread(number, len(questions) + 1, "21:30"))
    note_ids: dict[str, int] = {}
    for number, spec in enumerate(notes):
        written = days.spread(number, len(notes), "06:30")
        (status, sections), *later = spec["versions"]
        copy_from = note_ids[spec["copy_from"]] if "copy_from" in spec else None
        note = notebook.create_note(spec["kind"], patient_id=patient(spec["patient"]), title=spec["title"],
                                    sections=sections, copy_from=copy_from, rotation_id=rotation_id, at=written)
        if status != NoteStatus.DRAFT:
            notebook.save_note(note.id, status=status, at=written)
        # Each later version is a save, so the earlier text is kept as a revision.
        for version, (status, sections) in enumerate(later, start=1):
            reason = "save" if status == NoteStatus.DRAFT else "resident review"
            edited = written + timedelta(hours=2 * version)
            if days.now is not None:
                edited = min(edited, days.now - timedelta(minutes=10 * (len(later) - version + 1)))
            notebook.save_note(note.id, status=status, sections=sections, reason=reason, at=edited)
        if spec.get("tags"):
            notebook.add_tags("note", note.id, spec["tags"])
        note_ids[spec["key"]] = note.id


def _add_reflections(notebook: Notebook, rotation_id: int, start: date, weeks: Sequence[dict],
                     latest: datetime) -> None:
    for number, fields in enumerate(weeks):
        fields = dict(fields)
        tags = fields.pop("tags", ())
        # Written on the Friday evening of its week, or just now for the week in progress.
        friday = _at(start + timedelta(weeks=number, days=4), "20:00", latest.tzinfo)
        reflection = notebook.save_reflection(iso_week(start + timedelta(weeks=number)), fields,
                                              rotation_id=rotation_id, at=min(friday, latest))
        if tags:
            notebook.add_tags("reflection", reflection.id, tags)
