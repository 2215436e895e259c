"""Data protection (nFADP): access and portability, erasure on request, retention.

Erasure keeps what statistics need and nothing that names a person: the canton, the type of
institution, the correspondence language, the dates and the status stay; names, contact details,
free texts, consents and every mail to the person go.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update

from ..extensions import db
from ..i18n import _l, language_locale
from ..models import (AllocationRun, Answer, Booking, Event, MailStatus, OutgoingMail, Registration,
                      RegistrationStatus, User, utcnow)
from . import accounts, audit, capacity, invitations, questions, tokens
from .registration import cancel

PURPOSES = (
    _l("Organising the event: admission, workshop seats, waiting lists, badges and check-in."),
    _l("Writing to you about your registration and the event."),
    _l("Counting participants by canton, institution and language, without names, "
       "for the report of the national CII office."),
)
RECIPIENTS = (
    _l("The national CII office and the organizers of the event."),
    _l("The cantonal CII coordinator of your canton (name, organisation, workshops)."),
    _l("The host canton and the venue (names on the participant list and badges; dietary and "
       "accessibility needs for catering and access)."),
    _l("The hosting provider of this application, in Switzerland."),
)


def erase_after(event: Event) -> datetime:
    """When the personal data of an event's registrations is erased at the latest."""
    return event.ends_at + timedelta(days=event.retention_days)


def personal_data(registration: Registration, *, now: datetime | None = None) -> dict:
    """Everything stored about the person, with purposes and retention (nFADP art. 25 and 28)."""
    event = registration.event
    mails = db.session.scalars(select(OutgoingMail).where(OutgoingMail.registration_id == registration.id)
                               .order_by(OutgoingMail.id)).all()
    return {
        "generated_at": _iso(now or utcnow()),
        "controller": {"name": str(_l("National CII office")), "contact": event.contact_email},
        "event": {"slug": event.slug, "title": str(event.title), "starts_at": _iso(event.starts_at),
                  "ends_at": _iso(event.ends_at)},
        "registration": {
            "reference": registration.reference, "status": registration.status.value,
            "salutation": registration.salutation, "first_name": registration.first_name,
            "last_name": registration.last_name, "email": registration.email,
            "email_waiting_for_confirmation": registration.pending_email, "phone": registration.phone,
            "organisation": registration.organisation, "function": registration.function,
            "institution_type": registration.institution_type, "canton": registration.canton,
            "correspondence_language": registration.language,
            "languages_followed": registration.understood_languages, "dietary": registration.dietary,
            "accessibility_needs": registration.accessibility_needs, "remarks": registration.remarks,
            "created_at": _iso(registration.created_at), "updated_at": _iso(registration.updated_at),
            "cancelled_at": _iso(registration.cancelled_at),
            "checked_in_at": _iso(registration.checked_in_at),
            "role": registration.role,
            "details_changed_at": _iso(registration.details_changed_at),
            "taken_over_at": _iso(registration.transferred_at),
        },
        "answers": _answers(registration),
        "consents": {
            "privacy_notice_version": registration.privacy_version_accepted,
            "privacy_notice_accepted_at": _iso(registration.privacy_accepted_at),
            "participant_list": registration.list_consent, "photos": registration.photo_consent,
            "changed_at": _iso(registration.consents_changed_at),
        },
        "days": [{"day": attendance.day.isoformat(), "checked_in_at": _iso(attendance.checked_in_at)}
                 for attendance in registration.attendances],
        "bookings": [{"workshop": booking.workshop.code, "title": str(booking.workshop.title),
                      "starts_at": _iso(booking.workshop.slot.starts_at), "status": booking.status.value,
                      "waiting_position": capacity.waiting_position(booking)}
                     for booking in registration.bookings_in_time_order],
        "workshop_preferences": [{"workshop": booking.workshop.code, "title": str(booking.workshop.title),
                                  "starts_at": _iso(booking.workshop.slot.starts_at),
                                  "rank": booking.preference_rank} for booking in registration.preferences],
        "mails": [{"kind": mail.kind, "subject": mail.subject, "recipient": mail.recipient,
                   "language": mail.language, "status": mail.status.value,
                   "queued_at": _iso(mail.created_at), "sent_at": _iso(mail.sent_at)} for mail in mails],
        "purposes": [str(purpose) for purpose in PURPOSES],
        "recipients": [str(recipient) for recipient in RECIPIENTS],
        "retention": {"days_after_event": event.retention_days, "erased_at_latest": _iso(erase_after(event))},
    }


def update_consents(registration: Registration, *, participant_list: bool, photos: bool,
                    now: datetime | None = None) -> bool:
    """Give or withdraw the optional consents; returns whether anything changed."""
    if (registration.list_consent, registration.photo_consent) == (participant_list, photos):
        return False
    registration.list_consent, registration.photo_consent = participant_list, photos
    registration.consents_changed_at = now or utcnow()
    audit.record("registration.consents_changed", actor=audit.PARTICIPANT, object_type="registration",
                 object_id=registration.id, event_id=registration.event_id,
                 participant_list=participant_list, photos=photos)
    db.session.flush()
    return True


def _answers(registration: Registration) -> list[dict]:
    with language_locale(registration.language):
        return [{"question": question.text_in(registration.language), "answer": text}
                for question, text in questions.answered(registration, registration.language)]


def erase(registration: Registration, *, actor: User | str = audit.PARTICIPANT, reason: str = "",
          now: datetime | None = None) -> None:
    """Erase the person's data; an active registration is cancelled first and its seats move on.

    actor: the participant (their personal link) or the organizer's account.
    """
    now = now or utcnow()
    if registration.erased_at is not None:
        return
    if registration.status is not RegistrationStatus.CANCELLED:
        cancel(registration, now=now, notify=False)
    invitations.erase_for_registration(registration)
    _forget(registration, now)
    _forget_in_allocation_runs(registration.event_id, {registration.id})
    audit.record("registration.erased", actor=actor, object_type="registration", object_id=registration.id,
                 event_id=registration.event_id, reason=reason)
    db.session.flush()


def _forget(registration: Registration, now: datetime) -> None:
    """Every copy of the person's data: the registration's fields and answers, its mails (also
    those addressed to it without a link to the registration), and what the audit log holds."""
    db.session.execute(delete(OutgoingMail).where(OutgoingMail.registration_id == registration.id))
    db.session.execute(delete(OutgoingMail).where(
        OutgoingMail.registration_id.is_(None), OutgoingMail.event_id == registration.event_id,
        func.lower(OutgoingMail.recipient) == registration.email_normalized))
    db.session.execute(update(Booking).where(Booking.registration_id == registration.id)
                       .values(preference_rank=None))
    # The answers to the event's own questions are personal data like the remarks.
    db.session.execute(delete(Answer).where(Answer.registration_id == registration.id))
    db.session.expire(registration, ["answers"])
    _anonymise(registration, now)
    audit.forget_registration(registration.id)


def _forget_in_allocation_runs(event_id: int, registration_ids: set[int]) -> None:
    """Allocation runs keep their statistics (counts), not the placements of erased people."""
    for allocation_run in db.session.scalars(select(AllocationRun).where(AllocationRun.event_id == event_id)):
        result = dict(allocation_run.result or {})
        slots = [{**slot, "placements": [placement for placement in slot.get("placements", [])
                                         if placement[0] not in registration_ids]}
                 for slot in result.get("slots", [])]
        if slots != result.get("slots", []):
            allocation_run.result = {**result, "slots": slots}


def _anonymise(registration: Registration, now: datetime) -> None:
    placeholder = f"erased-{registration.id}@invalid"
    for name in ("salutation", "first_name", "last_name", "phone", "organisation", "function",
                 "dietary", "accessibility_needs", "remarks"):
        setattr(registration, name, "")
    registration.email = registration.email_normalized = placeholder
    registration.list_consent = registration.photo_consent = False
    registration.understood_languages = None
    registration.pending_email = registration.email_change_salt = None
    # The personal link and the badge code stop working.
    registration.manage_token_salt = tokens.new_token_salt()
    registration.manage_token_hash = tokens.hash_token(tokens.new_token_salt())
    registration.checkin_code = tokens.new_checkin_code()
    registration.submission_key = None
    registration.erased_at = now


def anonymise_expired(*, now: datetime | None = None) -> dict:
    """The daily retention run: erase the data of events past their retention period,
    and empty delivered mails older than MAIL_RETENTION_DAYS."""
    now = now or utcnow()
    erased = 0
    for event in db.session.scalars(select(Event)).all():
        if erase_after(event) > now:
            continue
        pending = db.session.scalars(select(Registration).where(Registration.event_id == event.id,
                                                                Registration.erased_at.is_(None))).all()
        for registration in pending:
            _forget(registration, now)
        invitations.erase_for_event(event)
        if pending:
            _forget_in_allocation_runs(event.id, {registration.id for registration in pending})
            audit.forget_event(event.id)  # exports and messages of the event too
            audit.record("event.retention_ended", actor=audit.SYSTEM, object_type="event", object_id=event.id,
                         event_id=event.id, erased=len(pending))
            erased += len(pending)
    cutoff = now - timedelta(days=current_app.config["MAIL_RETENTION_DAYS"])
    purged = db.session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.status.in_([MailStatus.SENT, MailStatus.FAILED, MailStatus.BOUNCED,
                                        MailStatus.CANCELLED]),
               OutgoingMail.created_at < cutoff, OutgoingMail.recipient != "")
        .values(body_text="", body_html="", attachments=[], recipient="", subject="", context=None)).rowcount
    accounts.forget_old_throttles(now)
    accounts.forget_old_sessions(now)
    db.session.flush()
    return {"registrations_erased": erased, "mails_purged": purged}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
