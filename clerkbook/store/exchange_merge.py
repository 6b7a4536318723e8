"""Merging a checked export document into a notebook: by uid, without duplicates, without losing a word.

An entry already in the notebook (same uid; for a reflection the same week, for a day of the daily log the same
day, for a sign-out the same patient) is never added twice. When both sides changed it, the later edit wins;
the other text of a note or reflection is kept as a revision. Two different entries of one day (each notebook
wrote that day) keep both texts, line by line. What ending a rotation shredded here is never brought back
(see :mod:`clerkbook.store.exchange_shred`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import text

from clerkbook.models import DAILY_FIELDS, REFLECTION_FIELDS, PatientStatus, new_uid
from clerkbook.store.exchange_kinds import (
    KINDS,
    NOTE_REVISIONS,
    REFLECTION_REVISIONS,
    REPORT_KINDS,
    TAGS,
    KindSpec,
)
from clerkbook.store.exchange_shred import Shredded
from clerkbook.store.exchange_text import content as _content
from clerkbook.store.exchange_text import joined, missing_lines
from clerkbook.store.exchange_text import label as _label
from clerkbook.store.exchange_text import note_text as _text
from clerkbook.store.exchange_text import words as _words
from clerkbook.store.rotations import bed_key

if TYPE_CHECKING:
    from clerkbook.store.exchange import _Snapshot


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



def _bed_taken(entry: dict, local: dict, beds: dict[tuple[str, str], dict]) -> dict | None:
    """The other local active patient in the bed where a newer imported version of ``local`` would be active."""
    if entry["status"] != PatientStatus.ACTIVE or entry["updated_at"] <= local["updated_at"]:
        return None
    holder = beds.get((entry["rotation"], bed_key(entry["bed"])))
    return holder if holder is not None and holder["uid"] != local["uid"] else None


#: Where the notebook has one entry per week, day, patient or rotation's document, an entry of the export for
#: the same one is that entry, whatever its uid. (Two notebooks upgraded apart each gave a rotation its own
#: default checklist: merged, it still has one "Visa".) Only a local entry the export does not hold by uid can
#: be matched so, and only once: else one local entry could stand for two of the export's, losing one of them.
_ALIKE = {
    "reflections": lambda entry: entry["week"],
    "daily_entries": lambda entry: entry["entry_date"],
    "patient_signouts": lambda entry: entry["patient"],
    "checklist_items": lambda entry: (entry["rotation"], entry["name"].lower()),
}
_ANOTHER = {"reflections": " (another copy of that week)", "daily_entries": " (another copy of that day)",
            "patient_signouts": " (another sign-out of that patient)",
            "checklist_items": " (another copy of that document)"}


class _Merge:
    """Merges a checked document into the notebook, writing through one connection in one transaction."""

    def __init__(self, connection, doc: dict, local: _Snapshot) -> None:
        self.connection, self.doc, self.local = connection, doc, local
        self.report = ImportReport()
        self.by_uid = {key: {entry["uid"]: entry for entry in entries}
                       for key, entries in local.entries.items() if key != "tags"}
        self.shredded = Shredded(local.entries)
        #: Every patient the merge can name (a sign-out is labelled by its patient); a purged one by what is left.
        self.patients = {patient["uid"]: patient for patient in (*local.entries["patients"], *doc["patients"])}
        self.patients |= {uid: self.by_uid["patients"][uid] for uid in self.shredded.patients}
        #: Imported patients mapped onto the local active patient in their bed.
        self.alias: dict[str, str] = {}
        #: Each local patient's sign-out, and the patients an imported sign-out was merged into.
        self.signout_of = {signout["patient"]: signout["uid"] for signout in local.entries["patient_signouts"]}
        self.signed: set[str] = set()
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
        if (note := self.shredded.report_note()) is not None:
            self.report.notes.append(note)
        return self.report

    def _beds(self) -> dict[tuple[str, str], dict]:
        """The local active patient in each bed, but for one the export has since discharged (the bed turned over)."""
        theirs = {patient["uid"]: patient for patient in self.doc["patients"]}
        beds: dict[tuple[str, str], dict] = {}
        for patient in self.local.entries["patients"]:
            later = theirs.get(patient["uid"])
            if patient["status"] != PatientStatus.ACTIVE or (
                    later is not None and later["updated_at"] > patient["updated_at"]
                    and later["status"] != PatientStatus.ACTIVE):
                continue
            beds.setdefault((patient["rotation"], bed_key(patient["bed"])), patient)
        return beds

    def _merge_kind(self, kind: KindSpec) -> None:
        inserts, updates = [], []
        alike = _ALIKE.get(kind.key)
        held = {entry["uid"] for entry in self.doc[kind.key]}
        second = {alike(entry): entry for entry in self.local.entries[kind.key] if entry["uid"] not in held} \
            if alike else {}
        beds = self._beds() if kind.key == "patients" else {}
        for entry in self.doc[kind.key]:
            if entry.get("patient") in self.alias:
                entry = {**entry, "patient": self.alias[entry["patient"]]}
            local = self.by_uid[kind.key].get(entry["uid"]) or (second.pop(alike(entry), None) if alike else None)
            entry, frozen = self.shredded.screen(kind, entry, local)
            if entry is None or (kind.key == "patient_signouts" and self._signed_twice(kind, entry, local)):
                continue
            mapped = None
            if local is None and kind.key == "patients" and entry["status"] == PatientStatus.ACTIVE:
                local = mapped = beds.get((entry["rotation"], bed_key(entry["bed"])))
            if local is None:
                inserts.append(entry)
                self._extras(kind, entry, entry["uid"], {"tags": [], "revisions": []})
                self.report.added[kind.key] += 1
                continue
            if frozen:  # what was shredded here stays shredded; only a note's tags still merge
                changed = kind.key == "notes" and self._extras(kind, entry | {"revisions": []}, local["uid"], local)
                (self.report.updated if changed else self.report.unchanged)[kind.key] += 1
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
        if kind.key == "patients":
            # A patient leaving a bed first, so that the one taking it is not a second active patient there.
            updates.sort(key=lambda update: update[1]["status"] == PatientStatus.ACTIVE)
        self_refs = [spec for spec in kind.fields if spec.base == "ref" and spec.target == kind.key]
        # Updates first: a bed or a name an entry leaves can be taken by a new one. Their references to entries
        # of this list not yet inserted are set with the new entries' just below.
        self._update(kind, updates)
        rows = [self._row(kind, entry) for entry in inserts]
        for row in rows:
            row.update({column: None for spec in self_refs for column in spec.columns})
            if kind.key == "rotations":
                row["is_current"] = False
        self._insert(kind, rows)
        self.local.ids[kind.key] = dict(self.connection.execute(text(f"SELECT uid, id FROM {kind.table}")).all())
        self._update(kind, [(where_uid, entry) for where_uid, entry in updates + [(e["uid"], e) for e in inserts]
                            if any(entry[spec.key] for spec in self_refs)])

    def _update(self, kind: KindSpec, updates: list[tuple[str, dict]]) -> None:
        for where_uid, entry in updates:
            row = self._row(kind, entry)
            row.pop("uid")
            row.pop("is_current", None)
            assignments = ", ".join(f'"{column}" = :{column}' for column in row)
            self.connection.execute(text(f"UPDATE {kind.table} SET {assignments} WHERE uid = :where_uid"),
                                    row | {"where_uid": where_uid})

    def _signed_twice(self, kind: KindSpec, entry: dict, local: dict | None) -> bool:
        """Whether the sign-out lands on a patient here who has one already (the table holds one per patient)."""
        patient = entry["patient"]
        other = self.signout_of.get(patient)
        if patient in self.signed or (other is not None and (local is None or other != local["uid"])):
            self.report.notes.append(f"{kind.what} {_label(kind, entry, self.patients)}: that patient here already "
                                     "has another sign-out; this one of the export was not imported.")
            return True
        self.signed |= {patient} | ({local["patient"]} if local else set())
        return False

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
        if _words(entry) == _words(local):
            # Written alike on both sides (or left so by a purge): no word to lose, nothing to report.
            if local["uid"] == entry["uid"] and entry["updated_at"] > local["updated_at"]:
                updates.append((local["uid"], entry))
                return True
            return False
        imported_wins = entry["updated_at"] > local["updated_at"]
        winner, loser = (entry, local) if imported_wins else (local, entry)
        what = f"{kind.what} {_label(kind, local, self.patients)}" + (
            _ANOTHER[kind.key] if local["uid"] != entry["uid"] else "")
        if entry["updated_at"] == local["updated_at"]:
            what += ": changed at the same moment; this notebook's version was kept"
        elif imported_wins:
            what += ": changed in both notebooks; the imported version is newer"
        else:
            what += ": changed in both notebooks; this notebook's version is newer"
        if kind.key == "daily_entries" and local["uid"] != entry["uid"]:
            return self._join_days(what, winner, loser, local, updates)
        kept = bool(kind.revisions) and _text(kind, winner) != _text(kind, loser) and self._keep(kind, local, loser)
        if imported_wins:
            updates.append((local["uid"], entry))
        same_moment = entry["updated_at"] == local["updated_at"]
        if kind.key == "daily_entries":
            # One day, one entry: the later edit wins, as everywhere; joining both texts would undo a deletion.
            lost = [name for name in DAILY_FIELDS if missing_lines(winner[name], loser[name])]
            side = "this notebook's older" if imported_wins else "the imported" + ("" if same_moment else " older")
            if lost:
                self.report.notes.append(f"{what}{' and now current' if imported_wins else ''}; {side} text under "
                                         f"{', '.join(lost)} was not used.")
        elif kind.revisions and (imported_wins or kept):
            side = "this notebook's" if imported_wins else "the imported"
            newer = " and now current" if imported_wins else "" if same_moment else " and stays current"
            self.report.notes.append(f"{what}{newer}" + (f"; {side} text is kept as a revision." if kept else "."))
        elif not kind.revisions:
            self.report.notes.append(what + (" and replaced this notebook's." if imported_wins else
                                             ("" if same_moment else " and was kept") + "; the imported one was not used."))
        return imported_wins or kept

    def _join_days(self, what: str, winner: dict, loser: dict, local: dict, updates: list) -> bool:
        """Two entries for one day (each notebook wrote that day): the later edit wins, and no line is lost.

        Under a heading where the loser has lines the winner lacks (compared whole: "Na 13" is not in "Na 135 ok"),
        they are kept after the winner's text and a blank line. Merging the result again changes nothing.
        """
        merged = {**winner, **{name: joined(winner[name], loser[name]) for name in DAILY_FIELDS}}
        if _content(merged) == _content(local):
            return False
        updates.append((local["uid"], merged))
        both = [name for name in DAILY_FIELDS if merged[name] not in (winner[name], loser[name])]
        added = [name for name in DAILY_FIELDS if merged[name] != winner[name]]
        if winner is local:
            outcome = "; the imported text under " + ", ".join(added) + " was added"
        else:
            outcome = " and now current" + (
                f"; this notebook's text under {', '.join(added)} was kept beside it" if added else "")
        self.report.notes.append(f"{what}{outcome}" + (" (both texts kept, one after the other)." if both else "."))
        return True

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

