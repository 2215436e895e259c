"""self-service: own details, a changed address waiting for its confirmation, transfers

Revision ID: selfservice1
Revises: questions1
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = 'selfservice1'
down_revision = 'questions1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        # Existing events allow transfers, as new ones do.
        batch_op.add_column(sa.Column('transfers_enabled', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('details_changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('transferred_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('pending_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('email_change_salt', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('email_change_requested_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        for column in ('email_change_requested_at', 'email_change_salt', 'pending_email', 'transferred_at',
                       'details_changed_at'):
            batch_op.drop_column(column)
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('transfers_enabled')
