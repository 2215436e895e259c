"""Check-in at the door: a scanned badge code (or the reference, typed) marks a person present.

Only confirmed registrations of this very event are checked in; everything else is answered with
what it is (cancelled, waiting list, another event's badge, not a code at all) and changes nothing.
Every scan, refused ones included, and every undo goes into the audit log.

Check-in is per day: the desk works on the event's current day (services.attendance.current_day);
scanning on day 2 records day 2, a person who does not attend that day is told so, and present /
expected is counted per day. `Registration.checked_in_at` keeps the first check-in at the event.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Attendance, Booking, BookingStatus, Event, Registration, RegistrationStatus, User, utcnow
from . import attendance, audit

# Check-in codes are URL-safe base64 (16 characters), references 8 letters and digits: anything
# else is no code of ours and never reaches the database (PostgreSQL refuses NUL bytes, for one).
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
SEARCH_LIMIT = 20
_REFERENCE = re.compile(r"^[A-Z0-9]{4}-?[A-Z0-9]{4}$")


class Outcome(enum.Enum):
    CHECKED_IN = "checked_in"
    ALREADY = "already"  # checked in before: the time is shown
    CANCELLED = "cancelled"
    WAITING = "waiting"  # on the event's waiting list: no place
    OTHER_DAY = "other_day"  # registered for other days of the event only
    OTHER_EVENT = "other_event"
    UNKNOWN = "unknown"  # not a code of ours
    UNDONE = "undone"

    @property
    def admitted(self) -> bool:
        return self in (Outcome.CHECKED_IN, Outcome.ALREADY)


@dataclass
class ScanResult:
    outcome: Outcome
    registration: Registration | None = None  # None for unknown codes and other events' badges
    checked_in_at: datetime | None = None
    workshops: list = field(default_factory=list)
    # The required slots of the day in which the person holds no seat: the desk must say so.
    seatless: list = field(default_factory=list)
    day: date | None = None  # the day of the event the check-in is for


@dataclass(frozen=True)
class Counts:
    present: int
    expected: int
    day: date | None = None


def _find(code: str) -> Registration | None:
    """The registration a scanned check-in code, or a typed reference ("ABCD-EFGH"), belongs to."""
    registration = db.session.scalars(select(Registration).where(Registration.checkin_code == code)).first()
    if registration is None and _REFERENCE.match(code.upper()):
        reference = code.upper().replace("-", "")
        registration = db.session.scalars(
            select(Registration).where(Registration.reference == reference)).first()
    return registration


def scan(event: Event, raw_code: str, *, actor: User | None) -> ScanResult:
    """What the door does with one scanned (or typed) code."""
    code = (raw_code or "").strip()
    registration = _find(code) if _CODE.match(code) else None
    if registration is None:
        audit.record("checkin.refused", actor=actor, object_type="event", object_id=event.id,
                     event_id=event.id, outcome=Outcome.UNKNOWN.value, length=len(code))
        return ScanResult(Outcome.UNKNOWN)
    if registration.event_id != event.id:
        # The badge of another event: say so, and show nothing of a person this desk does not serve.
        audit.record("checkin.refused", actor=actor, object_type="registration", object_id=registration.id,
                     event_id=event.id, outcome=Outcome.OTHER_EVENT.value)
        return ScanResult(Outcome.OTHER_EVENT)
    return check_in(event, registration, actor=actor)


def check_in(event: Event, registration: Registration, *, actor: User | None,
             now: datetime | None = None) -> ScanResult:
    """Mark a registration of this event present on the current day of the event, unless it has
    no place or does not attend that day (then say why)."""
    assert registration.event_id == event.id
    now = now or utcnow()
    day = attendance.current_day(event, now)
    refused = {RegistrationStatus.CANCELLED: Outcome.CANCELLED,
               RegistrationStatus.WAITLISTED: Outcome.WAITING}.get(registration.status)
    if registration.erased_at is not None:
        refused = Outcome.CANCELLED
    elif refused is None and not registration.has_place_on(day):
        refused = Outcome.OTHER_DAY
    if refused:
        audit.record("checkin.refused", actor=actor, object_type="registration", object_id=registration.id,
                     event_id=event.id, outcome=refused.value, day=day.isoformat())
        return _result(refused, registration, day)
    # A conditional update: two doors scanning the same badge at once check it in once.
    changed = db.session.execute(
        update(Attendance)
        .where(Attendance.registration_id == registration.id, Attendance.day == day,
               Attendance.checked_in_at.is_(None),
               select(Registration.id).where(Registration.id == registration.id,
                                             Registration.status == RegistrationStatus.CONFIRMED).exists())
        .values(checked_in_at=now)
        .execution_options(synchronize_session=False)).rowcount
    if changed:
        db.session.execute(update(Registration)
                           .where(Registration.id == registration.id, Registration.checked_in_at.is_(None))
                           .values(checked_in_at=now).execution_options(synchronize_session=False))
    db.session.refresh(registration)
    for row in registration.attendances:
        db.session.refresh(row)
    checked_in_at = registration.attendance_on(day).checked_in_at
    if not changed:
        audit.record("checkin.repeated", actor=actor, object_type="registration", object_id=registration.id,
                     event_id=event.id, checked_in_at=checked_in_at, day=day.isoformat())
        return _result(Outcome.ALREADY, registration, day)
    audit.record("checkin.done", actor=actor, object_type="registration", object_id=registration.id,
                 event_id=event.id, checked_in_at=checked_in_at, day=day.isoformat())
    return _result(Outcome.CHECKED_IN, registration, day)


def undo(event: Event, registration: Registration, *, actor: User | None,
         now: datetime | None = None) -> ScanResult:
    """Take the check-in of the current day back (scanned by mistake, or the person left before
    the start); the first check-in at the event becomes the earliest one left."""
    assert registration.event_id == event.id
    day = attendance.current_day(event, now or utcnow())
    row = registration.attendance_on(day)
    previous = row.checked_in_at if row is not None else None
    if previous is not None:
        row.checked_in_at = None
        left = [other.checked_in_at for other in registration.attendances if other.checked_in_at is not None]
        registration.checked_in_at = min(left) if left else None
        audit.record("checkin.undone", actor=actor, object_type="registration", object_id=registration.id,
                     event_id=event.id, checked_in_at=previous, day=day.isoformat())
        db.session.flush()
    return _result(Outcome.UNDONE, registration, day)


def _result(outcome: Outcome, registration: Registration, day: date) -> ScanResult:
    workshops = [booking.workshop for booking in registration.bookings
                 if booking.status is BookingStatus.CONFIRMED and booking.workshop.slot.day == day]
    workshops.sort(key=lambda workshop: (workshop.slot.starts_at, workshop.code))
    row = registration.attendance_on(day)
    seatless = attendance.seatless_slots(registration, day) if outcome.admitted else []
    return ScanResult(outcome, registration, row.checked_in_at if row is not None else None, workshops,
                      seatless, day)


def registration_of(event: Event, registration_id: int) -> Registration | None:
    registration = db.session.get(Registration, registration_id)
    return registration if registration is not None and registration.event_id == event.id else None


def counts(event: Event, day: date | None = None) -> Counts:
    """Present / expected on a day (the current day of the event): confirmed registrations
    attending that day checked in on it, and all of them."""
    day = day or attendance.current_day(event, utcnow())
    return next(figures for figures in counts_per_day(event) if figures.day == day)


def counts_per_day(event: Event) -> list[Counts]:
    """Present / expected for each day of the event, in one query."""
    rows = db.session.execute(
        select(Attendance.day, func.count(Attendance.id), func.count(Attendance.checked_in_at))
        .join(Attendance.registration)
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
               Registration.erased_at.is_(None), Attendance.waitlist_ticket.is_(None))
        .group_by(Attendance.day))
    found = {day: (expected, present) for day, expected, present in rows}
    return [Counts(present=found.get(day, (0, 0))[1], expected=found.get(day, (0, 0))[0], day=day)
            for day in event.days]


def search(event: Event, query: str, limit: int = SEARCH_LIMIT) -> list[Registration]:
    """Registrations of the event whose name (or organisation) contains every word typed."""
    words = [word for word in query.split() if word][:5]
    if not words:
        return []
    statement = (select(Registration)
                 .where(Registration.event_id == event.id, Registration.erased_at.is_(None))
                 .options(selectinload(Registration.bookings).selectinload(Booking.workshop))
                 .order_by(Registration.last_name, Registration.first_name, Registration.id).limit(limit))
    for word in words:
        escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        statement = statement.where(or_(
            func.lower(Registration.first_name).like(pattern, escape="\\"),
            func.lower(Registration.last_name).like(pattern, escape="\\"),
            func.lower(Registration.organisation).like(pattern, escape="\\")))
    return list(db.session.scalars(statement))
