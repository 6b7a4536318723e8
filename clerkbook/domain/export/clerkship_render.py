"""The rest of the clerkship in the Markdown and HTML exports: procedures, feedback, letters, the daily log, the
pre-rotation checklist, contacts, certifications and each patient's sign-out.

Every builder here returns Markdown blocks (a list, empty when there is nothing to show: a version-1 document,
which has none of these lists, renders exactly as before). The dossier picks from the same pieces.
"""

from __future__ import annotations

from collections.abc import Iterable

from clerkbook.domain.export.render_util import (
    BLOCK_START,
    DocIndex,
    block,
    clean,
    emph,
    heading,
    human_day,
    inline,
    labelled,
    list_item,
    patient_label,
    plural,
    rotation_name,
)
from clerkbook.models import DAILY_FIELDS, DAILY_PROMPTS, LETTER_MATERIALS

#: The roles a CV counts, most hands-on first: the order counts are said in.
ROLES = ("performed", "assisted", "observed")
_LETTER_STATUS = {"to-ask": "to ask", "asked": "asked", "agreed": "agreed to write", "submitted": "submitted",
                  "received": "received"}
#: Letters the writer has said yes to but whose material may still be missing.
_WAITING = frozenset({"asked", "agreed"})
_CHECK_STATUS = {"needed": "needed", "requested": "requested", "done": "done"}


# --- procedures ---------------------------------------------------------------------------------------------


def procedure_counts(procedures: Iterable[dict]) -> list[tuple[str, dict[str, int]]]:
    """(name, {role: count}) per procedure, names matched without regard to case, most performed first.

    The same order as the app's counts: performed, then every time, then by name.
    """
    tally: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    for procedure in procedures:
        name, role = clean(procedure.get("name")), procedure.get("role")
        if not name or role not in ROLES:
            continue
        key = name.casefold()
        names.setdefault(key, name)
        tally.setdefault(key, dict.fromkeys(ROLES, 0))[role] += 1
    return sorted(((names[k], roles) for k, roles in tally.items()),
                  key=lambda c: (-c[1]["performed"], -sum(c[1].values()), c[0].casefold()))


def count_line(name: str, roles: dict[str, int]) -> str:
    """ "IV placement — performed 4, assisted 2": a CV line, roles never done left out."""
    return f"{inline(name)} — " + ", ".join(f"{role} {roles[role]}" for role in ROLES if roles[role])


def procedures_summary(procedures: list[dict]) -> str:
    """ "9 procedures: 4 performed, 3 assisted, 2 observed." ("" for none)."""
    counted = [p for p in procedures if clean(p.get("name")) and p.get("role") in ROLES]
    if not counted:
        return ""
    by_role = {role: sum(1 for p in counted if p["role"] == role) for role in ROLES}
    return f"{plural(len(counted), 'procedure')}: " + ", ".join(f"{n} {r}" for r, n in by_role.items() if n) + "."


def counts_list(procedures: list[dict]) -> str:
    """One bullet per procedure with its counts by role."""
    return "\n".join(f"- {count_line(name, roles)}" for name, roles in procedure_counts(procedures))


def _cell(text: object) -> str:
    return inline(text).replace("|", "\\|")


def counts_table(procedures: list[dict]) -> str:
    """A table of every procedure by role with a total column and a row for all of them ("" for none)."""
    counts = procedure_counts(procedures)
    if not counts:
        return ""
    # No ":" alignment: markdown-it would write it as a style attribute, which the HTML page allows nowhere.
    rows = ["| Procedure | Performed | Assisted | Observed | Total |", "| --- | --- | --- | --- | --- |"]
    rows += [f"| {_cell(name)} | " + " | ".join(str(roles[r]) for r in ROLES) + f" | {sum(roles.values())} |"
             for name, roles in counts]
    totals = [sum(roles[r] for _, roles in counts) for r in ROLES]
    rows.append("| **All procedures** | " + " | ".join(f"**{n}**" for n in totals) + f" | **{sum(totals)}** |")
    return "\n".join(rows)


def procedures_md(index: DocIndex, procedures: list[dict], level: int) -> list[str]:
    """ "Procedures": the counts by procedure and role, then the log, one bullet per procedure done."""
    if not procedures:
        return []
    parts = [heading(level, "Procedures"), procedures_summary(procedures), counts_list(procedures),
             heading(level + 1, "Log")]
    items = []
    for p in procedures:
        supervisor = clean(p.get("supervisor"))
        detail = " · ".join(x for x in (inline(p.get("role")), f"supervised by {inline(supervisor)}" if supervisor
                                        else "", inline(patient_label(index.patient(p)))) if x)
        line = " · ".join(x for x in (human_day(p.get("procedure_date")), inline(p.get("name"))) if x)
        items.append(_item(f"{line} — {detail}" if detail else line, p.get("notes"), level + 1))
    return parts + ["\n".join(items)]


def _item(line: str, more: object, floor: int) -> str:
    """A bullet: ``line``, then the free text ``more`` (kept as written, its headings as text) under it."""
    body = block(str(more or ""), floor, headings=False)
    return list_item(line + (f"\n\n{body}" if body else ""))


# --- feedback -----------------------------------------------------------------------------------------------


def acted_on(entry: dict) -> bool:
    """Whether the student recorded acting on this feedback."""
    return bool(entry.get("acted_date") or clean(entry.get("acted_text")))


def feedback_title(entry: dict) -> str:
    """ "6 Nov 2026 · Dr. Amara Okafor": when, and from whom."""
    return " · ".join(x for x in (human_day(entry.get("received_date")), inline(entry.get("giver"))) if x) \
        or "Feedback"


def feedback_entry(entry: dict, level: int) -> list[str]:
    """One piece of feedback: context, what was said, what I'll change and, once done, what I did."""
    parts = [heading(level, feedback_title(entry))]
    if clean(entry.get("context")):
        parts.append(emph(entry["context"]))
    for label, field in (("What was said", "said"), ("What I'll change", "will_change")):
        if clean(entry.get(field)):
            parts.append(labelled(label, entry[field], level))
    acted = human_day(entry.get("acted_date"))
    label = f"Acted on {acted}" if acted else "Acted on"
    if clean(entry.get("acted_text")):
        parts.append(labelled(label, entry["acted_text"], level))
    elif acted:
        parts.append(f"**{label}.**")
    return parts if len(parts) > 1 else parts + ["*Nothing written.*"]


def feedback_md(entries: list[dict], level: int) -> list[str]:
    """ "Feedback": each piece under its date and giver."""
    if not entries:
        return []
    parts = [heading(level, "Feedback")]
    for entry in entries:
        parts += feedback_entry(entry, level + 1)
    return parts


# --- letters, checklist -------------------------------------------------------------------------------------


def letter_item(letter: dict, floor: int) -> str:
    """ "**Dr. X** — agreed to write · asked 24 Nov 2026 · deadline 15 Dec 2026 · sent CV; still to send ...". """
    status = letter.get("status") or ""
    sent = [name for column, name in LETTER_MATERIALS if letter.get(column)]
    missing = [name for column, name in LETTER_MATERIALS if not letter.get(column)]
    bits = [_LETTER_STATUS.get(status, inline(status)),
            f"asked {human_day(letter.get('asked_date'))}" if letter.get("asked_date") else "",
            f"deadline {human_day(letter.get('deadline_date'))}" if letter.get("deadline_date") else "",
            "sent " + ", ".join(sent) if sent else "",
            "still to send: " + ", ".join(missing) if missing and status in _WAITING else ""]
    line = f"**{inline(letter.get('attending')) or 'Letter writer'}** — " + " · ".join(b for b in bits if b)
    return _item(line, letter.get("notes"), floor)


def letters_md(letters: list[dict], level: int) -> list[str]:
    """ "Letters of recommendation": writer, where the letter stands, deadline and what was sent."""
    if not letters:
        return []
    return [heading(level, "Letters of recommendation"), "\n".join(letter_item(x, level) for x in letters)]


def checklist_md(items: list[dict], level: int) -> list[str]:
    """ "Pre-rotation checklist": each document ticked when done, else where it stands."""
    shown = [i for i in items if clean(i.get("name"))]
    if not shown:
        return []
    lines = []
    for item in shown:
        done = item.get("status") == "done"
        when = human_day(item.get("done_date"))
        state = (f"done {when}" if when else "done") if done else _CHECK_STATUS.get(item.get("status") or "", "")
        lines.append(_item(f"[{'x' if done else ' '}] {inline(item['name'])}" + (f" — {state}" if state else ""),
                           item.get("notes"), level))
    return [heading(level, "Pre-rotation checklist"), "\n".join(lines)]


# --- the daily log ------------------------------------------------------------------------------------------


def written_daily(entry: dict, fields: Iterable[str] = DAILY_FIELDS) -> list[tuple[str, str]]:
    """(field, text) of a day's headings that have text, in the log's order."""
    return [(f, entry[f]) for f in fields if clean(entry.get(f))]


def typed_lines(text: str) -> str:
    """The daily log's text with each line the student typed kept as a printed line.

    The log is typed as one diagnosis or point per line, not as Markdown, where a single line break only joins
    two lines into one paragraph: a CommonMark hard break (a trailing backslash) keeps them apart. Lines that
    start a list or other block, blank lines and code are left as written.
    """
    if "`" in text or "~~~" in text:
        return text
    lines = text.replace("\r\n", "\n").split("\n")
    for index in range(len(lines) - 1):
        line, following = lines[index], lines[index + 1]
        if line.strip() and following.strip() and not BLOCK_START.match(following) and not line.endswith("\\"):
            lines[index] = line.rstrip() + "\\"
    return "\n".join(lines)


def daily_md(entries: list[dict], level: int) -> list[str]:
    """ "Daily log": each day under its date, its four headings when written."""
    days = [e for e in entries if written_daily(e)]
    if not days:
        return []
    parts = [heading(level, "Daily log")]
    for entry in days:
        parts.append(heading(level + 1, human_day(entry.get("entry_date")) or "Undated"))
        for field, text in written_daily(entry):
            parts += [heading(level + 2, DAILY_PROMPTS[field]), block(typed_lines(text), level + 2)]
    return parts


def dated_items(entries: list[dict], field: str, floor: int) -> str:
    """One bullet per day with text in ``field``: "**3 Nov 2026:** text"."""
    items = []
    for entry in entries:
        if clean(entry.get(field)):
            body = labelled(human_day(entry.get("entry_date")) or "Undated", typed_lines(entry[field]), floor)
            items.append(list_item(body))
    return "\n".join(items)


# --- sign-outs, contacts, certifications --------------------------------------------------------------------


def signout_item(index: DocIndex, patient: dict, line: str, floor: int) -> str:
    """A patient's bullet with its I-PASS severity and contingencies, when a sign-out is recorded.

    Only for a patient still on the list: a discharged patient's contingencies no longer apply.
    """
    signout = index.signouts.get(patient.get("uid"))
    if not signout or patient.get("status") == "discharged":
        return list_item(line)
    severity = inline(signout.get("severity"))
    text = clean(signout.get("contingency")) and labelled("Contingency", signout["contingency"], floor)
    return list_item((f"{line} · sign-out: {severity}" if severity else line) + (f"\n\n{text}" if text else ""))


def contact_line(index: DocIndex, contact: dict, rotation_text: str = "") -> str:
    """ "**Dr. X** — attending · Internal Medicine @ ... · thanked 28 Nov 2026 · last update 10 Dec 2026"."""
    rot = index.rotation(contact)
    where = rotation_text or (inline(rotation_name(rot)) if rot else "")
    thanked = human_day(contact.get("thanked_date"))
    update = human_day(contact.get("last_update_date"))
    role = contact.get("role") if contact.get("role") != "other" else ""  # "other" says nothing on paper
    bits = [inline(role), where, f"thanked {thanked}" if thanked else "**not thanked yet**",
            f"last update {update}" if update else ""]
    return f"**{inline(contact.get('name')) or 'Someone'}** — " + " · ".join(b for b in bits if b)


def contacts_md(index: DocIndex, level: int, rotation_link=None) -> list[str]:
    """ "Contacts": the people met on rotations, whether thanked, when last updated, and the notes on them.

    ``rotation_link(rotation_uid)`` gives the rotation as a link (Markdown folder); without it, its name.
    """
    if not index.contacts:
        return []
    items = []
    for contact in index.contacts:
        uid = index.rotation_uid(contact)
        where = rotation_link(uid) if rotation_link and uid else ""
        items.append(_item(contact_line(index, contact, where), contact.get("notes"), level))
    return [heading(level, "Contacts"), "\n".join(items)]


def certification_line(cert: dict) -> str:
    """ "BLS — valid until 1 Mar 2028"."""
    expires = human_day(cert.get("expires_date"))
    return f"{inline(cert.get('name'))} — " + (f"valid until {expires}" if expires else "no expiry recorded")


def certifications_md(index: DocIndex, level: int) -> list[str]:
    """ "Certifications": each with its expiry and notes."""
    certs = [c for c in index.certifications if clean(c.get("name"))]
    if not certs:
        return []
    return [heading(level, "Certifications"),
            "\n".join(_item(certification_line(c), c.get("notes"), level) for c in certs)]


# --- putting them together ----------------------------------------------------------------------------------


def rotation_sections(index: DocIndex, rotation_uid: str | None, level: int) -> list[str]:
    """A rotation's (or, for None, no rotation's) procedures, feedback, letters, daily log and checklist."""
    return (procedures_md(index, index.of(index.procedures, rotation_uid), level)
            + feedback_md(index.of(index.feedback, rotation_uid), level)
            + letters_md(index.of(index.letters, rotation_uid), level)
            + daily_md(index.of(index.daily, rotation_uid), level)
            + checklist_md(index.of(index.checklist, rotation_uid), level))


def notebook_sections(index: DocIndex, level: int, rotation_link=None) -> list[str]:
    """What belongs to the whole notebook: procedure counts over every rotation, contacts, certifications."""
    table = counts_table(index.procedures)
    parts = [heading(level, "Procedure counts"), "Every rotation together.", table] if table else []
    return parts + contacts_md(index, level, rotation_link) + certifications_md(index, level)
