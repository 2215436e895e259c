"""Invariants of seats and waiting lists, checked against the rows themselves."""
from __future__ import annotations

from sqlalchemy import func, or_, select

from ..extensions import db
from ..models import (AllocationMode, Booking, BookingStatus, Event, Registration, RegistrationStatus,
                      Slot, Workshop)


def find_problems() -> list[str]:
    """Every broken invariant as a readable line; an empty list means all is well."""
    return [*_workshop_problems(), *_event_problems(), *_booking_problems(), *_preference_problems()]


def _workshop_problems() -> list[str]:
    confirmed = (select(func.count(Booking.id))
                 .where(Booking.workshop_id == Workshop.id, Booking.status == BookingStatus.CONFIRMED)
                 .scalar_subquery())
    waiting = (select(func.count(Booking.id)).join(Booking.registration)
               .where(Booking.workshop_id == Workshop.id, Booking.status == BookingStatus.WAITLISTED,
                      Registration.status == RegistrationStatus.CONFIRMED)
               .scalar_subquery())
    rows = db.session.execute(
        select(Event.slug, Workshop.code, Workshop.capacity, Workshop.confirmed_count, confirmed, waiting)
        .join(Workshop.slot).join(Slot.event).order_by(Event.slug, Workshop.code))
    problems = []
    for slug, code, cap, counter, actual, waits in rows:
        where = f"event {slug}, workshop {code}"
        if cap is not None and actual > cap:
            problems.append(f"{where}: {actual} confirmed bookings for {cap} seats")
        if counter != actual:
            problems.append(f"{where}: seat counter says {counter}, bookings say {actual}")
        if waits and (cap is None or actual < cap):
            problems.append(f"{where}: {waits} waiting while seats are free")
    return problems


def _event_problems() -> list[str]:
    confirmed = (select(func.count(Registration.id))
                 .where(Registration.event_id == Event.id,
                        Registration.status == RegistrationStatus.CONFIRMED).scalar_subquery())
    waiting = (select(func.count(Registration.id))
               .where(Registration.event_id == Event.id,
                      Registration.status == RegistrationStatus.WAITLISTED).scalar_subquery())
    rows = db.session.execute(
        select(Event.slug, Event.capacity, Event.confirmed_count, confirmed, waiting).order_by(Event.slug))
    problems = []
    for slug, cap, counter, actual, waits in rows:
        if cap is None:
            continue  # without a capacity, places are not counted
        if actual > cap:
            problems.append(f"event {slug}: {actual} confirmed registrations for {cap} places")
        if counter != actual:
            problems.append(f"event {slug}: place counter says {counter}, registrations say {actual}")
        if waits and actual < cap:
            problems.append(f"event {slug}: {waits} waiting while places are free")
    return problems


def _booking_problems() -> list[str]:
    problems = []
    held_by_cancelled = db.session.execute(
        select(Registration.reference, func.count(Booking.id)).join(Booking.registration)
        .where(Registration.status == RegistrationStatus.CANCELLED,
               Booking.status.in_([BookingStatus.CONFIRMED, BookingStatus.WAITLISTED,
                                   BookingStatus.REQUESTED]))
        .group_by(Registration.reference))
    for reference, count in held_by_cancelled:
        problems.append(f"registration {reference}: cancelled but holds {count} bookings")
    requested_but_admitted = db.session.execute(
        select(Registration.reference).join(Booking.registration)
        .where(Registration.status != RegistrationStatus.WAITLISTED,
               Booking.status == BookingStatus.REQUESTED).distinct())
    for (reference,) in requested_but_admitted:
        problems.append(f"registration {reference}: admitted but a workshop request was never seated")
    seated_while_waiting = db.session.execute(
        select(Registration.reference).join(Booking.registration)
        .where(Registration.status == RegistrationStatus.WAITLISTED,
               Booking.status.in_([BookingStatus.CONFIRMED, BookingStatus.WAITLISTED])).distinct())
    for (reference,) in seated_while_waiting:
        problems.append(f"registration {reference}: on the event's waiting list but holds a workshop place")
    # Preferences (ranked wishes) hold no seat; up to three per slot are normal. One seat (or
    # request) per slot, and one waiting place, which may be kept beside the seat.
    for statuses in ((BookingStatus.CONFIRMED, BookingStatus.REQUESTED), (BookingStatus.WAITLISTED,)):
        double = db.session.execute(
            select(Registration.reference, Workshop.slot_id).join(Booking.registration).join(Booking.workshop)
            .where(Booking.status.in_(statuses)).group_by(Registration.reference, Workshop.slot_id)
            .having(func.count(Booking.id) > 1))
        for reference, slot_id in double:
            problems.append(f"registration {reference}: several workshops in slot {slot_id}")
    return problems


def _preference_problems() -> list[str]:
    """Wishes only live while an event collects preferences, one workshop per rank and slot."""
    problems = []
    no_longer_collecting = or_(Event.allocation_mode != AllocationMode.PREFERENCES,
                               Event.allocation_published_at.isnot(None))
    stale = db.session.execute(
        select(Event.slug, Registration.reference).join(Booking.registration).join(Registration.event)
        .where(Booking.status == BookingStatus.PREFERENCE, no_longer_collecting)
        .distinct().order_by(Event.slug, Registration.reference))
    for slug, reference in stale:
        problems.append(f"registration {reference}: workshop preferences left in event {slug}, "
                        "which no longer collects preferences")
    twice = db.session.execute(
        select(Registration.reference, Workshop.slot_id, Booking.preference_rank)
        .join(Booking.registration).join(Booking.workshop)
        .where(Booking.status == BookingStatus.PREFERENCE)
        .group_by(Registration.reference, Workshop.slot_id, Booking.preference_rank)
        .having(func.count(Booking.id) > 1))
    for reference, slot_id, rank in twice:
        problems.append(f"registration {reference}: several workshops ranked {rank} in slot {slot_id}")
    return problems
