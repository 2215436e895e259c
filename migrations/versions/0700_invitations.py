"""invitation-only events: the event's access, and the invitations with their answers

Revision ID: invite1
Revises: mail1
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = 'invite1'
down_revision = 'mail1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('access', sa.String(length=20), nullable=False, server_default='open'))
    op.create_table(
        'invitation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.Enum('pending', 'registered', 'declined', 'withdrawn', name='invitationstatus',
                                    native_enum=False, length=20), nullable=False),
        sa.Column('first_name', sa.String(length=100), nullable=False),
        sa.Column('last_name', sa.String(length=100), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('email_normalized', sa.String(length=254), nullable=False),
        sa.Column('canton', sa.String(length=3), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('organisation', sa.String(length=200), nullable=False),
        sa.Column('function', sa.String(length=200), nullable=False),
        sa.Column('code_salt', sa.String(length=32), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=True),
        sa.Column('invited_by', sa.String(length=254), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reminders', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], ondelete='CASCADE', name='fk_invitation_event_id_event'),
        sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], ondelete='SET NULL',
                                name='fk_invitation_registration_id_registration'),
        sa.PrimaryKeyConstraint('id', name='pk_invitation'),
        sa.UniqueConstraint('code_hash', name='uq_invitation_code_hash'),
        sa.UniqueConstraint('event_id', 'email_normalized', name='uq_invitation_event_email'),
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index('ix_invitation_event_id', ['event_id'], unique=False)
        batch_op.create_index('ix_invitation_canton', ['canton'], unique=False)


def downgrade():
    op.drop_table('invitation')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('access')
