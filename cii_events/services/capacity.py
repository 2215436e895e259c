"""Seats and waiting lists.

Every write that changes seats first locks the rows it will count, in one fixed order — the event,
then its workshops by id — so that concurrent requests queue instead of overbooking or deadlocking.
PostgreSQL: SELECT ... FOR UPDATE. SQLite: the request's transaction began with BEGIN IMMEDIATE,
so writers are serialized already. CHECK constraints on the counters are the last line of defence.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from .. import signals
from ..extensions import db
from ..models import (Booking, BookingStatus, Event, Registration, RegistrationStatus,
                      Workshop)
from .errors import EventFull, WorkshopFull


def lock_event(event_id: int, *, exclusive: bool = False) -> Event:
    """Lock the event row for a change of registrations (or, `exclusive`, of the event itself).

    With a capacity, the lock is exclusive: the place counter decides who gets in. Without one,
    it is shared, so registrations go on in parallel, while an organizer changing the capacity
    (exclusive) waits for them and then counts what they committed.
    """
    query = select(Event).where(Event.id == event_id).execution_options(populate_existing=True)
    event = db.session.scalars(query.with_for_update(read=not exclusive)).one()
    if not exclusive and event.capacity is not None:
        # Rare: a capacity was set while this request ran. Upgrade to the exclusive lock.
        event = db.session.scalars(query.with_for_update()).one()
    return event


def count_confirmed(event_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED))


def counts_places(event: Event) -> bool:
    """Whether the event's place counter is kept: only an event with a capacity needs one."""
    return event.capacity is not None


def lock_workshops(workshop_ids: Iterable[int]) -> dict[int, Workshop]:
    ids = sorted(set(workshop_ids))
    if not ids:
        return {}
    query = select(Workshop).where(Workshop.id.in_(ids)).order_by(Workshop.id).with_for_update()
    rows = db.session.scalars(query.execution_options(populate_existing=True)).all()
    return {workshop.id: workshop for workshop in rows}


def admit_to_event(event: Event, registration: Registration) -> None:
    """A new registration takes a place at the event or, when it is full, joins its waiting list."""
    if event.capacity is None:
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlist_ticket = None
    elif event.confirmed_count < event.capacity:
        event.confirmed_count += 1
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlist_ticket = None
    elif event.waitlist_enabled:
        event.waitlist_counter += 1
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlist_ticket = event.waitlist_counter
    else:
        raise EventFull()


def seat(booking: Booking, workshop: Workshop, *, waitlist: bool, field: str | None = None) -> None:
    """Give `booking` a seat in the locked `workshop`, or a place on its waiting list."""
    if workshop.capacity is None or workshop.confirmed_count < workshop.capacity:
        workshop.confirmed_count += 1
        booking.status = BookingStatus.CONFIRMED
        booking.waitlist_ticket = None
    elif waitlist:
        workshop.waitlist_counter += 1
        booking.status = BookingStatus.WAITLISTED
        booking.waitlist_ticket = workshop.waitlist_counter
    else:
        raise WorkshopFull(workshop, field=field)


def vacate(booking: Booking, workshop: Workshop) -> Booking | None:
    """`booking` leaves the locked `workshop`; a freed seat goes to the first person waiting.

    Returns the booking that was promoted, if any.
    """
    was_confirmed = booking.status is BookingStatus.CONFIRMED
    booking.status = BookingStatus.CANCELLED
    booking.waitlist_ticket = None
    if not was_confirmed:
        return None
    db.session.flush()
    successor = first_waiting_booking(workshop.id)
    if successor is None:
        workshop.confirmed_count -= 1
        return None
    successor.status = BookingStatus.CONFIRMED
    successor.waitlist_ticket = None
    signals.booking_promoted.send(successor)
    return successor


def first_waiting_booking(workshop_id: int) -> Booking | None:
    query = (select(Booking).join(Booking.registration)
             .where(Booking.workshop_id == workshop_id,
                    Booking.status == BookingStatus.WAITLISTED,
                    Registration.status == RegistrationStatus.CONFIRMED)
             .order_by(Booking.waitlist_ticket, Booking.id).limit(1))
    return db.session.scalars(query).first()


def first_waiting_registration(event_id: int) -> Registration | None:
    query = (select(Registration)
             .where(Registration.event_id == event_id,
                    Registration.status == RegistrationStatus.WAITLISTED)
             .order_by(Registration.waitlist_ticket, Registration.id).limit(1))
    return db.session.scalars(query).first()


def waiting_position(booking: Booking) -> int | None:
    """1 for the first person waiting for the workshop; None when not waiting."""
    if booking.status is not BookingStatus.WAITLISTED:
        return None
    ahead = (select(func.count()).select_from(Booking).join(Booking.registration)
             .where(Booking.workshop_id == booking.workshop_id,
                    Booking.status == BookingStatus.WAITLISTED,
                    Registration.status == RegistrationStatus.CONFIRMED,
                    Booking.waitlist_ticket < booking.waitlist_ticket))
    return db.session.scalar(ahead) + 1


def event_waiting_position(registration: Registration) -> int | None:
    if registration.status is not RegistrationStatus.WAITLISTED:
        return None
    ahead = (select(func.count()).select_from(Registration)
             .where(Registration.event_id == registration.event_id,
                    Registration.status == RegistrationStatus.WAITLISTED,
                    Registration.waitlist_ticket < registration.waitlist_ticket))
    return db.session.scalar(ahead) + 1


def waiting_counts(workshop_ids: Iterable[int]) -> dict[int, int]:
    """Number of people waiting per workshop, in one query."""
    ids = list(workshop_ids)
    if not ids:
        return {}
    query = (select(Booking.workshop_id, func.count()).join(Booking.registration)
             .where(Booking.workshop_id.in_(ids), Booking.status == BookingStatus.WAITLISTED,
                    Registration.status == RegistrationStatus.CONFIRMED)
             .group_by(Booking.workshop_id))
    return {workshop_id: count for workshop_id, count in db.session.execute(query)}
