"""event cancellation: the reason the organizers gave, shown on the event's pages

Revision ID: cancel1
Revises: alloc1
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa

revision = 'cancel1'
down_revision = 'alloc1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancellation_reason', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('cancellation_reason')
