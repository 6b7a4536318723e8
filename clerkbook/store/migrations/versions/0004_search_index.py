"""Full-text search: one FTS5 table over every kind of entry, kept in step by triggers.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

``search_index`` holds one row per to-do, teaching point, question, note and reflection: what the entry is
(kind, entry_id, rotation_id, patient_id, created_at; stored, not indexed), the text searched (title and
body) and ``facets``, words such as ``k4 r2 p17 t5`` (kind, rotation, patient, tag ids) that the store adds
to a query to filter inside FTS5 instead of checking row by row. Each facet word starts with U+E000, a
private-use character the tokenizer keeps inside words and the query parser never lets through, so no
search matches a facet unless the store asks for it (a column filter would do the same, at a third more
time per query).

Triggers on the entry tables (and on tagging, for the tag facets) keep it in step, so every writer is
covered: the app, the command line in another process, the JSON import's raw SQL, sqlite3 by hand.

The rowid is computed from the entry, not assigned: ``minute << 31 | (id & 0x0FFFFFFF) << 3 | kind code``,
where minute is created_at in minutes since 1970 clamped to 0 .. 2**32-1. So (kind, entry_id) always finds
its row by rowid (a delete by the unindexed columns scans the whole table: 34 ms at 100,000 entries, on
every edit), rowid order is creation order (newest first is a cheap ORDER BY rowid DESC), and a date range
is a rowid range that FTS5 seeks to.

A later migration that rebuilds one of these tables (batch mode) drops its triggers with it and must create
them again; tests/test_search.py checks they are all there.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Frozen here rather than imported from the store: a later change to the index gets its own migration.
_SECTIONS = ("subjective", "objective", "chief_complaint", "hpi", "pmh", "psh", "medications", "allergies",
             "social_history", "family_history", "ros", "physical_exam", "data", "assessment", "plan")
_REFLECTION = ("went_well", "didnt_go_well", "learned_about_myself", "do_differently", "free_text")


def _lines(row: str, columns: tuple[str, ...]) -> str:
    return " || char(10) || ".join(f"{row}.{column}" for column in columns)


# kind: (kind code, patient column or NULL, title, body, the columns whose change re-indexes the entry)
SOURCES = {
    "todo": (1, "patient_id", "{r}.text", "''", ("text",)),
    "teaching_point": (2, "patient_id", "{r}.topic", "{r}.text || char(10) || {r}.source", ("text", "topic", "source")),
    "question": (3, "patient_id", "{r}.text", "{r}.answer", ("text", "answer")),
    "note": (4, "patient_id", "{r}.title", _lines("{r}", _SECTIONS), ("title", *_SECTIONS)),
    "reflection": (5, None, "{r}.week", _lines("{r}", _REFLECTION), ("week", *_REFLECTION)),
}
COLUMNS = "rowid, kind, entry_id, rotation_id, patient_id, created_at, title, body, facets"


def _key(kind: str, row: str) -> str:
    code = SOURCES[kind][0]
    minute = f"coalesce(CAST(strftime('%s', substr({row}.created_at, 1, 19)) AS INTEGER), 0) / 60"
    return f"((max(0, min(4294967295, {minute})) << 31) | (({row}.id & 268435455) << 3) | {code})"


def _facets(kind: str, row: str) -> str:
    code, patient = SOURCES[kind][:2]
    mark = "' ' || char(57344) || "  # a space, then U+E000
    tags = (f"(SELECT group_concat({mark}'t' || tagging.tag_id, '') FROM tagging"
            f" WHERE tagging.entity = '{kind}' AND tagging.entity_id = {row}.id)")
    patient_part = f" || coalesce({mark}'p' || {row}.{patient}, '')" if patient else ""
    return (f"char(57344) || 'k{code}' || coalesce({mark}'r' || {row}.rotation_id, ''){patient_part}"
            f" || coalesce({tags}, '')")


def _values(kind: str, row: str) -> str:
    _, patient, title, body, _ = SOURCES[kind]
    return ", ".join((_key(kind, row), f"'{kind}'", f"{row}.id", f"{row}.rotation_id",
                      f"{row}.{patient}" if patient else "NULL", f"{row}.created_at", title.format(r=row),
                      body.format(r=row), _facets(kind, row)))


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, entry_id UNINDEXED, rotation_id UNINDEXED, patient_id UNINDEXED, created_at UNINDEXED,"
        " title, body, facets, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    for kind, (_, patient, _, _, texts) in SOURCES.items():
        insert = f"INSERT INTO search_index ({COLUMNS}) VALUES ({_values(kind, 'NEW')});"
        delete = f"DELETE FROM search_index WHERE rowid = {_key(kind, 'OLD')};"
        watched = ", ".join(("id", "created_at", "rotation_id", *((patient,) if patient else ()), *texts))
        op.execute(f"CREATE TRIGGER search_index_{kind}_insert AFTER INSERT ON {kind} BEGIN {insert} END")
        op.execute(f"CREATE TRIGGER search_index_{kind}_update AFTER UPDATE OF {watched} ON {kind}"
                   f" BEGIN {delete} {insert} END")
        op.execute(f"CREATE TRIGGER search_index_{kind}_delete AFTER DELETE ON {kind} BEGIN {delete} END")
        op.execute(f"INSERT INTO search_index ({COLUMNS}) SELECT {_values(kind, kind)} FROM {kind}")
    # A tag put on or taken off an entry changes its facets; entities that are not indexed match no row.
    for event, rows in (("insert", ("NEW",)), ("update", ("OLD", "NEW")), ("delete", ("OLD",))):
        statements = " ".join(
            f"UPDATE search_index SET facets = (SELECT {_facets(kind, 'e')} FROM {kind} AS e"
            f" WHERE e.id = {row}.entity_id) WHERE {row}.entity = '{kind}'"
            f" AND rowid = (SELECT {_key(kind, 'e')} FROM {kind} AS e WHERE e.id = {row}.entity_id);"
            for row in rows for kind in SOURCES)
        op.execute(f"CREATE TRIGGER search_index_tagging_{event} AFTER {event.upper()} ON tagging"
                   f" BEGIN {statements} END")
    # Merge what the filling wrote into one b-tree, the fastest shape to query.
    op.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")


def downgrade() -> None:
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS search_index_tagging_{event}")
        for kind in SOURCES:
            op.execute(f"DROP TRIGGER IF EXISTS search_index_{kind}_{event}")
    op.execute("DROP TABLE IF EXISTS search_index")
