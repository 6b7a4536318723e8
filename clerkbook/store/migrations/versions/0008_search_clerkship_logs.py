"""Full-text search over the clerkship logs too: procedures, feedback, letters, contacts and the daily log.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26

Ten kinds of entry no longer fit the three bits 0004 gave the kind code in the rowid (codes 1-7), so the
rowid becomes ``minute << 31 | (id & 0x07FFFFFF) << 4 | kind code``: the same minute bits (so date ranges
and newest-first ordering work as before), four bits for the code, 27 for the id (134 million entries of one
kind in the same minute before two could share a rowid). Every rowid changes, so the index is rebuilt: its
triggers (the five kinds of 0004, the new five, tagging) are dropped, the table is made again from the same
definition, and the triggers are created anew before it is filled from the tables.

What each new kind puts in the index: a procedure is its name, then the supervisor and notes; feedback is
who gave it and on what ("Dr Okafor · oral presentation"), then what was said, what the student will change
and what was done; a letter is its attending, then notes; a contact is the name, then notes; a day of the
daily log has no title, only its four headings (its date as text would make every day match "20" or "2026";
the store titles its hits by the day). A procedure has a patient facet; the rest have none.
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Frozen here rather than imported from the store: a later change to the index gets its own migration.
_SECTIONS = ("subjective", "objective", "chief_complaint", "hpi", "pmh", "psh", "medications", "allergies",
             "social_history", "family_history", "ros", "physical_exam", "data", "assessment", "plan")
_REFLECTION = ("went_well", "didnt_go_well", "learned_about_myself", "do_differently", "free_text")
_FEEDBACK = ("said", "will_change", "acted_text")
_DAILY = ("diagnoses", "management", "mistakes", "questions")


def _lines(row: str, columns: tuple[str, ...]) -> str:
    return " || char(10) || ".join(f"{row}.{column}" for column in columns)


# kind: (kind code, patient column or None, title, body, the columns whose change re-indexes the entry)
_BEFORE = {
    "todo": (1, "patient_id", "{r}.text", "''", ("text",)),
    "teaching_point": (2, "patient_id", "{r}.topic", "{r}.text || char(10) || {r}.source", ("text", "topic", "source")),
    "question": (3, "patient_id", "{r}.text", "{r}.answer", ("text", "answer")),
    "note": (4, "patient_id", "{r}.title", _lines("{r}", _SECTIONS), ("title", *_SECTIONS)),
    "reflection": (5, None, "{r}.week", _lines("{r}", _REFLECTION), ("week", *_REFLECTION)),
}
SOURCES = {
    **_BEFORE,
    "procedure": (6, "patient_id", "{r}.name", "{r}.supervisor || char(10) || {r}.notes",
                  ("name", "supervisor", "notes")),
    "feedback": (7, None, "{r}.giver || CASE WHEN {r}.giver <> '' AND {r}.context <> '' THEN ' · ' ELSE '' END"
                          " || {r}.context", _lines("{r}", _FEEDBACK), ("giver", "context", *_FEEDBACK)),
    "letter": (8, None, "{r}.attending", "{r}.notes", ("attending", "notes")),
    "contact": (9, None, "{r}.name", "{r}.notes", ("name", "notes")),
    "daily_entry": (10, None, "''", _lines("{r}", _DAILY), _DAILY),
}
#: Bits of the rowid that hold the kind code: 3 before this revision, 4 from it.
KIND_BITS, KIND_BITS_BEFORE = 4, 3
COLUMNS = "rowid, kind, entry_id, rotation_id, patient_id, created_at, title, body, facets"
_DEFINITION = (
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "kind UNINDEXED, entry_id UNINDEXED, rotation_id UNINDEXED, patient_id UNINDEXED, created_at UNINDEXED,"
    " title, body, facets, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
)


def _key(sources: dict, bits: int, kind: str, row: str) -> str:
    code = sources[kind][0]
    minute = f"coalesce(CAST(strftime('%s', substr({row}.created_at, 1, 19)) AS INTEGER), 0) / 60"
    mask = (1 << (31 - bits)) - 1
    return f"((max(0, min(4294967295, {minute})) << 31) | (({row}.id & {mask}) << {bits}) | {code})"


def _facets(sources: dict, kind: str, row: str) -> str:
    code, patient = sources[kind][:2]
    mark = "' ' || char(57344) || "  # a space, then U+E000
    tags = (f"(SELECT group_concat({mark}'t' || tagging.tag_id, '') FROM tagging"
            f" WHERE tagging.entity = '{kind}' AND tagging.entity_id = {row}.id)")
    patient_part = f" || coalesce({mark}'p' || {row}.{patient}, '')" if patient else ""
    return (f"char(57344) || 'k{code}' || coalesce({mark}'r' || {row}.rotation_id, ''){patient_part}"
            f" || coalesce({tags}, '')")


def _values(sources: dict, bits: int, kind: str, row: str) -> str:
    _, patient, title, body, _ = sources[kind]
    return ", ".join((_key(sources, bits, kind, row), f"'{kind}'", f"{row}.id", f"{row}.rotation_id",
                      f"{row}.{patient}" if patient else "NULL", f"{row}.created_at", title.format(r=row),
                      body.format(r=row), _facets(sources, kind, row)))


def _install(sources: dict, bits: int) -> None:
    """The index table, its triggers (entries and tagging) and its rows, for ``sources`` laid out with ``bits``."""
    op.execute(_DEFINITION)
    for kind, (_, patient, _, _, texts) in sources.items():
        insert = f"INSERT INTO search_index ({COLUMNS}) VALUES ({_values(sources, bits, kind, 'NEW')});"
        delete = f"DELETE FROM search_index WHERE rowid = {_key(sources, bits, kind, 'OLD')};"
        watched = ", ".join(("id", "created_at", "rotation_id", *((patient,) if patient else ()), *texts))
        op.execute(f"CREATE TRIGGER search_index_{kind}_insert AFTER INSERT ON {kind} BEGIN {insert} END")
        op.execute(f"CREATE TRIGGER search_index_{kind}_update AFTER UPDATE OF {watched} ON {kind}"
                   f" BEGIN {delete} {insert} END")
        op.execute(f"CREATE TRIGGER search_index_{kind}_delete AFTER DELETE ON {kind} BEGIN {delete} END")
        op.execute(f"INSERT INTO search_index ({COLUMNS}) SELECT {_values(sources, bits, kind, kind)} FROM {kind}")
    # A tag put on or taken off an entry changes its facets; entities that are not indexed match no row.
    for event, rows in (("insert", ("NEW",)), ("update", ("OLD", "NEW")), ("delete", ("OLD",))):
        statements = " ".join(
            f"UPDATE search_index SET facets = (SELECT {_facets(sources, kind, 'e')} FROM {kind} AS e"
            f" WHERE e.id = {row}.entity_id) WHERE {row}.entity = '{kind}'"
            f" AND rowid = (SELECT {_key(sources, bits, kind, 'e')} FROM {kind} AS e WHERE e.id = {row}.entity_id);"
            for row in rows for kind in sources)
        op.execute(f"CREATE TRIGGER search_index_tagging_{event} AFTER {event.upper()} ON tagging"
                   f" BEGIN {statements} END")
    # Merge what the filling wrote into one b-tree, the fastest shape to query.
    op.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")


def _remove() -> None:
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS search_index_tagging_{event}")
        for kind in SOURCES:
            op.execute(f"DROP TRIGGER IF EXISTS search_index_{kind}_{event}")
    # Dropping takes milliseconds; a DELETE would take every entry out of the index word by word.
    op.execute("DROP TABLE IF EXISTS search_index")


def upgrade() -> None:
    _remove()
    _install(SOURCES, KIND_BITS)


def downgrade() -> None:
    _remove()
    _install(_BEFORE, KIND_BITS_BEFORE)
