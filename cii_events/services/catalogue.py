"""Reading events for the public pages: what is visible, with the programme loaded in few queries."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Event, EventStatus, Slot, Workshop, utcnow
from . import capacity

PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.CLOSED, EventStatus.CANCELLED)


def _with_programme(query):
    return query.options(selectinload(Event.slots).selectinload(Slot.workshops))


def public_events(now: datetime | None = None) -> tuple[list[Event], list[Event]]:
    """Upcoming events (soonest first) and past events (latest first)."""
    now = now or utcnow()
    events = db.session.scalars(
        select(Event).where(Event.status.in_(PUBLIC_STATUSES)).order_by(Event.starts_at)).all()
    upcoming = [event for event in events if event.ends_at >= now]
    past = [event for event in events if event.ends_at < now][::-1]
    return upcoming, past


def public_event(slug: str) -> Event | None:
    query = _with_programme(select(Event).where(Event.slug == slug, Event.status.in_(PUBLIC_STATUSES)))
    return db.session.scalars(query).first()


@dataclass
class Availability:
    workshop: Workshop
    waiting: int
    capacity: int | None = None
    confirmed: int = 0

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.confirmed >= self.capacity


def availability(event: Event) -> dict[int, Availability]:
    """Seats and waiting-list length of every bookable item of the event, counted now (never from
    the cached programme), in two queries."""
    workshops = [w for slot in event.slots for w in slot.workshops]
    if not workshops:
        return {}
    counts = {row.id: row for row in db.session.execute(
        select(Workshop.id, Workshop.capacity, Workshop.confirmed_count)
        .where(Workshop.id.in_([w.id for w in workshops])))}
    waiting = capacity.waiting_counts(w.id for w in workshops)
    result = {}
    for w in workshops:
        row = counts.get(w.id)
        result[w.id] = Availability(w, waiting.get(w.id, 0), row.capacity if row else w.capacity,
                                    row.confirmed_count if row else 0)
    return result


def event_days(event: Event) -> list[tuple[object, list[Slot]]]:
    """The programme grouped by local day."""
    from flask_babel import to_user_timezone

    days: dict = {}
    for slot in event.slots:
        days.setdefault(to_user_timezone(slot.starts_at).date(), []).append(slot)
    return list(days.items())
