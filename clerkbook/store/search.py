"""Full-text search over every kind of entry (SQLite FTS5): to-dos, teaching points, questions, notes,
reflections, and the clerkship logs (procedures, feedback, letters, contacts, the daily log).

The index is the ``search_index`` table of migration 0004 (laid out anew by 0008 for ten kinds), kept in step
by triggers, so it is right whoever wrote the entry. This module asks it questions, and can rebuild it (:meth:`SearchMixin.reindex`).

Why the queries look the way they do, measured on 100,000 entries:

- Ranking with bm25 reads every match, and expands a prefix term once more to count documents: 25-110 ms
  for a word in half the entries. So a search first asks for the newest :data:`RANK_WINDOW` + 1 matches
  (``ORDER BY rowid DESC LIMIT``, which FTS5 answers without sorting since rowid order is creation order).
  Up to :data:`RANK_WINDOW` matches are ranked by bm25; more than that are shown newest first.
- Filters are FTS5 terms on the ``facets`` column and a rowid range for dates, so FTS5 skips to matching rows
  instead of SQLite reading every match to test a column: an old rotation's entries found with a common word
  took 70 ms read row by row, 5 ms as facets.
- Every query with a prefix term of a common word pays for expanding it (3-5 ms for a word in most entries),
  so a search is two queries: the newest matches up to the window, then the hits with their snippets, which
  FTS5 makes only for the rows it returns once they are ordered.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy.exc import DBAPIError

from clerkbook.store.base import StoreBase
from clerkbook.store.errors import InvalidInput, NotebookFileError
from clerkbook.store.tags import normalise_tag

INDEX_TABLE = "search_index"
#: The kinds of entry searched, with the code kept in the low bits of their rowid and their ``k`` facet.
KIND_CODES = {"todo": 1, "teaching_point": 2, "question": 3, "note": 4, "reflection": 5, "procedure": 6,
              "feedback": 7, "letter": 8, "contact": 9, "daily_entry": 10}
KIND_ALIASES = {"point": "teaching_point", "daily": "daily_entry"}
#: Bits of the rowid below the entry id that hold the kind code (migration 0008).
_KIND_BITS = 4
#: The largest match set ranked by relevance; a larger one is shown newest first (see the module's docstring).
RANK_WINDOW = 1000
#: Starts every facet word in the index ("\ue000k4"): a private-use character, a letter to the tokenizer, that
#: the query parser removes from what users type, so only the store's filters can match a facet.
FACET_MARK = "\ue000"
MAX_LIMIT = 1000
#: Around each match in a snippet: private control characters no one types, removed before display.
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
SNIPPET_TOKENS = 16
# bm25 with weights per column: nothing for the stored-only ones and the facets; a word in a note's title or
# a point's topic says more than one in the body.
_RANKING = "bm25(0, 0, 0, 0, 0, 3.0, 1.0, 0)"
_HIT_COLUMNS = ("kind, entry_id, rotation_id, patient_id, created_at, highlight(search_index, 5, char(2), char(3)),"
                f" snippet(search_index, 6, char(2), char(3), '…', {SNIPPET_TOKENS}), substr(body, 1, 400)")
_PIECES = re.compile(f"[{MARK_OPEN}{MARK_CLOSE}]|[^{MARK_OPEN}{MARK_CLOSE}]+")
_LOWEST, _HIGHEST = -(2**63), 2**63 - 1

_SECTIONS = ("subjective", "objective", "chief_complaint", "hpi", "pmh", "psh", "medications", "allergies",
             "social_history", "family_history", "ros", "physical_exam", "data", "assessment", "plan")
_REFLECTION = ("went_well", "didnt_go_well", "learned_about_myself", "do_differently", "free_text")
_FEEDBACK = ("said", "will_change", "acted_text")
_DAILY = ("diagnoses", "management", "mistakes", "questions")


def _lines(columns: tuple[str, ...]) -> str:
    return " || char(10) || ".join(f"{{r}}.{column}" for column in columns)


# What each kind puts in the index, exactly as migration 0008's triggers do (a test compares the two):
# kind: (patient column or None, title, body).
_SOURCES = {
    "todo": ("patient_id", "{r}.text", "''"),
    "teaching_point": ("patient_id", "{r}.topic", "{r}.text || char(10) || {r}.source"),
    "question": ("patient_id", "{r}.text", "{r}.answer"),
    "note": ("patient_id", "{r}.title", _lines(_SECTIONS)),
    "reflection": (None, "{r}.week", _lines(_REFLECTION)),
    "procedure": ("patient_id", "{r}.name", "{r}.supervisor || char(10) || {r}.notes"),
    "feedback": (None, "{r}.giver || CASE WHEN {r}.giver <> '' AND {r}.context <> '' THEN ' · ' ELSE '' END"
                       " || {r}.context", _lines(_FEEDBACK)),
    "letter": (None, "{r}.attending", "{r}.notes"),
    "contact": (None, "{r}.name", "{r}.notes"),
    "daily_entry": (None, "''", _lines(_DAILY)),
}
_COLUMNS = "rowid, kind, entry_id, rotation_id, patient_id, created_at, title, body, facets"


def is_index_table(name: str) -> bool:
    """Whether ``name`` is the search index or one of the shadow tables FTS5 keeps for it.

    They are made by migration 0004 and have no model, so comparing the models with the database skips them.
    """
    return name == INDEX_TABLE or name.startswith(f"{INDEX_TABLE}_")


@dataclass(frozen=True)
class SearchHit:
    """One entry found by :meth:`SearchMixin.search`.

    ``snippet`` is plain text on one line around the matches; ``marks`` are the (start, end) offsets of the
    matched words in it, so a screen can style them without parsing markup. ``title`` is the entry's title,
    topic, week, name (procedure, contact), giver and context (feedback), attending (letter) or day
    (YYYY-MM-DD, the daily log), else the start of its text.
    """

    kind: str
    entry_id: int
    title: str
    snippet: str
    rotation_id: int | None
    patient_id: int | None
    created_at: datetime
    marks: tuple[tuple[int, int], ...]


class SearchMixin(StoreBase):
    """Search every kind of entry at once, and rebuild the index."""

    def search(
        self,
        query: str,
        *,
        kinds: Iterable[str] | None = None,
        rotation_id: int | None = None,
        patient_id: int | None = None,
        tag: str | None = None,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        limit: int = 50,
    ) -> list[SearchHit]:
        """The entries matching ``query``, the most relevant first, at most ``limit`` (up to 1000) of them.

        ``query`` is an FTS5 expression as :func:`clerkbook.domain.search_query.parse_query` writes it from
        what a user typed; "" finds nothing. Filters: ``kinds`` (todo, teaching_point or point, question,
        note, reflection, procedure, feedback, letter, contact, daily_entry or daily), a rotation, a patient, a tag, and the day or moment entries were created, from
        ``since`` to ``until`` inclusive (dates are local days). An expression FTS5 cannot read raises
        :class:`InvalidInput`.
        """
        if limit < 1:
            raise InvalidInput("The number of results must be at least 1.")
        limit = min(limit, MAX_LIMIT)
        low, high = _key_range(since, until)
        if not query.strip() or low > high:
            return []
        parts = [f"({query})"]
        if kinds is not None:
            codes = sorted({KIND_CODES[_kind(kind)] for kind in ([kinds] if isinstance(kinds, str) else kinds)})
            if not codes:
                return []
            parts.append("(" + " OR ".join(_facet("k", code) for code in codes) + ")")
        if rotation_id is not None:
            parts.append(_facet("r", int(rotation_id)))
        if patient_id is not None:
            parts.append(_facet("p", int(patient_id)))
        with self._read() as session:
            connection = session.connection()
            if tag is not None:
                name = normalise_tag(tag)
                if not name:
                    raise InvalidInput("The tag to search by is empty.")
                tag_id = connection.exec_driver_sql("SELECT id FROM tag WHERE name = ?", (name,)).scalar()
                if tag_id is None:
                    return []
                parts.append(_facet("t", tag_id))
            expression = " AND ".join(parts)
            try:
                newest = [row[0] for row in connection.exec_driver_sql(
                    "SELECT rowid FROM search_index WHERE search_index MATCH ? AND rowid BETWEEN ? AND ?"
                    " ORDER BY rowid DESC LIMIT ?", (expression, low, high, RANK_WINDOW + 1))]
                if not newest:
                    return []
                # Either query makes snippets for the rows it returns only, after FTS5 has ordered them.
                if len(newest) > RANK_WINDOW:
                    rows = connection.exec_driver_sql(
                        f"SELECT {_HIT_COLUMNS} FROM search_index WHERE search_index MATCH ?"
                        " AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?",
                        (expression, newest[min(limit, len(newest)) - 1], newest[0], limit)).all()
                else:
                    rows = connection.exec_driver_sql(
                        f"SELECT {_HIT_COLUMNS} FROM search_index WHERE search_index MATCH ?"
                        " AND rowid BETWEEN ? AND ? AND rank MATCH ? ORDER BY rank LIMIT ?",
                        (expression, newest[-1], newest[0], _RANKING, limit)).all()
            except DBAPIError as exc:
                raise _query_error(exc) from None
            return _dated([_hit(row) for row in rows], connection)

    def reindex(self) -> int:
        """Rebuild the whole search index from the entries, in one transaction; returns how many it holds.

        Needed only if the index was damaged or changed behind clerkbook's back: triggers keep it in step.
        """
        with self._write() as session:
            connection = session.connection()
            definition = connection.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (INDEX_TABLE,)).scalar()
            if definition is None:
                raise NotebookFileError("This notebook has no search index: it was changed outside clerkbook.")
            # Dropping and recreating (from its own definition) takes milliseconds; DELETE FROM makes FTS5
            # take every entry out of the index word by word (3.4 s at 100,000 entries).
            connection.exec_driver_sql(f"DROP TABLE {INDEX_TABLE}")
            connection.exec_driver_sql(definition)
            for kind in _SOURCES:
                connection.exec_driver_sql(
                    f"INSERT INTO {INDEX_TABLE} ({_COLUMNS}) SELECT {index_values(kind, kind)} FROM {kind}")
            # Merge the index into one b-tree, the fastest shape to query.
            connection.exec_driver_sql(f"INSERT INTO {INDEX_TABLE} ({INDEX_TABLE}) VALUES ('optimize')")
            return connection.exec_driver_sql(f"SELECT count(*) FROM {INDEX_TABLE}").scalar_one()


def _dated(hits: list[SearchHit], connection) -> list[SearchHit]:
    """``hits`` with each day of the daily log titled by its date, read from its row.

    The index has no title for them: the date as text would make every day match "20" or "2026".
    """
    days = [hit.entry_id for hit in hits if hit.kind == "daily_entry"]
    if not days:
        return hits
    dates = dict(connection.exec_driver_sql(
        f"SELECT id, entry_date FROM daily_entry WHERE id IN ({', '.join('?' * len(days))})", tuple(days)).all())
    return [replace(hit, title=str(dates[hit.entry_id])) if hit.kind == "daily_entry" and hit.entry_id in dates
            else hit for hit in hits]


def index_values(kind: str, row: str) -> str:
    """The SQL values of one index row for the ``kind`` entry named ``row`` (a table name or alias)."""
    patient, title, body = _SOURCES[kind]
    code = KIND_CODES[kind]
    minute = f"coalesce(CAST(strftime('%s', substr({row}.created_at, 1, 19)) AS INTEGER), 0) / 60"
    mask = (1 << (31 - _KIND_BITS)) - 1
    key = f"((max(0, min(4294967295, {minute})) << 31) | (({row}.id & {mask}) << {_KIND_BITS}) | {code})"
    mark = "' ' || char(57344) || "  # a space, then FACET_MARK (U+E000)
    tags = (f"(SELECT group_concat({mark}'t' || tagging.tag_id, '') FROM tagging"
            f" WHERE tagging.entity = '{kind}' AND tagging.entity_id = {row}.id)")
    patient_facet = f" || coalesce({mark}'p' || {row}.{patient}, '')" if patient else ""
    facets = (f"char(57344) || 'k{code}' || coalesce({mark}'r' || {row}.rotation_id, ''){patient_facet}"
              f" || coalesce({tags}, '')")
    return ", ".join((key, f"'{kind}'", f"{row}.id", f"{row}.rotation_id",
                      f"{row}.{patient}" if patient else "NULL", f"{row}.created_at", title.format(r=row),
                      body.format(r=row), facets))


def _facet(letter: str, number: int) -> str:
    return f'"{FACET_MARK}{letter}{number}"'


def _kind(kind: str) -> str:
    name = KIND_ALIASES.get(kind, kind)
    if name not in KIND_CODES:
        raise InvalidInput(f"Unknown kind of entry '{kind}': use one of {', '.join(KIND_CODES)}.")
    return name


def _minute_key(moment: datetime) -> int:
    # The lowest rowid of the minute ``moment`` falls in (the rowid layout is in migrations 0004 and 0008).
    return max(0, min(2**32 - 1, math.floor(moment.timestamp() / 60))) << 31


def _moment(value: date | datetime, what: str) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidInput(f"The {what} of the date range needs a time zone.")
        return value
    return datetime.combine(value, time()).astimezone()  # local midnight


def _key_range(since: date | datetime | None, until: date | datetime | None) -> tuple[int, int]:
    """The lowest and highest rowid of entries created from ``since`` to ``until`` (a date: that whole day)."""
    first = _moment(since, "start") if since is not None else None
    last = None
    if until is not None:
        # Up to the end of the minute of a moment, or of the day of a date.
        last = _moment(until, "end") if isinstance(until, datetime) else _moment(until + timedelta(days=1), "end")
    if first is not None and last is not None and (first > last if isinstance(until, datetime) else first >= last):
        raise InvalidInput("The date range ends before it starts.")
    low = _minute_key(first) if first is not None else _LOWEST
    if last is None:
        return low, _HIGHEST
    return low, (_minute_key(last) + (1 << 31) - 1 if isinstance(until, datetime) else _minute_key(last) - 1)


# Errors that are about the file, not the query: they keep their own type and message.
_FILE_ERRORS = ("locked", "busy", "i/o", "disk image", "no such table", "readonly", "unable to open", "full",
                "out of memory", "interrupted")


def _query_error(exc: DBAPIError) -> Exception:
    # FTS5 reports a query it cannot read with several messages ("fts5: syntax error near ...", "unterminated
    # string", "no such column: x", "unknown special query"), all as OperationalError.
    message = (str(exc.orig).splitlines() or [""])[0]
    if type(exc.orig).__name__ != "OperationalError" or any(part in message.lower() for part in _FILE_ERRORS):
        return exc
    return InvalidInput(f"Cannot search for that ({message}).")


def unmark(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Text with :data:`MARK_OPEN` / :data:`MARK_CLOSE` around matches as one plain line, and the marks' offsets.

    Runs of white space become one space, so a snippet spanning a note's sections reads as one line.
    """
    out: list[str] = []
    marks: list[tuple[int, int]] = []
    length, start, opening, space = 0, None, False, False
    for piece in _PIECES.findall(marked):
        if piece == MARK_OPEN:
            opening = start is None
        elif piece == MARK_CLOSE:
            if start is not None and length > start:
                marks.append((start, length))
            start, opening = None, False
        elif words := piece.split():
            if (space or piece[0].isspace()) and length:
                out.append(" ")
                length += 1
            if opening:
                start, opening = length, False
            text = " ".join(words)
            out.append(text)
            length += len(text)
            space = piece[-1].isspace()
        else:
            space = True
    if start is not None and length > start:
        marks.append((start, length))
    return "".join(out), tuple(marks)


def _stamp(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value).astimezone(timezone.utc)
    except (TypeError, ValueError):
        # Only a write from outside clerkbook can leave another format; the hit is still worth showing.
        return datetime.fromtimestamp(0, timezone.utc)


def _first_line(text: str, width: int = 80) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    line = " ".join(line.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def _hit(row) -> SearchHit:
    kind, entry_id, rotation_id, patient_id, created_at, title_marked, snippet_marked, body_start = row
    title, title_marks = unmark(title_marked or "")
    snippet, marks = unmark(snippet_marked or "")
    if title_marks and not marks:
        # The words matched in the title (a to-do's or a question's text): show it, marked, as the snippet.
        snippet, marks = title, title_marks
    return SearchHit(
        kind=kind,
        entry_id=entry_id,
        title=title or _first_line(body_start or ""),
        snippet=snippet,
        rotation_id=rotation_id,
        patient_id=patient_id,
        created_at=_stamp(created_at),
        marks=marks,
    )
