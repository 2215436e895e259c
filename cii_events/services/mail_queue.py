"""Queueing mail: the facts of a change written to the outbox, in the transaction of that change.

Nothing is rendered here (that is services.mail_render, in the recipient's language, on the first
delivery attempt) and nothing is sent (services.mail_delivery, after the commit). The ids of the
mails a session queued are kept in `session.info` until the commit, so that the request that made
them can try to deliver them once its response is on its way (see services.mail.init_app).
"""
from __future__ import annotations

from flask import current_app

from ..extensions import db
from ..models import OutgoingMail, Registration, utcnow
from .capacity import event_waiting_position, waiting_position, waits_for_canton
from .outbox_rows import (CONFIRMED, QUEUED_IDS, mail_domain, message_id, outbox_values,  # noqa: F401
                          remember_for_delivery)
from .registration import active_registration

# Kinds of mail, each with templates mail/<kind>.txt, mail/<kind>.html and mail/<kind>.subject.txt.
WAITLISTED = "waitlisted"
PROMOTED = "promoted"
CHANGED = "changed"
CANCELLED = "cancelled"
EVENT_CANCELLED = "event_cancelled"  # the organizers called the whole event off
LINK = "link"  # "send me my link again"
PREFERENCES = "preferences"  # preferences mode: the ranking received (or changed)
MESSAGE = "message"  # written by the organizers
CERTIFICATE = "certificate"  # attendance certificate, PDF attached
REMINDER = "reminder"  # a few days before the event, to every confirmed participant
INVITATION = "invitation"  # to an invitation-only event, with the personal invitation link
INVITATION_REMINDER = "invitation_reminder"  # to invitees who have not answered
# Self-service (services.self_service).
EMAIL_CONFIRM = "email_confirm"  # to a new address: the link that confirms it
EMAIL_CHANGE_NOTICE = "email_change_notice"  # to the old address: a new one was asked for
EMAIL_CHANGED = "email_changed"  # to the new address, once confirmed: it is now the registration's
TRANSFERRED = "transferred"  # to the person who passed their place to a colleague

KINDS = (CONFIRMED, WAITLISTED, PROMOTED, CHANGED, CANCELLED, EVENT_CANCELLED, LINK, PREFERENCES, MESSAGE,
         CERTIFICATE, REMINDER, INVITATION, INVITATION_REMINDER, EMAIL_CONFIRM, EMAIL_CHANGE_NOTICE,
         EMAIL_CHANGED, TRANSFERRED)


def queue_registration_mail(registration: Registration, kind: str, *, promoted_workshop=None,
                            admitted: bool = False, withdrawn_slots=(), withdrawn_days=(),
                            allocated: bool = False, admitted_day=None,
                            preferences_changed: bool = False, promoted_others: int | None = None,
                            transferred: bool = False, released_workshop=None) -> OutgoingMail:
    """Add a mail about `registration` to the outbox, with the facts it reports as of now.

    `allocated`: the seats come from the published allocation (preferences mode).
    `promoted_others`: how many people moved up because of this change (a cancellation), when known.

    Only the facts are written here, inside the transaction of the change (statuses, waiting
    positions): cheap, so that the rows locked for the change are released quickly. The mail is
    rendered from them in the recipient's language by the first delivery attempt.
    """
    facts = {
        "bookings": [{"workshop_id": booking.workshop_id, "status": booking.status.value,
                      "position": waiting_position(booking), "rank": booking.preference_rank}
                     for booking in registration.bookings_in_time_order],
        "preferences": [{"workshop_id": booking.workshop_id, "rank": booking.preference_rank}
                        for booking in registration.preferences],
        "allocated": allocated,
        "preferences_changed": preferences_changed,
        "event_position": event_waiting_position(registration),
        "canton_wait": waits_for_canton(registration),
        "promoted_workshop_id": promoted_workshop.id if promoted_workshop is not None else None,
        "admitted": admitted,
        "withdrawn_slot_ids": [slot.id for slot in withdrawn_slots],
        "days": [day.isoformat() for day in registration.days],
        "withdrawn_days": [day.isoformat() for day in withdrawn_days],
        "waiting_days": days_waiting(registration),
    }
    if admitted_day is not None:
        facts["admitted_day"] = admitted_day.isoformat()
    if promoted_others is not None:
        facts["promoted_others"] = promoted_others
    if transferred:  # a colleague passed their place to the recipient
        facts["transferred"] = True
    if released_workshop is not None:  # moved from this workshop's seat to the one waited for
        facts["released_workshop_id"] = released_workshop.id
    return queue(kind=kind, registration=registration, context=facts)


def queue_custom_message(registration: Registration, subject: str, body_text: str, *,
                         kind: str = MESSAGE, actor=None, list_id: str | None = None) -> OutgoingMail:
    """A message written by the organizers, already in the recipient's language."""
    context = {"subject": subject, "message": body_text}
    if list_id:
        context["list_id"] = list_id
    return queue(kind=kind, registration=registration, context=context)


def queue_certificate_mail(registration: Registration) -> OutgoingMail:
    """The attendance certificate, rendered (PDF included) in the recipient's language on delivery."""
    return queue(kind=CERTIFICATE, registration=registration, context={"certificate": True})


def queue_event_cancelled(registration: Registration, reason=None) -> OutgoingMail:
    # The reason in every language written: the recipient's one is chosen when the mail is rendered.
    return queue(kind=EVENT_CANCELLED, registration=registration, context={"reason": dict(reason or {})})


def send_personal_link(event, email: str) -> None:
    """Mail the personal link of the active registration with this address, if there is one.

    The caller answers the same either way, so that nobody learns who is registered.
    """
    registration = active_registration(event.id, email)
    if registration is not None:
        queue_registration_mail(registration, LINK)


def queue(*, kind, registration, context) -> OutgoingMail:
    return _add(kind=kind, event=registration.event, recipient=registration.email,
                language=registration.language, context=context, registration=registration)


def queue_to(registration: Registration, kind: str, *, recipient: str, context: dict) -> OutgoingMail:
    """A mail about `registration` to another address than its own (an address being changed)."""
    return _add(kind=kind, event=registration.event, recipient=recipient, language=registration.language,
                context=context, registration=registration)


def queue_transfer_notice(event, recipient: str, language: str, name: str) -> OutgoingMail:
    """To the person who passed their place on: linked to no registration (it is no longer theirs)."""
    return _add(kind=TRANSFERRED, event=event, recipient=recipient, language=language,
                context={"former_name": name})


def queue_invitation_mail(invitation, kind: str) -> OutgoingMail:
    """The invitation (or a reminder of it), rendered in the invitee's language on delivery."""
    return _add(kind=kind, event=invitation.event, recipient=invitation.email, language=invitation.language,
                context={"invitation_id": invitation.id})


def _add(*, kind, event, recipient, language, context, registration=None) -> OutgoingMail:
    mail = OutgoingMail(
        kind=kind, registration=registration, event_id=event.id if event else None,
        recipient=recipient, language=language,
        sender=current_app.config["MAIL_DEFAULT_SENDER"], reply_to=(event.contact_email if event else ""),
        context=context, message_id=message_id(), next_attempt_at=utcnow())
    db.session.add(mail)
    db.session.flush()
    db.session().info.setdefault(QUEUED_IDS, []).append(mail.id)
    return mail


# Receivers of the domain signals: one mail per change, in the language of the person concerned.

def days_waiting(registration: Registration) -> dict[str, int]:
    """The days the person waits for, with their place in each day's waiting list."""
    from .attendance import waiting_position as day_position

    return {attendance.day.isoformat(): day_position(attendance) for attendance in registration.attendances
            if attendance.waitlist_ticket is not None}


def on_created(registration: Registration, mail_queued: bool = False, **_):
    if mail_queued:  # written with the registration (services.registration's short road)
        return
    if registration.status.value == "waitlisted":
        queue_registration_mail(registration, WAITLISTED)
    elif registration.preferences:
        queue_registration_mail(registration, PREFERENCES)
    else:
        queue_registration_mail(registration, CONFIRMED)


def on_changed(registration: Registration, changes=(), dropped_days=(), **_):
    withdrawn = [change.slot for change in changes if change.new is None]
    queue_registration_mail(registration, CHANGED, withdrawn_slots=withdrawn, withdrawn_days=dropped_days)


# A cancellation sends its signal after those of the people who moved up into the places it freed:
# they are counted here, so that the cancellation mail mentions them only when there are any.
PROMOTIONS = "promotions_since_cancellation"


def _count_promotion() -> None:
    info = db.session().info
    info[PROMOTIONS] = info.get(PROMOTIONS, 0) + 1


def on_cancelled(registration: Registration, notify: bool = True, **_):
    promoted = db.session().info.pop(PROMOTIONS, 0)
    if notify:
        queue_registration_mail(registration, CANCELLED, promoted_others=promoted)


def on_admitted(registration: Registration, day=None, **_):
    _count_promotion()
    queue_registration_mail(registration, PROMOTED, admitted=True, admitted_day=day)


def on_booking_promoted(booking, released=None, **_):
    _count_promotion()
    queue_registration_mail(booking.registration, PROMOTED, promoted_workshop=booking.workshop,
                            released_workshop=released)


def on_preferences_changed(registration: Registration, changes=(), **_):
    withdrawn = [change.slot for change in changes if change.new is None]  # e.g. the dinner dropped
    queue_registration_mail(registration, PREFERENCES, preferences_changed=True, withdrawn_slots=withdrawn)


def on_workshops_allocated(registration: Registration, **_):
    queue_registration_mail(registration, CONFIRMED, allocated=True)


def on_event_cancelled(registration: Registration, reason=None, **_):
    queue_event_cancelled(registration, reason)
