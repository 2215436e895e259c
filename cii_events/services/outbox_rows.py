"""The columns of a queued mail, for code that writes the outbox row itself with a Core insert.

services.registration's short road writes the confirmation in the statement of the registration;
it imports this module, which imports no other service, so that queueing, rendering and the
registration never import each other in a circle.
"""
from __future__ import annotations

import secrets

from flask import current_app

from ..extensions import db
from ..models import utcnow

CONFIRMED = "confirmed"
QUEUED_IDS = "queued_mail_ids"  # session.info key: mails queued in the open transaction


def mail_domain() -> str:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    return sender.rsplit("@", 1)[-1].strip(" >") or "cii-events.local"


def message_id() -> str:
    """A unique Message-ID from the system's randomness (email.utils.make_msgid draws on Python's
    global random generator, which a reseeded test run or a forked worker can repeat)."""
    return f"<{secrets.token_hex(16)}@{mail_domain()}>"


def outbox_values(kind: str, event, recipient: str, language: str, context: dict) -> dict:
    """The columns of a queued mail other than its registration, for a Core insert."""
    now = utcnow()
    return {"kind": kind, "event_id": event.id, "recipient": recipient, "language": language,
            "sender": current_app.config["MAIL_DEFAULT_SENDER"], "reply_to": event.contact_email or "",
            "context": context, "message_id": message_id(), "next_attempt_at": now,
            "created_at": now, "status": "queued", "attempts": 0, "subject": "", "body_text": "",
            "body_html": "", "attachments": [], "last_error": ""}


def remember_for_delivery(mail_id: int | None) -> None:
    """Deliver the mail `mail_id`, written by a Core insert, after the commit like the others."""
    if mail_id is not None:
        db.session().info.setdefault(QUEUED_IDS, []).append(mail_id)
