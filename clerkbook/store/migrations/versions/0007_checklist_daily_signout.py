"""The pre-rotation checklist, certifications, the daily learning log and patients' sign-out fields.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26

New tables only: nothing of the tables that carry the search index's triggers (0004) is rebuilt or altered;
a patient's sign-out fields (illness severity, contingencies) live in ``patient_signout``, one row per patient. Every
rotation already in the file gets the default checklist, as a new rotation does.
"""

from __future__ import annotations

from datetime import datetime, timezone
from uuid import uuid4

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# As in clerkbook.models.kinds.DEFAULT_CHECKLIST when this revision was written: a migration must not
# change when the program's defaults do.
_DEFAULT_CHECKLIST = ("Enrollment proof", "Dean's letter / transcript", "Immunization records", "Background check",
                      "Insurance", "Visa", "CV", "USMLE scores")


def _common(table: str) -> list:
    return [
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "checklist_item", *_common("checklist_item"),
        sa.Column("rotation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("status", sa.Enum("needed", "requested", "done", name="checklist_status", native_enum=False,
                                    create_constraint=True, length=16), nullable=False),
        sa.Column("done_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["rotation_id"], ["rotation.id"], name=op.f("fk_checklist_item_rotation_id_rotation"),
                                ondelete="CASCADE"),
    )
    op.create_index(op.f("ix_checklist_item_uid"), "checklist_item", ["uid"], unique=True)
    op.create_index(op.f("ix_checklist_item_rotation_id"), "checklist_item", ["rotation_id"], unique=False)

    op.create_table(
        "certification", *_common("certification"),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("expires_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
    )
    op.create_index(op.f("ix_certification_uid"), "certification", ["uid"], unique=True)

    op.create_table(
        "daily_entry", *_common("daily_entry"),
        sa.Column("rotation_id", sa.Integer(), nullable=True),
        sa.Column("entry_date", sa.Date(), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in ("diagnoses", "management", "mistakes", "questions")),
        sa.ForeignKeyConstraint(["rotation_id"], ["rotation.id"], name=op.f("fk_daily_entry_rotation_id_rotation"),
                                ondelete="SET NULL"),
        sa.UniqueConstraint("entry_date", name=op.f("uq_daily_entry_entry_date")),
    )
    op.create_index(op.f("ix_daily_entry_uid"), "daily_entry", ["uid"], unique=True)
    op.create_index(op.f("ix_daily_entry_rotation_id"), "daily_entry", ["rotation_id"], unique=False)

    op.create_table(
        "patient_signout", *_common("patient_signout"),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("severity", sa.Enum("stable", "watcher", "unstable", name="severity", native_enum=False,
                                      create_constraint=True, length=16), nullable=False),
        sa.Column("contingency", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["patient_id"], ["patient.id"], name=op.f("fk_patient_signout_patient_id_patient"),
                                ondelete="CASCADE"),
    )
    op.create_index(op.f("ix_patient_signout_uid"), "patient_signout", ["uid"], unique=True)
    op.create_index(op.f("ix_patient_signout_patient_id"), "patient_signout", ["patient_id"], unique=True)

    connection = op.get_bind()
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    for (rotation_id,) in connection.exec_driver_sql("SELECT id FROM rotation").fetchall():
        for position, name in enumerate(_DEFAULT_CHECKLIST, start=1):
            connection.exec_driver_sql(
                "INSERT INTO checklist_item (created_at, updated_at, uid, rotation_id, name, status, notes, position)"
                " VALUES (?, ?, ?, ?, ?, 'needed', '', ?)", (stamp, stamp, uuid4().hex, rotation_id, name, position))


def downgrade() -> None:
    op.drop_table("patient_signout")
    op.drop_table("daily_entry")
    op.drop_table("certification")
    op.drop_table("checklist_item")
