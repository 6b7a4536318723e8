"""What the clerkship screen shows of each log and asks in its forms, and the store call a form becomes.

Kept apart from the screen so the screen holds only behaviour: each log here has its columns, its rows,
its form fields and how saved values turn into one notebook operation (run by the app's writer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from clerkbook.domain.days import show_day
from clerkbook.models.kinds import (
    CERTIFICATION_SUGGESTIONS,
    DEFAULT_CHECKLIST,
    LETTER_MATERIALS,
    PROCEDURE_SUGGESTIONS,
    ChecklistStatus,
    ContactRole,
    LetterStatus,
    ProcedureRole,
)
from clerkbook.ui.dialogs.entry_form import FormField

#: The logs, in tab order, with how one entry is named.
LOGS = {"procedure": "procedure", "feedback": "feedback", "letter": "letter", "contact": "contact",
        "checklist": "document", "certification": "certification"}


@dataclass
class ClerkshipView:
    """Everything the clerkship screen shows, read in one go by a worker."""

    today: date
    current_rotation_id: int | None = None
    rotations: dict[int, str] = field(default_factory=dict)
    #: Rotations by specialty alone, for narrow columns.
    specialties: dict[int, str] = field(default_factory=dict)
    #: Every patient's bed and age/sex ("12B · 71M"): enough to recognise them in a log.
    patients: dict[int, str] = field(default_factory=dict)
    active_patients: list[tuple[int, str]] = field(default_factory=list)
    procedures: list = field(default_factory=list)
    counts: list = field(default_factory=list)
    rotation_totals: dict[str, int] = field(default_factory=dict)
    feedback: list = field(default_factory=list)
    letters: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    reminders: list = field(default_factory=list)
    #: The current rotation's pre-rotation documents, and the student's certifications.
    checklist: list = field(default_factory=list)
    certifications: list = field(default_factory=list)

    def entries(self, log: str) -> list:
        """The rows of one log."""
        return {"procedure": self.procedures, "feedback": self.feedback, "letter": self.letters,
                "contact": self.contacts, "checklist": self.checklist, "certification": self.certifications}[log]

    def entry(self, log: str, entry_id: int | None):
        """One entry of a log by id, or None."""
        return next((row for row in self.entries(log) if row.id == entry_id), None)


def load_view(notebook, now, *, img: bool = False) -> ClerkshipView:
    """Read what the screen shows (in a worker thread)."""
    from clerkbook.domain.reminders import ClerkshipData, clerkship_reminders
    from clerkbook.store.procedures import count_procedures

    today = now.date()
    rotations = notebook.list_rotations()
    current = next((r for r in rotations if r.is_current), None)
    view = ClerkshipView(today=today, current_rotation_id=current.id if current else None,
                         rotations={r.id: r.name for r in rotations},
                         specialties={r.id: r.specialty for r in rotations})
    view.procedures = notebook.list_procedures(all_rotations=True)
    view.counts = count_procedures(view.procedures)
    if current is not None:
        for count in count_procedures([p for p in view.procedures if p.rotation_id == current.id]):
            view.rotation_totals[count.name.lower()] = count.total
        view.active_patients = [(p.id, p.label) for p in notebook.list_patients(rotation_id=current.id)]
    for rotation in rotations:
        for patient in notebook.list_patients(rotation_id=rotation.id, include_discharged=True):
            view.patients[patient.id] = " · ".join(part for part in (patient.bed, patient.age_sex) if part)
    view.feedback = notebook.list_feedback(all_rotations=True)
    view.letters = notebook.list_letters()
    view.contacts = notebook.list_contacts()
    view.certifications = notebook.list_certifications()
    checklists = notebook.all_checklists()
    if current is not None:
        view.checklist = [item for item in checklists if item.rotation_id == current.id]
    data = ClerkshipData(rotations=rotations, feedback=view.feedback, letters=view.letters, contacts=view.contacts,
                         checklist=checklists, certifications=view.certifications)
    view.reminders = clerkship_reminders(data, today, img=img)
    return view


# Rows ------------------------------------------------------------------------------------------------------

COLUMNS = {
    "procedure": ["Date", "Procedure", "Role", "Supervisor", "Patient", "Rotation", "Notes"],
    "counts": ["Procedure", "Performed", "Assisted", "Observed", "Total", "This rotation"],
    # "Acted" sits by the date: at 120 columns the last column is off screen, and it is what the list is for.
    "feedback": ["Date", "Acted", "From", "Context", "What was said", "What I will change", "What I did"],
    "letter": ["Attending", "Status", "Asked", "Deadline", "Sent", "Rotation"],
    "contact": ["Name", "Role", "Rotation", "Thank-you", "Last update", "Notes"],
    "checklist": ["Document", "Status", "Done on", "Notes"],
    "certification": ["Certification", "Expires", "Notes"],
}


def _cut(text: str, width: int = 48) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def sent_labels(letter) -> str:
    """What was sent to a letter writer, shortly: "CV, key cases"."""
    short = {"sent_cv": "CV", "sent_statement": "statement", "sent_cases": "key cases"}
    return ", ".join(short[column] for column, _ in LETTER_MATERIALS if getattr(letter, column))


def _expiry(expires: date | None, today: date) -> str:
    if expires is None:
        return "does not expire"
    return show_day(expires, today) + (" (expired)" if expires < today else "")


def rows(log: str, view: ClerkshipView) -> list[tuple[int, list[str]]]:
    """(entry id, cells) for each row of ``log`` ("counts": one row per procedure name, numbered)."""
    day = lambda value: show_day(value, view.today)  # noqa: E731 - one short formatter per call
    if log == "procedure":
        return [(p.id, [day(p.procedure_date), p.name, ProcedureRole(p.role).value, p.supervisor,
                        view.patients.get(p.patient_id, ""), view.specialties.get(p.rotation_id, ""),
                        _cut(p.notes, 40)])
                for p in view.procedures]
    if log == "counts":
        return [(number, [c.name, str(c.performed), str(c.assisted), str(c.observed), str(c.total),
                          str(view.rotation_totals.get(c.name.lower(), 0))])
                for number, c in enumerate(view.counts, start=1)]
    if log == "feedback":
        return [(f.id, [day(f.received_date), f"✓ {day(f.acted_date)}" if f.acted_date else "", f.giver,
                        _cut(f.context, 24), _cut(f.said), _cut(f.will_change), _cut(f.acted_text, 30)])
                for f in view.feedback]
    if log == "letter":
        return [(x.id, [x.attending, LetterStatus(x.status).value.replace("-", " "), day(x.asked_date),
                        day(x.deadline_date), sent_labels(x), view.specialties.get(x.rotation_id, "")])
                for x in view.letters]
    if log == "checklist":
        return [(i.id, [i.name, ChecklistStatus(i.status).value, day(i.done_date), _cut(i.notes, 40)])
                for i in view.checklist]
    if log == "certification":
        return [(c.id, [c.name, _expiry(c.expires_date, view.today), _cut(c.notes, 40)])
                for c in view.certifications]
    return [(c.id, [c.name, ContactRole(c.role).value, view.specialties.get(c.rotation_id, ""), day(c.thanked_date),
                    day(c.last_update_date), _cut(c.notes, 40)]) for c in view.contacts]


# Forms -----------------------------------------------------------------------------------------------------


def _enum_choices(enum_cls) -> tuple:
    return tuple((member.value.replace("-", " "), member.value) for member in enum_cls)


def form_fields(log: str, view: ClerkshipView, entry=None) -> list[FormField]:
    """The fields of ``log``'s form, filled from ``entry`` (None: a new entry, with sensible defaults)."""
    rotation_choices = tuple((name, rid) for rid, name in view.rotations.items())
    if log == "procedure":
        patients = list(view.active_patients)
        if entry is not None and entry.patient_id is not None and entry.patient_id not in dict(patients):
            patients.append((entry.patient_id, view.patients.get(entry.patient_id, "(discharged patient)")))
        return [
            FormField("name", "Procedure", value=entry.name if entry else "", required=True,
                      suggestions=PROCEDURE_SUGGESTIONS, placeholder="venipuncture, ABG, NG tube, suturing, …"),
            FormField("day", "Date", "day", value=entry.procedure_date if entry else view.today,
                      placeholder="today, yesterday, fri, nov 20"),
            FormField("role", "Role", "choice", value=ProcedureRole(entry.role).value if entry else "observed",
                      choices=_enum_choices(ProcedureRole)),
            FormField("supervisor", "Supervisor", value=entry.supervisor if entry else "", placeholder="Dr K, PGY-2"),
            FormField("patient_id", "Patient", "choice", value=entry.patient_id if entry else None,
                      choices=(*((label, pid) for pid, label in patients), ("No patient", None))),
            FormField("notes", "Notes", value=entry.notes if entry else ""),
        ]
    if log == "feedback":
        fields = [
            FormField("day", "Date", "day", value=entry.received_date if entry else view.today),
            FormField("giver", "From", value=entry.giver if entry else "", placeholder="Dr K, PGY-2, nurse"),
            FormField("context", "Context", value=entry.context if entry else "",
                      placeholder="after rounds, my H&P on B12, OR"),
            FormField("said", "What was said", value=entry.said if entry else "", required=True),
            FormField("will_change", "What I will change", value=entry.will_change if entry else ""),
        ]
        if entry is not None:
            fields += [FormField("acted_date", "Acted on it (date)", "day", value=entry.acted_date),
                       FormField("acted_text", "What I did", value=entry.acted_text)]
        return fields
    if log == "letter":
        fields = [FormField("attending", "Attending", value=entry.attending if entry else "", required=True)]
        if entry is None:
            fields.append(FormField("rotation_id", "Rotation", "choice", value=view.current_rotation_id,
                                    choices=rotation_choices))
        return fields + [
            FormField("status", "Status", "choice", value=LetterStatus(entry.status).value if entry else "to-ask",
                      choices=_enum_choices(LetterStatus)),
            FormField("asked", "Asked on", "day", value=entry.asked_date if entry else None,
                      placeholder="empty until asked; today, mon, dec 10"),
            FormField("deadline", "Deadline", "deadline", value=entry.deadline_date if entry else None,
                      placeholder="sep 15, 2027-09-15"),
            FormField("sent", "Sent to the writer", "checks", choices=LETTER_MATERIALS,
                      value={column: getattr(entry, column) for column, _ in LETTER_MATERIALS} if entry else {}),
            FormField("notes", "Notes", value=entry.notes if entry else ""),
        ]
    if log == "checklist":
        return [
            FormField("name", "Document", value=entry.name if entry else "", required=True,
                      suggestions=DEFAULT_CHECKLIST, placeholder="TB test, drug screen, site orientation, …"),
            FormField("status", "Status", "choice", value=ChecklistStatus(entry.status).value if entry else "needed",
                      choices=_enum_choices(ChecklistStatus)),
            FormField("done", "Done on", "day", value=entry.done_date if entry else None,
                      placeholder="empty: today, once done"),
            FormField("notes", "Notes", value=entry.notes if entry else "",
                      placeholder="who to send it to, what the site asked for"),
        ]
    if log == "certification":
        return [
            FormField("name", "Certification", value=entry.name if entry else "", required=True,
                      suggestions=CERTIFICATION_SUGGESTIONS, placeholder="BLS, ACLS, PALS"),
            FormField("expires", "Expires on", "deadline", value=entry.expires_date if entry else None,
                      placeholder="2027-06-30, jun 2027; empty if it does not expire"),
            FormField("notes", "Notes", value=entry.notes if entry else ""),
        ]
    fields = [FormField("name", "Name", value=entry.name if entry else "", required=True,
                        placeholder="Dr K, PGY-2 on gold team, clerkship coordinator")]
    if entry is None:
        fields.append(FormField("rotation_id", "Rotation", "choice", value=view.current_rotation_id,
                                choices=rotation_choices))
    return fields + [
        FormField("role", "Role", "choice", value=ContactRole(entry.role).value if entry else "attending",
                  choices=_enum_choices(ContactRole)),
        FormField("thanked", "Thank-you sent", "day", value=entry.thanked_date if entry else None),
        FormField("last_update", "Last update sent", "day", value=entry.last_update_date if entry else None),
        FormField("notes", "Notes", value=entry.notes if entry else ""),
    ]


def operation(log: str, values: dict[str, Any], today: date, entry=None) -> Callable:
    """The notebook call that saves the form's ``values``: adds an entry, or changes ``entry``."""
    v = dict(values)
    if log == "procedure":
        v["day"] = v["day"] or today
        if entry is None:
            return lambda nb: nb.add_procedure(v.pop("name"), **v)
        return lambda nb: nb.update_procedure(entry.id, **v)
    if log == "feedback":
        v["day"] = v["day"] or today
        if entry is None:
            return lambda nb: nb.add_feedback(v.pop("said"), **v)
        acted = (v.pop("acted_text"), v.pop("acted_date") or today)

        def save_feedback(nb):
            with nb.batch():  # both parts or neither
                nb.update_feedback(entry.id, **v)
                return nb.act_on_feedback(entry.id, acted[0], day=acted[1])

        return save_feedback
    if log == "letter":
        if entry is None:
            if v["status"] != LetterStatus.TO_ASK.value and v["asked"] is None:
                v["asked"] = today  # asked already, and just now unless a day is given
            return lambda nb: nb.add_letter(v.pop("attending"), **v)
        return lambda nb: nb.update_letter(entry.id, today=today, **v)
    if log == "checklist":
        if entry is None:
            return lambda nb: _add_document(nb, v, today)
        return lambda nb: nb.update_checklist_item(entry.id, today=today, **v)
    if log == "certification":
        if entry is None:
            return lambda nb: nb.add_certification(v.pop("name"), **v)
        return lambda nb: nb.update_certification(entry.id, **v)
    if entry is None:
        return lambda nb: nb.add_contact(v.pop("name"), **v)
    return lambda nb: nb.update_contact(entry.id, **v)


def _add_document(nb, values: dict[str, Any], today: date):
    with nb.batch():  # added with its status, or not at all
        item = nb.add_checklist_item(values["name"], notes=values["notes"])
        return nb.update_checklist_item(item.id, status=values["status"], done=values["done"], today=today)


def describe(log: str, entry) -> str:
    """How an entry is named in a question or a notice: "ABG on 20 Nov", "the letter from Dr K"."""
    if log == "procedure":
        return f"{entry.name} on {show_day(entry.procedure_date)}"
    if log == "feedback":
        return f"the feedback of {show_day(entry.received_date)}" + (f" from {entry.giver}" if entry.giver else "")
    if log == "letter":
        return f"the letter from {entry.attending}"
    return entry.name
