"""What participants change themselves through their personal link: their own details (a new
address only once confirmed from it), and handing their place to a colleague.

Both are allowed until the event's change deadline (the end of registration), like changing
workshops. Neither moves a seat: a transfer keeps the registration, its seats, days and waiting
places, and gives it to the new person with a new personal link, reference and badge code; the
old link stops working with the commit. Every change is in the audit log, as the participant's.
"""
from __future__ import annotations

import hmac
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from .. import cantons
from ..extensions import db
from ..i18n import LANGUAGES, _l
from .. import signals
from ..models import (BookingStatus, MailStatus, OutgoingMail, Registration, RegistrationStatus, Workshop,
                      utcnow)
from . import audit, capacity, mail_queue, tokens
from .attendee_changes import EmailInUse
from .errors import DomainError, LinkReplaced, RegistrationCancelled, RegistrationClosed
from .registration import ParticipantDetails, active_registration, normalize_email, personal_token

# The details a participant changes on the personal page (the address goes its own way).
OWN_DETAILS = ("first_name", "last_name", "organisation", "function", "institution_type", "canton",
               "language", "phone", "dietary", "accessibility_needs", "remarks", "list_consent",
               "photo_consent")
# How long the link that confirms a new address works.
EMAIL_CHANGE_DAYS = 7


class TransfersOff(DomainError):
    message = _l("The organizers of this event do not allow passing a place to someone else. "
                 "Please write to them.")


class AlreadyRegisteredColleague(DomainError):
    message = _l("This person is already registered for this event.")


class OwnAddress(DomainError):
    message = _l("This is your own address. Please enter the address of the person who takes your place.")


class NotWaiting(DomainError):
    message = _l("You are not on this waiting list (any more).")


class OnlyWorkshopInSlot(DomainError):
    message = _l("This waiting list is your only choice in this time slot. Please choose another workshop "
                 "first.")


class EmailChangeInvalid(DomainError):
    message = _l("This confirmation link is no longer valid. Please ask for the change again on your "
                 "personal page.")


def check_changeable(registration: Registration, now: datetime) -> None:
    """Until the change deadline, and never once cancelled."""
    if registration.status is RegistrationStatus.CANCELLED:
        raise RegistrationCancelled()
    if not registration.event.registration_open_at(now):
        raise RegistrationClosed()


def _hold(registration: Registration) -> None:
    """Lock the registration (after its event) and make sure its link is still the one used."""
    link = registration.manage_token_hash
    capacity.lock_event(registration.event_id)
    capacity.lock_registration(registration)
    if registration.manage_token_hash != link:
        raise LinkReplaced()
    if registration.status is RegistrationStatus.CANCELLED:
        raise RegistrationCancelled()


def _check_codes(values) -> None:
    """The form checks these too; the service does not trust its callers."""
    if values.institution_type not in cantons.INSTITUTION_TYPES:
        raise DomainError(field="institution_type")
    if values.canton not in cantons.REGIONS:
        raise DomainError(field="canton")
    if values.language not in LANGUAGES:
        raise DomainError(field="language")


@dataclass
class DetailsChange:
    changed: list[str] = field(default_factory=list)
    address_to_confirm: str | None = None  # a confirmation link was sent to this new address
    address_withdrawn: bool = False  # the new address asked for is no longer wanted

    def __bool__(self) -> bool:
        return bool(self.changed or self.address_to_confirm or self.address_withdrawn)


def change_details(registration: Registration, details: ParticipantDetails, *,
                   now: datetime | None = None) -> DetailsChange:
    """The participant corrects their details; a new address is only asked for (confirmed by a link
    sent to it, the old address is told). Returns what changed."""
    now = now or utcnow()
    check_changeable(registration, now)
    _check_codes(details)
    _hold(registration)
    check_changeable(registration, now)
    result = DetailsChange()
    changes = {}
    if details.canton != registration.canton:
        # The seat kernel decides: a confirmed person needs a place of the new canton (quotas).
        changes["canton"] = (registration.canton, details.canton)
        capacity.change_canton(registration.event, registration, details.canton)
    for name in OWN_DETAILS:
        new = getattr(details, name)
        if new != getattr(registration, name):
            changes[name] = (getattr(registration, name), new)
            setattr(registration, name, new)
    if "list_consent" in changes or "photo_consent" in changes:
        registration.consents_changed_at = now
    email = details.email.strip()
    if normalize_email(email) == registration.email_normalized:
        if email != registration.email:  # the same mailbox, written otherwise
            changes["email"] = (registration.email, email)
            registration.email = email
        if registration.pending_email:  # back to the current address: the request is withdrawn
            registration.pending_email = registration.email_change_salt = None
            registration.email_change_requested_at = None
            result.address_withdrawn = True
    elif normalize_email(email) != normalize_email(registration.pending_email or ""):
        _ask_for_address(registration, email, now)
        result.address_to_confirm = email
    if changes:
        registration.details_changed_at = now
        audit.record("registration.details_changed", actor=audit.PARTICIPANT, object_type="registration",
                     object_id=registration.id, event_id=registration.event_id,
                     reference=registration.reference, changes=audit.field_changes(changes))
    result.changed = list(changes)
    db.session.flush()
    return result


def _ask_for_address(registration: Registration, email: str, now: datetime) -> None:
    other = active_registration(registration.event_id, email)
    if other is not None and other.id != registration.id:
        raise EmailInUse(field="email")
    registration.pending_email = email
    registration.email_change_salt = tokens.new_token_salt()
    registration.email_change_requested_at = now
    mail_queue.queue_to(registration, mail_queue.EMAIL_CONFIRM, recipient=email, context={})
    mail_queue.queue_to(registration, mail_queue.EMAIL_CHANGE_NOTICE, recipient=registration.email,
                        context={"new_address": email})
    audit.record("registration.email_change_requested", actor=audit.PARTICIPANT, object_type="registration",
                 object_id=registration.id, event_id=registration.event_id, reference=registration.reference)


def email_change_code(registration: Registration) -> str | None:
    """The secret of the link that confirms the address asked for, if one is waiting."""
    if not (registration.pending_email and registration.email_change_salt):
        return None
    return tokens.email_change_code(current_app.config["SECRET_KEY"], registration.email_change_salt,
                                    normalize_email(registration.pending_email))


def find_email_change(reference: str, code: str, *, now: datetime | None = None) -> Registration | None:
    """The registration whose new address this link confirms, while the link is valid."""
    now = now or utcnow()
    if not reference or len(reference) > 20 or not code or len(code) > 100:
        return None
    registration = db.session.scalars(select(Registration).where(Registration.reference == reference)).first()
    expected = email_change_code(registration) if registration is not None else None
    if expected is None or not hmac.compare_digest(expected, code):
        return None
    if registration.email_change_requested_at + timedelta(days=EMAIL_CHANGE_DAYS) < now:
        return None
    if registration.status is RegistrationStatus.CANCELLED:
        return None
    return registration


def confirm_email_change(registration: Registration, code: str, *, now: datetime | None = None) -> str:
    """The new address was confirmed from its mailbox: it replaces the old one. Returns it."""
    now = now or utcnow()
    capacity.lock_event(registration.event_id)
    capacity.lock_registration(registration)
    expected = email_change_code(registration)
    if expected is None or not hmac.compare_digest(expected, code) or \
            registration.status is RegistrationStatus.CANCELLED:
        raise EmailChangeInvalid()
    email = registration.pending_email
    other = active_registration(registration.event_id, email)
    if other is not None and other.id != registration.id:
        raise EmailInUse()
    registration.email, registration.email_normalized = email, normalize_email(email)
    registration.pending_email = registration.email_change_salt = None
    registration.email_change_requested_at = None
    registration.details_changed_at = now
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise EmailInUse() from None
    audit.record("registration.details_changed", actor=audit.PARTICIPANT, object_type="registration",
                 object_id=registration.id, event_id=registration.event_id, reference=registration.reference,
                 changes=audit.field_changes({"email": (None, email)}))
    mail_queue.queue_registration_mail(registration, mail_queue.EMAIL_CHANGED)
    return email


@dataclass
class Colleague:
    """Who takes the place: what the registration form asks, less the optional details."""

    first_name: str
    last_name: str
    email: str
    organisation: str
    institution_type: str
    canton: str
    language: str
    function: str = ""


# What a transfer empties: the old person's own needs, remarks and consents are not the new one's.
_NOT_PASSED_ON = {"salutation": "", "phone": "", "dietary": "", "accessibility_needs": "", "remarks": "",
                  "list_consent": False, "photo_consent": False}


def transfer(registration: Registration, colleague: Colleague, *, now: datetime | None = None) -> str:
    """Give the place, with its seats, days and waiting places, to `colleague`.

    The old personal link, reference and badge code stop working at once; the new person gets a
    confirmation in their language with their own link, the old one a short notice. Returns the
    new personal link's secret.
    """
    now = now or utcnow()
    event = registration.event
    if not event.transfers_enabled:
        raise TransfersOff()
    check_changeable(registration, now)
    _check_codes(colleague)
    _hold(registration)
    check_changeable(registration, now)
    if not registration.event.transfers_enabled:
        raise TransfersOff()
    if normalize_email(colleague.email) == registration.email_normalized:
        raise OwnAddress(field="email")
    if active_registration(event.id, colleague.email) is not None:
        raise AlreadyRegisteredColleague(field="email")
    former = {"name": registration.full_name, "email": registration.email, "language": registration.language,
              "reference": registration.reference}

    # The mails so far were the old person's: unsent ones are withdrawn, and none stays linked to
    # the registration (the new person's data page must not show them).
    db.session.execute(update(OutgoingMail)
                       .where(OutgoingMail.registration_id == registration.id,
                              OutgoingMail.status == MailStatus.QUEUED)
                       .values(status=MailStatus.CANCELLED))
    db.session.execute(update(OutgoingMail).where(OutgoingMail.registration_id == registration.id)
                       .values(registration_id=None))
    if colleague.canton != registration.canton:  # a place of the colleague's canton (quotas)
        capacity.change_canton(event, registration, colleague.canton)
    for name in (f.name for f in fields(Colleague)):
        setattr(registration, name, getattr(colleague, name))
    for name, value in _NOT_PASSED_ON.items():
        setattr(registration, name, value)
    registration.email_normalized = normalize_email(colleague.email)
    registration.pending_email = registration.email_change_salt = None
    registration.email_change_requested_at = None
    registration.privacy_version_accepted, registration.privacy_accepted_at = event.privacy_version, now
    registration.consents_changed_at = None
    registration.submission_key = None
    registration.reference = tokens.new_reference()
    registration.checkin_code = tokens.new_checkin_code()
    registration.manage_token_salt = tokens.new_token_salt()
    registration.manage_token_hash = tokens.hash_token(personal_token(registration))
    registration.transferred_at = registration.details_changed_at = now
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise AlreadyRegisteredColleague(field="email") from None
    audit.record("registration.transferred", actor=audit.PARTICIPANT, object_type="registration",
                 object_id=registration.id, event_id=event.id, reference=registration.reference,
                 former_reference=former["reference"])
    kind = (mail_queue.WAITLISTED if registration.status is RegistrationStatus.WAITLISTED
            else mail_queue.PREFERENCES if registration.preferences else mail_queue.CONFIRMED)
    mail_queue.queue_registration_mail(registration, kind, transferred=True)
    mail_queue.queue_transfer_notice(event, former["email"], former["language"], former["name"])
    return personal_token(registration)


def waiting_booking(registration: Registration, workshop_id: int):
    """The person's place on the waiting list of the workshop, if they have one."""
    return next((booking for booking in registration.active_bookings
                 if booking.workshop_id == workshop_id and booking.status is BookingStatus.WAITLISTED), None)


def leave_waiting_list(registration: Registration, workshop_id: int, *,
                       now: datetime | None = None) -> Workshop:
    """The person gives up their place on a workshop's waiting list: an explicit choice, confirmed
    on a page of its own (choosing another workshop never does it). A seat held in the slot stays;
    the only place in a slot that needs a choice cannot be left. Returns the workshop."""
    now = now or utcnow()
    check_changeable(registration, now)
    _hold(registration)
    booking = waiting_booking(registration, workshop_id)
    if booking is None:
        raise NotWaiting()
    slot = booking.workshop.slot
    capacity.lock_workshops([workshop_id])
    db.session.refresh(registration)
    booking = waiting_booking(registration, workshop_id)
    if booking is None:
        raise NotWaiting()
    if slot.requires_choice and registration.waiting_beside_seat(slot.id) is not booking:
        raise OnlyWorkshopInSlot()
    workshop = booking.workshop
    capacity.leave_waiting_list(booking)
    signals.registration_changed.send(registration, changes=[])
    return workshop
