"""workshop allocation by preference: allocation date, languages followed, allocation runs

Revision ID: alloc1
Revises: privacy1
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa

revision = 'alloc1'
down_revision = 'privacy1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('allocation_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('allocation_published_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('understood_languages', sa.JSON(), nullable=True))
    # booking.status gains the value 'preference': a non-native enum without a CHECK, no DDL needed.
    op.create_table('allocation_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('seed', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', 'discarded', name='allocationrunstatus', native_enum=False, length=20), nullable=False),
    sa.Column('input_digest', sa.String(length=64), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('statistics', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_by', sa.String(length=254), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_allocation_run_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_allocation_run_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['published_by_id'], ['user_account.id'], name=op.f('fk_allocation_run_published_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_allocation_run'))
    )
    with op.batch_alter_table('allocation_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_allocation_run_event_id'), ['event_id'], unique=False)
        batch_op.create_index('uq_allocation_run_published', ['event_id'], unique=True, postgresql_where=sa.text("status = 'published'"), sqlite_where=sa.text("status = 'published'"))


def downgrade():
    with op.batch_alter_table('allocation_run', schema=None) as batch_op:
        batch_op.drop_index('uq_allocation_run_published', postgresql_where=sa.text("status = 'published'"), sqlite_where=sa.text("status = 'published'"))
        batch_op.drop_index(batch_op.f('ix_allocation_run_event_id'))
    op.drop_table('allocation_run')
    # Wishes cannot outlive the allocation they were waiting for.
    op.execute("DELETE FROM booking WHERE status = 'preference'")
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_column('understood_languages')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('allocation_published_at')
        batch_op.drop_column('allocation_at')
