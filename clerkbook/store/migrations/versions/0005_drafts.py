"""Drafts: text typed into a prompt and not sent yet, so a crash or a kill cannot take it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28

One row per prompt (``key`` such as "capture" or "answer:12"), replaced as the typing goes on and deleted
once the text is sent. A new table only: no existing table is rebuilt, so the 0002 and 0004 triggers stay.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "draft",
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_draft")),
    )


def downgrade() -> None:
    op.drop_table("draft")
