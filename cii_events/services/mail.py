"""Mail to participants, wired into the application.

Three modules do the work, each only importing the one before it:
- services.mail_queue: the facts of a change written to the outbox, in the transaction of the change;
- services.mail_render: what a mail says, in the recipient's language (calendar file, certificate);
- services.mail_delivery: claim the due mails, send them, record the outcome.

`init_app` connects the domain signals to the queue and registers the request hooks that try to
deliver a request's mails right after its response. The names below are the ones other modules use.
"""
from __future__ import annotations

from flask import Flask, current_app, g, has_app_context
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from .. import signals
from . import mail_queue, mail_render
from .mail_queue import (CANCELLED, CERTIFICATE, CHANGED, CONFIRMED, EVENT_CANCELLED,  # noqa: F401
                         KINDS, LINK, MESSAGE, PREFERENCES, PROMOTED, REMINDER, WAITLISTED,
                         outbox_values, queue_certificate_mail, queue_custom_message,
                         queue_registration_mail, remember_for_delivery, send_personal_link)
from .mail_render import (TOKEN_MARKER, Content, committed_facts, content, external_url,  # noqa: F401
                          insert_personal_token, personal_link, registration_ics, render, subject_of)

_RECEIVERS = (
    (signals.registration_created, mail_queue.on_created),
    (signals.registration_changed, mail_queue.on_changed),
    (signals.registration_cancelled, mail_queue.on_cancelled),
    (signals.registration_admitted, mail_queue.on_admitted),
    (signals.booking_promoted, mail_queue.on_booking_promoted),
    (signals.preferences_changed, mail_queue.on_preferences_changed),
    (signals.workshops_allocated, mail_queue.on_workshops_allocated),
    (signals.event_cancelled, mail_queue.on_event_cancelled),
)


def init_app(app: Flask) -> None:
    for signal, receiver in _RECEIVERS:
        signal.connect(receiver, weak=False)
    app.before_request(_forget_earlier_requests)
    app.after_request(_deliver_after_response)
    app.jinja_env.globals.update(colon=mail_render.colon, quoted=mail_render.quoted)
    for name, handler in (("after_commit", _collect_committed), ("after_rollback", _forget_rolled_back)):
        if not sa_event.contains(Session, name, handler):
            sa_event.listen(Session, name, handler)


def queued_in_this_request() -> list[int]:
    """The ids of the mails this request queued and committed so far (for honest messages)."""
    return list(g.get("mail_queued", ())) if has_app_context() else []


def _forget_earlier_requests() -> None:
    g.pop("mail_queued", None)  # g can outlive a request (an app context pushed around several)


# Delivery right after the commit, once the response is on its way.

def _collect_committed(session) -> None:
    ids = session.info.pop(mail_queue.QUEUED_IDS, [])
    session.info.pop(mail_queue.PROMOTIONS, None)
    if ids and has_app_context():
        g.setdefault("mail_to_deliver", []).extend(ids)
        g.setdefault("mail_queued", []).extend(ids)


def _forget_rolled_back(session) -> None:
    session.info.pop(mail_queue.QUEUED_IDS, None)
    session.info.pop(mail_queue.PROMOTIONS, None)


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
