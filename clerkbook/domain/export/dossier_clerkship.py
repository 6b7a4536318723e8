"""The dossier's share of the rest of the clerkship: procedure counts for the CV, feedback and what came of it,
letters of recommendation, the daily log's lessons, and the people to thank.

Kept short on purpose: the dossier is what a student reads before an interview, not a copy of the notebook.
The daily log gives only its mistakes and management points; the procedure log only its counts.
Patient sign-outs and the pre-rotation checklist are left out altogether: the one is patient-level detail for
the team taking over, the other paperwork for the clerkship office; neither makes an interview answer.
"""

from __future__ import annotations

from collections import Counter

from clerkbook.domain.export.clerkship_render import (
    acted_on,
    certification_line,
    contact_line,
    count_line,
    counts_table,
    dated_items,
    feedback_entry,
    letter_item,
    procedure_counts,
    procedures_summary,
)
from clerkbook.domain.export.render_util import (
    DocIndex,
    clean,
    emph,
    first_sentences,
    heading,
    headline,
    human_day,
    inline,
    labelled,
    list_item,
    plural,
)

_LETTER_SAID = {"to-ask": "to ask", "agreed": "agreed"}


def procedures_section(index: DocIndex, rotation_uid: str | None, level: int) -> list[str]:
    """ "Procedures": how many, then one CV line per procedure ("IV placement — performed 4, assisted 2")."""
    procedures = index.of(index.procedures, rotation_uid)
    summary = procedures_summary(procedures)
    if not summary:
        return []
    return [heading(level, "Procedures"), summary,
            "\n".join(f"- {count_line(name, roles)}" for name, roles in procedure_counts(procedures))]


def feedback_section(index: DocIndex, rotation_uid: str | None, level: int) -> list[str]:
    """ "Feedback": how much, and in full what is still to act on (what was said, what I'll change).

    Feedback acted on is told once, as a story card (see :func:`feedback_cards`), not printed twice.
    """
    entries = [e for e in index.of(index.feedback, rotation_uid) if _has_feedback(e)]
    if not entries:
        return []
    waiting = [e for e in entries if not acted_on(e)]
    acted = len(entries) - len(waiting)
    total = plural(len(entries), "piece") + " of feedback"
    if not waiting:
        intro = f"{total}, acted on and told as {'a story' if acted == 1 else 'stories'} below."
    elif acted:
        intro = f"{total}: {acted} acted on, told as {'a story' if acted == 1 else 'stories'} below; " \
                f"{len(waiting)} still to act on:"
    else:
        intro = f"{total}, still to act on:"
    parts = [heading(level, "Feedback"), intro]
    for entry in waiting:
        parts += feedback_entry(entry, level + 1)
    return parts


def _has_feedback(entry: dict) -> bool:
    return any(clean(entry.get(f)) for f in ("said", "will_change", "acted_text"))


def letters_section(index: DocIndex, rotation_uid: str | None, level: int) -> list[str]:
    """ "Letters of recommendation": each writer, where the letter stands, the deadline, what was sent."""
    letters = index.of(index.letters, rotation_uid)
    if not letters:
        return []
    return [heading(level, "Letters of recommendation"), "\n".join(letter_item(x, level) for x in letters)]


def daily_section(index: DocIndex, rotation_uid: str | None, level: int) -> list[str]:
    """ "From the daily log": the mistakes not to repeat and the management points, by day; nothing else."""
    entries = index.of(index.daily, rotation_uid)
    mistakes, points = dated_items(entries, "mistakes", level + 1), dated_items(entries, "management", level + 1)
    if not (mistakes or points):
        return []
    parts = [heading(level, "From the daily log")]
    if mistakes:
        parts += [heading(level + 1, "Mistakes I won't repeat"), mistakes]
    if points:
        parts += [heading(level + 1, "Management points worth remembering"), points]
    return parts


def clerkship_sections(index: DocIndex, rotation_uid: str | None, level: int) -> list[str]:
    """Feedback, letters and the daily log of one rotation (None: of no rotation), each only when there is some."""
    return (feedback_section(index, rotation_uid, level) + letters_section(index, rotation_uid, level)
            + daily_section(index, rotation_uid, level))


def feedback_cards(index: DocIndex, rotation_uid: str | None, level: int) -> list[str]:
    """A story card per piece of feedback acted on: what was said, what I changed, what I did about it.

    "Tell me about a time you received feedback" is asked at nearly every interview; these are the answers.
    """
    parts: list[str] = []
    for entry in index.of(index.feedback, rotation_uid):
        if not (acted_on(entry) and _has_feedback(entry)):
            continue
        said = entry.get("said") or ""
        giver, received = clean(entry.get("giver")), human_day(entry.get("received_date"))
        title = headline(said) if clean(said) else f"Feedback from {giver}" if giver else "Feedback acted on"
        acted = human_day(entry.get("acted_date"))
        origin = "From feedback" + (f" by {giver}" if giver else "") + (f" on {received}" if received else "") \
            + (f", acted on {acted}" if acted else "")
        parts += [heading(level, inline(title)), emph(origin)]
        happened = first_sentences(said)
        if happened:
            parts.append(f"**What was said:** {inline(happened)}")
        for label, field in (("What I changed", "will_change"), ("What I did", "acted_text")):
            if clean(entry.get(field)):
                parts.append(labelled(label, entry[field], level))
    return parts


def at_a_glance(index: DocIndex) -> list[str]:
    """The overview's lines for the newer kinds, each only when there is something to count."""
    lines = []
    performed = sum(1 for p in index.procedures if p.get("role") == "performed")
    if index.procedures:
        lines.append(f"- **Procedures logged:** {len(index.procedures)}"
                     + (f" ({performed} performed)" if performed else ""))
    acted = sum(1 for f in index.feedback if acted_on(f))
    if index.feedback:
        lines.append(f"- **Feedback received:** {len(index.feedback)}" + (f" ({acted} acted on)" if acted else ""))
    if index.letters:
        statuses = Counter(x.get("status") for x in index.letters)
        said = ", ".join(f"{n} {_LETTER_SAID.get(s, s)}" for s, n in sorted(statuses.items(), key=_status_order)
                         if s)
        lines.append(f"- **Letters of recommendation:** {len(index.letters)}" + (f" ({said})" if said else ""))
    days = sum(1 for d in index.daily if any(clean(d.get(f)) for f in ("diagnoses", "management", "mistakes",
                                                                       "questions")))
    if days:
        lines.append(f"- **Days in the daily log:** {days}")
    return lines


def _status_order(item: tuple[str, int]) -> int:
    order = ("received", "submitted", "agreed", "asked", "to-ask")
    return order.index(item[0]) if item[0] in order else len(order)


def certifications_part(index: DocIndex, level: int) -> list[str]:
    """The certifications a CV lists, with their expiry."""
    certs = [c for c in index.certifications if clean(c.get("name"))]
    if not certs:
        return []
    return [heading(level, "Certifications"), "\n".join(f"- {certification_line(c)}" for c in certs)]


def procedure_counts_chapter(index: DocIndex) -> list[str]:
    """The counts of every rotation together, as a table to copy into a CV or an ERAS experience entry."""
    table = counts_table(index.procedures)
    if not table:
        return []
    rotations = len({index.rotation_uid(p) for p in index.procedures})
    intro = ("Every procedure logged" + (f", over {plural(rotations, 'rotation')}" if rotations > 1 else "")
             + ": performed on your own under supervision, assisted, or observed.")
    return [heading(2, "Procedure counts"), intro, table]


def people_chapter(index: DocIndex) -> list[str]:
    """ "People to thank and keep posted": who, their role and rotation, when thanked and last updated."""
    people = [c for c in index.contacts if clean(c.get("name"))]
    if not people:
        return []
    waiting = sum(1 for c in people if not c.get("thanked_date"))
    intro = ("The attendings, residents and coordinators who taught you. Thank them after each rotation and tell "
             "them how your applications go." + (f" Still to thank: {waiting}." if waiting else ""))
    items = []
    for contact in people:
        note = first_sentences(contact.get("notes") or "", 1)
        items.append(list_item(contact_line(index, contact) + (f" — {emph(note)}" if note else "")))
    return [heading(2, "People to thank and keep posted"), intro, "\n".join(items)]
