"""security: revocable back-office sessions, sign-in throttling instead of account locks, one
audit vocabulary, and no personal data left in the audit log

Revision ID: security1
Revises: invite1
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa

revision = 'security1'
down_revision = 'invite1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'admin_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('end_reason', sa.String(length=40), nullable=False),
        sa.Column('user_agent', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_admin_session_user_id_user_account'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_session')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_admin_session_token_hash')),
    )
    with op.batch_alter_table('admin_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admin_session_user_id'), ['user_id'], unique=False)
    op.create_table(
        'login_throttle',
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttle')),
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')
    _audit_log_without_personal_data()


# The audit actions of before, in the one vocabulary of services/audit.py.
RENAMED = {
    'allocation computed': 'allocation.computed', 'allocation published': 'allocation.published',
    'allocation discarded': 'allocation.discarded', 'consents changed': 'registration.consents_changed',
    'registration erased': 'registration.erased', 'retention period ended': 'event.retention_ended',
    'login.locked': 'login.throttled', 'login.refused_locked': 'login.throttled',
}
PERSONAL_FIELDS = {'salutation', 'first_name', 'last_name', 'email', 'phone', 'organisation', 'function',
                   'dietary', 'accessibility_needs', 'remarks'}


def _audit_log_without_personal_data():
    """Rename the old actions; corrected names and addresses become "changed", export and message
    search terms become "search"; entries about erased registrations lose what was typed."""
    connection = op.get_bind()
    audit = sa.table('audit_entry', sa.column('id', sa.Integer), sa.column('action', sa.String),
                     sa.column('object_type', sa.String), sa.column('object_id', sa.Integer),
                     sa.column('details', sa.JSON))
    registration = sa.table('registration', sa.column('id', sa.Integer), sa.column('erased_at', sa.DateTime))
    for old, new in RENAMED.items():
        connection.execute(audit.update().where(audit.c.action == old).values(action=new))
    erased = {row.id for row in connection.execute(
        sa.select(registration.c.id).where(registration.c.erased_at.is_not(None)))}
    for entry in connection.execute(sa.select(audit)).all():
        details = dict(entry.details or {})
        cleaned = dict(details)
        if isinstance(cleaned.get('changes'), dict):
            cleaned['changes'] = {name: ({'changed': True} if name in PERSONAL_FIELDS or (
                entry.object_type == 'registration' and entry.object_id in erased) else change)
                for name, change in cleaned['changes'].items()}
        if isinstance(cleaned.get('selection'), dict) and 'q' in cleaned['selection']:
            selection = {key: value for key, value in cleaned['selection'].items() if key != 'q'}
            if cleaned['selection']['q']:
                selection['search'] = True
            cleaned['selection'] = selection
        if entry.object_type == 'registration' and entry.object_id in erased \
                and entry.action != 'registration.erased' and 'reason' in cleaned:
            del cleaned['reason']
            cleaned['reason_erased'] = True
        if cleaned != details:
            connection.execute(audit.update().where(audit.c.id == entry.id).values(details=cleaned))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
    op.drop_table('login_throttle')
    with op.batch_alter_table('admin_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admin_session_user_id'))
    op.drop_table('admin_session')
