"""The clerkship logs: procedures, feedback, letters of recommendation and contacts.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26

Four new tables, nothing changed in the old ones. Like every table since 0003 each row has a stable uid;
day columns end in ``_date`` and hold a plain day, moments end in ``_at`` and are UTC text.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=16)


def _common(table: str) -> list:
    return [
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _rotation(table: str, ondelete: str, *, nullable: bool) -> list:
    return [
        sa.Column("rotation_id", sa.Integer(), nullable=nullable),
        sa.ForeignKeyConstraint(["rotation_id"], ["rotation.id"], name=op.f(f"fk_{table}_rotation_id_rotation"),
                                ondelete=ondelete),
    ]


def _indexes(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_uid"), table, ["uid"], unique=True)
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "procedure", *_common("procedure"), *_rotation("procedure", "CASCADE", nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("procedure_date", sa.Date(), nullable=False),
        sa.Column("role", _enum("procedure_role", "observed", "assisted", "performed"), nullable=False),
        sa.Column("supervisor", sa.String(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["patient_id"], ["patient.id"], name=op.f("fk_procedure_patient_id_patient"),
                                ondelete="SET NULL"),
    )
    _indexes("procedure", "rotation_id", "patient_id")

    op.create_table(
        "feedback", *_common("feedback"), *_rotation("feedback", "CASCADE", nullable=False),
        sa.Column("received_date", sa.Date(), nullable=False),
        sa.Column("giver", sa.String(), nullable=False),
        sa.Column("context", sa.String(), nullable=False),
        sa.Column("said", sa.Text(), nullable=False),
        sa.Column("will_change", sa.Text(), nullable=False),
        sa.Column("acted_date", sa.Date(), nullable=True),
        sa.Column("acted_text", sa.Text(), nullable=False),
    )
    _indexes("feedback", "rotation_id")

    op.create_table(
        "letter", *_common("letter"), *_rotation("letter", "CASCADE", nullable=False),
        sa.Column("attending", sa.String(), nullable=False),
        sa.Column("status", _enum("letter_status", "to-ask", "asked", "agreed", "submitted", "received"),
                  nullable=False),
        sa.Column("asked_date", sa.Date(), nullable=True),
        sa.Column("deadline_date", sa.Date(), nullable=True),
        sa.Column("sent_cv", sa.Boolean(), nullable=False),
        sa.Column("sent_statement", sa.Boolean(), nullable=False),
        sa.Column("sent_cases", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
    )
    _indexes("letter", "rotation_id")

    op.create_table(
        "contact", *_common("contact"), *_rotation("contact", "SET NULL", nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", _enum("contact_role", "attending", "resident", "coordinator", "other"), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("thanked_date", sa.Date(), nullable=True),
        sa.Column("last_update_date", sa.Date(), nullable=True),
    )
    _indexes("contact", "rotation_id")


def downgrade() -> None:
    for table in ("contact", "letter", "feedback", "procedure"):
        op.drop_table(table)
