"""What organizers do to one registration: correct details, move between workshops, cancel,
promote from a waiting list. Seat rules as everywhere: lock the event, then the workshops by id.

Where an organizer overrides a full workshop or event, its capacity grows by the one place given,
so that the counters and `cii-events check` stay right, and the reason is kept in the audit log.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from .. import cantons, signals
from ..extensions import db
from ..i18n import LANGUAGES, _, _l
from ..models import Booking, BookingStatus, Registration, RegistrationStatus, User, Workshop, utcnow
from . import audit, capacity, registration as registrations
from .errors import DomainError, RegistrationCancelled, SlotDayNotAttended
from .registration import WorkshopChange

EDITABLE_FIELDS = ("salutation", "first_name", "last_name", "email", "phone", "organisation", "function",
                   "institution_type", "canton", "language", "dietary", "accessibility_needs", "remarks",
                   "list_consent", "photo_consent")


class ChangeRefused(DomainError):
    message = _l("This change is not possible.")


class EmailInUse(ChangeRefused):
    message = _l("Another active registration for this event already uses this email address.")


class ReasonRequired(ChangeRefused):
    message = _l("Please give a reason: it is kept in the audit log.")


class NotWaiting(ChangeRefused):
    message = _l("This person is no longer on a waiting list.")


class WorkshopFullForOrganizer(ChangeRefused):
    def __init__(self, workshop: Workshop, *, field: str | None = None):
        super().__init__(_("%(workshop)s is full. Choose another workshop, or override the capacity and "
                           "give a reason.", workshop=f"{workshop.code} {workshop.title.get_text()}".strip()),
                         field=field)


def edit_details(registration: Registration, values: dict, *, actor: User) -> list[str]:
    """Correct a person's details; returns the names of the fields that changed."""
    if values.get("canton") not in cantons.REGIONS or values.get("language") not in LANGUAGES:
        raise ChangeRefused()
    if values.get("institution_type") not in cantons.INSTITUTION_TYPES:
        raise ChangeRefused(field="institution_type")
    email = values.get("email", registration.email)
    if (registrations.normalize_email(email) != registration.email_normalized
            and registration.status is not RegistrationStatus.CANCELLED):
        other = registrations.active_registration(registration.event_id, email)
        if other is not None and other.id != registration.id:
            raise EmailInUse(field="email")
    changes = {}
    canton = values.get("canton", registration.canton)
    if canton != registration.canton and registration.status is not RegistrationStatus.CANCELLED:
        # The seat kernel decides: a confirmed person needs a place of the new canton.
        changes["canton"] = (registration.canton, canton)
        capacity.change_canton(capacity.lock_event(registration.event_id), registration, canton)
    for name in EDITABLE_FIELDS:
        if name in values and values[name] != getattr(registration, name):
            changes[name] = (getattr(registration, name), values[name])
            setattr(registration, name, values[name])
    if not changes:
        return []
    if "email" in changes:
        registration.email_normalized = registrations.normalize_email(registration.email)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise EmailInUse(field="email") from None
    audit.record("registration.edited", actor=actor, object_type="registration", object_id=registration.id,
                 event_id=registration.event_id, reference=registration.reference,
                 changes=audit.field_changes(changes))
    return list(changes)


@dataclass
class MoveResult:
    change: WorkshopChange
    overridden: bool
    promoted: Booking | None


def move(registration: Registration, slot_id: int, workshop_id: int | None, *, actor: User,
         override_reason: str = "") -> MoveResult | None:
    """Put the person into another workshop of the slot (or none, in an optional slot).

    A full workshop refuses, unless the organizer overrides its capacity with a reason.
    """
    event = capacity.lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.status is RegistrationStatus.CANCELLED:
        raise RegistrationCancelled()
    slot = next((s for s in event.choice_slots if s.id == slot_id), None)
    if slot is None or (workshop_id is None and slot.requires_choice):
        raise ChangeRefused(field="workshop")
    target = next((w for w in slot.workshops if w.id == workshop_id), None)
    if workshop_id is not None and target is None:
        raise ChangeRefused(field="workshop")
    if target is not None and not registration.attends(slot.day):
        raise SlotDayNotAttended(_("This person does not attend the day of this programme slot."),
                                 field="workshop")
    current = registration.booking_for_slot(slot.id)
    old_workshop = current.workshop if current else None
    if (old_workshop.id if old_workshop else None) == workshop_id:
        return None
    involved = [w for w in (old_workshop.id if old_workshop else None, workshop_id) if w is not None]
    workshops = capacity.lock_workshops(involved)
    overridden = False
    waiting = registration.waiting_in_slot(slot.id)
    if (target is not None and waiting is not None and waiting is not current
            and waiting.workshop_id == target.id):
        capacity.leave_waiting_list(waiting)  # the place waited for is given now instead
    if target is not None:
        booking = Booking(workshop=workshops[target.id], created_at=utcnow())
        registration.bookings.append(booking)
        if registrations.seated_on_top(registration):  # a speaker's seat: on top of the others
            capacity.seat_extra(booking, workshops[target.id])
        else:
            overridden = _seat_for_organizer(registration, booking, workshops[target.id], override_reason)
    promoted = None
    if current is not None and registrations.seated_on_top(registration):
        capacity.leave_extra_seat(current, workshops[current.workshop_id])
        registration.bookings.remove(current)
    elif current is not None:
        promoted = capacity.vacate(current, workshops[current.workshop_id])
        registration.bookings.remove(current)
    db.session.flush()
    change = WorkshopChange(slot, old_workshop, workshops.get(workshop_id))
    signals.registration_changed.send(registration, changes=[change])
    audit.record("registration.moved", actor=actor, object_type="registration", object_id=registration.id,
                 event_id=event.id, reference=registration.reference,
                 **{"from": change.old.code if change.old else None,
                    "to": change.new.code if change.new else None},
                 override=overridden, reason=override_reason.strip() or None,
                 promoted=promoted.registration.reference if promoted else None)
    return MoveResult(change, overridden, promoted)


def _seat_for_organizer(registration, booking, workshop: Workshop, reason: str) -> bool:
    """Seat the new booking; True when the capacity had to be raised by one to do so."""
    if (registration.status is RegistrationStatus.WAITLISTED
            or capacity.waits_for_day(registration, workshop.slot.day)):
        capacity.place(booking, registration, registration.event)  # seated once admitted (to the day)
        return False
    if not workshop.is_full:
        capacity.seat(booking, workshop, waitlist=False)
        return False
    if not (reason or "").strip():
        raise WorkshopFullForOrganizer(workshop, field="workshop")
    capacity.seat_over_capacity(booking, workshop)
    return True


def cancel(registration: Registration, *, actor: User, reason: str = "") -> None:
    """Cancel on the person's behalf; their seats go to the people waiting, who are told."""
    registrations.cancel(registration)
    audit.record("registration.cancelled", actor=actor, object_type="registration",
                 object_id=registration.id, event_id=registration.event_id,
                 reference=registration.reference, reason=reason.strip() or None)


def send_personal_link(registration: Registration, *, actor: User) -> None:
    """Mail the person their personal link again (lost mail, new phone): in their language."""
    from .mail import LINK, queue_registration_mail

    if registration.status is RegistrationStatus.CANCELLED:
        raise RegistrationCancelled()
    queue_registration_mail(registration, LINK)
    audit.record("registration.link_sent", actor=actor, object_type="registration", object_id=registration.id,
                 event_id=registration.event_id, reference=registration.reference)


def promote_booking(booking: Booking, *, actor: User, reason: str) -> bool:
    """Give a waiting person a seat in the workshop now, ahead of the order if need be.

    Returns True when the workshop was full and its capacity grew by one for it.
    """
    if not reason.strip():
        raise ReasonRequired(field="reason")
    registration = booking.registration
    capacity.lock_event(registration.event_id)
    workshop = capacity.lock_workshops([booking.workshop_id])[booking.workshop_id]
    db.session.refresh(booking)
    db.session.refresh(registration)
    if (booking.status is not BookingStatus.WAITLISTED
            or registration.status is not RegistrationStatus.CONFIRMED):
        raise NotWaiting()
    before = workshop.capacity
    overridden = capacity.promote_now(booking, workshop)
    audit.record("booking.promoted", actor=actor, object_type="registration", object_id=registration.id,
                 event_id=registration.event_id, reference=registration.reference, workshop=workshop.code,
                 capacity={"from": before, "to": workshop.capacity}, reason=reason.strip())
    return overridden


def admit(registration: Registration, *, actor: User, reason: str) -> bool:
    """Take a person off the event's waiting list now; their requested workshops are seated.

    Returns True when the event was full and its capacity grew by one for it.
    """
    if not reason.strip():
        raise ReasonRequired(field="reason")
    event = capacity.lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.status is not RegistrationStatus.WAITLISTED:
        raise NotWaiting()
    before = event.capacity
    overridden = capacity.admit_over_capacity(event, registration)
    audit.record("registration.admitted", actor=actor, object_type="registration",
                 object_id=registration.id, event_id=event.id, reference=registration.reference,
                 capacity={"from": before, "to": event.capacity}, reason=reason.strip())
    return overridden
