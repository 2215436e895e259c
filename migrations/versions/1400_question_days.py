"""questions per day: a question of an event over several days asked only of that day's people

Revision ID: questionday1
Revises: selfservice1
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = 'questionday1'
down_revision = 'selfservice1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('day', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_column('day')
