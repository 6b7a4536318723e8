"""The PHI guard applied to a whole export document: every free-text field, with where it came from.

The guard reads the same document the renderers read, so whatever a format prints has been scanned first.
Each finding keeps a reference to its entry (kind and uid) and field, so the app can open the entry to fix it.
Structured values that clerkbook itself records (when an entry was written, a rotation's dates, enum values)
are not scanned: they are the student's own timeline, not something typed about a patient.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, replace
from typing import Iterator

from clerkbook.domain import phi
from clerkbook.domain.phi import Finding
from clerkbook.domain.phi_batch import scan_texts

#: The free-text fields of each list in the document, in the order a reader meets them.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "rotations": ("specialty", "site", "service"),
    "patients": ("bed", "age_sex", "summary"),
    "todos": ("text",),
    "teaching_points": ("topic", "text", "source"),
    "questions": ("text", "answer"),
    "notes": ("title",),
    "reflections": ("went_well", "didnt_go_well", "learned_about_myself", "do_differently", "free_text"),
    "procedures": ("name", "supervisor", "notes"),
    "feedback": ("giver", "context", "said", "will_change", "acted_text"),
    "letters": ("attending", "notes"),
    "contacts": ("name", "notes"),
    "checklist_items": ("name", "notes"),
    "certifications": ("name", "notes"),
    "daily_entries": ("diagnoses", "management", "mistakes", "questions"),
    "patient_signouts": ("contingency",),
}
#: Singular names of the document's lists, for labels and for opening an entry.
ENTRY_KIND = {
    "rotations": "rotation",
    "patients": "patient",
    "todos": "todo",
    "teaching_points": "teaching_point",
    "questions": "question",
    "notes": "note",
    "reflections": "reflection",
    "procedures": "procedure",
    "feedback": "feedback",
    "letters": "letter",
    "contacts": "contact",
    "checklist_items": "checklist_item",
    "certifications": "certification",
    "daily_entries": "daily_entry",
    "patient_signouts": "patient_signout",
}
_SHOWN_KIND = {
    "rotation": "Rotation",
    "patient": "Patient",
    "todo": "To-do",
    "teaching_point": "Teaching point",
    "question": "Question",
    "note": "Note",
    "reflection": "Reflection",
    "procedure": "Procedure",
    "feedback": "Feedback",
    "letter": "Letter",
    "contact": "Contact",
    "checklist_item": "Checklist item",
    "certification": "Certification",
    "daily_entry": "Daily log",
    "patient_signout": "Sign-out",
}


#: Where the student writes about their teachers: a clinician's name there ("Dr. Patel (attending)") credits a
#: teacher and is not a patient identifier, so it is not reported. In notes, to-dos, procedures' notes, the
#: daily log and sign-outs it still is: that is where patients are written about.
TEACHING_KINDS = frozenset({"teaching_point", "question", "reflection", "feedback", "letter", "contact"})
#: The fields that hold a member of staff's name and nothing else ("Okafor, chief resident", "Mr. Ruiz, RN"):
#: no name there is a patient's, whatever its title. Other identifiers (a phone number) are still reported.
STAFF_NAME_FIELDS = frozenset({("procedure", "supervisor"), ("feedback", "giver"), ("letter", "attending"),
                               ("contact", "name")})
_CLINICIAN = re.compile(r"(?i)(?:dr|doctor|prof|professor)\b")


@dataclass(frozen=True)
class DocFinding:
    """A finding in an export document: the identifier, and which entry and field hold it."""

    finding: Finding
    kind: str
    """The entry's kind: "note", "todo", "reflection", ... (a table name)."""
    uid: str
    field: str
    """The field, "plan" or "text"; a revision's field reads "revision 2 · plan"."""

    @property
    def where(self) -> str:
        """A short human label: ``Note "Day 2 SOAP" · plan``."""
        return self.finding.where

    def describe(self) -> str:
        """One line for a report: ``Note "Day 2 SOAP" · plan: NAME "Mr. Hernandez"``."""
        return phi.describe(self.finding)


#: The field that names an entry of the other kinds in a label (a to-do is named by the start of its text).
_LABEL_FIELD = {"reflection": "week", "procedure": "name", "feedback": "received_date", "letter": "attending",
                "contact": "name", "checklist_item": "name", "certification": "name", "daily_entry": "entry_date"}


def patient_beds(doc: dict) -> dict[str, str]:
    """Each patient's bed by uid: a sign-out is named by its patient's bed, as the sign-out sheet names it."""
    return {patient.get("uid", ""): patient.get("bed", "") for patient in doc.get("patients", [])}


def _entry_label(kind: str, entry: dict, beds: dict[str, str] | None = None) -> str:
    shown = _SHOWN_KIND[kind]
    if kind == "patient_signout":
        name = (beds or {}).get(entry.get("patient", ""), "")
    elif kind == "rotation":
        name = entry.get("specialty", "")
    elif kind == "patient":
        name = entry.get("bed", "")
    elif kind == "note":
        name = entry.get("title", "") or entry.get("kind", "")
    elif kind in _LABEL_FIELD:
        name = str(entry.get(_LABEL_FIELD[kind]) or "")
    else:
        name = " ".join(str(entry.get("text", "")).split()[:6])
    # The label is printed next to the finding; scanning it too would be circular, so keep it short.
    return f'{shown} "{name}"' if name else shown


def _fields(doc: dict) -> Iterator[tuple[str, dict, str, str, str]]:
    """(kind, entry, field label, container key path, text) for every scanned string in ``doc``."""
    for list_name, fields in TEXT_FIELDS.items():
        kind = ENTRY_KIND[list_name]
        for entry in doc.get(list_name, []):
            for field in fields:
                yield kind, entry, field, (field,), entry.get(field) or ""
            if kind == "note":
                for section, text in (entry.get("sections") or {}).items():
                    yield kind, entry, section, ("sections", section), text or ""
            for position, tag in enumerate(entry.get("tags") or []):
                yield kind, entry, "tags", ("tags", position), tag or ""
            for index, revision in enumerate(entry.get("revisions") or [], start=1):
                if "title" in revision:
                    yield kind, entry, f"revision {index} · title", ("revisions", index - 1, "title"), \
                        revision.get("title") or ""
                for name, text in (revision.get("content") or {}).items():
                    yield kind, entry, f"revision {index} · {name}", ("revisions", index - 1, "content", name), \
                        text or ""


def _narrow(kind: str, found: list[Finding], field: str = "") -> list[Finding]:
    if (kind, field) in STAFF_NAME_FIELDS:
        found = [f for f in found if f.kind != "NAME"]
    elif kind in TEACHING_KINDS:
        found = [f for f in found if not (f.kind == "NAME" and _CLINICIAN.match(f.text))]
    return found


def _scan(kind: str, text: str, where: str = "", field: str = "") -> list[Finding]:
    return _narrow(kind, phi.scan(text, where), field)


def _redact(kind: str, text: str, field: str = "") -> str:
    return phi.redact(text, lambda t: _scan(kind, t, field=field))


def _texts(doc: dict) -> list[str]:
    """Every string :func:`_fields` yields, without labels and paths: what a scan of the whole document reads."""
    texts: list[str] = []
    add, extend = texts.append, texts.extend
    for list_name, fields in TEXT_FIELDS.items():
        for entry in doc.get(list_name, []):
            for field in fields:
                add(entry.get(field))
            if list_name == "notes":
                extend((entry.get("sections") or {}).values())
            extend(entry.get("tags") or ())
            for revision in entry.get("revisions") or ():
                add(revision.get("title"))
                extend((revision.get("content") or {}).values())
    return texts


def scan_document(doc: dict) -> list[DocFinding]:
    """Every identifier the guard finds in ``doc``'s free text (tags included), in reading order."""
    # Revisions repeat most of their note's text: each distinct text is scanned once, all of them together.
    by_text = scan_texts(text for text in _texts(doc) if text)
    found: list[DocFinding] = []
    if not by_text:
        return found
    beds = patient_beds(doc)
    for kind, entry, field, _path, text in _fields(doc):
        findings = _narrow(kind, by_text.get(text, []), field) if text else []
        if not findings:
            continue
        where = f"{_entry_label(kind, entry, beds)} · {field}"
        for finding in findings:
            found.append(DocFinding(replace(finding, where=where), kind, entry.get("uid", ""), field))
    return found


def redact_document(doc: dict) -> dict:
    """A copy of ``doc`` with every finding replaced by ``[KIND]``; ``doc`` itself is left as it was.

    A redacted tag becomes lower case ("[email]"), as every tag name is, and the tag list stays free of
    duplicates, so a redacted JSON export still imports.
    """
    redacted = copy.deepcopy(doc)
    by_text = scan_texts(text for text in _texts(redacted) if text)
    for kind, entry, field, path, text in list(_fields(redacted)) if by_text else ():
        if not text or not _narrow(kind, by_text.get(text, []), field):
            continue  # what redact would find first: nothing, so it would leave the text as it is
        cleaned = _redact(kind, text, field)
        if cleaned == text:
            continue
        if path[0] == "tags":
            cleaned = cleaned.lower()
        container = entry
        for key in path[:-1]:
            container = container[key]
        container[path[-1]] = cleaned
    for list_name in TEXT_FIELDS:
        for entry in redacted.get(list_name, []):
            if entry.get("tags"):
                entry["tags"] = sorted(set(entry["tags"]))
    tags, seen = [], set()
    for tag in redacted.get("tags", []):
        name = _redact("tag", tag["name"]).lower()
        if name not in seen:
            seen.add(name)
            tags.append(dict(tag, name=name))
    if "tags" in redacted:
        redacted["tags"] = sorted(tags, key=lambda t: t["name"])
    return redacted
