"""Delete an entry's tags together with the entry.

Tagging is polymorphic (one table for every kind of entry), so SQLite cannot
cascade deletes through a foreign key; these triggers do it instead, keeping
the tag list free of links to entries that no longer exist.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen here rather than imported: later kinds of entry get their own migration.
TAGGABLE = ("patient", "todo", "teaching_point", "question", "note", "reflection")


def upgrade() -> None:
    for table in TAGGABLE:
        op.execute(
            f"CREATE TRIGGER tagging_cleanup_{table} AFTER DELETE ON {table} "
            f"BEGIN DELETE FROM tagging WHERE entity = '{table}' AND entity_id = OLD.id; END"
        )


def downgrade() -> None:
    for table in TAGGABLE:
        op.execute(f"DROP TRIGGER IF EXISTS tagging_cleanup_{table}")
