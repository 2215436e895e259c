"""mail: reminders per event and the organizers' own paragraphs in mails

Revision ID: mail1
Revises: cancel1
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = 'mail1'
down_revision = 'cancel1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_days', sa.Integer(), nullable=False, server_default='7'))
        batch_op.add_column(sa.Column('reminders_sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('mail_texts', sa.JSON(), nullable=True))
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.create_index('ix_outgoing_mail_registration_kind', ['registration_id', 'kind'], unique=False)


def downgrade():
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.drop_index('ix_outgoing_mail_registration_kind')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('mail_texts')
        batch_op.drop_column('reminders_sent_at')
        batch_op.drop_column('reminder_days')
