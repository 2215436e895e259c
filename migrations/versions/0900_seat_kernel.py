"""seat kernel: the programme's version number, for the per-process programme cache

Revision ID: seat1
Revises: security1
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = 'seat1'
down_revision = 'security1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_version', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('programme_version')
