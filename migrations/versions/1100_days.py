"""days: the days each registration attends, and the per-event choice of days

Revision ID: days1
Revises: quota1
Create Date: 2026-12-03
"""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa

revision = 'days1'
down_revision = 'quota1'
branch_labels = None
depends_on = None

ZURICH = ZoneInfo("Europe/Zurich")


def _local_day(value):
    if isinstance(value, str):  # SQLite hands back text
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(ZURICH).date()


def _aware(value):
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('day_choice', sa.Boolean(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('limits_days', sa.Boolean(), nullable=False, server_default='0'))
    op.create_table(
        'event_day',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('capacity', sa.Integer(), nullable=True),
        sa.Column('confirmed_count', sa.Integer(), nullable=False),
        sa.Column('waitlist_counter', sa.Integer(), nullable=False),
        sa.CheckConstraint('capacity IS NULL OR capacity >= 0',
                           name=op.f('ck_event_day_capacity_not_negative')),
        sa.CheckConstraint('capacity IS NULL OR confirmed_count <= capacity',
                           name=op.f('ck_event_day_within_capacity')),
        sa.CheckConstraint('confirmed_count >= 0', name=op.f('ck_event_day_count_not_negative')),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_day_event_id_event'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_day')),
        sa.UniqueConstraint('event_id', 'day', name=op.f('uq_event_day_event_id')),
    )
    with op.batch_alter_table('event_day', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_day_event_id'), ['event_id'], unique=False)
    attendance = op.create_table(
        'attendance',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('waitlist_ticket', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['registration_id'], ['registration.id'],
                                name=op.f('fk_attendance_registration_id_registration'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
        sa.UniqueConstraint('registration_id', 'day', name=op.f('uq_attendance_registration_id')),
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_registration_id'), ['registration_id'], unique=False)

    # Existing registrations attend every day of their event; a check-in made before counts for
    # the day it was made (the first day, if that was no day of the event).
    connection = op.get_bind()
    events = connection.execute(sa.text("SELECT id, starts_at, ends_at FROM event")).all()
    for event_id, starts_at, ends_at in events:
        first, last = _local_day(starts_at), _local_day(ends_at)
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        registrations = connection.execute(
            sa.text("SELECT id, checked_in_at FROM registration WHERE event_id = :event_id"),
            {"event_id": event_id}).all()
        rows = []
        for registration_id, checked_in_at in registrations:
            checked_in_day = None
            if checked_in_at is not None:
                checked_in_day = _local_day(checked_in_at)
                checked_in_day = checked_in_day if checked_in_day in days else days[0]
            rows += [{"registration_id": registration_id, "day": day,
                      "checked_in_at": _aware(checked_in_at) if day == checked_in_day else None}
                     for day in days]
        if rows:
            op.bulk_insert(attendance, rows)


def downgrade():
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_registration_id'))
    op.drop_table('attendance')
    with op.batch_alter_table('event_day', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_day_event_id'))
    op.drop_table('event_day')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('limits_days')
        batch_op.drop_column('day_choice')
