"""Invitation-only events: inviting people, registering with an invitation, declining, reminding.

An invitation carries a personal code (192 bits, derived from SECRET_KEY and a stored salt, like a
personal link; only its hash is stored). One invitation gives one registration. The invitation mail
and the reminders go through the outbox in the invitee's language.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from collections import Counter
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..i18n import _l
from ..models import (Event, Invitation, InvitationStatus, MailStatus, OutgoingMail, Registration, User,
                      utcnow)
from . import audit, tokens
from .errors import DomainError
from .invitee_files import Invitee, Reading
from .registration import normalize_email

INVITATION_MAIL = "invitation"
REMINDER_MAIL = "invitation_reminder"
MAIL_KINDS = (INVITATION_MAIL, REMINDER_MAIL)


class InvitationRequired(DomainError):
    message = _l("This event is by invitation only. Please use the link in your invitation.")


class InvitationUsed(DomainError):
    message = _l("This invitation has already been used to register. Your personal link is in the "
                 "confirmation mail; you can also have it sent again.")


class AlreadyInvited(DomainError):
    message = _l("This person has already been invited to this event.")


class NotPending(DomainError):
    message = _l("This invitation has been answered or withdrawn already.")


def code_for(invitation: Invitation) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, b"invitation\0" + invitation.code_salt.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:tokens.TOKEN_BYTES]).decode()


def find_by_code(event: Event, code: str | None) -> Invitation | None:
    """The invitation of this event with exactly this code (any status), or None."""
    if not code or len(code) != 32:
        return None
    invitation = db.session.scalar(select(Invitation).where(Invitation.code_hash == tokens.hash_token(code)))
    if invitation is None or invitation.event_id != event.id:
        return None
    return invitation


def usable(event: Event, code: str | None) -> Invitation:
    """The invitation to register with; InvitationRequired or InvitationUsed otherwise."""
    invitation = find_by_code(event, code)
    if invitation is None or invitation.status in (InvitationStatus.WITHDRAWN,):
        raise InvitationRequired()
    if invitation.status is InvitationStatus.REGISTERED:
        raise InvitationUsed()
    return invitation  # pending, or declined (a person may change their mind)


def accept(invitation: Invitation, registration: Registration) -> None:
    """Link the registration made with this invitation (in the registration's transaction)."""
    invitation.status = InvitationStatus.REGISTERED
    invitation.registration_id = registration.id
    invitation.answered_at = utcnow()


def decline(invitation: Invitation) -> None:
    if invitation.status is not InvitationStatus.PENDING:
        raise NotPending()
    invitation.status = InvitationStatus.DECLINED
    invitation.answered_at = utcnow()
    audit.record("invitation.declined", actor=audit.PARTICIPANT, object_type="invitation",
                 object_id=invitation.id, event_id=invitation.event_id)


def _new(event: Event, invitee: Invitee, actor: User | None) -> Invitation:
    salt = tokens.new_token_salt()
    invitation = Invitation(event_id=event.id, first_name=invitee.first_name, last_name=invitee.last_name,
                            email=invitee.email, email_normalized=normalize_email(invitee.email),
                            canton=invitee.canton, language=invitee.language,
                            organisation=invitee.organisation, function=invitee.function,
                            code_salt=salt, status=InvitationStatus.PENDING,
                            invited_by=actor.email if actor else audit.CLI_ACTOR, reminders=0)
    invitation.code_hash = tokens.hash_token(code_for(invitation))
    db.session.add(invitation)
    db.session.flush()
    _queue_mail(invitation, INVITATION_MAIL)
    return invitation


def _invited_addresses(event: Event) -> set[str]:
    return set(db.session.scalars(select(Invitation.email_normalized).where(Invitation.event_id == event.id)))


def invite(event: Event, invitee: Invitee, *, actor: User | None) -> Invitation:
    """Invite one person; AlreadyInvited when the address has an invitation to the event."""
    if normalize_email(invitee.email) in _invited_addresses(event):
        raise AlreadyInvited(field="email")
    invitation = _new(event, invitee, actor)
    audit.record("invitation.created", actor=actor, object_type="invitation", object_id=invitation.id,
                 event_id=event.id, canton=invitee.canton, language=invitee.language)
    return invitation


@dataclass
class ImportResult:
    invited: list[Invitation] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # addresses invited before: left as they were


def import_invitees(event: Event, reading: Reading, *, actor: User | None,
                    dry_run: bool = False) -> ImportResult:
    """Invite everyone of a file read without problems; addresses invited before are skipped.

    The caller checks `reading.ok` first: a file with a bad row imports nothing.
    """
    if not reading.ok:
        raise ValueError("a file with problems is not imported")
    known = _invited_addresses(event)
    result = ImportResult()
    for invitee in reading.invitees:
        if normalize_email(invitee.email) in known:
            result.skipped.append(invitee.email)
        elif not dry_run:
            result.invited.append(_new(event, invitee, actor))
    if not dry_run:
        audit.record("invitation.imported", actor=actor, object_type="event", object_id=event.id,
                     event_id=event.id, invited=len(result.invited), skipped=len(result.skipped),
                     cantons=dict(Counter(i.canton for i in result.invited)))
    return result


def withdraw(invitation: Invitation, *, actor: User | None) -> None:
    if invitation.status is not InvitationStatus.PENDING:
        raise NotPending()
    invitation.status = InvitationStatus.WITHDRAWN
    invitation.answered_at = utcnow()
    _drop_queued_mails(invitation)
    audit.record("invitation.withdrawn", actor=actor, object_type="invitation", object_id=invitation.id,
                 event_id=invitation.event_id)


def remind(event: Event, *, actor: User | None, canton: str | None = None) -> int:
    """One reminder to every invitee who has not answered (of one canton, if given)."""
    query = select(Invitation).where(Invitation.event_id == event.id,
                                     Invitation.status == InvitationStatus.PENDING)
    if canton:
        query = query.where(Invitation.canton == canton)
    pending = db.session.scalars(query.order_by(Invitation.id).with_for_update()).all()
    now = utcnow()
    for invitation in pending:
        invitation.reminded_at = now
        invitation.reminders += 1
        _queue_mail(invitation, REMINDER_MAIL)
    audit.record("invitation.reminded", actor=actor, object_type="event", object_id=event.id,
                 event_id=event.id, count=len(pending), canton=canton)
    return len(pending)


def _drop_queued_mails(invitation: Invitation) -> None:
    """An invitation taken back is not sent any more (what went out already stays as it was)."""
    queued = db.session.scalars(select(OutgoingMail).where(
        OutgoingMail.event_id == invitation.event_id, OutgoingMail.kind.in_(MAIL_KINDS),
        OutgoingMail.status == MailStatus.QUEUED, OutgoingMail.registration_id.is_(None)))
    for mail in queued:
        if (mail.context or {}).get("invitation_id") == invitation.id:
            db.session.delete(mail)


def _queue_mail(invitation: Invitation, kind: str) -> None:
    from .mail_queue import queue_invitation_mail

    queue_invitation_mail(invitation, kind)


@dataclass
class CantonLine:
    canton: str
    invited: int = 0
    registered: int = 0
    declined: int = 0
    pending: int = 0
    withdrawn: int = 0


def invitations_of(event: Event, *, canton: str | None = None, status: str = "") -> list[Invitation]:
    query = select(Invitation).where(Invitation.event_id == event.id)
    if canton:
        query = query.where(Invitation.canton == canton)
    if status:
        query = query.where(Invitation.status == InvitationStatus(status))
    return db.session.scalars(query.order_by(Invitation.canton, Invitation.last_name, Invitation.first_name,
                                             Invitation.id)).all()


def by_canton(invitations: list[Invitation]) -> list[CantonLine]:
    """Who was invited, registered, declined or has not answered, per canton (from the rows)."""
    lines: dict[str, CantonLine] = {}
    for invitation in invitations:
        line = lines.setdefault(invitation.canton, CantonLine(invitation.canton))
        setattr(line, invitation.status.value, getattr(line, invitation.status.value) + 1)
        if invitation.status is not InvitationStatus.WITHDRAWN:
            line.invited += 1
    return [lines[code] for code in sorted(lines)]


def erase_for_registration(registration: Registration) -> None:
    """A participant's erasure also erases the invitation that led to the registration, and its mails."""
    _erase(select(Invitation).where(Invitation.registration_id == registration.id))


def erase_for_event(event: Event) -> None:
    """The retention run: the event's invitations (names, addresses) and their mails go."""
    _erase(select(Invitation).where(Invitation.event_id == event.id))


def _erase(query) -> None:
    for invitation in db.session.scalars(query).all():
        for mail in db.session.scalars(select(OutgoingMail).where(
                OutgoingMail.event_id == invitation.event_id, OutgoingMail.kind.in_(MAIL_KINDS),
                OutgoingMail.registration_id.is_(None))).all():
            if (mail.context or {}).get("invitation_id") == invitation.id:
                db.session.delete(mail)
        db.session.delete(invitation)
