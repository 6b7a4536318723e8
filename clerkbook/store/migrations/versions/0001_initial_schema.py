"""The initial schema: rotations, patients, to-dos, teaching points, questions,
notes with revisions, weekly reflections with revisions, and tags.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Migrations are frozen history: they use plain SQLAlchemy types, never the
model classes, so later changes to the models cannot rewrite the past.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None

def upgrade() -> None:
    op.create_table('rotation',
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('specialty', sa.String(), nullable=False),
    sa.Column('site', sa.String(), nullable=False),
    sa.Column('service', sa.String(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rotation'))
    )
    op.create_index('uq_rotation_current', 'rotation', ['is_current'], unique=True, sqlite_where=sa.text('is_current = 1'))

    op.create_table('tag',
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tag')),
    sa.UniqueConstraint('name', name=op.f('uq_tag_name'))
    )
    op.create_table('patient',
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rotation_id', sa.Integer(), nullable=False),
    sa.Column('bed', sa.String(), nullable=False),
    sa.Column('age_sex', sa.String(), nullable=False),
    sa.Column('summary', sa.String(), nullable=False),
    sa.Column('status', sa.Enum('active', 'discharged', name='patient_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('discharged_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['rotation_id'], ['rotation.id'], name=op.f('fk_patient_rotation_id_rotation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient'))
    )
    op.create_index(op.f('ix_patient_rotation_id'), 'patient', ['rotation_id'], unique=False)
    op.create_index('uq_patient_active_bed', 'patient', ['rotation_id', 'bed'], unique=True, sqlite_where=sa.text("status = 'active'"))

    op.create_table('reflection',
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rotation_id', sa.Integer(), nullable=True),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('went_well', sa.Text(), nullable=False),
    sa.Column('didnt_go_well', sa.Text(), nullable=False),
    sa.Column('learned_about_myself', sa.Text(), nullable=False),
    sa.Column('do_differently', sa.Text(), nullable=False),
    sa.Column('free_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['rotation_id'], ['rotation.id'], name=op.f('fk_reflection_rotation_id_rotation'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection')),
    sa.UniqueConstraint('week', name=op.f('uq_reflection_week'))
    )
    op.create_index(op.f('ix_reflection_rotation_id'), 'reflection', ['rotation_id'], unique=False)

    op.create_table('tagging',
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], name=op.f('fk_tagging_tag_id_tag'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tag_id', 'entity', 'entity_id', name=op.f('pk_tagging'))
    )
    op.create_index('ix_tagging_entity', 'tagging', ['entity', 'entity_id'], unique=False)

    op.create_table('note',
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rotation_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('soap', 'hp', 'progress', name='note_kind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'reviewed', 'final', name='note_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('copied_from_id', sa.Integer(), nullable=True),
    sa.Column('subjective', sa.Text(), nullable=False),
    sa.Column('objective', sa.Text(), nullable=False),
    sa.Column('chief_complaint', sa.Text(), nullable=False),
    sa.Column('hpi', sa.Text(), nullable=False),
    sa.Column('pmh', sa.Text(), nullable=False),
    sa.Column('psh', sa.Text(), nullable=False),
    sa.Column('medications', sa.Text(), nullable=False),
    sa.Column('allergies', sa.Text(), nullable=False),
    sa.Column('social_history', sa.Text(), nullable=False),
    sa.Column('family_history', sa.Text(), nullable=False),
    sa.Column('ros', sa.Text(), nullable=False),
    sa.Column('physical_exam', sa.Text(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('assessment', sa.Text(), nullable=False),
    sa.Column('plan', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['copied_from_id'], ['note.id'], name=op.f('fk_note_copied_from_id_note'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_note_patient_id_patient'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['rotation_id'], ['rotation.id'], name=op.f('fk_note_rotation_id_rotation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note'))
    )
    op.create_index(op.f('ix_note_copied_from_id'), 'note', ['copied_from_id'], unique=False)
    op.create_index(op.f('ix_note_patient_id'), 'note', ['patient_id'], unique=False)
    op.create_index(op.f('ix_note_rotation_id'), 'note', ['rotation_id'], unique=False)

    op.create_table('question',
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rotation_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'answered', name='question_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('answered_at', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_question_patient_id_patient'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rotation_id'], ['rotation.id'], name=op.f('fk_question_rotation_id_rotation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question'))
    )
    op.create_index(op.f('ix_question_patient_id'), 'question', ['patient_id'], unique=False)
    op.create_index(op.f('ix_question_rotation_id'), 'question', ['rotation_id'], unique=False)

    op.create_table('reflection_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reflection_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['reflection_id'], ['reflection.id'], name=op.f('fk_reflection_revision_reflection_id_reflection'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection_revision'))
    )
    op.create_index(op.f('ix_reflection_revision_reflection_id'), 'reflection_revision', ['reflection_id'], unique=False)

    op.create_table('teaching_point',
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rotation_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('topic', sa.String(), nullable=False),
    sa.Column('source', sa.String(), nullable=False),
    sa.Column('starred', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_teaching_point_patient_id_patient'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rotation_id'], ['rotation.id'], name=op.f('fk_teaching_point_rotation_id_rotation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teaching_point'))
    )
    op.create_index(op.f('ix_teaching_point_patient_id'), 'teaching_point', ['patient_id'], unique=False)
    op.create_index(op.f('ix_teaching_point_rotation_id'), 'teaching_point', ['rotation_id'], unique=False)

    op.create_table('todo',
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rotation_id', sa.Integer(), nullable=False),
    sa.Column('patient_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('kind', sa.Enum('lab', 'imaging', 'consult', 'task', 'follow-up', name='todo_kind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('due_at', sa.String(length=32), nullable=True),
    sa.Column('done_at', sa.String(length=32), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['patient_id'], ['patient.id'], name=op.f('fk_todo_patient_id_patient'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rotation_id'], ['rotation.id'], name=op.f('fk_todo_rotation_id_rotation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_todo'))
    )
    op.create_index(op.f('ix_todo_patient_id'), 'todo', ['patient_id'], unique=False)
    op.create_index(op.f('ix_todo_rotation_id'), 'todo', ['rotation_id'], unique=False)

    op.create_table('note_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'reviewed', 'final', name='note_status', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['note_id'], ['note.id'], name=op.f('fk_note_revision_note_id_note'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note_revision'))
    )
    op.create_index(op.f('ix_note_revision_note_id'), 'note_revision', ['note_id'], unique=False)


def downgrade() -> None:
    # Dropping a table drops its indexes too.
    op.drop_table('note_revision')
    op.drop_table('todo')
    op.drop_table('teaching_point')
    op.drop_table('reflection_revision')
    op.drop_table('question')
    op.drop_table('note')
    op.drop_table('tagging')
    op.drop_table('reflection')
    op.drop_table('patient')
    op.drop_table('tag')
    op.drop_table('rotation')
