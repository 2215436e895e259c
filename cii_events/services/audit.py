"""The audit log: every back-office change and every export, with who, what, which object, when."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import AuditEntry, User
from ..config import ZURICH

CLI_ACTOR = "command line"


def record(action: str, *, actor: User | None, object_type: str, object_id: int | None = None,
           event_id: int | None = None, **details) -> AuditEntry:
    """Add an entry to the session; it is committed, or rolled back, with the change it describes."""
    entry = AuditEntry(user_id=actor.id if actor else None, actor=actor.email if actor else CLI_ACTOR,
                       action=action, object_type=object_type, object_id=object_id, event_id=event_id,
                       details=_plain(details))
    db.session.add(entry)
    return entry


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
