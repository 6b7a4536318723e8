"""How a merge compares and names entries: their words, their labels in the report, and the lines of a heading."""

from __future__ import annotations

from clerkbook.models import REFLECTION_FIELDS
from clerkbook.store.exchange_kinds import BY_KEY, KindSpec


def content(entry: dict) -> dict:
    """Everything an entry says, less what merges as a set (tags, revisions) and what is the notebook's own."""
    return {key: value for key, value in entry.items() if key not in ("uid", "tags", "revisions", "is_current")}


def words(entry: dict) -> dict:
    """An entry's content without its timestamps: two copies written alike have the same words."""
    return {key: value for key, value in content(entry).items() if key not in ("created_at", "updated_at")}


def note_text(kind: KindSpec, entry: dict) -> dict:
    """The words of a note or reflection, or of one of their revisions: what a merge must never lose."""
    if "content" in entry:
        return {"title": entry.get("title"), **entry["content"]}
    if kind.key == "notes":
        return {"title": entry["title"], **entry["sections"]}
    return {"title": None, **{name: entry[name] for name in REFLECTION_FIELDS}}


_NAMED_BY = {"letters": "attending", "contacts": "name", "checklist_items": "name", "certifications": "name",
             "daily_entries": "entry_date", "reflections": "week"}


def label(kind: KindSpec, entry: dict, patients: dict[str, dict] | None = None) -> str:
    """How the report names an entry: quoted, on one line, at most 40 characters."""
    if kind.key == "rotations":
        text = f"{entry['specialty']} @ {entry['site']}" if entry["site"] else entry["specialty"]
    elif kind.key == "patients":
        text = " · ".join(part for part in (entry["bed"], entry["age_sex"], entry["summary"]) if part)
    elif kind.key == "notes":
        text = entry["title"] or f"{entry['kind']} note of {entry['created_at'][:10]}"
    elif kind.key == "procedures":
        text = f"{entry['name']} on {entry['procedure_date']}"
    elif kind.key == "feedback":
        text = f"of {entry['received_date']}" + (f" from {entry['giver']}" if entry["giver"] else "")
    elif kind.key == "patient_signouts":
        patient = (patients or {}).get(entry["patient"])
        return f"of patient {label(BY_KEY['patients'], patient)}" if patient else f"'{entry['severity']}'"
    else:
        text = entry[_NAMED_BY.get(kind.key, "text")]
    text = " ".join(text.split())
    return f"'{text if len(text) <= 40 else text[:39] + '…'}'"


def missing_lines(winner: str, loser: str) -> list[str]:
    """The lines of ``loser`` that ``winner`` lacks, compared whole ("Na 13" is not in "Na 135 ok")."""
    have = {line.strip() for line in winner.splitlines()}
    missing: list[str] = []
    for line in loser.splitlines():
        if line.strip() and line.strip() not in have:
            missing.append(line.rstrip())
            have.add(line.strip())
    return missing


def joined(winner: str, loser: str) -> str:
    """Both texts of a heading: the winner's, then after a blank line the loser's lines the winner lacks."""
    missing = missing_lines(winner, loser)
    if not missing:
        return winner
    if not winner.strip():
        return loser
    return winner.rstrip() + "\n\n" + "\n".join(missing)
