"""The export document's format: what each list holds, and the check every document passes before import.

The check is complete and comes first, so a document with any problem is refused with one line naming where
the problem is (``notes[3].kind: 'letter' is not one of soap, hp, progress``) before anything is written.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, NoReturn

from clerkbook.models import PatientStatus
from clerkbook.store.errors import InvalidDocument
from clerkbook.store.exchange_kinds import (
    BY_KEY,
    CLERKSHIP_KINDS,
    FORMAT,
    FORMAT_VERSION,
    KINDS,
    TAGS,
    FieldSpec,
    KindSpec,
)
from clerkbook.store.schema import REVISIONS
from clerkbook.store.tags import normalise_tag

if TYPE_CHECKING:
    from clerkbook.store.exchange import _Snapshot

TIMESTAMP = "%Y-%m-%dT%H:%M:%S.%fZ"
_PATTERNS = {
    "uid": (re.compile(r"[0-9a-f]{32}"), "a uid (32 lowercase hex characters)"),
    "ts": (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z"), "a UTC timestamp like 2026-11-25T15:15:00.000000Z"),
    "date": (re.compile(r"\d{4}-\d\d-\d\d"), "a date like 2026-11-25"),
    "week": (re.compile(r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])"), "an ISO week like 2026-W48"),
}


# Checking --------------------------------------------------------------------------------------------------


def json_type(value: object) -> str:
    names = {bool: "true or false", str: "a string", int: "a number", float: "a number", list: "an array",
             dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _show(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")


def _fail(path: str, message: str) -> NoReturn:
    raise InvalidDocument(f"{path}: {message}")


class Checker:
    """Checks a document completely before anything is written; remembers what only the notebook can resolve."""

    def __init__(self) -> None:
        self.uids: dict[str, set[str]] = {key: set() for key in BY_KEY}
        self.refs: list[tuple[str, str, str]] = []  # (path, document list, uid)
        self.tag_uses: list[tuple[str, str]] = []

    def check(self, doc: object) -> Checker:
        if not isinstance(doc, dict):
            raise InvalidDocument(f"Not a clerkbook export: the document is {json_type(doc)}, not an object.")
        if doc.get("format") != FORMAT:
            found = doc.get("format")
            found = "missing" if "format" not in doc else _show(found) if isinstance(found, str) else json_type(found)
            raise InvalidDocument(f"Not a clerkbook export: format is {found}, not '{FORMAT}'.")
        schema = doc.get("schema")
        if not isinstance(schema, str):
            _fail("schema", f"expected a schema revision string, got {json_type(schema)}")
        if schema not in REVISIONS:
            raise InvalidDocument(
                f"This export comes from a newer clerkbook (schema {_show(schema)[1:-1]}); "
                "update clerkbook to import it.")
        version = doc.get("format_version")
        if type(version) is not int:
            _fail("format_version", f"expected {FORMAT_VERSION}, got {json_type(version)}")
        if version > FORMAT_VERSION:
            raise InvalidDocument(
                f"This export comes from a newer clerkbook (format version {version}); update clerkbook to import it.")
        if version < 1:
            _fail("format_version", f"expected 1 to {FORMAT_VERSION}, got {version}")
        expected = ["format", "format_version", "schema", *(kind.key for kind in KINDS), "tags"]
        for key in doc:
            if key not in expected:
                raise InvalidDocument(f"Unknown key {key!r} in the document.")
        # Version 1 came before the clerkship lists: a document without them has none of those entries.
        optional = {kind.key for kind in CLERKSHIP_KINDS} if version == 1 else set()
        for kind in (*KINDS, TAGS):
            entries = doc.get(kind.key)
            if kind.key in optional and kind.key not in doc:
                continue
            if not isinstance(entries, list):
                _fail(kind.key, "missing" if kind.key not in doc else f"expected an array, got {json_type(entries)}")
            for index, entry in enumerate(entries):
                self._entry(kind, f"{kind.key}[{index}]", entry)
        self._rules(doc)
        return self

    def _entry(self, kind: KindSpec, path: str, entry: object) -> None:
        if not isinstance(entry, dict):
            _fail(path, f"expected an object, got {json_type(entry)}")
        keys = [spec.key for spec in kind.fields] + ["tags"] * kind.tagged + ["revisions"] * bool(kind.revisions)
        for key in entry:
            if key not in keys:
                _fail(path, f"unknown key {key!r}")
        for key in keys:
            if key not in entry:
                _fail(f"{path}.{key}", "missing")
        for spec in kind.fields:
            self._value(spec, f"{path}.{spec.key}", entry[spec.key])
        ident = entry[kind.fields[0].key]
        if ident in self.uids[kind.key]:
            _fail(f"{path}.{kind.fields[0].key}", f"{ident} appears twice in {kind.key}")
        self.uids[kind.key].add(ident)
        if kind.tagged:
            tags = entry["tags"]
            if not isinstance(tags, list):
                _fail(f"{path}.tags", f"expected an array, got {json_type(tags)}")
            for index, name in enumerate(tags):
                self._value(FieldSpec("tags", "tag"), f"{path}.tags[{index}]", name)
                self.tag_uses.append((f"{path}.tags[{index}]", name))
        if kind.revisions:
            revisions = entry["revisions"]
            if not isinstance(revisions, list):
                _fail(f"{path}.revisions", f"expected an array, got {json_type(revisions)}")
            for index, revision in enumerate(revisions):
                self._entry(kind.revisions, f"{path}.revisions[{index}]", revision)

    def _value(self, spec: FieldSpec, path: str, value: object) -> None:
        base = spec.base
        if value is None and spec.type.endswith("?"):
            return
        if base in ("bool", "int"):
            if type(value) is not (bool if base == "bool" else int):
                _fail(path, f"expected {'true or false' if base == 'bool' else 'a whole number'}, "
                      f"got {json_type(value)}")
            if base == "int" and not -(2**63) <= value < 2**63:
                _fail(path, f"{value} is too large")
            return
        if base in ("sections", "content"):
            if not isinstance(value, dict):
                _fail(path, f"expected an object, got {json_type(value)}")
            for key in value:
                if key not in spec.choices:
                    _fail(path, f"unknown section {key!r}")
            if base == "sections":
                for key in spec.choices:
                    if key not in value:
                        _fail(f"{path}.{key}", "missing")
            for key, item in value.items():
                self._value(FieldSpec(key, "str"), f"{path}.{key}", item)
            return
        if not isinstance(value, str):
            _fail(path, f"expected a string, got {json_type(value)}")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            _fail(path, "contains characters that are not valid Unicode")
        pattern = _PATTERNS.get("uid" if base == "ref" else base)
        if pattern and not pattern[0].fullmatch(value):
            _fail(path, f"{_show(value)} is not {pattern[1]}")
        if base == "ts" and not _parses(lambda: datetime.strptime(value, TIMESTAMP)):
            _fail(path, f"{_show(value)} is not a real moment")
        elif base == "date" and not _parses(lambda: date.fromisoformat(value)):
            _fail(path, f"{_show(value)} is not a real date")
        elif base == "text" and not value.strip():
            _fail(path, "is empty")
        elif base == "tag" and (not value or normalise_tag(value) != value):
            _fail(path, f"{_show(value)} is not a tag name (lower case, no '#', no surrounding spaces)")
        elif base == "enum" and value not in spec.choices:
            _fail(path, f"{_show(value)} is not one of {', '.join(spec.choices)}")
        elif base == "ref":
            self.refs.append((path, spec.target, value))

    def _rules(self, doc: dict) -> None:
        # What SQLite itself would refuse, found here so the message can say where.
        current = [index for index, rotation in enumerate(doc["rotations"]) if rotation["is_current"]]
        if len(current) > 1:
            _fail(f"rotations[{current[1]}].is_current", f"rotations[{current[0]}] is already the current rotation")
        beds: dict[tuple[str, str], int] = {}
        for index, patient in enumerate(doc["patients"]):
            if patient["status"] == PatientStatus.ACTIVE:
                other = beds.setdefault((patient["rotation"], patient["bed"]), index)
                if other != index:
                    _fail(f"patients[{index}].bed",
                          f"patients[{other}] is already active in bed {_show(patient['bed'])}")
        self._once(doc, "reflections", "week", "for {}")
        self._once(doc, "daily_entries", "entry_date", "for {}")
        self._once(doc, "patient_signouts", "patient", "the sign-out of patient {}")
        self.refs = [ref for ref in self.refs if ref[2] not in self.uids[ref[1]]]
        self.tag_uses = [use for use in self.tag_uses if use[1] not in self.uids["tags"]]

    @staticmethod
    def _once(doc: dict, key: str, field: str, what: str) -> None:
        """Refuse a second entry of ``doc[key]`` with the same ``field`` (one reflection a week, ...)."""
        seen: dict[str, int] = {}
        for index, entry in enumerate(doc.get(key, ())):
            other = seen.setdefault(entry[field], index)
            if other != index:
                _fail(f"{key}[{index}].{field}", f"{key}[{other}] is already {what.format(entry[field])}")

    def resolve(self, local: _Snapshot) -> None:
        """Fail on a reference found neither in the document nor in the notebook."""
        for path, target, uid in self.refs:
            if uid not in local.ids[target]:
                _fail(path, f"no {BY_KEY[target].what} {uid} in this export or in the notebook")
        for path, name in self.tag_uses:
            if name not in local.ids["tags"]:
                _fail(path, f"tag {_show(name)} is not listed in tags")


def _parses(parse) -> bool:
    try:
        parse()
    except ValueError:
        return False
    return True


