"""Mail to participants: rendered in their language and queued in the outbox of the same transaction.

Receivers of the domain signals queue a mail for every change of a registration; delivery is the
business of services.mail_delivery, after the commit.
"""
from __future__ import annotations

import base64
from email.utils import make_msgid

from flask import Flask, current_app, g, has_app_context, has_request_context, render_template, url_for
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from .. import signals
from ..extensions import db
from ..i18n import language_locale
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
LINK = "link"  # "send me my link again"
MESSAGE = "message"  # written by the organizers


def init_app(app: Flask) -> None:
    signals.registration_created.connect(_on_created, weak=False)
    signals.registration_changed.connect(_on_changed, weak=False)
    signals.registration_cancelled.connect(_on_cancelled, weak=False)
    signals.registration_admitted.connect(_on_admitted, weak=False)
    signals.booking_promoted.connect(_on_booking_promoted, weak=False)
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


def queue_registration_mail(registration: Registration, kind: str, **context) -> OutgoingMail:
    """Render a mail about `registration` in its correspondence language and add it to the outbox."""
    link = personal_link(registration)
    attachments = []
    if kind in (CONFIRMED, PROMOTED, CHANGED, CANCELLED) and registration.event is not None:
        ics = calendar.registration_calendar(
            registration, domain=_mail_domain(), now=utcnow(),
            event_link=external_url("public.event", lang=registration.language, slug=registration.event.slug),
            cancelled=kind == CANCELLED, withdrawn_slots=context.get("withdrawn_slots", ()))
        attachments.append({"filename": "invitation.ics", "content_type": "text/calendar",
                            "data": base64.b64encode(ics).decode()})
    with language_locale(registration.language):
        context.update(registration=registration, event=registration.event, personal_link=link,
                       bookings=_booking_lines(registration),
                       event_position=event_waiting_position(registration))
        subject = render_template(f"mail/{kind}.subject.txt", **context).strip()
        text = render_template(f"mail/{kind}.txt", **context)
        html = render_template(f"mail/{kind}.html", subject=subject, **context)
    return _queue(kind=kind, registration=registration, subject=subject, text=text, html=html,
                  attachments=attachments)


def queue_custom_message(registration: Registration, subject: str, body_text: str, *,
                         kind: str = MESSAGE, actor=None) -> OutgoingMail:
    """A message written by the organizers, already in the recipient's language."""
    link = personal_link(registration)
    with language_locale(registration.language):
        context = dict(registration=registration, event=registration.event, personal_link=link,
                       message=body_text, subject=subject)
        text = render_template("mail/message.txt", **context)
        html = render_template("mail/message.html", **context)
    return _queue(kind=kind, registration=registration, subject=subject, text=text, html=html,
                  attachments=[])


def send_personal_link(event, email: str) -> None:
    """Mail the personal link of the active registration with this address, if there is one.

    The caller answers the same either way, so that nobody learns who is registered.
    """
    registration = active_registration(event.id, email)
    if registration is not None:
        queue_registration_mail(registration, LINK)


def _booking_lines(registration: Registration) -> list[dict]:
    return [{"booking": booking, "workshop": booking.workshop, "slot": booking.workshop.slot,
             "status": booking.status.value, "position": waiting_position(booking)}
            for booking in registration.active_bookings]


def _queue(*, kind, registration, subject, text, html, attachments) -> OutgoingMail:
    event = registration.event
    mail = OutgoingMail(
        kind=kind, registration=registration, event_id=event.id if event else None,
        recipient=registration.email, language=registration.language,
        sender=current_app.config["MAIL_DEFAULT_SENDER"], reply_to=(event.contact_email if event else ""),
        subject=subject, body_text=text, body_html=html, attachments=attachments,
        message_id=make_msgid(domain=_mail_domain()), next_attempt_at=utcnow())
    db.session.add(mail)
    db.session.flush()
    _remember_for_delivery(mail)
    return mail


def _mail_domain() -> str:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    return sender.rsplit("@", 1)[-1].strip(" >") or "cii-events.local"


# Receivers: one mail per change, in the language of the person concerned.

def _on_created(registration: Registration, **_):
    if registration.status.value == "waitlisted":
        queue_registration_mail(registration, WAITLISTED)
    else:
        queue_registration_mail(registration, CONFIRMED)


def _on_changed(registration: Registration, changes=(), **_):
    withdrawn = [change.slot for change in changes if change.new is None]
    queue_registration_mail(registration, CHANGED, changes=changes, withdrawn_slots=withdrawn)


def _on_cancelled(registration: Registration, notify: bool = True, **_):
    if notify:
        queue_registration_mail(registration, CANCELLED)


def _on_admitted(registration: Registration, **_):
    queue_registration_mail(registration, PROMOTED, admitted=True)


def _on_booking_promoted(booking, **_):
    queue_registration_mail(booking.registration, PROMOTED, promoted_booking=booking)


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
