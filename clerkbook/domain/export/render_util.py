"""What every renderer shares: lookups over the document, dates, slugs, safe Markdown and YAML front matter.

Renderers work from the plain export document only (see the export spec), so nothing here touches the store.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timezone, tzinfo

from clerkbook.domain.export.local_days import local_day
from clerkbook.domain.export.yaml_front import _YAML_UNSAFE, front_matter, yaml_value  # noqa: F401  (re-exported)
from clerkbook.domain.weeks import describe_week, rotation_week

UTC = timezone.utc
KIND_LABELS = {"soap": "SOAP note", "hp": "H&P", "progress": "Progress note"}
#: Tags that mark an entry as raw material for interview answers.
STORY_TAGS = frozenset({"story", "interview"})
_UNIT_START = re.compile(r"^\s*(?:#{1,6}|>+|[-+*]|\d{1,9}[.)])(?:\s+|$)")
_HEADING_LINE = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_SENTENCE_END = re.compile(r"[.!?…]+[\"')\]]*\s+")
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:e\.g|i\.e|vs|cf|etc|approx|Dr|Mr|Mrs|Ms|Pt|No)\.$", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?…:;][\"')\]]*$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- the document -------------------------------------------------------------------------------------------


class DocIndex:
    """Read-only lookups over an export document, tolerant of missing lists and dangling references.

    An entry whose rotation is not in the document (a filtered export) is treated as having no rotation,
    so it is shown "across rotations" rather than lost.
    """

    def __init__(self, doc: dict) -> None:
        self.doc = doc
        self.rotations: list[dict] = list(doc.get("rotations") or [])
        self.patients: list[dict] = list(doc.get("patients") or [])
        self.todos: list[dict] = list(doc.get("todos") or [])
        self.points: list[dict] = list(doc.get("teaching_points") or [])
        self.questions: list[dict] = list(doc.get("questions") or [])
        self.notes: list[dict] = list(doc.get("notes") or [])
        self.reflections: list[dict] = list(doc.get("reflections") or [])
        # Issue 7's lists (format version 2); a version-1 document has none of them: each is then empty.
        self.procedures: list[dict] = list(doc.get("procedures") or [])
        self.feedback: list[dict] = list(doc.get("feedback") or [])
        self.letters: list[dict] = list(doc.get("letters") or [])
        self.contacts: list[dict] = list(doc.get("contacts") or [])
        self.checklist: list[dict] = list(doc.get("checklist_items") or [])
        self.certifications: list[dict] = list(doc.get("certifications") or [])
        self.daily: list[dict] = list(doc.get("daily_entries") or [])
        self.signouts = {s.get("patient"): s for s in doc.get("patient_signouts") or [] if s.get("patient")}
        self._rotation_by_uid = {r["uid"]: r for r in self.rotations}
        self._patient_by_uid = {p["uid"]: p for p in self.patients}
        self._grouped: dict[int, tuple[list[dict], dict[str | None, list[dict]]]] = {}

    @property
    def is_empty(self) -> bool:
        """True when there is nothing a person wrote to show."""
        return not any((self.rotations, self.patients, self.todos, self.points, self.questions, self.notes,
                        self.reflections, self.procedures, self.feedback, self.letters, self.contacts,
                        self.checklist, self.certifications, self.daily))

    def rotation_uid(self, entry: dict) -> str | None:
        """The entry's rotation uid if that rotation is in the document, else None."""
        uid = entry.get("rotation")
        return uid if uid in self._rotation_by_uid else None

    def rotation(self, entry: dict) -> dict | None:
        """The entry's rotation, or None."""
        uid = self.rotation_uid(entry)
        return self._rotation_by_uid[uid] if uid else None

    def patient(self, entry: dict) -> dict | None:
        """The entry's patient, or None."""
        return self._patient_by_uid.get(entry.get("patient") or "")

    def of(self, entries: Iterable[dict], rotation_uid: str | None) -> list[dict]:
        """The entries that belong to one rotation (None: to no rotation in the document)."""
        if not isinstance(entries, list):
            return [e for e in entries if self.rotation_uid(e) == rotation_uid]
        # Each rotation asks for its share of every list: group a list once, not once per rotation.
        cached = self._grouped.get(id(entries))
        if cached is None or cached[0] is not entries:
            groups: dict[str | None, list[dict]] = {}
            for entry in entries:
                groups.setdefault(self.rotation_uid(entry), []).append(entry)
            cached = self._grouped[id(entries)] = (entries, groups)
        return list(cached[1].get(rotation_uid, ()))

    def totals(self) -> list[str]:
        """Counts for summary lines: "2 rotations", "1 patient", ... ("9 procedures logged" only when some are)."""
        answered = sum(1 for q in self.questions if q.get("status") == "answered")
        return [plural(len(self.rotations), "rotation"), plural(len(self.patients), "patient"),
                plural(len(self.notes), "note"), plural(len(self.points), "teaching point"),
                plural(answered, "question") + " answered", plural(len(self.reflections), "weekly reflection")] \
            + ([plural(len(self.procedures), "procedure") + " logged"] if self.procedures else [])


def rotation_name(rotation: dict | None) -> str:
    """ "Specialty @ Site", the site omitted when empty."""
    if rotation is None:
        return "Across rotations"
    specialty, site = clean(rotation.get("specialty")), clean(rotation.get("site"))
    return f"{specialty} @ {site}" if site else specialty or "Rotation"


def patient_label(patient: dict | None) -> str:
    """The scut-list label: "B12 · 67M · CHF exacerbation"."""
    if not patient:
        return ""
    return " · ".join(clean(patient.get(k)) for k in ("bed", "age_sex", "summary") if clean(patient.get(k)))


def patient_oneliner(patient: dict | None) -> str:
    """Age/sex and one-liner without the bed, for stories: "67M · CHF exacerbation"."""
    if not patient:
        return ""
    return " · ".join(clean(patient.get(k)) for k in ("age_sex", "summary") if clean(patient.get(k)))


def note_heading(note: dict, index: DocIndex) -> str:
    """A note's title, or its kind and patient when it has none."""
    if clean(note.get("title")):
        return clean(note["title"])
    kind = KIND_LABELS.get(note.get("kind", ""), "Note")
    label = patient_label(index.patient(note))
    return f"{kind} · {label}" if label else kind


def tags_of(entry: dict) -> list[str]:
    """The entry's tag names."""
    return [t for t in entry.get("tags") or [] if t]


def is_story(entry: dict) -> bool:
    """Tagged as raw material for an interview story."""
    return any(t.lower() in STORY_TAGS for t in tags_of(entry))


# --- text and dates -----------------------------------------------------------------------------------------


def clean(text: object) -> str:
    """A one-line string: whitespace and line breaks collapsed."""
    return " ".join(str(text).split()) if text else ""


def iso_day(timestamp: str | None, tz: tzinfo = UTC) -> str | None:
    """ "YYYY-MM-DD" of a timestamp's local day, for front matter and file names."""
    day = local_day(timestamp, tz)
    return day.isoformat() if day else None


def parse_day(value: str | None) -> date | None:
    """A document date ("2026-11-02") as a date."""
    return date.fromisoformat(value) if value else None


def human_date(day: date | None) -> str:
    """ "25 Nov 2026", the same in every locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}" if day else ""


def human_day(value: str | None) -> str:
    """A document date ("2026-11-02") as the person would say it: "2 Nov 2026"; "" for none."""
    return human_date(parse_day(value))


def human_stamp(timestamp: str | None, tz: tzinfo = UTC) -> str:
    """A timestamp as the person would say its day: "25 Nov 2026"."""
    return human_date(local_day(timestamp, tz))


def short_week(week: str) -> str:
    """ "Week 41 · 5–11 Oct": a week as a story card's title, without the year the chapter already gives."""
    return re.sub(r" \d{4}$", "", describe_week(week))


def rotation_dates(rotation: dict) -> str:
    """ "2 Nov – 29 Nov 2026 (4 weeks)" or "from 30 Nov 2026 (current)"."""
    start, end = parse_day(rotation.get("start_date")), parse_day(rotation.get("end_date"))
    if start is None:
        return ""
    if end is None:
        return f"from {human_date(start)}" + (" (current)" if rotation.get("is_current") else "")
    first = f"{start.day} {_MONTHS[start.month - 1]}" + (f" {start.year}" if start.year != end.year else "")
    _, weeks = rotation_week(start, end, start)
    length = f" ({weeks} week{'s' if weeks != 1 else ''})" if weeks else ""
    return f"{first} – {human_date(end)}{length}"


def plural(count: int, word: str, words: str | None = None) -> str:
    """ "1 note", "3 notes"."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def first_words(text: str, limit: int = 8) -> str:
    """The opening words of some Markdown as a short plain label."""
    for line in str(text or "").splitlines():
        line = re.sub(r"^\s*(?:[#>*+\-]+|\d+[.)])\s*", "", line).replace("**", "").replace("__", "").strip()
        if line:
            words = line.split()
            return " ".join(words[:limit]) + ("…" if len(words) > limit else "")
    return ""


def plain_units(text: str) -> list[str]:
    """Some Markdown as plain paragraphs: one string per paragraph, list item or heading, markers and bold gone."""
    units: list[str] = []
    current: list[str] = []
    for line in str(text or "").splitlines():
        starts_unit = _UNIT_START.match(line)
        body = _UNIT_START.sub("", line).replace("**", "").replace("__", "").strip()
        if current and (starts_unit or not body):
            units.append(" ".join(current))
            current = []
        if body and not _FENCE.match(line):
            current.append(body)
        if current and _HEADING_LINE.match(line):  # a heading ends at its line's end
            units.append(" ".join(current))
            current = []
    if current:
        units.append(" ".join(current))
    return units


def first_sentences(text: str, count: int = 2) -> str:
    """The opening ``count`` sentences of some Markdown as one plain line, each ending in punctuation."""
    found: list[str] = []
    for unit in plain_units(text):
        start = 0
        for m in _SENTENCE_END.finditer(unit):
            # "e.g. " or "Dr. " ends a word, not a sentence.
            if _ABBREVIATION.search(unit[start:m.start() + 1]):
                continue
            found.append(unit[start:m.end()].strip())
            start = m.end()
        if unit[start:].strip():
            found.append(unit[start:].strip())
        if len(found) >= count:
            break
    # A list item rarely ends in a full stop; without one, two items would read as one run-on sentence.
    return " ".join(s if _TERMINAL.search(s) else s + "." for s in found[:count])


def headline(text: str, limit: int = 14) -> str:
    """The first sentence of some Markdown, as a title: "I ask for help earlier than I used to"."""
    words = first_words(text, 10_000).split()
    for i, word in enumerate(words):
        if word.endswith((".", "?", "!", ";", ":")) and i < limit:
            words = words[:i + 1]
            break
    title = " ".join(words[:limit]) + ("…" if len(words) > limit else "")
    return title[:-1] if title.endswith((".", ";", ":")) else title


# --- slugs --------------------------------------------------------------------------------------------------


def slugify(text: str, fallback: str = "entry", max_len: int = 48) -> str:
    """Lowercase ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:max_len].rstrip("-")
    return slug or fallback


class Slugs:
    """Hands out slugs unique within one folder (or one HTML page): "x", "x-2", "x-3"."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def unique(self, base: str) -> str:
        """``base`` if still free, else the first free "base-N"."""
        slug, n = base, 1
        while slug in self._taken:
            n += 1
            slug = f"{base}-{n}"
        self._taken.add(slug)
        return slug


# --- safe Markdown ------------------------------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: What makes a line more than a paragraph: text starting so must not follow a label on the same line.
BLOCK_START = re.compile(r"^(?:`{3}|~{3}|#|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|\s{4})")
_ATX = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
# Any indentation: inside a list item a heading may sit under the item's own indentation or a quote marker.
_NESTED_ATX = re.compile(r"^(\s*(?:(?:[-+*]|\d{1,9}[.)]|>)[ \t]+)*)#{1,6}(?=[ \t]|$)")
_NOT_PARAGRAPH = re.compile(r"^(?: {4}| {0,3}(?:[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|>|#|`{3}|~{3}))")
# HTML blocks of CommonMark types 1-5 run until a closing marker, not a blank line, so an unclosed one
# would swallow every heading after it; escaping the "<" keeps the text visible and contained.
# Every line the loop in block() changes holds one of these (fences, headings, setext lines, HTML) or ends in
# a dash (a setext "---").
_BLOCK_SPECIAL = re.compile(r"[#`~=<]")
_DASH_LINE_END = re.compile(r"-[ \t]*$", re.MULTILINE)
_OPEN_HTML = re.compile(r"^( {0,3})(<(?:script|pre|style|textarea)(?:[\s>]|$)|<!--|<\?|<![A-Za-z]|<!\[CDATA\[)",
                        re.IGNORECASE)


def block(text: str | None, floor: int, *, headings: bool = True) -> str:
    """User Markdown kept as written, but unable to break the structure around it.

    ``floor`` is the level of the heading the text sits under: the text's own headings are pushed below it
    (capped at 6), a setext "Title / ===" becomes such a heading, a "---" under a line stays a rule rather
    than turning that line into a heading, an unclosed code fence is closed, and raw HTML blocks that only
    end at a closing tag are escaped. With ``headings=False`` (text inside a list item or after a label)
    the text's headings stay plain text instead: "# x" is shown as typed.
    """
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    if not _BLOCK_SPECIAL.search(text) and not ("-" in text and _DASH_LINE_END.search(text)):
        return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")  # no line needs a change
    return _block_lines(text.split("\n"), floor, headings)


def _block_lines(lines: list[str], floor: int, headings: bool) -> str:
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        if fence:
            out.append(line)
            closing = line.lstrip(" ")
            if len(line) - len(closing) < 4 and re.fullmatch(re.escape(fence[0]) + "{%d,}[ \t]*" % len(fence),
                                                              closing):
                fence = None
            continue
        if m := _FENCE.match(line):
            fence = m.group(1)
        elif not headings and (m := _NESTED_ATX.match(line)):
            # A heading inside a list item would still be a heading: in the HTML contents, and out of place.
            line = m.group(1) + "\\" + line[m.end(1):]
        elif m := _ATX.match(line):
            line = m.group(1) + "#" * min(6, len(m.group(2)) + floor) + line[m.end():]
        elif (m := _SETEXT.match(line)) and out and out[-1].strip():
            if m.group(1).startswith("=") and not _NOT_PARAGRAPH.match(out[-1]):
                if headings:
                    out[-1] = "#" * min(6, 1 + floor) + " " + out[-1].strip()
                    continue
                line = line.replace("=", "\\=", 1)
            else:
                out.append("")
        elif m := _OPEN_HTML.match(line):
            line = m.group(1) + "\\" + line[m.end(1):]
        out.append(line)
    if fence:
        out.append(fence)
    return "\n".join(line.rstrip() for line in out).strip("\n")


_NUMBERED = re.compile(r"^(\d+)([.)])")
_TRAILING_HASHES = re.compile(r"(#+)$")


def inline(text: object) -> str:
    """One line of user text for a heading, list item or label: it cannot start a block or end a heading."""
    line = clean(text)
    if line[:1].isdigit():
        line = _NUMBERED.sub(r"\1\\\2", line)
    if line[:1] in ("#", ">", "+", "-", "*", "=", "<", "|", "~", "`"):
        line = "\\" + line
    return _TRAILING_HASHES.sub(r"\\\1", line) if line.endswith("#") else line


def labelled(label: str, text: str, floor: int) -> str:
    """ "**Label:** text" when the text is one paragraph, else the label on a line above the text."""
    body = block(text, floor, headings=False)
    if "\n" in body or BLOCK_START.match(body):
        return f"**{label}:**\n\n{body}"
    return f"**{label}:** {body}"


def emph(text: object) -> str:
    """User text in italics that cannot unbalance the emphasis around it."""
    safe = inline(text).replace("*", "\\*").replace("_", "\\_")
    return f"*{safe}*" if safe else ""


def facts(pairs: Iterable[tuple[str, str]]) -> str:
    """ "**Label:** value" lines, empty values left out, one per printed line."""
    # A backslash at the end of a line is a hard break in CommonMark; trailing spaces get trimmed by editors.
    return "\\\n".join(f"**{label}:** {value}" for label, value in pairs if value)


def link_text(text: object) -> str:
    """Inline text safe inside [...] of a link."""
    return inline(text).replace("[", "\\[").replace("]", "\\]")


def heading(level: int, text: str) -> str:
    """An ATX heading of ``text`` (already inline-safe)."""
    return "#" * max(1, min(6, level)) + " " + text


def list_item(text: str, marker: str = "- ") -> str:
    """A list item holding possibly multi-line Markdown (continuation lines indented under the marker)."""
    lines = text.split("\n")
    pad = " " * len(marker)
    return marker + lines[0] + "".join("\n" + (pad + line if line.strip() else "") for line in lines[1:])


def join_blocks(blocks: Iterable[str]) -> str:
    """Markdown blocks separated by blank lines, empties dropped, ending with one newline."""
    return "\n\n".join(b.strip("\n") for b in blocks if b and b.strip()) + "\n"


def encode(text: str) -> bytes:
    """UTF-8 bytes for a file; a stray lone surrogate becomes "?" instead of failing the export."""
    return text.encode("utf-8", "replace")
