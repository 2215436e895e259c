"""The outbox as the organizers see it: counts per event and kind, the mails, retry and cancel.

Admins see every mail; organizers the mails of their events (services.access.Scope); cantonal
coordinators none (the views refuse them). Counts are read in one grouped query.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, true

from ..extensions import db
from ..models import Event, MailStatus, OutgoingMail, Role, User, utcnow
from ..i18n import _l
from . import audit
from .access import Scope
from .errors import DomainError

STATUSES = (MailStatus.QUEUED, MailStatus.SENDING, MailStatus.SENT, MailStatus.FAILED, MailStatus.BOUNCED,
            MailStatus.CANCELLED)
RETRYABLE = (MailStatus.FAILED, MailStatus.BOUNCED)
# A mail still waiting this long after it was queued means that no worker delivers: the dashboards warn.
STUCK_AFTER = timedelta(minutes=10)
# Failed mails are pointed out on the dashboards for this long (the outbox lists them for good).
FAILED_WARNING_DAYS = 14
PAGE_SIZE = 50


class NotRetryable(DomainError):
    message = _l("Only a mail that failed or bounced can be sent again.")


class NotCancellable(DomainError):
    message = _l("Only a mail that is still waiting to be sent can be cancelled.")


def visible(scope: Scope):
    """SQL condition on OutgoingMail: the mails this person may see."""
    if scope.is_admin:
        return true()
    if scope.is_coordinator or not scope.event_ids:
        return OutgoingMail.id.is_(None)
    return OutgoingMail.event_id.in_(sorted(scope.event_ids))


def may_see(scope: Scope, mail: OutgoingMail) -> bool:
    if scope.is_admin:
        return True
    return not scope.is_coordinator and mail.event_id in (scope.event_ids or ())


@dataclass
class Tally:
    """Mails per status, for an event and kind, an event, or everything."""

    counts: dict[str, int] = field(default_factory=lambda: {status.value: 0 for status in STATUSES})

    def add(self, status: str, count: int) -> None:
        self.counts[status] = self.counts.get(status, 0) + count

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def __getitem__(self, status: str) -> int:
        return self.counts.get(status, 0)


@dataclass
class EventTally:
    event_id: int | None
    event: Event | None
    total: Tally = field(default_factory=Tally)
    kinds: dict[str, Tally] = field(default_factory=dict)


def counts(scope: Scope, event_id: int | None = None) -> list[EventTally]:
    """Per event (latest first, mails without an event last), per kind and status."""
    query = (select(OutgoingMail.event_id, OutgoingMail.kind, OutgoingMail.status, func.count())
             .where(visible(scope)).group_by(OutgoingMail.event_id, OutgoingMail.kind, OutgoingMail.status))
    if event_id is not None:
        query = query.where(OutgoingMail.event_id == event_id)
    tallies: dict[int | None, EventTally] = {}
    for mail_event_id, kind, status, count in db.session.execute(query):
        tally = tallies.setdefault(mail_event_id, EventTally(mail_event_id, None))
        tally.kinds.setdefault(kind, Tally()).add(status.value, count)
        tally.total.add(status.value, count)
    events = {event.id: event for event in db.session.scalars(
        select(Event).where(Event.id.in_([key for key in tallies if key is not None])))} if tallies else {}
    for key, tally in tallies.items():
        tally.event = events.get(key)
        tally.kinds = dict(sorted(tally.kinds.items()))
    return sorted(tallies.values(), key=lambda t: (t.event is None, -(t.event.starts_at.timestamp() if t.event
                                                                      else 0), t.event_id or 0))


def totals(tallies: list[EventTally]) -> Tally:
    total = Tally()
    for tally in tallies:
        for status, count in tally.total.counts.items():
            total.add(status, count)
    return total


def mails(scope: Scope, *, event_id: int | None = None, status: str | None = None, kind: str | None = None,
          page: int = 1):
    """A page of mails, newest first (a Flask-SQLAlchemy Pagination: items, total, pages)."""
    query = select(OutgoingMail).where(visible(scope))
    if event_id is not None:
        query = query.where(OutgoingMail.event_id == event_id)
    if status:
        query = query.where(OutgoingMail.status == MailStatus(status))
    if kind:
        query = query.where(OutgoingMail.kind == kind)
    return db.paginate(query.order_by(OutgoingMail.created_at.desc(), OutgoingMail.id.desc()), page=page,
                       per_page=PAGE_SIZE, error_out=False)


def retry(mail: OutgoingMail, *, actor: User | None) -> None:
    """A failed or bounced mail goes back into the queue, due now, with a fresh count of attempts."""
    if mail.status not in RETRYABLE:
        raise NotRetryable()
    previous = mail.status.value
    mail.status, mail.next_attempt_at, mail.attempts = MailStatus.QUEUED, utcnow(), 0
    audit.record("mail.retried", actor=actor, object_type="mail", object_id=mail.id, event_id=mail.event_id,
                 kind=mail.kind, was=previous, error=mail.last_error[:300])


def retry_failed(scope: Scope, *, event_id: int | None, actor: User | None) -> int:
    """Every failed mail (not the bounced ones: their address was refused) back into the queue."""
    query = select(OutgoingMail).where(visible(scope), OutgoingMail.status == MailStatus.FAILED)
    if event_id is not None:
        query = query.where(OutgoingMail.event_id == event_id)
    found = db.session.scalars(query.with_for_update()).all()
    for mail in found:
        mail.status, mail.next_attempt_at, mail.attempts = MailStatus.QUEUED, utcnow(), 0
    if found:
        audit.record("mail.retried", actor=actor, object_type="event" if event_id else "mail",
                     object_id=event_id, event_id=event_id, count=len(found))
    return len(found)


def cancel(mail: OutgoingMail, *, actor: User | None) -> None:
    """A mail still waiting in the queue is withdrawn: it will never be sent."""
    if mail.status is not MailStatus.QUEUED:
        raise NotCancellable()
    mail.status = MailStatus.CANCELLED
    audit.record("mail.cancelled", actor=actor, object_type="mail", object_id=mail.id, event_id=mail.event_id,
                 kind=mail.kind)


@dataclass
class Alerts:
    stuck: int = 0  # queued (or being sent) for longer than STUCK_AFTER
    failed: int = 0  # failed or bounced in the last FAILED_WARNING_DAYS days
    oldest: datetime | None = None  # when the oldest waiting mail was queued

    def __bool__(self) -> bool:
        return bool(self.stuck or self.failed)


def alerts(scope: Scope, *, event_id: int | None = None, now: datetime | None = None) -> Alerts:
    """What the dashboards warn about: mails that wait too long (no worker?) and mails that failed."""
    if scope.is_coordinator:
        return Alerts()
    now = now or utcnow()
    base = [visible(scope)]
    if event_id is not None:
        base.append(OutgoingMail.event_id == event_id)
    waiting = or_(OutgoingMail.status == MailStatus.QUEUED, OutgoingMail.status == MailStatus.SENDING)
    stuck, oldest = db.session.execute(
        select(func.count(), func.min(OutgoingMail.created_at))
        .where(*base, waiting, OutgoingMail.created_at < now - STUCK_AFTER)).one()
    failed = db.session.scalar(
        select(func.count()).where(*base, OutgoingMail.status.in_(RETRYABLE),
                                   OutgoingMail.created_at >= now - timedelta(days=FAILED_WARNING_DAYS)))
    return Alerts(stuck=stuck or 0, failed=failed or 0, oldest=oldest)


def progress(mail_ids) -> Tally:
    """Where the given mails stand now (for the message after a bulk action)."""
    tally = Tally()
    ids = list(mail_ids)
    for start in range(0, len(ids), 500):
        for status, count in db.session.execute(
                select(OutgoingMail.status, func.count()).where(OutgoingMail.id.in_(ids[start:start + 500]))
                .group_by(OutgoingMail.status)):
            tally.add(status.value, count)
    return tally


def status_report(now: datetime | None = None) -> dict:
    """Everything, for `cii-events mail status` (scripts and monitoring)."""
    admin = Scope(Role.ADMIN)
    tallies = counts(admin)
    warn = alerts(admin, now=now)
    return {
        "totals": totals(tallies).counts,
        "events": [{"event": tally.event.slug if tally.event else None,
                    "totals": tally.total.counts,
                    "kinds": {kind: kinds.counts for kind, kinds in tally.kinds.items()}}
                   for tally in tallies],
        "waiting_longer_than_10_minutes": warn.stuck,
        "oldest_waiting_since": warn.oldest.isoformat() if warn.oldest else None,
        "failed_last_14_days": warn.failed,
    }
