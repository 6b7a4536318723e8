"""The Markdown export: a folder of linked files with YAML front matter, ready to drop into an Obsidian vault.

The body builders here (rotation, note, reflection) are also what the HTML export renders, at deeper heading
levels and without file links, so the two always show the same content.
"""

from __future__ import annotations

import re
from datetime import timedelta, tzinfo

from clerkbook.domain.export.clerkship_render import notebook_sections, rotation_sections, signout_item
from clerkbook.domain.export.render_util import (
    BLOCK_START,
    KIND_LABELS,
    UTC,
    DocIndex,
    Slugs,
    block,
    clean,
    emph,
    encode,
    facts,
    front_matter,
    heading,
    human_stamp,
    inline,
    iso_day,
    join_blocks,
    link_text,
    list_item,
    note_heading,
    patient_label,
    rotation_dates,
    rotation_name,
    slugify,
    tags_of,
)
from clerkbook.domain.weeks import describe_week, week_monday
from clerkbook.models import ALL_NOTE_SECTIONS, NOTE_SECTIONS, REFLECTION_FIELDS, REFLECTION_PROMPTS, SECTION_TITLES

NOTHING_YET = ("*Nothing recorded yet.* Start a rotation in clerkbook: its patients, teaching points, notes and "
               "weekly reflections will appear here.")
NONE_RECORDED = "*None recorded.*"


class Links:
    """Where each rotation, note and reflection lives in the folder, for links between files."""

    def __init__(self, index: DocIndex, tz: tzinfo) -> None:
        self.paths: dict[str, str] = {}
        folders = {"rotations": Slugs(), "notes": Slugs(), "reflections": Slugs()}
        for rot in index.rotations:
            base = f"{rot.get('start_date') or 'undated'}-{slugify(rotation_name(rot), 'rotation')}"
            self.paths[rot["uid"]] = f"rotations/{folders['rotations'].unique(base)}.md"
        for note in index.notes:
            patient = index.patient(note) or {}
            subject = note.get("title") or patient.get("summary") or patient.get("bed") or ""
            kind = slugify(note.get("kind", ""), "note")
            topic = slugify(subject, "note")
            # "SOAP HD3 B12" would otherwise give "...-soap-soap-hd3-b12".
            for said in dict.fromkeys((kind, slugify(KIND_LABELS.get(note.get("kind", ""), "")), "h-p")):
                if topic.startswith(said + "-"):
                    topic = topic[len(said) + 1:]
            base = f"{iso_day(note.get('created_at'), tz) or 'undated'}-{kind}-{topic}"
            self.paths[note["uid"]] = f"notes/{folders['notes'].unique(base)}.md"
        for refl in index.reflections:
            base = re.sub(r"[^0-9A-Za-z-]+", "-", refl.get("week") or "").strip("-") or "week"
            self.paths[refl["uid"]] = f"reflections/{folders['reflections'].unique(base)}.md"

    def href(self, uid: str, here: str) -> str:
        """The relative link from the file at ``here`` to the entry ``uid``."""
        target = self.paths[uid]
        return target if "/" not in here else "../" + target

    def link(self, uid: str, text: str, here: str) -> str:
        """A Markdown link to the entry ``uid``."""
        return f"[{link_text(text)}]({self.href(uid, here)})"


def _tag_list(entry: dict) -> str:
    return ", ".join(inline(t) for t in tags_of(entry))


def _rotation_ref(index: DocIndex, entry: dict, links: Links | None, here: str) -> str:
    rot = index.rotation(entry)
    if rot is None:
        return ""
    return links.link(rot["uid"], rotation_name(rot), here) if links else inline(rotation_name(rot))


def rotation_md(index: DocIndex, rot: dict, *, level: int = 1, tz: tzinfo = UTC, links: Links | None = None) -> str:
    """A rotation: patients (with their sign-outs), to-dos, teaching points by topic, questions, then whichever of
    procedures, feedback, letters, daily log and checklist it has; with links, its notes and weeks too."""
    uid, sub = rot["uid"], level + 1
    here = links.paths[uid] if links else ""
    parts = [heading(level, inline(rotation_name(rot))),
             facts([("Dates", rotation_dates(rot)), ("Site", inline(rot.get("site"))),
                     ("Team", inline(rot.get("service")))])]

    parts.append(heading(sub, "Patients followed"))
    patients = index.of(index.patients, uid)
    items = []
    for p in patients:
        status = ("discharged " + human_stamp(p.get("discharged_at"), tz)).strip() \
            if p.get("status") == "discharged" else "on the list"
        items.append(signout_item(index, p, f"{inline(patient_label(p)) or 'Patient'} — {status}", sub))
    parts.append("\n".join(items) or NONE_RECORDED)

    parts.append(heading(sub, "To-dos"))
    todos = [t for t in index.of(index.todos, uid) if clean(t.get("text"))]
    todos.sort(key=lambda t: bool(t.get("done_at")))  # stable: open first, each group in document order
    items = []
    for t in todos:
        when = (f"done {human_stamp(t['done_at'], tz)}" if t.get("done_at")
                else f"due {human_stamp(t['due_at'], tz)}" if t.get("due_at") else "")
        detail = " · ".join(x for x in (t.get("kind") or "", inline(patient_label(index.patient(t))), when) if x)
        items.append(f"- [{'x' if t.get('done_at') else ' '}] {inline(t.get('text'))}"
                     + (f" — {detail}" if detail else ""))
    parts.append("\n".join(items) or NONE_RECORDED)

    parts.append(heading(sub, "Teaching points"))
    parts.extend(_points_by_topic(index.of(index.points, uid), level=sub + 1) or [NONE_RECORDED])

    parts.append(heading(sub, "Questions"))
    # Blanked entries (text an export leaves out) still count elsewhere, but get no heading of their own.
    questions = [q for q in index.of(index.questions, uid) if clean(q.get("text"))]
    for q in questions:
        parts.append(heading(sub + 1, inline(q.get("text"))))
        if q.get("status") == "answered":
            answered = human_stamp(q.get("answered_at"), tz)
            parts.append(f"**Answer**{f' ({answered})' if answered else ''}:")
            parts.append(block(q.get("answer"), sub + 1) or "*No answer written.*")
        else:
            parts.append("*Still open.*")
    if not questions:
        parts.append(NONE_RECORDED)

    # Newer kinds of entry show only when there are some: a rotation without a procedure log is not "none".
    parts += rotation_sections(index, uid, sub)

    if links:
        parts.append(heading(sub, "Notes"))
        notes = index.of(index.notes, uid)
        parts.append("\n".join(_note_link(index, n, links, here, tz) for n in notes) or NONE_RECORDED)
        parts.append(heading(sub, "Weekly reflections"))
        weeks = index.of(index.reflections, uid)
        parts.append("\n".join(f"- {links.link(r['uid'], describe_week(r['week']), here)}" for r in weeks)
                     or NONE_RECORDED)
    return join_blocks(parts)


def _points_by_topic(points: list[dict], *, level: int) -> list[str]:
    topics: dict[str, list[dict]] = {}
    for p in (p for p in points if has_text(p)):
        topics.setdefault(" ".join((p.get("topic") or "").split()), []).append(p)
    order = sorted(topics, key=lambda t: (t == "", t.casefold()))
    parts = []
    if any(p.get("starred") for group in topics.values() for p in group):
        parts.append("*★ marks a starred point.*")
    for topic in order:
        if len(order) > 1 or topic:
            parts.append(heading(level, inline(topic) if topic else "Other points"))
        parts.append("\n".join(point_item(p, level) for p in topics[topic]))
    return parts


def has_text(point: dict) -> bool:
    """Whether a teaching point has text to show (an export may have blanked it)."""
    return bool((point.get("text") or "").strip())


def point_item(point: dict, floor: int, label: str = "") -> str:
    """A teaching point as a list item: star, ``label`` (Markdown), text as written (headings kept as text), source.

    "" for a point with no text: an empty bullet says nothing.
    """
    if not has_text(point):
        return ""
    text = block(point.get("text"), floor, headings=False)
    lead = ("★ " if point.get("starred") else "") + label
    if lead and BLOCK_START.match(text):
        lead = lead.rstrip() + "\n\n"  # "★ ```" or "★ - item" would no longer be a fence or a list
    source = f"Source: {emph(point.get('source'))}" if (point.get("source") or "").strip() else ""
    if source and "\n" not in text:
        return list_item(f"{lead}{text} — {source}")
    return list_item(lead + text + (f"\n\n{source}" if source else ""))


def _note_link(index: DocIndex, note: dict, links: Links, here: str, tz: tzinfo) -> str:
    detail = " · ".join(x for x in (KIND_LABELS.get(note.get("kind", ""), "Note"),
                                   human_stamp(note.get("created_at"), tz), note.get("status") or "") if x)
    return f"- {links.link(note['uid'], note_heading(note, index), here)} — {detail}"


def note_sections(note: dict) -> list[tuple[str, str]]:
    """(title, text) of the sections the note's kind shows that have text, in order."""
    sections = note.get("sections") or {}
    names = next((v for k, v in NOTE_SECTIONS.items() if k.value == note.get("kind")), ALL_NOTE_SECTIONS)
    return [(SECTION_TITLES.get(n, n), sections[n]) for n in names if (sections.get(n) or "").strip()]


def note_md(index: DocIndex, note: dict, *, level: int = 1, tz: tzinfo = UTC, links: Links | None = None) -> str:
    """A note draft: what it is, its patient and status, then its non-empty sections under their titles."""
    here = links.paths[note["uid"]] if links else ""
    kind = KIND_LABELS.get(note.get("kind", ""), "Note")
    written, updated = human_stamp(note.get("created_at"), tz), human_stamp(note.get("updated_at"), tz)
    parts = [heading(level, inline(note_heading(note, index))),
             facts([("Kind", kind), ("Written", written + (f" (updated {updated})" if updated != written else "")),
                     ("Patient", inline(patient_label(index.patient(note)))),
                     ("Rotation", _rotation_ref(index, note, links, here)), ("Status", note.get("status") or ""),
                     ("Tags", _tag_list(note))])]
    sections = note_sections(note)
    for title, text in sections:
        parts += [heading(level + 1, title), block(text, level + 1)]
    if not sections:
        parts.append("*No text written yet.*")
    return join_blocks(parts)


def reflection_md(index: DocIndex, refl: dict, *, level: int = 1, tz: tzinfo = UTC,
                  links: Links | None = None) -> str:
    """A weekly reflection: its prompts as headings, unanswered prompts skipped."""
    here = links.paths[refl["uid"]] if links else ""
    parts = [heading(level, describe_week(refl["week"])),
             facts([("Rotation", _rotation_ref(index, refl, links, here)), ("Tags", _tag_list(refl))])]
    written = [(REFLECTION_PROMPTS[f], refl.get(f)) for f in REFLECTION_FIELDS if (refl.get(f) or "").strip()]
    for prompt, text in written:
        parts += [heading(level + 1, prompt), block(text, level + 1)]
    if not written:
        parts.append("*Nothing written this week.*")
    return join_blocks(parts)


def summary_line(index: DocIndex) -> str:
    """ "2 rotations · 6 patients · ..." for the top of an export."""
    return " · ".join(index.totals())


def _index_md(index: DocIndex, links: Links, title: str, tz: tzinfo) -> str:
    parts = [heading(1, inline(title))]
    if index.is_empty:
        return join_blocks(parts + [NOTHING_YET])
    parts.append(summary_line(index))
    parts.append(heading(2, "Rotations"))
    parts.append("\n".join(f"- {links.link(r['uid'], rotation_name(r), 'index.md')} — "
                           + " · ".join(x for x in (rotation_dates(r), inline(r.get("service"))) if x)
                           for r in index.rotations) or NONE_RECORDED)
    parts.append(heading(2, "Notes"))
    groups = [(r, index.of(index.notes, r["uid"])) for r in index.rotations] + [(None, index.of(index.notes, None))]
    if not index.notes:
        parts.append(NONE_RECORDED)
    for rot, notes in groups:
        if notes:
            parts.append(heading(3, inline(rotation_name(rot))))
            parts.append("\n".join(_note_link(index, n, links, "index.md", tz) for n in notes))
    parts.append(heading(2, "Weekly reflections"))
    parts.append("\n".join(f"- {links.link(r['uid'], describe_week(r['week']), 'index.md')}"
                           + (f" — {inline(rotation_name(index.rotation(r)))}" if index.rotation(r) else "")
                           for r in index.reflections) or NONE_RECORDED)

    def rotation_link(uid: str) -> str:
        return links.link(uid, rotation_name(index.rotation({"rotation": uid})), "index.md")

    parts += notebook_sections(index, 2, rotation_link)
    orphans = rotation_sections(index, None, 3)
    if orphans:
        parts += [heading(2, "Across rotations"), "Written outside any single rotation."] + orphans
    return join_blocks(parts)


def render_markdown(doc: dict, *, title: str = "clerkbook export", tz: tzinfo = UTC) -> dict[str, bytes]:
    """The document as a folder of Markdown files: ``index.md``, ``rotations/``, ``notes/``, ``reflections/``.

    Each rotation's file holds its procedures, feedback, letters, daily log and checklist; ``index.md`` holds
    what belongs to the whole notebook (procedure counts, contacts, certifications) and, under "Across
    rotations", the entries of no rotation.

    Every file opens with YAML front matter (strings JSON-quoted, so any text is valid YAML). Dates are the
    local days, in ``tz``, of the stored UTC timestamps. Returns relative POSIX path -> UTF-8 content.
    """
    index = DocIndex(doc)
    links = Links(index, tz)
    files = {"index.md": front_matter({"type": "index", "title": title,
                                       "rotations": [rotation_name(r) for r in index.rotations], "tags": []})
             + "\n" + _index_md(index, links, title, tz)}
    for rot in index.rotations:
        meta = {"type": "rotation", "title": rotation_name(rot), "rotation": rotation_name(rot),
                "specialty": rot.get("specialty") or "", "site": rot.get("site") or "",
                "team": rot.get("service") or "", "start": rot.get("start_date"), "end": rot.get("end_date"),
                "current": bool(rot.get("is_current")), "tags": [],
                "created": iso_day(rot.get("created_at"), tz), "updated": iso_day(rot.get("updated_at"), tz)}
        files[links.paths[rot["uid"]]] = front_matter(meta) + "\n" + rotation_md(index, rot, tz=tz, links=links)
    for note in index.notes:
        rot = index.rotation(note)
        meta = {"type": "note", "title": note_heading(note, index), "rotation": rotation_name(rot) if rot else None,
                "patient": patient_label(index.patient(note)) or None, "kind": note.get("kind"),
                "status": note.get("status"), "tags": tags_of(note),
                "created": iso_day(note.get("created_at"), tz), "updated": iso_day(note.get("updated_at"), tz)}
        files[links.paths[note["uid"]]] = front_matter(meta) + "\n" + note_md(index, note, tz=tz, links=links)
    for refl in index.reflections:
        rot = index.rotation(refl)
        monday = week_monday(refl["week"])
        meta = {"type": "reflection", "title": describe_week(refl["week"]),
                "rotation": rotation_name(rot) if rot else None, "week": refl["week"], "tags": tags_of(refl),
                "start": monday.isoformat(), "end": (monday + timedelta(days=6)).isoformat(),
                "created": iso_day(refl.get("created_at"), tz), "updated": iso_day(refl.get("updated_at"), tz)}
        files[links.paths[refl["uid"]]] = front_matter(meta) + "\n" + reflection_md(index, refl, tz=tz, links=links)
    return {path: encode(text) for path, text in files.items()}
