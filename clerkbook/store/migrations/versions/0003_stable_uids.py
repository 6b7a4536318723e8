"""Give every entry a stable uid, so an export can be merged back without duplicates.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

Integer ids are local to one file; the uid (32 lowercase hex characters) is the
same in every notebook an entry travels to. Tags are matched by their unique
name and taggings by their tag and entry, so neither needs one.

The column is added in place rather than by rebuilding the tables (batch mode):
a rebuild would drop the 0002 triggers and the partial unique indexes. SQLite
can only add a NOT NULL column with a default, hence DEFAULT '' until every
existing row has been given a random uid just below.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Frozen here rather than imported: later tables get their uid in their own migration.
TABLES = (
    "rotation",
    "patient",
    "todo",
    "teaching_point",
    "question",
    "note",
    "note_revision",
    "reflection",
    "reflection_revision",
)


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("uid", sa.Text(), server_default="", nullable=False))
        # randomblob() is evaluated once per row: 128 random bits, as unique as uuid4.
        op.execute(f"UPDATE {table} SET uid = lower(hex(randomblob(16)))")
        op.create_index(op.f(f"ix_{table}_uid"), table, ["uid"], unique=True)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_index(op.f(f"ix_{table}_uid"), table_name=table)
        op.drop_column(table, "uid")
