"""Narrowing an export document to one rotation or a span of dates (``--rotation``, ``--since``, ``--until``).

The result is still a complete, importable document: every patient, rotation and note that a kept entry
refers to is kept with it, so a partial JSON export can be imported on its own.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo

from dateutil import parser as dateparser
from dateutil.relativedelta import relativedelta

from clerkbook.domain.weeks import week_monday

_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"
_ENTRY_LISTS = ("todos", "teaching_points", "questions", "notes")
#: The clerkship lists that belong to one rotation, with the day each entry is placed on in a date span;
#: a letter or a checklist item has no such day and goes wherever its rotation goes.
_ROTATION_LISTS = {"procedures": "procedure_date", "feedback": "received_date", "letters": None,
                   "checklist_items": None}


class SelectionError(ValueError):
    """``--rotation`` or the date span matches nothing usable; the message says why in one line."""


_AGO = re.compile(r"(\d+)\s*(day|week|month|year)s?\s+ago")
_MONTH_ONLY = re.compile(r"(\d{4})-(\d{1,2})")


def parse_day(text: str, today: date, *, end: bool = False) -> date:
    """A day in the past as people write it for ``--since`` / ``--until``.

    "2026-11-01", "nov 1" (this year, or last year if that is still to come), "2026-11" (its first day, or
    its last with ``end``), "today", "yesterday", "last week", "last month", "3 weeks ago". Refuses anything
    else with a one-line :class:`SelectionError` rather than guessing.
    """
    phrase = " ".join(text.lower().split())
    simple = {"today": today, "yesterday": today - timedelta(days=1), "last week": today - timedelta(weeks=1),
              "last month": today - relativedelta(months=1), "last year": today - relativedelta(years=1)}
    if phrase in simple:
        return simple[phrase]
    if match := _AGO.fullmatch(phrase):
        amount, unit = int(match[1]), match[2]
        return today - relativedelta(**{f"{unit}s": amount})
    if match := _MONTH_ONLY.fullmatch(phrase):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            first = date(year, month, 1)
            return first + relativedelta(months=1, days=-1) if end else first
    try:
        parsed = dateparser.parse(phrase, default=datetime.combine(today, datetime.min.time())).date()
    except (ValueError, OverflowError):
        raise SelectionError(f"Cannot read '{text}' as a day: try 2026-11-01, 'nov 1', 'last month' or "
                             "'3 weeks ago'.") from None
    if parsed > today and not re.search(r"\d{4}", phrase):
        parsed -= relativedelta(years=1)  # "nov 28" written in November means the one just past
    return parsed


def rotation_name(rotation: dict) -> str:
    """How a rotation is named to people: "Internal Medicine @ Riverside General"."""
    site = rotation.get("site") or ""
    return f"{rotation['specialty']} @ {site}" if site else rotation["specialty"]


def find_rotation(doc: dict, wanted: str) -> dict:
    """The one rotation ``wanted`` names: its full name, its specialty, or the start of either (any case)."""
    key = " ".join(wanted.split()).casefold()
    if not key:
        raise SelectionError("--rotation is empty.")
    rotations = doc.get("rotations", [])
    for test in (
        lambda r: rotation_name(r).casefold() == key,
        lambda r: r["specialty"].casefold() == key,
        lambda r: rotation_name(r).casefold().startswith(key) or r["specialty"].casefold().startswith(key),
        lambda r: key in rotation_name(r).casefold(),
    ):
        matches = [r for r in rotations if test(r)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            names = "; ".join(rotation_name(r) for r in matches)
            raise SelectionError(f"--rotation '{wanted}' matches several rotations: {names}.")
    known = "; ".join(rotation_name(r) for r in rotations) or "none yet"
    raise SelectionError(f"No rotation matches '{wanted}' (rotations: {known}).")


def local_day(stamp: str, tz: tzinfo) -> date:
    """The local calendar day of a stored UTC timestamp."""
    return datetime.strptime(stamp, _STAMP).replace(tzinfo=timezone.utc).astimezone(tz).date()


def select_document(doc: dict, *, rotation: str | None = None, since: date | None = None,
                    until: date | None = None, tz: tzinfo = timezone.utc) -> dict:
    """The part of ``doc`` that belongs to ``rotation`` and was written between ``since`` and ``until``.

    Entries are placed in time by the day they were written; a rotation is kept when its dates overlap the
    span, a weekly reflection when its week does. With no arguments the document is returned unchanged.
    """
    if rotation is None and since is None and until is None:
        return doc
    if since is not None and until is not None and since > until:
        raise SelectionError(f"--since {since} is after --until {until}.")
    low, high = since or date.min, until or date.max

    kept_rotations = doc.get("rotations", [])
    if rotation is not None:
        kept_rotations = [find_rotation(doc, rotation)]
    kept_rotations = [r for r in kept_rotations if _overlaps(r, low, high)]
    rotation_uids = {r["uid"] for r in kept_rotations}

    def in_span(entry: dict) -> bool:
        return entry.get("rotation") in rotation_uids and low <= local_day(entry["created_at"], tz) <= high

    picked = {name: [e for e in doc.get(name, []) if in_span(e)] for name in _ENTRY_LISTS}
    note_uids = {n["uid"] for n in picked["notes"]}
    picked["notes"] = [dict(n, copied_from=n["copied_from"] if n.get("copied_from") in note_uids else None)
                       for n in picked["notes"]]
    wanted_patients = {e.get("patient") for name in _ENTRY_LISTS for e in picked[name]}
    wanted_patients |= {e.get("patient") for e in doc.get("procedures", []) if e.get("rotation") in rotation_uids
                        and low <= date.fromisoformat(e["procedure_date"]) <= high}
    patients = [p for p in doc.get("patients", [])
                if p.get("rotation") in rotation_uids and (p["uid"] in wanted_patients or in_span(p))]
    reflections = [r for r in doc.get("reflections", []) if _week_overlaps(r, rotation, rotation_uids, low, high)]

    chosen = {**doc, "rotations": kept_rotations, "patients": patients, **picked, "reflections": reflections}
    if any(name in doc for name in _ROTATION_LISTS):  # a version-1 document has none of the clerkship lists
        chosen.update(_clerkship(doc, rotation, rotation_uids, {p["uid"] for p in patients}, low, high))
    used_tags = {tag for name in ("patients", *_ENTRY_LISTS, "reflections") for e in chosen[name]
                 for tag in e.get("tags", [])}
    chosen["tags"] = [t for t in doc.get("tags", []) if t["name"] in used_tags]
    return chosen


def _clerkship(doc: dict, rotation: str | None, rotation_uids: set[str], patient_uids: set[str], low: date,
               high: date) -> dict[str, list[dict]]:
    """The clerkship lists of the selection: what belongs to the kept rotations and falls in the span.

    Certifications belong to the student, and a contact or a day of the daily log may belong to no rotation:
    those are kept only when no rotation was asked for. A sign-out goes with its patient.
    """
    chosen: dict[str, list[dict]] = {}
    for name, day in _ROTATION_LISTS.items():
        chosen[name] = [e for e in doc.get(name, []) if e.get("rotation") in rotation_uids
                        and (day is None or low <= date.fromisoformat(e[day]) <= high)]
    chosen["procedures"] = [p if p.get("patient") in patient_uids or p.get("patient") is None else dict(p, patient=None)
                            for p in chosen["procedures"]]
    everyone = rotation is None
    chosen["contacts"] = [c for c in doc.get("contacts", [])
                          if c.get("rotation") in rotation_uids or (everyone and c.get("rotation") is None)]
    chosen["certifications"] = list(doc.get("certifications", [])) if everyone else []
    chosen["daily_entries"] = [d for d in doc.get("daily_entries", [])
                               if (d.get("rotation") in rotation_uids or (everyone and d.get("rotation") is None))
                               and low <= date.fromisoformat(d["entry_date"]) <= high]
    chosen["patient_signouts"] = [s for s in doc.get("patient_signouts", []) if s.get("patient") in patient_uids]
    return chosen


def _overlaps(rotation: dict, low: date, high: date) -> bool:
    start = date.fromisoformat(rotation["start_date"])
    end = date.fromisoformat(rotation["end_date"]) if rotation.get("end_date") else date.max
    return start <= high and end >= low


def _week_overlaps(reflection: dict, rotation: str | None, rotation_uids: set[str], low: date, high: date) -> bool:
    # A reflection written outside any rotation still belongs to a date-only export.
    if rotation is not None or reflection.get("rotation") is not None:
        if reflection.get("rotation") not in rotation_uids:
            return False
    monday = week_monday(reflection["week"])
    return monday <= high and monday + timedelta(days=6) >= low
