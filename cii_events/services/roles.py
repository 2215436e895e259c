"""What a person is at the event: participant (everyone at first), speaker, moderator, organizer
team, staff, press. The organizers give the roles; badges print them with a colour band.

A role may come with seats that do not count against the participants' (`extra_seats`): each
workshop the person holds or waits for grows by one seat for them (services.capacity).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..extensions import db
from ..i18n import _l
from ..models import Registration, RegistrationStatus, User
from . import audit, capacity
from .errors import DomainError

PARTICIPANT = "participant"
ROLES = {
    PARTICIPANT: _l("Participant"),
    "speaker": _l("Speaker"),
    "moderator": _l("Moderator"),
    "team": _l("Organizer team"),
    "staff": _l("Staff"),
    "press": _l("Press"),
}
# The badge's colour band per role, always printed with the role's name (never colour alone);
# dark enough for white text (contrast at least 4.5:1).
COLOURS = {
    PARTICIPANT: "#4a5361",
    "speaker": "#a51d2d",
    "moderator": "#6b2f8f",
    "team": "#1d6b3a",
    "staff": "#9a4500",
    "press": "#0b4f9c",
}


class UnknownRole(DomainError):
    message = _l("Please choose a role from the list.")


def name(role: str) -> str:
    """The role's name in the current language."""
    return str(ROLES.get(role, ROLES[PARTICIPANT]))


@dataclass
class RoleChange:
    registration: Registration
    before: str
    promoted: list


def set_role(event, registrations: Sequence[Registration], role: str, *, extra_seats: bool = False,
             actor: User) -> list[RoleChange]:
    """Give `role` to the registrations of `event` (cancelled ones are left alone). With
    `extra_seats`, their seats stop counting against the participants' (once per registration)."""
    if role not in ROLES:
        raise UnknownRole(field="role")
    people = [r for r in registrations
              if r.event_id == event.id and r.status is not RegistrationStatus.CANCELLED]
    changes = []
    granting = extra_seats and role != PARTICIPANT and any(not r.seats_outside_capacity for r in people)
    if granting:
        locked = capacity.lock_event(event.id, exclusive=True)
        capacity.lock_workshops(b.workshop_id for r in people for b in r.active_bookings)
    for registration in people:
        before = registration.role
        promoted = []
        if granting and not registration.seats_outside_capacity:
            promoted = capacity.seat_outside_capacity(locked, registration)
        if before == role and not promoted:
            continue
        registration.role = role
        changes.append(RoleChange(registration, before, promoted))
        audit.record("registration.role_changed", actor=actor, object_type="registration",
                     object_id=registration.id, event_id=event.id, role={"from": before, "to": role},
                     extra_seats=bool(registration.seats_outside_capacity),
                     promoted=[booking.registration.reference for booking in promoted])
    db.session.flush()
    return changes
