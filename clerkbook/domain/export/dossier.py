"""The interview dossier: what each rotation amounted to, and the stories worth telling about it.

One Markdown text, written out as ``dossier.md`` and, through the HTML export's machinery, ``dossier.html``.
It is meant to be printed, so it never shows an empty heading, a uid or a raw timestamp.
"""

from __future__ import annotations

from collections import Counter
from datetime import tzinfo

from clerkbook.domain.export.html import page_from_markdown
from clerkbook.domain.export.markdown import NONE_RECORDED, emph, note_sections, point_item
from clerkbook.domain.export.render_util import (
    KIND_SHORT,
    UTC,
    DocIndex,
    block,
    clean,
    encode,
    first_words,
    front_matter,
    heading,
    headline,
    human_date,
    human_stamp,
    inline,
    is_story,
    join_blocks,
    note_heading,
    parse_day,
    patient_oneliner,
    plural,
    rotation_dates,
    rotation_name,
)
from clerkbook.domain.weeks import describe_week
from clerkbook.models import REFLECTION_FIELDS, REFLECTION_PROMPTS

STORY_INTRO = ("Raw material for interview answers and personal-statement paragraphs. For each one, tell the "
               "situation, what you did, what you learned, and what you now do differently.")
_STORY_PARTS = (("learned_about_myself", "What I learned about myself"), ("went_well", "What went well"),
                ("didnt_go_well", "What didn't go well"), ("do_differently", "What I'll do differently"))
_A_NOTE = {"soap": "a SOAP note", "hp": "an H&P", "progress": "a progress note"}
_AFTER = (
    "Ask for letters of recommendation within one to two weeks of a rotation's end, from an attending who "
    "worked closely with you and saw your growth. Send your CV, a personal statement draft, a reminder of the "
    "cases you worked on together, the deadline and how to submit.",
    "Update your CV: responsibilities, presentations or projects, and the supervisors who taught you.",
    "Turn the stories into short answers for ERAS entries, your personal statement and interviews.",
    "Thank the attendings, residents and coordinators who taught you, and keep them posted on your path.",
)


def patients_summary(patients: list[dict]) -> str:
    """ "14 patients — CHF exacerbation (2), pneumonia, ..." with the one-liners counted, commonest first."""
    if not patients:
        return NONE_RECORDED
    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for p in patients:
        one_liner = clean(p.get("summary"))
        key = one_liner.casefold()
        counts[key] += 1
        shown.setdefault(key, one_liner)
    order = sorted(counts, key=lambda k: (k == "", -counts[k]))  # sorted() is stable: first seen first
    kinds = [f"{inline(shown[k]) if k else 'no one-liner'}" + (f" ({counts[k]})" if counts[k] > 1 else "")
             for k in order]
    discharged = sum(1 for p in patients if p.get("status") == "discharged")
    tail = f" ({discharged} discharged)" if discharged else ""
    # One-liners often hold commas themselves ("Pneumonia, RLL"); then only semicolons keep them apart.
    separator = "; " if any("," in shown[k] for k in order) else ", "
    return f"{plural(len(patients), 'patient')}{tail} — " + separator.join(kinds) + "."


def notes_summary(notes: list[dict]) -> str:
    """ "10 notes — SOAP 5, H&P 2, progress 3."."""
    if not notes:
        return NONE_RECORDED
    counts = Counter(n.get("kind") for n in notes)
    kinds = [f"{KIND_SHORT.get(k, k or 'other')} {counts[k]}"
             for k in sorted(counts, key=lambda k: list(KIND_SHORT).index(k) if k in KIND_SHORT else 99)]
    return f"{plural(len(notes), 'note')} — " + ", ".join(kinds) + "."


def _reflection(refl: dict, level: int) -> list[str]:
    parts = [heading(level, describe_week(refl["week"]))]
    written = [(REFLECTION_PROMPTS[f], refl.get(f)) for f in REFLECTION_FIELDS if (refl.get(f) or "").strip()]
    for prompt, text in written:
        parts += [heading(level + 1, prompt), block(text, level + 1)]
    return parts + ([] if written else ["*Nothing written this week.*"])


def _stories(index: DocIndex, rotation_uid: str | None, level: int, tz: tzinfo) -> list[str]:
    """Stories from reflections (what I learned about myself, paired with the rest) and from tagged entries."""
    parts: list[str] = []
    for refl in index.of(index.reflections, rotation_uid):
        learned = refl.get("learned_about_myself") or ""
        if not (learned.strip() or is_story(refl)):
            continue
        week = describe_week(refl["week"])
        parts += [heading(level, inline(headline(learned) or week)),
                  emph(f"From the weekly reflection of {week}")]
        for field, label in _STORY_PARTS:
            if (refl.get(field) or "").strip():
                parts += [heading(level + 1, label), block(refl[field], level + 1)]
    for note in index.of(index.notes, rotation_uid):
        if not is_story(note):
            continue
        who = patient_oneliner(index.patient(note))
        origin = f"From {_A_NOTE.get(note.get('kind', ''), 'a note')} of {human_stamp(note.get('created_at'), tz)}" \
            + (f" · Patient: {who}" if who else "")
        parts += [heading(level, inline(note_heading(note, index))), emph(origin)]
        sections = note_sections(note)
        chosen = [s for s in sections if s[0] in ("Assessment", "Plan")] or sections[:1]
        for title, text in chosen:
            parts += [heading(level + 1, title), block(text, level + 1)]
    for point in index.of(index.points, rotation_uid):
        if is_story(point):
            title = clean(point.get("topic")) or first_words(point.get("text") or "", 10) or "Teaching point"
            title = title[:1].upper() + title[1:]
            parts += [heading(level, inline(title)), emph("From a teaching point"), point_item(point, level)]
    return parts


def _rotation_chapter(index: DocIndex, rot: dict, tz: tzinfo) -> list[str]:
    uid = rot["uid"]
    parts = [heading(2, inline(rotation_name(rot))),
             "\\\n".join(f"**{label}:** {value}" for label, value in (
                 ("Dates", rotation_dates(rot)), ("Site", inline(rot.get("site"))),
                 ("Team", inline(rot.get("service")))) if value)]
    parts += [heading(3, "Patients followed"), patients_summary(index.of(index.patients, uid))]
    parts += [heading(3, "Notes written"), notes_summary(index.of(index.notes, uid))]
    starred = [p for p in index.of(index.points, uid) if p.get("starred")]
    parts += [heading(3, "Starred teaching points"),
              "\n".join(_starred(p) for p in starred) or NONE_RECORDED]
    answered = [q for q in index.of(index.questions, uid) if q.get("status") == "answered"]
    parts.append(heading(3, "Questions answered"))
    for q in answered:
        parts += [heading(4, inline(q.get("text")) or "Question"), block(q.get("answer"), 4)
                  or "*No answer written.*"]
    if not answered:
        parts.append(NONE_RECORDED)
    reflections = index.of(index.reflections, uid)
    parts.append(heading(3, "Weekly reflections"))
    for refl in reflections:
        parts += _reflection(refl, 4)
    if not reflections:
        parts.append(NONE_RECORDED)
    stories = _stories(index, uid, 4, tz)
    if stories:
        parts += [heading(3, "Stories"), STORY_INTRO] + stories
    return parts


def _starred(point: dict) -> str:
    topic = clean(point.get("topic"))
    item = point_item({**point, "starred": False}, 3)
    return item.replace("- ", f"- **{inline(topic)}:** ", 1) if topic else item


def _overview(index: DocIndex) -> list[str]:
    parts = [heading(2, "Overview")]
    if index.is_empty:
        return parts + ["*Nothing recorded yet.* Once you have a rotation with patients, notes and weekly "
                        "reflections in clerkbook, this dossier gathers them into stories for your interviews."]
    starts = [d for d in (parse_day(r.get("start_date")) for r in index.rotations) if d]
    ends = [d for d in (parse_day(r.get("end_date") or r.get("start_date")) for r in index.rotations) if d]
    if starts:
        parts.append(f"{plural(len(index.rotations), 'rotation').capitalize()}, from {human_date(min(starts))} "
                     f"to {human_date(max(ends))}.")
    parts.append("\n".join(f"- **{inline(rotation_name(r))}** — "
                           + " · ".join(x for x in (rotation_dates(r), inline(r.get("service"))) if x)
                           for r in index.rotations))
    starred = sum(1 for p in index.points if p.get("starred"))
    answered = sum(1 for q in index.questions if q.get("status") == "answered")
    parts += [heading(3, "At a glance"), "\n".join([
        f"- **Patients followed:** {len(index.patients)}",
        f"- **Notes written:** {len(index.notes)}",
        f"- **Teaching points:** {len(index.points)}" + (f" ({starred} starred)" if starred else ""),
        f"- **Questions answered:** {answered}" + (f" of {len(index.questions)}" if index.questions else ""),
        f"- **Weekly reflections:** {len(index.reflections)}"])]
    return parts


def _closing(index: DocIndex) -> list[str]:
    parts = [heading(2, "Looking ahead")]
    if not index.is_empty:
        parts.append("In all: " + ", ".join(index.totals()) + ".")
    parts += [heading(3, "After each rotation"), "\n".join(f"- {line}" for line in _AFTER),
              "*Prepared with clerkbook.*"]
    return parts


def dossier_markdown(doc: dict, *, title: str = "Clerkship dossier", tz: tzinfo = UTC) -> tuple[str, str]:
    """The dossier as (intro, chapters) Markdown: title and subtitle, then level-2 chapters."""
    index = DocIndex(doc)
    subtitle = "*Rotations, patients, teaching and reflections, gathered for interviews.*"
    intro = join_blocks([heading(1, inline(title)), subtitle])
    parts = _overview(index)
    for rot in index.rotations:
        parts += _rotation_chapter(index, rot, tz)
    orphans = index.of(index.reflections, None)
    stories = _stories(index, None, 4, tz)
    if orphans or stories:
        parts += [heading(2, "Across rotations"), "Written outside any single rotation."]
        if orphans:
            parts.append(heading(3, "Weekly reflections"))
            for refl in orphans:
                parts += _reflection(refl, 4)
        if stories:
            parts += [heading(3, "Stories"), STORY_INTRO] + stories
    parts += _closing(index)
    return intro, join_blocks(parts)


def render_dossier(doc: dict, *, title: str = "Clerkship dossier", tz: tzinfo = UTC) -> dict[str, bytes]:
    """The interview dossier as ``dossier.md`` and ``dossier.html`` (the same text, printable).

    Overview, one chapter per rotation (dates, site, team; patients by one-liner; notes by kind; starred
    teaching points; answered questions; weekly reflections; stories), "Across rotations" for reflections of no
    rotation, and a closing page.
    """
    index = DocIndex(doc)
    intro, body = dossier_markdown(doc, title=title, tz=tz)
    meta = front_matter({"type": "dossier", "title": title,
                         "rotations": [rotation_name(r) for r in index.rotations], "tags": []})
    return {"dossier.md": encode(meta + "\n" + intro + "\n" + body),
            "dossier.html": encode(page_from_markdown(title, intro, body, toc_depth=2))}
