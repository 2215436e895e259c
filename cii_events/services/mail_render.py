"""Rendering mail: what an outbox row says, in the recipient's language, from the facts stored with it.

Pure reading: nothing here writes to the outbox (services.mail_queue) or sends (services.mail_delivery).
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from email.utils import parseaddr

from flask import current_app, has_request_context, render_template, url_for
from sqlalchemy import func, select

from ..i18n import Translated, current_language, language_locale
from ..extensions import db
from ..models import Invitation, OutgoingMail, Registration, utcnow
from . import calendar, certificates, mail_texts, questions, tokens
from .mail_queue import (CANCELLED, CERTIFICATE, CHANGED, CONFIRMED, EMAIL_CONFIRM, EVENT_CANCELLED,
                         INVITATION, INVITATION_REMINDER, PREFERENCES, PROMOTED, REMINDER, TRANSFERRED,
                         days_waiting, mail_domain)
from .capacity import event_waiting_position, waiting_position, waits_for_canton
from .registration import normalize_email, personal_token

# Mails are stored with this in place of the personal link's secret; it is put in when the mail
# is sent (services.mail_delivery), so that the outbox never holds a usable link.
TOKEN_MARKER = "personal-link-secret"
INVITATION_MARKER = "invitation-code-secret"  # the same for the code of an invitation link
EMAIL_MARKER = "address-confirmation-secret"  # and for the link that confirms a new address

# Kinds whose mail carries a calendar file, and those among them that withdraw every entry.
WITH_CALENDAR = (CONFIRMED, PROMOTED, CHANGED, CANCELLED, EVENT_CANCELLED, PREFERENCES, REMINDER)
WITHDRAWING = (CANCELLED, EVENT_CANCELLED)


def personal_link(registration: Registration, token: str = TOKEN_MARKER) -> str:
    return external_url("public.personal_page", lang=registration.language, token=token)


def insert_personal_token(text: str, registration: Registration | None,
                          mail: OutgoingMail | None = None) -> str:
    if registration is None or TOKEN_MARKER not in text:
        return text
    if (mail is not None and registration.transferred_at is not None and mail.created_at is not None
            and mail.created_at < registration.transferred_at):
        # Queued for the person who has since passed their place on: the link is no longer theirs.
        raise LookupError("the registration passed to someone else after this mail was queued")
    return text.replace(TOKEN_MARKER, personal_token(registration))


def insert_address_code(text: str, mail: OutgoingMail) -> str:
    """The code of the link that confirms a new address, only while that address is the one asked for."""
    registration = mail.registration
    if (registration is None or not registration.pending_email or not registration.email_change_salt
            or normalize_email(registration.pending_email) != normalize_email(mail.recipient)):
        raise LookupError("the change of address this mail confirms is no longer asked for")
    code = tokens.email_change_code(current_app.config["SECRET_KEY"], registration.email_change_salt,
                                    normalize_email(registration.pending_email))
    return text.replace(EMAIL_MARKER, code)


def insert_secrets(text: str, mail: OutgoingMail) -> str:
    """The mail's text with the real personal link or invitation code put in, just before sending."""
    if mail.kind in (INVITATION, INVITATION_REMINDER) and INVITATION_MARKER in text:
        from .invitations import code_for

        invitation = db.session.get(Invitation, (mail.context or {}).get("invitation_id"))
        return text.replace(INVITATION_MARKER, code_for(invitation)) if invitation else text
    if mail.kind == EMAIL_CONFIRM and EMAIL_MARKER in text:
        text = insert_address_code(text, mail)
    return insert_personal_token(text, mail.registration, mail)


def committed_facts(registration: Registration) -> dict:
    """The seats and waiting positions of `registration` as committed, counted when the mail is
    rendered (a mail written before its seats were decided, see services.registration)."""
    return {"bookings": [{"workshop_id": booking.workshop_id, "status": booking.status.value,
                          "position": waiting_position(booking), "rank": booking.preference_rank}
                         for booking in registration.bookings_in_time_order],
            "event_position": event_waiting_position(registration),
            "canton_wait": waits_for_canton(registration),
            "days": [day.isoformat() for day in registration.days],
            "waiting_days": days_waiting(registration)}


def base_url() -> str:
    """Where mail links point outside a request: BASE_URL, else what `cii-events run` serves."""
    return current_app.config.get("BASE_URL") or "http://127.0.0.1:5000"


def external_url(endpoint: str, **values) -> str:
    """An absolute link: the current host in a request, BASE_URL in the worker and the CLI."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=base_url()):
        return url_for(endpoint, _external=True, **values)


# Typography of the mail texts per language: a name inside a sentence in quotation marks, and the
# space French puts before a colon (non-breaking, so that the colon never starts a line).
QUOTES = {"de": ("«", "»"), "fr": ("«\u00a0", "\u00a0»"), "it": ("«", "»"), "en": ("“", "”")}


def quoted(name) -> str:
    opening, closing = QUOTES.get(current_language(), QUOTES["en"])
    return f"{opening}{name}{closing}"


def colon() -> str:
    return "\u00a0:" if current_language() == "fr" else ":"


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
        return render(mail, attachments=False).subject
    except Exception:  # a mail that cannot be rendered shows its kind; delivery reports the error
        return mail.kind


def render(mail: OutgoingMail, *, attachments: bool = True, texts: dict | None = None) -> Content:
    """Render `mail` in its language from the facts stored with it.

    `attachments=False` leaves out the calendar file and the certificate (for previews and lists);
    `texts`: the organizers' paragraphs to use instead of the saved ones (a preview).
    """
    if mail.kind in (INVITATION, INVITATION_REMINDER):
        return _render_invitation(mail)
    if mail.kind == TRANSFERRED:
        return _render_transfer_notice(mail)
    registration, facts = mail.registration, mail.context or {}
    event = registration.event
    link = personal_link(registration)
    if "message" in facts:  # written by the organizers
        with language_locale(mail.language):
            values = dict(registration=registration, event=event, personal_link=link,
                          message=facts["message"], subject=facts["subject"])
            return Content(facts["subject"], render_template("mail/message.txt", **values),
                           render_template("mail/message.html", **values), [])
    texts = mail_texts.for_mail(event, mail.kind, mail.language, texts)
    if mail.kind == CERTIFICATE:
        return _render_certificate(mail, registration, event, link, texts, attachments)
    workshops = {w.id: w for slot in event.slots for w in slot.workshops}
    slots = {slot.id: slot for slot in event.slots}
    if facts.get("as_committed"):
        facts = {**facts, **committed_facts(registration)}
    bookings = [{"workshop": workshops[line["workshop_id"]], "slot": workshops[line["workshop_id"]].slot,
                 "status": line["status"], "position": line["position"], "rank": line.get("rank")}
                for line in facts.get("bookings", []) if line["workshop_id"] in workshops]
    bookings.sort(key=lambda line: (line["slot"].starts_at, line["slot"].position, line["slot"].id,
                                    line["status"] == "waitlisted", line["workshop"].position,
                                    line["workshop"].id))  # in time order
    ranked: dict[int, list] = {}  # slot id -> [(rank, workshop)], best first
    for line in sorted(facts.get("preferences", []), key=lambda line: line["rank"] or 0):
        if line["workshop_id"] in workshops:
            ranked.setdefault(workshops[line["workshop_id"]].slot_id, []).append(
                (line["rank"], workshops[line["workshop_id"]]))
    preferences = [(slot, ranked[slot.id]) for slot in event.slots if slot.id in ranked]
    withdrawn = [slots[slot_id] for slot_id in facts.get("withdrawn_slot_ids", []) if slot_id in slots]
    # The days attended as of the mail (mails written before days were kept: as now).
    days = ([date.fromisoformat(day) for day in facts["days"]] if facts.get("days") is not None
            else registration.days)
    withdrawn_days = [date.fromisoformat(day) for day in facts.get("withdrawn_days", [])]
    files = []
    if attachments and mail.kind in WITH_CALENDAR:
        seats = [(line["slot"], line["workshop"]) for line in bookings if line["status"] == "confirmed"]
        ics = calendar.registration_calendar(
            registration, seats,
            domain=mail_domain(), sequence=mail.id, now=utcnow(),
            event_link=external_url("public.event", lang=mail.language, slug=event.slug),
            cancelled=mail.kind in WITHDRAWING, withdrawn_slots=withdrawn,
            days=[day for day in days if day.isoformat() not in (facts.get("waiting_days") or {})],
            withdrawn_days=withdrawn_days,
            organizer_email=parseaddr(mail.sender or current_app.config["MAIL_DEFAULT_SENDER"])[1])
        files.append({"filename": "invitation.ics", "content_type": "text/calendar",
                      "method": calendar.method_of(ics), "data": base64.b64encode(ics).decode()})
    promoted_workshop = workshops.get(facts.get("promoted_workshop_id"))
    released_workshop = workshops.get(facts.get("released_workshop_id"))
    with language_locale(mail.language):
        values = dict(registration=registration, event=event, personal_link=link, bookings=bookings,
                      days=days if len(event.days) > 1 else [],
                      waiting_days={date.fromisoformat(day): position
                                    for day, position in (facts.get("waiting_days") or {}).items()},
                      admitted_day=(date.fromisoformat(facts["admitted_day"]) if facts.get("admitted_day")
                                    else None),
                      event_position=facts.get("event_position"), admitted=facts.get("admitted"),
                      canton_wait=facts.get("canton_wait", False),
                      promoted_workshop=promoted_workshop,
                      promoted_item_is_workshop=(promoted_workshop is not None
                                                 and promoted_workshop.slot.requires_choice),
                      promoted_others=facts.get("promoted_others"), released_workshop=released_workshop,
                      preferences=preferences, allocated=facts.get("allocated"),
                      preferences_changed=facts.get("preferences_changed"),
                      reason=Translated(facts.get("reason") or {}).get_text(mail.language),
                      answers=questions.answered(registration, mail.language),
                      transferred=facts.get("transferred"), new_address=facts.get("new_address"),
                      confirm_link=(external_url("public.confirm_email", lang=mail.language,
                                                 reference=registration.reference, code=EMAIL_MARKER)
                                    if mail.kind == EMAIL_CONFIRM else None),
                      intro=texts.intro, closing=texts.closing)
        subject = render_template(f"mail/{mail.kind}.subject.txt", **values).strip()
        text = render_template(f"mail/{mail.kind}.txt", **values)
        html = render_template(f"mail/{mail.kind}.html", subject=subject, **values)
    return Content(subject, text, html, files)


def registration_ics(registration: Registration) -> bytes:
    """The calendar file of the registration as it stands, the same as a mail's: the event and the
    seats held. Its sequence is the latest mail's, so that a later mail's file still updates it."""
    event = registration.event
    latest = db.session.scalar(select(func.max(OutgoingMail.id))
                               .where(OutgoingMail.registration_id == registration.id)) or 0
    seats = [(booking.workshop.slot, booking.workshop) for booking in registration.bookings_in_time_order
             if booking.status.value == "confirmed"]
    return calendar.registration_calendar(
        registration, seats, domain=mail_domain(), sequence=latest, now=utcnow(),
        event_link=external_url("public.event", lang=registration.language, slug=event.slug),
        cancelled=registration.status.value == "cancelled",
        organizer_email=parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1])


def _render_invitation(mail: OutgoingMail) -> Content:
    invitation = db.session.get(Invitation, (mail.context or {}).get("invitation_id"))
    if invitation is None:
        raise LookupError("the invitation of this mail was erased")
    event = invitation.event
    values = dict(invitation=invitation, registration=invitation, event=event,
                  register_link=external_url("public.register", lang=mail.language, slug=event.slug,
                                             invitation=INVITATION_MARKER),
                  decline_link=external_url("public.decline_invitation", lang=mail.language, slug=event.slug,
                                            code=INVITATION_MARKER))
    with language_locale(mail.language):
        subject = render_template(f"mail/{mail.kind}.subject.txt", **values).strip()
        text = render_template(f"mail/{mail.kind}.txt", **values)
        html = render_template(f"mail/{mail.kind}.html", subject=subject, **values)
    return Content(subject, text, html, [])


def _render_transfer_notice(mail: OutgoingMail) -> Content:
    """To the person who passed their place on: no registration (and no link) is theirs any more."""
    from ..models import Event

    event = db.session.get(Event, mail.event_id) if mail.event_id else None
    if event is None:
        raise LookupError("the event of this mail was deleted")
    values = dict(event=event, former_name=(mail.context or {}).get("former_name", ""),
                  mail_language=mail.language)
    with language_locale(mail.language):
        subject = render_template("mail/transferred.subject.txt", **values).strip()
        text = render_template("mail/transferred.txt", **values)
        html = render_template("mail/transferred.html", subject=subject, **values)
    return Content(subject, text, html, [])


def _render_certificate(mail: OutgoingMail, registration: Registration, event, link: str, texts,
                        attachments: bool) -> Content:
    files = []
    if attachments:
        pdf = certificates.render(certificates.sheet(registration, mail.language))
        files.append({"filename": certificates.filename(registration), "content_type": "application/pdf",
                      "data": base64.b64encode(pdf).decode()})
    with language_locale(mail.language):
        values = dict(registration=registration, event=event, personal_link=link,
                      intro=texts.intro, closing=texts.closing)
        subject = render_template("mail/certificate.subject.txt", **values).strip()
        text = render_template("mail/certificate.txt", **values)
        html = render_template("mail/certificate.html", subject=subject, **values)
    return Content(subject, text, html, files)


def preview(event, kind: str, lang: str, texts: dict | None = None) -> Content:
    """A mail of `kind` to an invented participant in `lang`, with the given (unsaved) paragraphs.

    Nothing is added to the database: the participant and the mail exist only for the rendering.
    """
    from ..models import Registration as Person

    person = Person(first_name="Anna", last_name="Beispiel", email="anna.beispiel@example.ch",
                    language=lang, reference="ABCD2345")
    person.event = event
    bookings = [{"workshop_id": slot.workshops[0].id, "status": "confirmed", "position": None, "rank": None}
                for slot in event.slots if slot.requires_choice and slot.workshops]
    sample = OutgoingMail(kind=kind, language=lang, context={"bookings": bookings}, recipient=person.email)
    sample.registration = person
    return render(sample, attachments=False, texts=texts)
