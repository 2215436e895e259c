"""questions of the organizers' own, answers, roles of registrations, the event's logo

Revision ID: questions1
Revises: days1
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = 'questions1'
down_revision = 'days1'
branch_labels = None
depends_on = None

KINDS = ('short_text', 'long_text', 'yes_no', 'one_choice', 'several_choices', 'number', 'date')


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('logo', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('logo_type', sa.String(length=20), nullable=True))
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=20), nullable=False,
                                      server_default='participant'))
        batch_op.add_column(sa.Column('seats_outside_capacity', sa.Boolean(), nullable=False,
                                      server_default=sa.text('false')))
    op.create_table(
        'question',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum(*KINDS, name='questionkind', native_enum=False, length=20), nullable=False),
        sa.Column('required', sa.Boolean(), nullable=False),
        sa.Column('text', sa.JSON(), nullable=False),
        sa.Column('help', sa.JSON(), nullable=True),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], ondelete='CASCADE', name='fk_question_event_id_event'),
        sa.PrimaryKeyConstraint('id', name='pk_question'),
    )
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index('ix_question_event_id', ['event_id'], unique=False)
    op.create_table(
        'question_option',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('label', sa.JSON(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('capacity', sa.Integer(), nullable=True),
        sa.CheckConstraint('capacity IS NULL OR capacity >= 0', name='ck_question_option_capacity_not_negative'),
        sa.ForeignKeyConstraint(['question_id'], ['question.id'], ondelete='CASCADE',
                                name='fk_question_option_question_id_question'),
        sa.PrimaryKeyConstraint('id', name='pk_question_option'),
    )
    with op.batch_alter_table('question_option', schema=None) as batch_op:
        batch_op.create_index('ix_question_option_question_id', ['question_id'], unique=False)
    op.create_table(
        'answer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('option_id', sa.Integer(), nullable=True),
        sa.Column('value', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], ondelete='CASCADE',
                                name='fk_answer_registration_id_registration'),
        sa.ForeignKeyConstraint(['question_id'], ['question.id'], ondelete='CASCADE',
                                name='fk_answer_question_id_question'),
        sa.ForeignKeyConstraint(['option_id'], ['question_option.id'], ondelete='CASCADE',
                                name='fk_answer_option_id_question_option'),
        sa.PrimaryKeyConstraint('id', name='pk_answer'),
        sa.UniqueConstraint('registration_id', 'question_id', 'option_id',
                            name='uq_answer_registration_id'),
    )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.create_index('ix_answer_registration_id', ['registration_id'], unique=False)
        batch_op.create_index('ix_answer_question_id', ['question_id'], unique=False)
        batch_op.create_index('ix_answer_option_id', ['option_id'], unique=False)


def downgrade():
    op.drop_table('answer')
    op.drop_table('question_option')
    op.drop_table('question')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_column('seats_outside_capacity')
        batch_op.drop_column('role')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('logo_type')
        batch_op.drop_column('logo')
