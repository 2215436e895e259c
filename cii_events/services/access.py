"""Who may see and change what in the back office.

Admins see everything; organizers the events they are assigned to; cantonal coordinators read the
registrations from their own canton, across events, and nothing else. Every back-office query of
events or registrations goes through a Scope, so the rule lives in one place.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import false, true

from ..models import Event, EventStatus, Registration, Role, User


@dataclass(frozen=True)
class Scope:
    role: Role
    canton: str | None = None  # coordinators: the only canton they see
    event_ids: frozenset[int] | None = None  # organizers: their events; None means every event

    @classmethod
    def of(cls, user: User) -> Scope:
        if user.role is Role.ORGANIZER:
            return cls(Role.ORGANIZER, event_ids=frozenset(event.id for event in user.events))
        if user.role is Role.COORDINATOR:
            return cls(Role.COORDINATOR, canton=user.canton or None)
        return cls(Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_coordinator(self) -> bool:
        return self.role is Role.COORDINATOR

    @property
    def can_create_events(self) -> bool:
        return self.role in (Role.ADMIN, Role.ORGANIZER)

    def can_see_event(self, event: Event) -> bool:
        if self.is_coordinator:
            return event.status is not EventStatus.DRAFT
        return self.can_manage_event(event)

    def can_manage_event(self, event: Event) -> bool:
        if self.is_admin:
            return True
        return self.role is Role.ORGANIZER and event.id in (self.event_ids or ())

    def events_condition(self):
        """SQL condition on Event: the events this person may open."""
        if self.is_admin:
            return true()
        if self.is_coordinator:
            return Event.status != EventStatus.DRAFT
        return Event.id.in_(sorted(self.event_ids)) if self.event_ids else false()

    def registrations_condition(self):
        """SQL condition on Registration: the registrations this person may see."""
        if self.is_admin:
            return true()
        if self.is_coordinator:
            return Registration.canton == self.canton if self.canton else false()
        return Registration.event_id.in_(sorted(self.event_ids)) if self.event_ids else false()
