"""The interview dossier: what each rotation amounted to, and the stories worth telling about it.

One Markdown text, written out as ``dossier.md`` and, through the HTML export's machinery, ``dossier.html``.
It is meant to be printed, so it never shows an empty heading, a uid or a raw timestamp.
"""

from __future__ import annotations

from collections import Counter
from datetime import tzinfo

from clerkbook.domain.export.dossier_clerkship import (
    at_a_glance,
    certifications_part,
    clerkship_sections,
    feedback_cards,
    people_chapter,
    procedure_counts_chapter,
    procedures_section,
)
from clerkbook.domain.export.html import page_from_markdown
from clerkbook.domain.export.markdown import NONE_RECORDED, emph, has_text, note_sections, point_item
from clerkbook.domain.export.render_util import (
    UTC,
    DocIndex,
    block,
    clean,
    encode,
    first_sentences,
    first_words,
    front_matter,
    heading,
    headline,
    human_date,
    human_stamp,
    inline,
    is_story,
    join_blocks,
    labelled,
    note_heading,
    parse_day,
    patient_oneliner,
    plural,
    rotation_dates,
    rotation_name,
    short_week,
)
from clerkbook.domain.weeks import describe_week
from clerkbook.models import REFLECTION_FIELDS, REFLECTION_PROMPTS

STORY_INTRO = ("Raw material for interview answers: one card per week and per piece of feedback you acted on, "
               "plus the notes and teaching points you tagged story or interview. Tell each as what happened, "
               "what you did, what you learned, and what you do now.")
#: The story card of a weekly reflection: (field, label), "What happened" being made separately.
_CARD_PARTS = (("learned_about_myself", "What I learned"), ("do_differently", "What I do differently now"))
_A_NOTE = {"soap": "a SOAP note", "hp": "an H&P", "progress": "a progress note"}
_NOTE_KINDS = (("soap", "SOAP note", "SOAP notes"), ("hp", "H&P", "H&Ps"), ("progress", "progress note",
                                                                           "progress notes"))
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
    """ "5 notes: 1 SOAP note, 1 H&P, 3 progress notes." (or "2 H&Ps." when all are one kind)."""
    if not notes:
        return NONE_RECORDED
    counts = Counter(n.get("kind") for n in notes)
    known = {kind for kind, _, _ in _NOTE_KINDS}
    kinds = [plural(counts[kind], one, many) for kind, one, many in _NOTE_KINDS if counts[kind]]
    others = sum(n for kind, n in counts.items() if kind not in known)
    if others:
        kinds.append(plural(others, "other note"))
    if len(kinds) == 1:
        return kinds[0] + "."
    return f"{plural(len(notes), 'note')}: " + ", ".join(kinds) + "."


def _written(refl: dict) -> list[tuple[str, str]]:
    return [(REFLECTION_PROMPTS[f], refl[f]) for f in REFLECTION_FIELDS if (refl.get(f) or "").strip()]


def _reflection(refl: dict, level: int) -> list[str]:
    parts = [heading(level, describe_week(refl["week"]))]
    for prompt, text in _written(refl):
        parts += [heading(level + 1, prompt), block(text, level + 1)]
    return parts


def _reflection_card(refl: dict, level: int) -> list[str]:
    """One short story from a week: what happened (two sentences), what I learned, what I do differently."""
    happened = first_sentences(refl.get("didnt_go_well") or "") or first_sentences(refl.get("went_well") or "")
    parts = [f"**What happened:** {inline(happened)}"] if happened else []
    parts += [labelled(label, refl[field], level) for field, label in _CARD_PARTS
              if (refl.get(field) or "").strip()]
    return [heading(level, short_week(refl["week"]))] + parts if parts else []


def _point_story(index: DocIndex, point: dict, level: int) -> list[str]:
    """A tagged teaching point as a story: its first sentence as the title, where it came from, then the rest."""
    text = point.get("text") or ""
    topic, who = clean(point.get("topic")), patient_oneliner(index.patient(point))
    # A starred point of a rotation is already printed in full under that chapter's starred points.
    shown_above = bool(point.get("starred")) and index.rotation_uid(point) is not None
    origin = ("From a starred teaching point" if point.get("starred") else "From a teaching point") \
        + (f" on {topic}" if topic else "") + (", in full above" if shown_above else "") \
        + (f" · Patient: {who}" if who else "")
    title = headline(text)
    parts = [heading(level, inline(title)), emph(origin)]
    if shown_above:
        return parts
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > 1 or len(first_words(text, 10_000).split()) > len(title.rstrip("…").split()):
        parts.append(block(text, level, headings=False))
    if clean(point.get("source")):
        parts.append(f"Source: {emph(point.get('source'))}")
    return parts


def _stories(index: DocIndex, rotation_uid: str | None, level: int, tz: tzinfo) -> list[str]:
    """A card per weekly reflection, then the notes and teaching points tagged story or interview.

    Blanked entries (text an export leaves out) make no card.
    """
    parts: list[str] = []
    for refl in index.of(index.reflections, rotation_uid):
        parts += _reflection_card(refl, level)
    parts += feedback_cards(index, rotation_uid, level)
    for note in index.of(index.notes, rotation_uid):
        sections = note_sections(note)
        if not (is_story(note) and sections):
            continue
        who = patient_oneliner(index.patient(note))
        origin = f"From {_A_NOTE.get(note.get('kind', ''), 'a note')} of {human_stamp(note.get('created_at'), tz)}" \
            + (f" · Patient: {who}" if who else "")
        parts += [heading(level, inline(note_heading(note, index))), emph(origin)]
        chosen = [s for s in sections if s[0] in ("Assessment", "Plan")] or sections[:1]
        for title, text in chosen:
            parts += [heading(level + 1, title), block(text, level + 1)]
    for point in index.of(index.points, rotation_uid):
        if is_story(point) and has_text(point):
            parts += _point_story(index, point, level)
    return parts


def _rotation_chapter(index: DocIndex, rot: dict, tz: tzinfo) -> list[str]:
    uid = rot["uid"]
    parts = [heading(2, inline(rotation_name(rot))),
             "\\\n".join(f"**{label}:** {value}" for label, value in (
                 ("Dates", rotation_dates(rot)), ("Site", inline(rot.get("site"))),
                 ("Team", inline(rot.get("service")))) if value)]
    parts += [heading(3, "Patients followed"), patients_summary(index.of(index.patients, uid))]
    parts += [heading(3, "Notes written"), notes_summary(index.of(index.notes, uid))]
    parts += procedures_section(index, uid, 3)
    starred = [p for p in index.of(index.points, uid) if p.get("starred") and has_text(p)]
    parts += [heading(3, "Starred teaching points"),
              "\n".join(_starred(p) for p in starred) or NONE_RECORDED]
    answered = [q for q in index.of(index.questions, uid) if q.get("status") == "answered" and clean(q.get("text"))]
    parts.append(heading(3, "Questions answered"))
    for q in answered:
        parts += [heading(4, inline(q.get("text"))), block(q.get("answer"), 4) or "*No answer written.*"]
    if not answered:
        parts.append(NONE_RECORDED)
    # A week with nothing written still counts "At a glance"; here it would be a heading with nothing under it.
    reflections = [r for r in index.of(index.reflections, uid) if _written(r)]
    parts.append(heading(3, "Weekly reflections"))
    for refl in reflections:
        parts += _reflection(refl, 4)
    if not reflections:
        parts.append(NONE_RECORDED)
    parts += clerkship_sections(index, uid, 3)
    stories = _stories(index, uid, 4, tz)
    if stories:
        parts += [heading(3, "Stories"), STORY_INTRO] + stories
    return parts


def _starred(point: dict) -> str:
    topic = clean(point.get("topic"))
    return point_item({**point, "starred": False}, 3, label=f"**{inline(topic)}:** " if topic else "")


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
        f"- **Weekly reflections:** {len(index.reflections)}", *at_a_glance(index)])]
    return parts + certifications_part(index, 3)


def _closing() -> list[str]:
    # No totals here: "At a glance" has them already.
    parts = [heading(2, "Looking ahead")]
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
    orphans = [r for r in index.of(index.reflections, None) if _written(r)]
    stories = _stories(index, None, 4, tz)
    others = procedures_section(index, None, 3), clerkship_sections(index, None, 3)
    if orphans or stories or any(others):
        parts += [heading(2, "Across rotations"), "Written outside any single rotation."]
        parts += others[0]
        if orphans:
            parts.append(heading(3, "Weekly reflections"))
            for refl in orphans:
                parts += _reflection(refl, 4)
        parts += others[1]
        if stories:
            parts += [heading(3, "Stories"), STORY_INTRO] + stories
    # No patient sign-outs and no pre-rotation checklist anywhere here: see dossier_clerkship.
    parts += procedure_counts_chapter(index) + people_chapter(index) + _closing()
    return intro, join_blocks(parts)


def render_dossier(doc: dict, *, title: str = "Clerkship dossier", tz: tzinfo = UTC) -> dict[str, bytes]:
    """The interview dossier as ``dossier.md`` and ``dossier.html`` (the same text, printable).

    Overview (with certifications), one chapter per rotation (dates, site, team; patients by one-liner; notes
    by kind; procedure counts; starred teaching points; answered questions; weekly reflections in full;
    feedback still to act on; letters; the daily log's mistakes and management points; stories: one short card
    per week, per feedback acted on and per note or point tagged story or interview), "Across rotations" for
    what belongs to no rotation, the procedure counts of every rotation as a table, the people to thank, and
    a closing checklist. Sections of the newer kinds appear only when there is something in them.
    ``title`` is the heading and the HTML <title>.
    """
    index = DocIndex(doc)
    intro, body = dossier_markdown(doc, title=title, tz=tz)
    meta = front_matter({"type": "dossier", "title": title,
                         "rotations": [rotation_name(r) for r in index.rotations], "tags": []})
    return {"dossier.md": encode(meta + "\n" + intro + "\n" + body),
            "dossier.html": encode(page_from_markdown(title, intro, body, toc_depth=2))}
