"""The export document's format: what each list holds, and the check every document passes before import.

The check is complete and comes first, so a document with any problem is refused with one line naming where
the problem is (``notes[3].kind: 'letter' is not one of soap, hp, progress``) before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, NoReturn

from clerkbook.models import (
    ALL_NOTE_SECTIONS,
    REFLECTION_FIELDS,
    NoteKind,
    NoteStatus,
    PatientStatus,
    QuestionStatus,
    TodoKind,
)
from clerkbook.store.errors import InvalidDocument
from clerkbook.store.schema import REVISIONS
from clerkbook.store.tags import normalise_tag

if TYPE_CHECKING:
    from clerkbook.store.exchange import _Snapshot

FORMAT = "clerkbook-export"
FORMAT_VERSION = 1
TIMESTAMP = "%Y-%m-%dT%H:%M:%S.%fZ"
_PATTERNS = {
    "uid": (re.compile(r"[0-9a-f]{32}"), "a uid (32 lowercase hex characters)"),
    "ts": (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z"), "a UTC timestamp like 2026-11-25T15:15:00.000000Z"),
    "date": (re.compile(r"\d{4}-\d\d-\d\d"), "a date like 2026-11-25"),
    "week": (re.compile(r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])"), "an ISO week like 2026-W48"),
}


@dataclass(frozen=True)
class FieldSpec:
    """One key of a document entry and how it is checked and stored."""

    key: str
    type: str  # uid str text tag ts date week bool int enum ref sections content; a trailing "?" allows null
    choices: tuple[str, ...] = ()  # enum values, or the keys a sections/content object may have
    target: str = ""  # the document list a reference points into

    @property
    def base(self) -> str:
        return self.type.rstrip("?")

    @property
    def columns(self) -> tuple[str, ...]:
        if self.base == "sections":
            return ALL_NOTE_SECTIONS
        return (f"{self.key}_id",) if self.base == "ref" else (self.key,)


@dataclass(frozen=True)
class KindSpec:
    """One list of the document and the table behind it."""

    key: str
    table: str
    what: str  # singular, for messages
    fields: tuple[FieldSpec, ...]
    order: str
    tagged: bool = True
    revisions: KindSpec | None = None
    parent: str = ""  # a revision's column naming its entry


def _enum(key: str, enum_cls) -> FieldSpec:
    return FieldSpec(key, "enum", tuple(member.value for member in enum_cls))


_UID = FieldSpec("uid", "uid")
_STAMPS = (FieldSpec("created_at", "ts"), FieldSpec("updated_at", "ts"))
_ROTATION = FieldSpec("rotation", "ref", target="rotations")
_PATIENT = FieldSpec("patient", "ref?", target="patients")
NOTE_REVISIONS = KindSpec("note_revisions", "note_revision", "note revision", (
    _UID, FieldSpec("title", "str"), _enum("status", NoteStatus), FieldSpec("content", "content", ALL_NOTE_SECTIONS),
    FieldSpec("reason", "str"), *_STAMPS), "created_at, uid", tagged=False, parent="note_id")
REFLECTION_REVISIONS = KindSpec("reflection_revisions", "reflection_revision", "reflection revision", (
    _UID, FieldSpec("content", "content", REFLECTION_FIELDS), FieldSpec("reason", "str"), *_STAMPS),
    "created_at, uid", tagged=False, parent="reflection_id")
KINDS = (
    KindSpec("rotations", "rotation", "rotation", (
        _UID, FieldSpec("specialty", "text"), FieldSpec("site", "str"), FieldSpec("service", "str"),
        FieldSpec("start_date", "date"), FieldSpec("end_date", "date?"), FieldSpec("is_current", "bool"), *_STAMPS),
        "start_date, created_at, uid", tagged=False),
    KindSpec("patients", "patient", "patient", (
        _UID, _ROTATION, FieldSpec("bed", "text"), FieldSpec("age_sex", "str"), FieldSpec("summary", "str"),
        _enum("status", PatientStatus), FieldSpec("discharged_at", "ts?"), *_STAMPS), "created_at, uid"),
    KindSpec("todos", "todo", "to-do", (
        _UID, _ROTATION, _PATIENT, FieldSpec("text", "text"), _enum("kind", TodoKind), FieldSpec("due_at", "ts?"),
        FieldSpec("done_at", "ts?"), FieldSpec("position", "int"), *_STAMPS), "created_at, uid"),
    KindSpec("teaching_points", "teaching_point", "teaching point", (
        _UID, _ROTATION, _PATIENT, FieldSpec("text", "text"), FieldSpec("topic", "str"), FieldSpec("source", "str"),
        FieldSpec("starred", "bool"), *_STAMPS), "created_at, uid"),
    KindSpec("questions", "question", "question", (
        _UID, _ROTATION, _PATIENT, FieldSpec("text", "text"), FieldSpec("answer", "str"), _enum("status", QuestionStatus),
        FieldSpec("answered_at", "ts?"), *_STAMPS), "created_at, uid"),
    KindSpec("notes", "note", "note", (
        _UID, _ROTATION, _PATIENT, _enum("kind", NoteKind), FieldSpec("title", "str"), _enum("status", NoteStatus),
        FieldSpec("copied_from", "ref?", target="notes"), FieldSpec("sections", "sections", ALL_NOTE_SECTIONS), *_STAMPS),
        "created_at, uid", revisions=NOTE_REVISIONS),
    KindSpec("reflections", "reflection", "reflection", (
        _UID, FieldSpec("rotation", "ref?", target="rotations"), FieldSpec("week", "week"),
        *(FieldSpec(name, "str") for name in REFLECTION_FIELDS), *_STAMPS), "week", revisions=REFLECTION_REVISIONS),
)
TAGS = KindSpec("tags", "tag", "tag", (FieldSpec("name", "tag"), *_STAMPS), "name", tagged=False)
BY_KEY = {kind.key: kind for kind in (*KINDS, TAGS, NOTE_REVISIONS, REFLECTION_REVISIONS)}
#: The kinds an :class:`ImportReport` counts, in document order.
REPORT_KINDS = ("rotations", "patients", "todos", "teaching_points", "questions", "notes", "note_revisions",
                "reflections", "reflection_revisions", "tags")



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
        if version != FORMAT_VERSION:
            _fail("format_version", f"expected {FORMAT_VERSION}, got {version}")
        expected = ["format", "format_version", "schema", *(kind.key for kind in KINDS), "tags"]
        for key in doc:
            if key not in expected:
                raise InvalidDocument(f"Unknown key {key!r} in the document.")
        for kind in (*KINDS, TAGS):
            entries = doc.get(kind.key)
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
        weeks: dict[str, int] = {}
        for index, reflection in enumerate(doc["reflections"]):
            other = weeks.setdefault(reflection["week"], index)
            if other != index:
                _fail(f"reflections[{index}].week", f"reflections[{other}] is already for {reflection['week']}")
        self.refs = [ref for ref in self.refs if ref[2] not in self.uids[ref[1]]]
        self.tag_uses = [use for use in self.tag_uses if use[1] not in self.uids["tags"]]

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


