"""Check-in at the door: a scanned badge code (or the reference, typed) marks a person present.

Only confirmed registrations of this very event are checked in; everything else is answered with
what it is (cancelled, waiting list, another event's badge, not a code at all) and changes nothing.
Every scan, refused ones included, and every undo goes into the audit log.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Booking, BookingStatus, Event, Registration, RegistrationStatus, User, utcnow
from . import audit

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


@dataclass(frozen=True)
class Counts:
    present: int
    expected: int


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


def check_in(event: Event, registration: Registration, *, actor: User | None) -> ScanResult:
    """Mark a registration of this event present, unless it has no place (then say why)."""
    assert registration.event_id == event.id
    refused = {RegistrationStatus.CANCELLED: Outcome.CANCELLED,
               RegistrationStatus.WAITLISTED: Outcome.WAITING}.get(registration.status)
    if registration.erased_at is not None:
        refused = Outcome.CANCELLED
    if refused:
        audit.record("checkin.refused", actor=actor, object_type="registration", object_id=registration.id,
                     event_id=event.id, outcome=refused.value)
        return _result(refused, registration)
    # A conditional update: two doors scanning the same badge at once check it in once.
    now = utcnow()
    changed = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.checked_in_at.is_(None),
               Registration.status == RegistrationStatus.CONFIRMED)
        .values(checked_in_at=now)
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(registration)
    if not changed:
        audit.record("checkin.repeated", actor=actor, object_type="registration", object_id=registration.id,
                     event_id=event.id, checked_in_at=registration.checked_in_at)
        return _result(Outcome.ALREADY, registration)
    audit.record("checkin.done", actor=actor, object_type="registration", object_id=registration.id,
                 event_id=event.id, checked_in_at=registration.checked_in_at)
    return _result(Outcome.CHECKED_IN, registration)


def undo(event: Event, registration: Registration, *, actor: User | None) -> ScanResult:
    """Take a check-in back (scanned by mistake, or the person left before the start)."""
    assert registration.event_id == event.id
    previous = registration.checked_in_at
    if previous is not None:
        registration.checked_in_at = None
        audit.record("checkin.undone", actor=actor, object_type="registration", object_id=registration.id,
                     event_id=event.id, checked_in_at=previous)
        db.session.flush()
    return _result(Outcome.UNDONE, registration)


def _result(outcome: Outcome, registration: Registration) -> ScanResult:
    workshops = [booking.workshop for booking in registration.bookings
                 if booking.status is BookingStatus.CONFIRMED]
    workshops.sort(key=lambda workshop: (workshop.slot.starts_at, workshop.code))
    return ScanResult(outcome, registration, registration.checked_in_at, workshops)


def registration_of(event: Event, registration_id: int) -> Registration | None:
    registration = db.session.get(Registration, registration_id)
    return registration if registration is not None and registration.event_id == event.id else None


def counts(event: Event) -> Counts:
    """Present / expected: confirmed registrations checked in, and all confirmed ones."""
    expected, present = db.session.execute(
        select(func.count(Registration.id), func.count(Registration.checked_in_at))
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
               Registration.erased_at.is_(None))).one()
    return Counts(present=present, expected=expected)


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
