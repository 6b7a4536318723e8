"""The whole notebook as one JSON-ready document, and that document merged back in.

Every exporter (JSON, Markdown, HTML, dossier, Anki) starts from the document
:meth:`ExchangeMixin.export_document` returns; ``--format json`` writes it as is
and :meth:`ExchangeMixin.import_document` reads it back. Entries refer to each
other by uid, never by integer id, so a document can be merged into any
notebook: an entry already there is recognised and never duplicated.

Rows are read and written as the raw text SQLite stores (timestamps, dates,
enum values), without the ORM: exporting tens of thousands of entries takes a
fraction of a second, and a timestamp cannot drift by being parsed and
formatted again, which keeps export -> import -> export byte-identical.
"""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from clerkbook.models import ALL_NOTE_SECTIONS
from clerkbook.store.base import StoreBase
from clerkbook.store.errors import InvalidDocument
from clerkbook.store.exchange_format import Checker, json_type
from clerkbook.store.exchange_kinds import (
    BY_KEY,
    FORMAT,
    FORMAT_VERSION,
    KINDS,
    NOTE_REVISIONS,
    REFLECTION_REVISIONS,
    TAGS,
    KindSpec,
)
from clerkbook.store.exchange_merge import ImportReport, _Merge

__all__ = ["ExchangeMixin", "ImportReport", "InvalidDocument", "document_from_json", "document_to_json"]

def document_to_json(doc: dict) -> str:
    """The document as the text ``--format json`` writes: indented, UTF-8, ending in a newline."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def document_from_json(source: str) -> dict:
    """Parse the text of a JSON export; malformed JSON or a non-object raises :class:`InvalidDocument`."""
    try:
        doc = json.loads(source)
    except json.JSONDecodeError as exc:
        raise InvalidDocument(f"Not a clerkbook export: line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise InvalidDocument("Not a clerkbook export: the JSON is nested too deeply.") from None
    if not isinstance(doc, dict):
        raise InvalidDocument(f"Not a clerkbook export: the JSON is {json_type(doc)}, not an object.")
    return doc


class ExchangeMixin(StoreBase):
    """Export the notebook as a document; import (merge) a document into it."""

    def export_document(self, *, revisions: bool = True) -> dict:
        """The whole notebook as the export document, in a deterministic order, read in one transaction.

        ``revisions=False`` leaves out the notes' and reflections' earlier versions (and their "revisions"
        keys): only the JSON export carries them, and they are a third of what there is to read.
        """
        with self._read() as session:
            connection = session.connection()
            schema = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            snapshot = _Snapshot.load(connection, revisions=revisions)
        return {"format": FORMAT, "format_version": FORMAT_VERSION, "schema": schema, **snapshot.entries}

    def import_document(self, doc: dict) -> ImportReport:
        """Merge an export document into this notebook, all of it or (on any problem) none of it.

        The document is checked completely first; a problem raises :class:`InvalidDocument`
        naming where it is, and nothing is written. Entries are matched by uid (tags by
        name; reflections also by week, days of the daily log by day, sign-outs by patient):
        an entry already here is never duplicated, and when both sides changed it the later
        edit wins while the other text of a note or reflection is kept as a revision; two
        notebooks' entries for one day of the daily log keep both texts. The clinical text of
        patients purged here (ending a rotation) is not brought back. A version-1 document
        (without the clerkship lists) imports as one whose clerkship lists are empty.
        """
        checked = Checker().check(doc)
        doc = {**doc, **{kind.key: [] for kind in KINDS if kind.key not in doc}}  # a version-1 document
        try:
            with self._write() as session:
                # A batch may hold ORM changes not yet sent: the raw SQL below must see them.
                session.flush()
                connection = session.connection()
                local = _Snapshot.load(connection)
                checked.resolve(local)
                return _Merge(connection, doc, local).run()
        except IntegrityError as exc:
            reason = str(exc.orig).splitlines()[0] if exc.orig else "a constraint failed"
            raise InvalidDocument(f"This export cannot be merged into this notebook ({reason}).") from None


# Reading ---------------------------------------------------------------------------------------------------


class _Snapshot:
    """Every entry of a notebook in document form, with the row id behind each uid (tag name for tags)."""

    def __init__(self) -> None:
        self.entries: dict[str, list[dict]] = {}
        self.ids: dict[str, dict[str, int]] = {}

    @classmethod
    def load(cls, connection, *, revisions: bool = True) -> _Snapshot:
        snapshot = cls()
        skipped = () if revisions else (NOTE_REVISIONS, REFLECTION_REVISIONS)
        rows = {kind.key: _select(connection, kind) if kind not in skipped else [] for kind in BY_KEY.values()}
        for key, kind_rows in rows.items():
            snapshot.ids[key] = {row[1]: row[0] for row in kind_rows}
        uids = {key: {row_id: uid for uid, row_id in ids.items()} for key, ids in snapshot.ids.items()}
        tags: dict[tuple[str, int], list[str]] = defaultdict(list)
        query = "SELECT tagging.entity, tagging.entity_id, tag.name FROM tagging JOIN tag ON tag.id = tagging.tag_id"
        for entity, entity_id, name in connection.execute(text(f"{query} ORDER BY tag.name")):
            tags[entity, entity_id].append(name)
        earlier: dict[str, dict[int, list[dict]]] = {}
        for kind in (NOTE_REVISIONS, REFLECTION_REVISIONS):
            grouped = earlier[kind.key] = defaultdict(list)
            for row in rows[kind.key]:
                grouped[row[-1]].append(_to_entry(kind, row, uids))
        for kind in (*KINDS, TAGS):
            entries = snapshot.entries[kind.key] = []
            for row in rows[kind.key]:
                entry = _to_entry(kind, row, uids)
                if kind.tagged:
                    entry["tags"] = tags.get((kind.table, row[0]), [])
                if kind.revisions and revisions:
                    entry["revisions"] = earlier[kind.revisions.key].get(row[0], [])
                entries.append(entry)
        return snapshot


def _select(connection, kind: KindSpec) -> list:
    # Tags have no uid: their name stands in for it (second column), as in every merge.
    columns = ["id", "uid" if kind is not TAGS else "name"]
    columns += [column for spec in kind.fields for column in spec.columns] + ([kind.parent] if kind.parent else [])
    quoted = ", ".join(f'"{column}"' for column in columns)
    return connection.execute(text(f"SELECT {quoted} FROM {kind.table} ORDER BY {kind.order}")).all()


def _to_entry(kind: KindSpec, row, uids: dict[str, dict[int, str]]) -> dict:
    entry, index = {}, 2
    for key, base, width, target in _plan(kind):
        value = row[index]
        if base == "ref":
            value = None if value is None else uids[target].get(value)
        elif base == "bool":
            value = bool(value)
        elif base == "sections":
            value = dict(zip(ALL_NOTE_SECTIONS, row[index:index + width]))
        elif base == "content":
            value = json.loads(value)
        entry[key] = value
        index += width
    return entry


_PLANS: dict[str, tuple[tuple[str, str, int, str], ...]] = {}


def _plan(kind: KindSpec) -> tuple[tuple[str, str, int, str], ...]:
    # An export reads every row: work out each field's key, type and width once per kind, not once per row.
    plan = _PLANS.get(kind.key)
    if plan is None:
        plan = _PLANS[kind.key] = tuple((spec.key, spec.base, len(spec.columns), spec.target) for spec in kind.fields)
    return plan


