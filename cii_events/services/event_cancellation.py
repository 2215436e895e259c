"""Calling off an event: every active registration is cancelled and every participant told.

One transaction under the event lock: nobody registers, changes or is promoted meanwhile. Freed
seats go to nobody (there is no event left to give them to), so no waiting list moves up; the
counters are brought to what the rows say, so that `cii-events check` stays clean.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import signals
from ..extensions import db
from ..i18n import LANGUAGES, Translated, _l
from ..models import (Event, EventStatus, Registration, RegistrationStatus, User,
                      utcnow)
from . import audit, capacity
from .errors import DomainError


class EventNotCancellable(DomainError):
    message = _l("This event cannot be cancelled.")


class EventAlreadyCancelled(EventNotCancellable):
    message = _l("This event has already been cancelled.")


class EventArchived(EventNotCancellable):
    message = _l("This event has been archived and can no longer be cancelled.")


class EventAlreadyOver(EventNotCancellable):
    message = _l("This event has already ended and can no longer be cancelled.")


def check_cancellable(event: Event, now: datetime | None = None) -> None:
    """Raise the reason why `event` cannot be called off, if there is one."""
    now = now or utcnow()
    if event.status is EventStatus.CANCELLED:
        raise EventAlreadyCancelled()
    if event.status is EventStatus.ARCHIVED:
        raise EventArchived()
    if event.ends_at <= now:
        raise EventAlreadyOver()


def active_registrations(event: Event) -> list[Registration]:
    """Those who will be told: everyone confirmed or waiting (not those who cancelled already)."""
    return list(db.session.scalars(
        select(Registration).where(Registration.event_id == event.id,
                                   Registration.status != RegistrationStatus.CANCELLED)
        .options(selectinload(Registration.bookings)).order_by(Registration.id)))


def clean_reason(reason: Translated | dict | None) -> Translated | None:
    """The reason's texts that were written, stripped; None when no language has one."""
    texts = {lang: (reason or {}).get(lang, "").strip() for lang in LANGUAGES}
    texts = {lang: text for lang, text in texts.items() if text}
    return Translated(texts) if texts else None


def cancel_event(event: Event, *, reason: Translated | None, actor: User | None,
                 now: datetime | None = None) -> list[Registration]:
    """Cancel `event` and all its active registrations; queue one mail per person in their language.

    Returns the registrations cancelled. Raises EventNotCancellable; the caller commits.
    """
    now = now or utcnow()
    check_cancellable(event, now)  # a friendly early answer; checked again under the lock
    event = capacity.lock_event(event.id, exclusive=True)
    check_cancellable(event, now)
    reason = clean_reason(reason)
    registrations = active_registrations(event)
    capacity.cancel_event(event, registrations, now)
    event.status = EventStatus.CANCELLED
    event.cancellation_reason = reason
    db.session.flush()
    for registration in registrations:
        signals.event_cancelled.send(registration, reason=reason)
    audit.record("event.cancelled", actor=actor, object_type="event", object_id=event.id,
                 event_id=event.id, participants=len(registrations), reason=dict(reason or {}) or None,
                 references=[registration.reference for registration in registrations][:500])
    return registrations
