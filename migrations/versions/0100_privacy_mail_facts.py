"""privacy and mail facts: erasure and consent times on registrations; mails rendered from facts

Revision ID: privacy1
Revises: 0002
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa

revision = 'privacy1'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('consents_changed_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('context', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('rendered_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.drop_column('rendered_at')
        batch_op.drop_column('context')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_column('consents_changed_at')
        batch_op.drop_column('erased_at')
