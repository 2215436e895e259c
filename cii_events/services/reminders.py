"""The reminder before an event: once to every confirmed participant, in their language.

An event sends it `reminder_days` days before its start (0: never). The mail worker queues the
reminders that are due (`queue_due`); `cii-events mail remind EVENT` does it for one event on
demand. A person gets at most one reminder per registration: whoever already has one in the outbox
is left out, so running it twice sends nothing twice. People on a waiting list get none, and
neither do people who registered after the event's reminders went out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import exists, select

from ..database import begin_write
from ..extensions import db
from ..models import Event, EventStatus, OutgoingMail, Registration, RegistrationStatus, User, utcnow
from . import audit
from .mail_queue import REMINDER, queue_registration_mail


@dataclass
class Plan:
    event: Event
    people: list[Registration] = field(default_factory=list)

    @property
    def by_language(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for person in self.people:
            counts[person.language] = counts.get(person.language, 0) + 1
        return dict(sorted(counts.items()))


def set_days(event: Event, days: int | None, *, actor: User | None) -> bool:
    """Change how many days before the start the reminder goes out (0: none; None: unchanged)."""
    if days is None or event.reminder_days == days:
        return False
    audit.record("event.reminder_changed", actor=actor, object_type="event", object_id=event.id,
                 event_id=event.id, before=event.reminder_days, after=days)
    event.reminder_days = days
    return True


def due_at(event: Event) -> datetime | None:
    """When the event's reminder goes out, or None (reminders off)."""
    if not event.reminder_days:
        return None
    return event.starts_at - timedelta(days=event.reminder_days)


def recipients(event: Event) -> list[Registration]:
    """Confirmed participants without a reminder yet (registered before the reminders went out)."""
    already = exists().where(OutgoingMail.registration_id == Registration.id, OutgoingMail.kind == REMINDER)
    query = (select(Registration).where(Registration.event_id == event.id,
                                        Registration.status == RegistrationStatus.CONFIRMED,
                                        Registration.erased_at.is_(None), ~already)
             .order_by(Registration.id))
    if event.reminders_sent_at is not None:
        query = query.where(Registration.created_at <= event.reminders_sent_at)
    return list(db.session.scalars(query))


def plan(event: Event) -> Plan:
    return Plan(event, recipients(event))


def queue(event: Event, *, actor: User | None = None, now: datetime | None = None) -> Plan:
    """Queue the reminders of `event` now (in the caller's transaction)."""
    result = plan(event)
    for person in result.people:
        queue_registration_mail(person, REMINDER)
    if event.reminders_sent_at is None:
        event.reminders_sent_at = now or utcnow()
    audit.record("reminders.queued", actor=actor, object_type="event", object_id=event.id, event_id=event.id,
                 count=len(result.people), languages=result.by_language)
    return result


def due_events(now: datetime, *, lock: bool = False) -> list[Event]:
    """Events whose reminder is due and has not gone out: published or closed, not started yet.

    `lock`: the events' rows are locked (PostgreSQL), so that two workers never both send them.
    """
    query = select(Event).where(
        Event.status.in_([EventStatus.PUBLISHED, EventStatus.CLOSED]), Event.reminders_sent_at.is_(None),
        Event.reminder_days > 0, Event.starts_at > now).order_by(Event.id)
    candidates = db.session.scalars(query.with_for_update() if lock else query).all()
    return [event for event in candidates if due_at(event) <= now]


def queue_due(now: datetime | None = None) -> int:
    """The worker's round: queue the reminders of every event that is due; returns how many mails."""
    now = now or utcnow()
    db.session.rollback()
    if not due_events(now):
        db.session.rollback()
        return 0
    db.session.rollback()
    begin_write()  # one writer at a time; checked again under the lock
    count = 0
    for event in due_events(now, lock=True):
        count += len(queue(event, now=now).people)
    db.session.commit()
    return count
