"""Places per canton: the organizers' settings and the figures per canton.

The seat kernel (services.capacity) decides who gets a place; this module is orchestration (the
organizer's change, its audit) and reading (used / places per canton for the dashboard and the form).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from .. import cantons
from ..extensions import db
from ..i18n import _
from ..models import Event, Registration, RegistrationStatus, User
from . import audit, capacity
from .access import Scope
from .errors import DomainError


class QuotaBelowConfirmed(DomainError):
    def __init__(self, canton: str, confirmed: int):
        super().__init__(_("%(canton)s: at least %(num)d, the participants of this canton who are confirmed "
                           "already. Cancel registrations first to give it fewer places.",
                           canton=cantons.region_name(canton), num=confirmed),
                         field=f"quota_{canton}")


@dataclass
class CantonFigures:
    code: str
    places: int | None  # None: no limit
    confirmed: int = 0
    waiting: int = 0

    @property
    def full(self) -> bool:
        return self.places is not None and self.confirmed >= self.places


def save(event: Event, general: int | None, exceptions: dict[str, int], *, actor: User) -> list[Registration]:
    """Set the places per canton; people waiting for a place of their canton move up in order.
    Returns those admitted."""
    event = capacity.lock_event(event.id, exclusive=True)
    before = {"all": event.canton_quota, "cantons": dict(event.canton_quotas or {})}
    try:
        admitted = capacity.set_canton_quotas(event, general, exceptions)
    except capacity.QuotaTooLow as error:
        raise QuotaBelowConfirmed(error.canton, error.confirmed) from None
    after = {"all": event.canton_quota, "cantons": dict(event.canton_quotas or {})}
    if after != before:
        audit.record("event.quotas_changed", actor=actor, object_type="event", object_id=event.id,
                     event_id=event.id, quotas={"from": before, "to": after},
                     admitted=[registration.reference for registration in admitted])
    return admitted


def figures(event: Event, scope: Scope | None = None) -> dict[str, CantonFigures]:
    """Places, confirmed and waiting per canton (the 26 cantons), within the viewer's scope."""
    query = (select(Registration.canton, Registration.status, func.count())
             .where(Registration.event_id == event.id,
                    Registration.status.in_((RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)))
             .group_by(Registration.canton, Registration.status))
    if scope is not None and scope.canton is not None:
        query = query.where(Registration.canton == scope.canton)
    result = {code: CantonFigures(code, event.quota_for(code)) for code in cantons.CANTONS
              if scope is None or scope.canton in (None, code)}
    for canton, status, count in db.session.execute(query):
        if canton not in result:
            continue
        if status is RegistrationStatus.CONFIRMED:
            result[canton].confirmed = count
        else:
            result[canton].waiting = count
    return result
