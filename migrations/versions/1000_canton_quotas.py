"""canton quotas: confirmed places per canton, one number for all with exceptions

Revision ID: quota1
Revises: seat1
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = 'quota1'
down_revision = 'seat1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('canton_quota', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('canton_quotas', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('canton_quotas')
        batch_op.drop_column('canton_quota')
