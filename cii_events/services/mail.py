"""Mail to participants: rendered in their language and queued in the outbox of the same transaction.

Receivers of the domain signals queue a mail for every change of a registration; delivery is the
business of services.mail_delivery, after the commit.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from email.utils import make_msgid

from flask import Flask, current_app, g, has_app_context, has_request_context, render_template, url_for
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from .. import signals
from ..extensions import db
from ..i18n import Translated, language_locale
from ..models import OutgoingMail, Registration, utcnow
from . import calendar
from .capacity import event_waiting_position, waiting_position
from .registration import active_registration, personal_token

# Kinds of mail, each with templates mail/<kind>.txt and mail/<kind>.html.
CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
PROMOTED = "promoted"
CHANGED = "changed"
CANCELLED = "cancelled"
EVENT_CANCELLED = "event_cancelled"  # the organizers called the whole event off
LINK = "link"  # "send me my link again"
PREFERENCES = "preferences"  # preferences mode: the ranking received (or changed)
MESSAGE = "message"  # written by the organizers
CERTIFICATE = "certificate"  # attendance certificate, PDF attached


def init_app(app: Flask) -> None:
    signals.registration_created.connect(_on_created, weak=False)
    signals.registration_changed.connect(_on_changed, weak=False)
    signals.registration_cancelled.connect(_on_cancelled, weak=False)
    signals.registration_admitted.connect(_on_admitted, weak=False)
    signals.booking_promoted.connect(_on_booking_promoted, weak=False)
    signals.preferences_changed.connect(_on_preferences_changed, weak=False)
    signals.workshops_allocated.connect(_on_workshops_allocated, weak=False)
    signals.event_cancelled.connect(_on_event_cancelled, weak=False)
    app.after_request(_deliver_after_response)
    _listen_to_sessions()


# Mails are stored with this in place of the personal link's secret; it is put in when the mail
# is sent (services.mail_delivery), so that the outbox never holds a usable link.
TOKEN_MARKER = "personal-link-secret"


def personal_link(registration: Registration, token: str = TOKEN_MARKER) -> str:
    return external_url("public.personal_page", lang=registration.language, token=token)


def insert_personal_token(text: str, registration: Registration | None) -> str:
    if registration is None or TOKEN_MARKER not in text:
        return text
    return text.replace(TOKEN_MARKER, personal_token(registration))


def external_url(endpoint: str, **values) -> str:
    """An absolute link: the current host in a request, BASE_URL in the worker and the CLI."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        return url_for(endpoint, _external=True, **values)


def queue_registration_mail(registration: Registration, kind: str, *, promoted_workshop=None,
                            admitted: bool = False, withdrawn_slots=(), allocated: bool = False,
                            preferences_changed: bool = False) -> OutgoingMail:
    """Add a mail about `registration` to the outbox, with the facts it reports as of now.

    `allocated`: the seats come from the published allocation (preferences mode).

    Only the facts are written here, inside the transaction of the change (statuses, waiting
    positions): cheap, so that the rows locked for the change are released quickly. The mail is
    rendered from them in the recipient's language by the first delivery attempt (render()).
    """
    facts = {
        "bookings": [{"workshop_id": booking.workshop_id, "status": booking.status.value,
                      "position": waiting_position(booking), "rank": booking.preference_rank}
                     for booking in registration.active_bookings],
        "preferences": [{"workshop_id": booking.workshop_id, "rank": booking.preference_rank}
                        for booking in registration.preferences],
        "allocated": allocated,
        "preferences_changed": preferences_changed,
        "event_position": event_waiting_position(registration),
        "promoted_workshop_id": promoted_workshop.id if promoted_workshop is not None else None,
        "admitted": admitted,
        "withdrawn_slot_ids": [slot.id for slot in withdrawn_slots],
    }
    return _queue(kind=kind, registration=registration, context=facts)


def committed_facts(registration: Registration) -> dict:
    """The seats and waiting positions of `registration` as committed, counted when the mail is
    rendered (a mail written before its seats were decided, see services.registration)."""
    return {"bookings": [{"workshop_id": booking.workshop_id, "status": booking.status.value,
                          "position": waiting_position(booking), "rank": booking.preference_rank}
                         for booking in registration.active_bookings],
            "event_position": event_waiting_position(registration)}


def queue_custom_message(registration: Registration, subject: str, body_text: str, *,
                         kind: str = MESSAGE, actor=None) -> OutgoingMail:
    """A message written by the organizers, already in the recipient's language."""
    return _queue(kind=kind, registration=registration,
                  context={"subject": subject, "message": body_text})


def queue_certificate_mail(registration: Registration) -> OutgoingMail:
    """The attendance certificate, rendered (PDF included) in the recipient's language on delivery."""
    return _queue(kind=CERTIFICATE, registration=registration, context={"certificate": True})


def send_personal_link(event, email: str) -> None:
    """Mail the personal link of the active registration with this address, if there is one.

    The caller answers the same either way, so that nobody learns who is registered.
    """
    registration = active_registration(event.id, email)
    if registration is not None:
        queue_registration_mail(registration, LINK)


@dataclass
class Content:
    subject: str
    text: str
    html: str
    attachments: list


def content(mail: OutgoingMail) -> Content:
    """What the mail says: as stored once rendered, else rendered now from its facts."""
    if mail.rendered_at is not None:
        return Content(mail.subject, mail.body_text, mail.body_html, mail.attachments or [])
    return render(mail)


def subject_of(mail: OutgoingMail) -> str:
    """The subject as the recipient sees it, for lists of mails (rendered if not sent yet)."""
    if mail.rendered_at is not None:
        return mail.subject
    try:
        return render(mail).subject
    except Exception:  # a mail that cannot be rendered shows its kind; delivery reports the error
        return mail.kind


def render(mail: OutgoingMail) -> Content:
    """Render `mail` in its language from the facts stored with it."""
    registration, facts = mail.registration, mail.context or {}
    event = registration.event
    link = personal_link(registration)
    if "message" in facts:  # written by the organizers
        with language_locale(mail.language):
            values = dict(registration=registration, event=event, personal_link=link,
                          message=facts["message"], subject=facts["subject"])
            return Content(facts["subject"], render_template("mail/message.txt", **values),
                           render_template("mail/message.html", **values), [])
    if mail.kind == CERTIFICATE:
        return _render_certificate(mail, registration, event, link)
    workshops = {w.id: w for slot in event.slots for w in slot.workshops}
    slots = {slot.id: slot for slot in event.slots}
    if facts.get("as_committed"):
        facts = {**facts, **committed_facts(registration)}
    bookings = [{"workshop": workshops[line["workshop_id"]], "slot": workshops[line["workshop_id"]].slot,
                 "status": line["status"], "position": line["position"], "rank": line.get("rank")}
                for line in facts.get("bookings", []) if line["workshop_id"] in workshops]
    ranked: dict[int, list] = {}  # slot id -> [(rank, workshop)], best first
    for line in sorted(facts.get("preferences", []), key=lambda line: line["rank"] or 0):
        if line["workshop_id"] in workshops:
            ranked.setdefault(workshops[line["workshop_id"]].slot_id, []).append(
                (line["rank"], workshops[line["workshop_id"]]))
    preferences = [(slot, ranked[slot.id]) for slot in event.slots if slot.id in ranked]
    withdrawn = [slots[slot_id] for slot_id in facts.get("withdrawn_slot_ids", []) if slot_id in slots]
    attachments = []
    if mail.kind in (CONFIRMED, PROMOTED, CHANGED, CANCELLED, EVENT_CANCELLED, PREFERENCES):
        seats = [(line["slot"], line["workshop"]) for line in bookings if line["status"] == "confirmed"]
        ics = calendar.registration_calendar(
            registration, seats,
            domain=_mail_domain(), sequence=mail.id, now=utcnow(),
            event_link=external_url("public.event", lang=mail.language, slug=event.slug),
            cancelled=mail.kind in (CANCELLED, EVENT_CANCELLED), withdrawn_slots=withdrawn)
        attachments.append({"filename": "invitation.ics", "content_type": "text/calendar",
                            "data": base64.b64encode(ics).decode()})
    with language_locale(mail.language):
        values = dict(registration=registration, event=event, personal_link=link, bookings=bookings,
                      event_position=facts.get("event_position"), admitted=facts.get("admitted"),
                      promoted_workshop=workshops.get(facts.get("promoted_workshop_id")),
                      preferences=preferences, allocated=facts.get("allocated"),
                      preferences_changed=facts.get("preferences_changed"),
                      reason=Translated(facts.get("reason") or {}).get_text(mail.language))
        subject = render_template(f"mail/{mail.kind}.subject.txt", **values).strip()
        text = render_template(f"mail/{mail.kind}.txt", **values)
        html = render_template(f"mail/{mail.kind}.html", subject=subject, **values)
    return Content(subject, text, html, attachments)


def _render_certificate(mail: OutgoingMail, registration: Registration, event, link: str) -> Content:
    from . import certificates

    pdf = certificates.render(certificates.sheet(registration, mail.language))
    attachment = {"filename": certificates.filename(registration), "content_type": "application/pdf",
                  "data": base64.b64encode(pdf).decode()}
    with language_locale(mail.language):
        values = dict(registration=registration, event=event, personal_link=link)
        subject = render_template("mail/certificate.subject.txt", **values).strip()
        text = render_template("mail/certificate.txt", **values)
        html = render_template("mail/certificate.html", subject=subject, **values)
    return Content(subject, text, html, [attachment])


def outbox_values(kind: str, event, recipient: str, language: str, context: dict) -> dict:
    """The columns of a queued mail other than its registration, for a Core insert
    (services.registration's short road writes it in the statement of the registration)."""
    now = utcnow()
    return {"kind": kind, "event_id": event.id, "recipient": recipient, "language": language,
            "sender": current_app.config["MAIL_DEFAULT_SENDER"], "reply_to": event.contact_email or "",
            "context": context, "message_id": make_msgid(domain=_mail_domain()), "next_attempt_at": now,
            "created_at": now, "status": "queued", "attempts": 0, "subject": "", "body_text": "",
            "body_html": "", "attachments": [], "last_error": ""}


def remember_for_delivery(mail_id: int | None) -> None:
    """Deliver the mail `mail_id`, written by a Core insert, after the commit like the others."""
    if mail_id is not None:
        db.session().info.setdefault("queued_mail_ids", []).append(mail_id)


def _queue(*, kind, registration, context) -> OutgoingMail:
    event = registration.event
    mail = OutgoingMail(
        kind=kind, registration=registration, event_id=event.id if event else None,
        recipient=registration.email, language=registration.language,
        sender=current_app.config["MAIL_DEFAULT_SENDER"], reply_to=(event.contact_email if event else ""),
        context=context, message_id=make_msgid(domain=_mail_domain()), next_attempt_at=utcnow())
    db.session.add(mail)
    db.session.flush()
    _remember_for_delivery(mail)
    return mail


def _mail_domain() -> str:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    return sender.rsplit("@", 1)[-1].strip(" >") or "cii-events.local"


# Receivers: one mail per change, in the language of the person concerned.

def _on_created(registration: Registration, mail_queued: bool = False, **_):
    if mail_queued:  # written with the registration (services.registration's short road)
        return
    if registration.status.value == "waitlisted":
        queue_registration_mail(registration, WAITLISTED)
    elif registration.preferences:
        queue_registration_mail(registration, PREFERENCES)
    else:
        queue_registration_mail(registration, CONFIRMED)


def _on_changed(registration: Registration, changes=(), **_):
    withdrawn = [change.slot for change in changes if change.new is None]
    queue_registration_mail(registration, CHANGED, withdrawn_slots=withdrawn)


def _on_cancelled(registration: Registration, notify: bool = True, **_):
    if notify:
        queue_registration_mail(registration, CANCELLED)


def _on_admitted(registration: Registration, **_):
    queue_registration_mail(registration, PROMOTED, admitted=True)


def _on_booking_promoted(booking, **_):
    queue_registration_mail(booking.registration, PROMOTED, promoted_workshop=booking.workshop)


def _on_preferences_changed(registration: Registration, changes=(), **_):
    withdrawn = [change.slot for change in changes if change.new is None]  # e.g. the dinner dropped
    queue_registration_mail(registration, PREFERENCES, preferences_changed=True, withdrawn_slots=withdrawn)


def _on_workshops_allocated(registration: Registration, **_):
    queue_registration_mail(registration, CONFIRMED, allocated=True)


def _on_event_cancelled(registration: Registration, reason=None, **_):
    # The reason in every language written: the recipient's one is chosen when the mail is rendered.
    _queue(kind=EVENT_CANCELLED, registration=registration, context={"reason": dict(reason or {})})


# Delivery right after the commit, once the response is on its way.

def _remember_for_delivery(mail: OutgoingMail) -> None:
    db.session().info.setdefault("queued_mail_ids", []).append(mail.id)


def _collect_committed(session) -> None:
    ids = session.info.pop("queued_mail_ids", [])
    if ids and has_app_context():
        g.setdefault("mail_to_deliver", []).extend(ids)


def _forget_rolled_back(session) -> None:
    session.info.pop("queued_mail_ids", None)


def _deliver_after_response(response):
    ids = g.pop("mail_to_deliver", None)
    if ids and current_app.config["MAIL_SEND_AFTER_COMMIT"]:
        app = current_app._get_current_object()

        def deliver():
            from .mail_delivery import deliver_due

            with app.app_context():
                try:
                    deliver_due(only_ids=ids)
                except Exception:  # the worker retries whatever this attempt left queued
                    app.logger.exception("delivery after commit failed; mails stay queued")
        response.call_on_close(deliver)
    return response


def _listen_to_sessions() -> None:
    for name, handler in (("after_commit", _collect_committed), ("after_rollback", _forget_rolled_back)):
        if not sa_event.contains(Session, name, handler):
            sa_event.listen(Session, name, handler)
