"""The audit log: every back-office change and every export, with who, what, which object, when.

One writer (`record`) and one vocabulary (`ACTIONS`). An entry keeps what happened and who did
it, not the personal data of the participant it concerns: corrected names and addresses are
logged as "changed", search terms of exports are not kept, and whatever a person typed about a
participant (a reason) is removed when that participant's data is erased (`forget_registration`)
or the event's retention period ends (`forget_event`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import AuditEntry, User
from ..config import ZURICH

# Who, when it is not a back-office account.
CLI_ACTOR = "command line"  # the cii-events command (actor=None)
PARTICIPANT = "participant"  # through their personal link
SYSTEM = "system"  # the application itself (the retention run)

# Every action the log knows, "object.verb"; the back office names each one (admin/labels.py).
ACTIONS = (
    "login.succeeded", "login.failed", "login.throttled", "logout", "logout.everywhere",
    "account.profile", "account.password_changed",
    "user.created", "user.updated", "user.password_set", "user.unlocked",
    "event.created", "event.updated", "event.copied", "event.cancelled", "event.retention_ended",
    "slot.created", "slot.updated", "slot.deleted",
    "workshop.created", "workshop.updated", "workshop.deleted",
    "registration.edited", "registration.moved", "registration.cancelled", "registration.admitted",
    "registration.link_sent", "registration.consents_changed", "registration.erased", "booking.promoted",
    "export.downloaded", "message.sent", "badges.printed", "certificates.sent",
    "checkin.done", "checkin.repeated", "checkin.refused", "checkin.undone",
    "allocation.computed", "allocation.published", "allocation.discarded",
    "event.mail_texts_changed", "event.reminder_changed", "mail.retried", "mail.cancelled",
    "reminders.queued",
    "invitation.created", "invitation.imported", "invitation.declined", "invitation.withdrawn",
    "invitation.reminded", "event.quotas_changed",
    "event.day_places_changed",
    # Questions of the organizers' own, roles, the event's logo (issue 17).
    "question.created", "question.updated", "question.deleted", "registration.answers_changed",
    "registration.role_changed", "event.logo_changed",
    # Self-service (issue 16).
    "registration.details_changed", "registration.email_change_requested", "registration.transferred",
)
_KNOWN = frozenset(ACTIONS)

# A registration's fields whose values name or reach the person, or may reveal health data: the
# log says that they changed, never from what or to what.
PERSONAL_FIELDS = frozenset(("salutation", "first_name", "last_name", "email", "phone", "organisation",
                             "function", "dietary", "accessibility_needs", "remarks"))
# Details that people type about a participant: kept while the registration is, then removed.
TYPED_DETAILS = ("reason", "note")


def record(action: str, *, actor: User | str | None, object_type: str, object_id: int | None = None,
           event_id: int | None = None, **details) -> AuditEntry:
    """Add an entry to the session; it is committed, or rolled back, with the change it describes.

    actor: the back-office account, PARTICIPANT, SYSTEM, or None for the command line.
    """
    if action not in _KNOWN:
        raise ValueError(f"unknown audit action {action!r}: add it to audit.ACTIONS and admin/labels.py")
    if isinstance(actor, User):
        user_id, label = actor.id, actor.email
    elif actor in (PARTICIPANT, SYSTEM):
        user_id, label = None, actor
    elif actor is None:
        user_id, label = None, CLI_ACTOR
    else:
        raise ValueError(f"unknown audit actor {actor!r}")
    entry = AuditEntry(user_id=user_id, actor=label, action=action, object_type=object_type,
                       object_id=object_id, event_id=event_id,
                       details=_plain({key: value for key, value in details.items() if value != ""}))
    db.session.add(entry)
    return entry


def field_changes(changes: dict[str, tuple]) -> dict:
    """{field: (old, new)} as logged: values only for fields that do not identify the person."""
    return {name: {"changed": True} if name in PERSONAL_FIELDS else {"from": old, "to": new}
            for name, (old, new) in changes.items()}


def selection_logged(selection: dict) -> dict:
    """An export's filters as logged: a search term may be a name, so only the fact of a search."""
    logged = {key: value for key, value in selection.items() if key != "q"}
    if selection.get("q"):
        logged["search"] = True
    return logged


def _without_personal_data(details: dict) -> dict:
    cleaned = {key: value for key, value in details.items() if key not in TYPED_DETAILS}
    if isinstance(cleaned.get("changes"), dict):
        cleaned["changes"] = {name: {"changed": True} for name in cleaned["changes"]}
    if isinstance(cleaned.get("selection"), dict):
        cleaned["selection"] = selection_logged(cleaned["selection"])
    if any(key in details for key in TYPED_DETAILS):
        cleaned["reason_erased"] = True
    return cleaned


def _clean(query) -> int:
    count = 0
    for entry in db.session.scalars(query):
        cleaned = _without_personal_data(dict(entry.details or {}))
        if cleaned != entry.details:
            entry.details = cleaned
            count += 1
    return count


def forget_registration(registration_id: int) -> int:
    """Erasure: the entries about this registration keep what happened, not what was typed."""
    return _clean(select(AuditEntry).where(AuditEntry.object_type == "registration",
                                           AuditEntry.object_id == registration_id))


def forget_event(event_id: int) -> int:
    """End of the retention period: the same for every entry of the event (exports included)."""
    return _clean(select(AuditEntry).where(AuditEntry.event_id == event_id))


def _plain(value):
    """JSON-friendly copy of the details (dates as ISO text, sets as sorted lists)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(item) for item in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


@dataclass
class AuditFilter:
    user_id: int | None = None
    action: str = ""
    object_type: str = ""
    event_id: int | None = None
    since: date | None = None  # local days, inclusive
    until: date | None = None


def entries_query(audit_filter: AuditFilter):
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if audit_filter.user_id:
        query = query.where(AuditEntry.user_id == audit_filter.user_id)
    if audit_filter.action:
        query = query.where(AuditEntry.action.startswith(audit_filter.action, autoescape=True))
    if audit_filter.object_type:
        query = query.where(AuditEntry.object_type == audit_filter.object_type)
    if audit_filter.event_id:
        query = query.where(AuditEntry.event_id == audit_filter.event_id)
    if audit_filter.since:
        query = query.where(AuditEntry.created_at >= _start_of(audit_filter.since))
    if audit_filter.until:
        query = query.where(AuditEntry.created_at < _start_of(audit_filter.until + timedelta(days=1)))
    return query


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=ZURICH)


def entries_for(object_type: str, object_id: int, limit: int = 50) -> list[AuditEntry]:
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == object_type, AuditEntry.object_id == object_id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(limit)))
