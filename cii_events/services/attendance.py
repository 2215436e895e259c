"""Attendance per day: who comes on which day of an event, and the seats the required slots lack.

A registration attends the days of its `attendances` (every day of an event that lets nobody
choose). A required slot (one workshop must be chosen) of a day is short of seats when its
workshops offer fewer seats in all than the confirmed people attending that day: some of them
will have no seat. The organizers see it on the dashboard, the programme page, the attendee list
("no seat in slot X") and at check-in.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, exists, func, select

from ..extensions import db
from ..models import (Attendance, Booking, BookingStatus, Event, Registration, RegistrationStatus, Slot,
                      Workshop, local_day)


def attends(day: date):
    """SQL condition: the registration attends `day`, with a place (not on the day's waiting list)."""
    return exists().where(Attendance.registration_id == Registration.id, Attendance.day == day,
                          Attendance.waitlist_ticket.is_(None))


def without_seat(slot: Slot):
    """SQL condition: the registration attends the slot's day and holds no seat in it."""
    seated = exists().where(Booking.registration_id == Registration.id,
                            Booking.status == BookingStatus.CONFIRMED,
                            Booking.workshop_id.in_(select(Workshop.id).where(Workshop.slot_id == slot.id)))
    return and_(attends(slot.day), ~seated)


def confirmed_per_day(event: Event, condition=None) -> dict[date, int]:
    """Confirmed registrations with a place on each day of the event (0 for a day nobody attends)."""
    query = (select(Attendance.day, func.count()).join(Attendance.registration)
             .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
                    Attendance.waitlist_ticket.is_(None))
             .group_by(Attendance.day))
    if condition is not None:
        query = query.where(condition)
    counts = dict.fromkeys(event.days, 0)
    counts.update({day: count for day, count in db.session.execute(query) if day in counts})
    return counts


def waiting_per_day(event: Event) -> dict[date, int]:
    """People on each day's waiting list (days with places of their own)."""
    query = (select(Attendance.day, func.count()).join(Attendance.registration)
             .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
                    Attendance.waitlist_ticket.is_not(None))
             .group_by(Attendance.day))
    return dict(db.session.execute(query).all())


def waiting_position(attendance: Attendance) -> int | None:
    """1 for the first person waiting for the day; None with a place."""
    if attendance.waitlist_ticket is None:
        return None
    ahead = (select(func.count()).select_from(Attendance).join(Attendance.registration)
             .where(Registration.event_id == attendance.registration.event_id,
                    Attendance.day == attendance.day,
                    Registration.status == RegistrationStatus.CONFIRMED,
                    Attendance.waitlist_ticket < attendance.waitlist_ticket))
    return db.session.scalar(ahead) + 1


@dataclass
class Shortfall:
    """A required slot with fewer seats than the people confirmed for its day."""

    slot: Slot
    seats: int  # in all the slot's workshops
    expected: int  # confirmed people attending the slot's day
    without_seat: int  # of them, those who hold no seat in the slot now

    @property
    def missing(self) -> int:
        return self.expected - self.seats


def shortfalls(event: Event) -> list[Shortfall]:
    """The required slots short of seats, in programme order (a workshop without a limit never is)."""
    expected = confirmed_per_day(event)
    found = []
    for slot in event.slots:
        if not slot.requires_choice or any(w.capacity is None for w in slot.workshops):
            continue
        seats = sum(w.capacity for w in slot.workshops)
        if seats < expected.get(slot.day, 0):
            found.append(Shortfall(slot, seats, expected[slot.day], count_without_seat(event, slot)))
    return found


def count_without_seat(event: Event, slot: Slot) -> int:
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
        without_seat(slot)))


def seatless_slots(registration: Registration, day: date) -> list[Slot]:
    """The required slots of `day` in which the registration, attending that day, holds no seat."""
    if registration.status is not RegistrationStatus.CONFIRMED or not registration.has_place_on(day):
        return []
    seated = {booking.workshop.slot_id for booking in registration.active_bookings
              if booking.status is BookingStatus.CONFIRMED}
    return [slot for slot in registration.event.slots_on([day])
            if slot.requires_choice and slot.id not in seated]


def current_day(event: Event, now: datetime) -> date:
    """The day of the event the desk works on: today in Switzerland, or the nearest day of the
    event before its first and after its last day."""
    today, days = local_day(now), event.days
    if today in days:
        return today
    return days[0] if today < days[0] else days[-1]
