"""Invariants of seats and waiting lists, checked against the rows themselves."""
from __future__ import annotations

from sqlalchemy import func, or_, select

from ..extensions import db
from . import capacity
from ..models import (AllocationMode, Attendance, Booking, BookingStatus, Event, EventDay, Registration,
                      RegistrationStatus, Slot, Workshop, local_day)


def find_problems() -> list[str]:
    """Every broken invariant as a readable line; an empty list means all is well."""
    return [*_workshop_problems(), *_event_problems(), *_quota_problems(), *_booking_problems(),
            *_preference_problems(), *_attendance_problems(), *_day_problems(), *_option_problems()]


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
        select(Event.slug, Event.capacity, Event.confirmed_count, confirmed, waiting,
               Event.canton_quota, Event.canton_quotas).order_by(Event.slug))
    problems = []
    for slug, cap, counter, actual, waits, quota, quotas in rows:
        if cap is None:
            continue  # without a capacity, places are not counted
        if actual > cap:
            problems.append(f"event {slug}: {actual} confirmed registrations for {cap} places")
        if counter != actual:
            problems.append(f"event {slug}: place counter says {counter}, registrations say {actual}")
        if waits and actual < cap and quota is None and not quotas:  # with quotas: _quota_problems
            problems.append(f"event {slug}: {waits} waiting while places are free")
    return problems


def _quota_problems() -> list[str]:
    """Places per canton: never more confirmed than the canton's places, and nobody waits whose
    canton and event both have a free place."""
    problems = []
    limited = db.session.scalars(select(Event).where(or_(Event.canton_quota.isnot(None),
                                                         Event.canton_quotas.isnot(None)))
                                 .order_by(Event.slug))
    for event in limited:
        if not event.has_canton_quotas:
            continue
        counts = capacity.confirmed_per_canton(event.id)
        for canton, count in sorted(counts.items()):
            places = event.quota_for(canton)
            if places is not None and count > places:
                problems.append(f"event {event.slug}: {count} confirmed from {canton} for {places} places")
        event_has_room = event.capacity is None or sum(counts.values()) < event.capacity
        waiting = db.session.execute(
            select(Registration.canton, func.count()).where(
                Registration.event_id == event.id, Registration.status == RegistrationStatus.WAITLISTED)
            .group_by(Registration.canton)).all()
        for canton, count in sorted(waiting):
            places = event.quota_for(canton)
            if event_has_room and (places is None or counts.get(canton, 0) < places):
                problems.append(f"event {event.slug}: {count} from {canton} waiting while places are free")
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
    # A request waits for a place at the event, or for a place on its day (days with places).
    waiting_days = {(registration_id, day) for registration_id, day in db.session.execute(
        select(Attendance.registration_id, Attendance.day).where(Attendance.waitlist_ticket.is_not(None)))}
    requested_but_admitted = db.session.execute(
        select(Registration.reference, Registration.id, Slot.starts_at).join(Booking.registration)
        .join(Booking.workshop).join(Workshop.slot)
        .where(Registration.status != RegistrationStatus.WAITLISTED,
               Booking.status == BookingStatus.REQUESTED))
    unseated = sorted({reference for reference, registration_id, starts_at in requested_but_admitted
                       if (registration_id, local_day(starts_at)) not in waiting_days})
    for reference in unseated:
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


def _attendance_problems() -> list[str]:
    """An active registration attends at least one day, and holds places only on its days."""
    problems = []
    days: dict[int, set] = {}
    for registration_id, day in db.session.execute(select(Attendance.registration_id, Attendance.day)):
        days.setdefault(registration_id, set()).add(day)
    active = db.session.execute(
        select(Registration.id, Registration.reference)
        .where(Registration.status != RegistrationStatus.CANCELLED).order_by(Registration.reference))
    for registration_id, reference in active:
        if not days.get(registration_id):
            problems.append(f"registration {reference}: attends no day of its event")
    held = db.session.execute(
        select(Registration.id, Registration.reference, Workshop.code, Slot.starts_at)
        .join(Booking.registration).join(Booking.workshop).join(Workshop.slot)
        .where(Registration.status != RegistrationStatus.CANCELLED,
               Booking.status.in_([BookingStatus.CONFIRMED, BookingStatus.WAITLISTED, BookingStatus.REQUESTED,
                                   BookingStatus.PREFERENCE]))
        .order_by(Registration.reference, Workshop.code))
    for registration_id, reference, code, starts_at in held:
        day = local_day(starts_at)
        if days.get(registration_id) and day not in days[registration_id]:
            problems.append(f"registration {reference}: workshop {code} on {day.isoformat()}, "
                            "a day it does not attend")
    return problems


def _day_problems() -> list[str]:
    """Days with places of their own: the counter equals the places held, none waits while a place
    is free, and seats are held only on days with a place."""
    held = (select(func.count(Attendance.id)).join(Attendance.registration)
            .where(Registration.event_id == EventDay.event_id, Attendance.day == EventDay.day,
                   Registration.status == RegistrationStatus.CONFIRMED, Attendance.waitlist_ticket.is_(None))
            .scalar_subquery())
    waiting = (select(func.count(Attendance.id)).join(Attendance.registration)
               .where(Registration.event_id == EventDay.event_id, Attendance.day == EventDay.day,
                      Registration.status == RegistrationStatus.CONFIRMED,
                      Attendance.waitlist_ticket.is_not(None))
               .scalar_subquery())
    rows = db.session.execute(
        select(Event.slug, EventDay.day, EventDay.capacity, EventDay.confirmed_count, held, waiting)
        .join(EventDay.event).order_by(Event.slug, EventDay.day))
    problems = []
    for slug, day, cap, counter, actual, waits in rows:
        where = f"event {slug}, {day.isoformat()}"
        if cap is None:
            if waits:
                problems.append(f"{where}: {waits} waiting for a day without a limit")
            continue
        if actual > cap:
            problems.append(f"{where}: {actual} places held for {cap}")
        if counter != actual:
            problems.append(f"{where}: day counter says {counter}, places say {actual}")
        if waits and actual < cap:
            problems.append(f"{where}: {waits} waiting while places are free")
    seated_while_waiting = db.session.execute(
        select(Registration.reference, Workshop.code, Slot.starts_at, Attendance.day)
        .join(Booking.registration).join(Booking.workshop).join(Workshop.slot)
        .join(Attendance, Attendance.registration_id == Registration.id)
        .where(Attendance.waitlist_ticket.is_not(None),
               Booking.status.in_([BookingStatus.CONFIRMED, BookingStatus.WAITLISTED])))
    for reference, code, starts_at, day in seated_while_waiting:
        if local_day(starts_at) == day:
            problems.append(f"registration {reference}: waiting for {day.isoformat()} but holds a place "
                            f"in workshop {code}")
    return problems


def _option_problems() -> list[str]:
    """Limited options of the event's own questions (a hotel room) chosen more often than allowed."""
    from ..models import Answer, QuestionOption

    taken = (select(QuestionOption.id, QuestionOption.capacity, func.count(Answer.id))
             .join(Answer, Answer.option_id == QuestionOption.id)
             .join(Registration, Registration.id == Answer.registration_id)
             .where(QuestionOption.capacity.is_not(None), Registration.status != RegistrationStatus.CANCELLED)
             .group_by(QuestionOption.id, QuestionOption.capacity))
    return [f"question option {option_id}: chosen {count} times, limit {limit}"
            for option_id, limit, count in db.session.execute(taken) if count > limit]
