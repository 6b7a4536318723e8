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
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from clerkbook.models import (
    ALL_NOTE_SECTIONS,
    REFLECTION_FIELDS,
    PatientStatus,
    new_uid,
)
from clerkbook.store.base import StoreBase
from clerkbook.store.errors import InvalidDocument
from clerkbook.store.exchange_format import (
    BY_KEY,
    FORMAT,
    FORMAT_VERSION,
    KINDS,
    NOTE_REVISIONS,
    REFLECTION_REVISIONS,
    REPORT_KINDS,
    TAGS,
    Checker,
    KindSpec,
    json_type,
)
from clerkbook.store.rotations import bed_key

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


@dataclass
class ImportReport:
    """What an import did: entries added, updated and unchanged per kind, and one line per conflict resolved."""

    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REPORT_KINDS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REPORT_KINDS, 0))
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REPORT_KINDS, 0))
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the import wrote anything at all."""
        return any(self.added.values()) or any(self.updated.values())

    def summary(self) -> str:
        """One line: "12 added, 3 updated, 40 unchanged"."""
        return ", ".join(f"{sum(counts.values())} {name}" for name, counts in
                         (("added", self.added), ("updated", self.updated), ("unchanged", self.unchanged)))


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
        name, reflections also by week): an entry already here is never duplicated, and
        when both sides changed it the later edit wins while the other text of a note or
        reflection is kept as a revision.
        """
        checked = Checker().check(doc)
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


# Merging ---------------------------------------------------------------------------------------------------


def _content(entry: dict) -> dict:
    # Tags and revisions merge as sets; which rotation is current is the notebook's, not the entry's.
    return {key: value for key, value in entry.items() if key not in ("uid", "tags", "revisions", "is_current")}


def _text(kind: KindSpec, entry: dict) -> dict:
    """The words of a note or reflection, or of one of their revisions: what a merge must never lose."""
    if "content" in entry:
        return {"title": entry.get("title"), **entry["content"]}
    if kind.key == "notes":
        return {"title": entry["title"], **entry["sections"]}
    return {"title": None, **{name: entry[name] for name in REFLECTION_FIELDS}}


def _label(kind: KindSpec, entry: dict) -> str:
    if kind.key == "rotations":
        label = f"{entry['specialty']} @ {entry['site']}" if entry["site"] else entry["specialty"]
    elif kind.key == "patients":
        label = " · ".join(part for part in (entry["bed"], entry["age_sex"], entry["summary"]) if part)
    elif kind.key == "notes":
        label = entry["title"] or f"{entry['kind']} note of {entry['created_at'][:10]}"
    else:
        label = entry.get("week") or entry["text"]
    label = " ".join(label.split())
    return f"'{label if len(label) <= 40 else label[:39] + '…'}'"


def _bed_taken(entry: dict, local: dict, beds: dict[tuple[str, str], dict]) -> dict | None:
    """The other local active patient in the bed where a newer imported version of ``local`` would be active."""
    if entry["status"] != PatientStatus.ACTIVE or entry["updated_at"] <= local["updated_at"]:
        return None
    holder = beds.get((entry["rotation"], bed_key(entry["bed"])))
    return holder if holder is not None and holder["uid"] != local["uid"] else None


class _Merge:
    """Merges a checked document into the notebook, writing through one connection in one transaction."""

    def __init__(self, connection, doc: dict, local: _Snapshot) -> None:
        self.connection, self.doc, self.local = connection, doc, local
        self.report = ImportReport()
        self.by_uid = {key: {entry["uid"]: entry for entry in entries}
                       for key, entries in local.entries.items() if key != "tags"}
        #: Imported patients mapped onto the local active patient in their bed.
        self.alias: dict[str, str] = {}
        self.taggings: list[tuple[str, KindSpec, str, str]] = []  # (tag, kind, entry uid, moment)
        self.revisions: dict[str, dict[str, list[dict]]] = {key: defaultdict(list) for key in
                                                             ("note_revisions", "reflection_revisions")}

    def run(self) -> ImportReport:
        new_tags = [dict(tag) for tag in self.doc["tags"] if tag["name"] not in self.local.ids["tags"]]
        self.report.added["tags"] = len(new_tags)
        self.report.unchanged["tags"] = len(self.doc["tags"]) - len(new_tags)
        self._insert(TAGS, new_tags)
        for kind in KINDS:
            self._merge_kind(kind)
        for kind in (NOTE_REVISIONS, REFLECTION_REVISIONS):
            parents = self.local.ids["notes" if kind is NOTE_REVISIONS else "reflections"]
            self._insert(kind, [self._row(kind, revision) | {kind.parent: parents[parent]}
                                for parent, revisions in self.revisions[kind.key].items() for revision in revisions])
        if self.taggings:
            self.connection.execute(text(
                "INSERT OR IGNORE INTO tagging (tag_id, entity, entity_id, created_at, updated_at)"
                " VALUES (:tag_id, :entity, :entity_id, :at, :at)"),
                [{"tag_id": self.local.ids["tags"][name], "entity": kind.table,
                  "entity_id": self.local.ids[kind.key][uid], "at": at} for name, kind, uid, at in self.taggings])
        self._current_rotation()
        return self.report

    def _merge_kind(self, kind: KindSpec) -> None:
        inserts, updates = [], []
        weeks = {}
        if kind.key == "reflections":
            weeks = {entry["week"]: entry for entry in self.local.entries["reflections"]}
        beds: dict[tuple[str, str], dict] = {}
        if kind.key == "patients":
            for patient in self.local.entries["patients"]:
                if patient["status"] == PatientStatus.ACTIVE:
                    beds.setdefault((patient["rotation"], bed_key(patient["bed"])), patient)
        for entry in self.doc[kind.key]:
            if entry.get("patient") in self.alias:
                entry = {**entry, "patient": self.alias[entry["patient"]]}
            local = self.by_uid[kind.key].get(entry["uid"]) or weeks.get(entry.get("week"))
            mapped = None
            if local is None and kind.key == "patients" and entry["status"] == PatientStatus.ACTIVE:
                local = mapped = beds.get((entry["rotation"], bed_key(entry["bed"])))
            if local is None:
                inserts.append(entry)
                self._extras(kind, entry, entry["uid"], {"tags": [], "revisions": []})
                self.report.added[kind.key] += 1
                continue
            changed = self._extras(kind, entry, local["uid"], local)
            if mapped is not None:
                self.alias[entry["uid"]] = mapped["uid"]
                self.report.notes.append(
                    f"patient {_label(kind, entry)}: its bed is taken here by the active patient "
                    f"{_label(kind, mapped)}; what the export holds for it was attached to that patient.")
            elif kind.key == "patients" and (holder := _bed_taken(entry, local, beds)) is not None:
                # Making it active again would put two active patients in one bed.
                self.report.notes.append(
                    f"patient {_label(kind, entry)}: the export's newer version is active in a bed taken here by "
                    f"{_label(kind, holder)}; this notebook's version was kept.")
            else:
                changed = self._reconcile(kind, entry, local, updates) or changed
            (self.report.updated if changed else self.report.unchanged)[kind.key] += 1
        rows = [self._row(kind, entry) for entry in inserts]
        self_refs = [spec for spec in kind.fields if spec.base == "ref" and spec.target == kind.key]
        for row in rows:
            # Rows of this list are given ids only now: references between them are set just below.
            row.update({column: None for spec in self_refs for column in spec.columns})
            if kind.key == "rotations":
                row["is_current"] = False
        self._insert(kind, rows)
        self.local.ids[kind.key] = dict(self.connection.execute(text(f"SELECT uid, id FROM {kind.table}")).all())
        fixes = [(entry["uid"], entry) for entry in inserts if any(entry[spec.key] for spec in self_refs)]
        for where_uid, entry in updates + fixes:
            row = self._row(kind, entry)
            row.pop("uid")
            row.pop("is_current", None)
            assignments = ", ".join(f'"{column}" = :{column}' for column in row)
            self.connection.execute(text(f"UPDATE {kind.table} SET {assignments} WHERE uid = :where_uid"),
                                    row | {"where_uid": where_uid})

    def _extras(self, kind: KindSpec, entry: dict, target: str, local: dict) -> bool:
        """Queue the entry's new tags and revisions for ``target``; whether there were any."""
        new_tags = [name for name in entry.get("tags", ()) if name not in local["tags"]]
        self.taggings += [(name, kind, target, entry["updated_at"]) for name in new_tags]
        added = 0
        if kind.revisions:
            key = kind.revisions.key
            for revision in entry["revisions"]:
                if revision["uid"] in self.local.ids[key]:
                    self.report.unchanged[key] += 1
                else:
                    self.revisions[key][target].append(revision)
                    added += 1
            self.report.added[key] += added
        return bool(new_tags or added)

    def _reconcile(self, kind: KindSpec, entry: dict, local: dict, updates: list) -> bool:
        """Same entry on both sides: the later edit wins; a note's or reflection's other text becomes a revision."""
        if _content(entry) == _content(local):
            return False
        imported_wins = entry["updated_at"] > local["updated_at"]
        winner, loser = (entry, local) if imported_wins else (local, entry)
        kept = bool(kind.revisions) and _text(kind, winner) != _text(kind, loser) and self._keep(kind, local, loser)
        if imported_wins:
            updates.append((local["uid"], entry))
        what = f"{kind.what} {_label(kind, local)}" + (" (another copy of that week)" if local["uid"] != entry["uid"]
                                                        else "")
        if kind.revisions and (imported_wins or kept):
            side = "this notebook's" if imported_wins else "the imported"
            newer = "the imported version is newer and now current" if imported_wins else \
                "this notebook's version is newer and stays current"
            self.report.notes.append(f"{what}: changed in both notebooks; {newer}"
                                     + (f"; {side} text is kept as a revision." if kept else "."))
        elif not kind.revisions:
            self.report.notes.append(
                f"{what}: changed in both notebooks; "
                + ("the imported version is newer and replaced this notebook's." if imported_wins else
                   "this notebook's version is newer and was kept; the imported one was not used."))
        return imported_wins or kept

    def _keep(self, kind: KindSpec, local: dict, loser: dict) -> bool:
        """Keep the losing text as a revision of ``local``, unless that text is already one."""
        queued = self.revisions[kind.revisions.key][local["uid"]]
        if any(_text(kind, revision) == _text(kind, loser) for revision in local["revisions"] + queued):
            return False
        revision = {"uid": new_uid()}
        if kind.key == "notes":
            revision |= {"title": loser["title"], "status": loser["status"], "content": dict(loser["sections"])}
        else:
            revision["content"] = {name: loser[name] for name in REFLECTION_FIELDS}
        revision |= {"reason": "import", "created_at": loser["updated_at"], "updated_at": loser["updated_at"]}
        queued.append(revision)
        self.report.added[kind.revisions.key] += 1
        return True

    def _row(self, kind: KindSpec, entry: dict) -> dict:
        row = {}
        for spec in kind.fields:
            value = entry[spec.key]
            if spec.base == "ref":
                value = None if value is None else self.local.ids[spec.target].get(value)
            elif spec.base == "sections":
                row.update(value)
                continue
            elif spec.base == "content":
                value = json.dumps(value)
            row[spec.columns[0]] = value
        return row

    def _insert(self, kind: KindSpec, rows: list[dict]) -> None:
        if not rows:
            return
        columns = list(rows[0])
        names = ", ".join(f'"{column}"' for column in columns)
        values = ", ".join(f":{column}" for column in columns)
        self.connection.execute(text(f"INSERT INTO {kind.table} ({names}) VALUES ({values})"), rows)
        if kind is TAGS:
            self.local.ids["tags"] = dict(self.connection.execute(text("SELECT name, id FROM tag")).all())

    def _current_rotation(self) -> None:
        imported = next((rotation for rotation in self.doc["rotations"] if rotation["is_current"]), None)
        mine = next((rotation for rotation in self.local.entries["rotations"] if rotation["is_current"]), None)
        if imported is None:
            return
        if mine is None:
            self.connection.execute(text("UPDATE rotation SET is_current = 1 WHERE uid = :uid"),
                                    {"uid": imported["uid"]})
        elif mine["uid"] != imported["uid"]:
            self.report.notes.append(f"rotation {_label(KINDS[0], mine)} stays the current rotation "
                                     f"({_label(KINDS[0], imported)} is current in the export).")

