"""Events and their programme as the organizers edit them: texts, dates, slots, workshops, seats.

Capacity changes follow the seat rules of services.capacity: the event row is locked first, then
the workshops by id. Raising a capacity gives the freed seats to the people waiting, in order, and
tells each of them (signals.booking_promoted / registration_admitted); lowering it below the seats
already confirmed is refused.
"""
from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..i18n import Translated, _, _l, format_day
from ..models import (AllocationMode, Booking, BookingStatus, Event, EventKind, EventStatus, Registration,
                      RegistrationStatus, Slot, SlotKind, User, Workshop, event_organizer)
from ..models.registration import ACTIVE_BOOKING
from . import audit, capacity
from .errors import DomainError
from ..config import ZURICH


class ProgrammeError(DomainError):
    message = _l("The programme could not be saved.")


class SlugTaken(ProgrammeError):
    message = _l("Another event already uses this web address.")


class EndBeforeStart(ProgrammeError):
    message = _l("The end must not be before the start.")


class CodeTaken(ProgrammeError):
    message = _l("Another item of this slot already uses this code.")


class CapacityBelowConfirmed(ProgrammeError):
    def __init__(self, name: str, confirmed: int, requested: int, *, field: str = "capacity"):
        super().__init__(_(
            "%(name)s already has %(confirmed)d confirmed places, so its capacity cannot be lowered to "
            "%(capacity)d. Cancel registrations or move people to another workshop first, or keep at "
            "least %(confirmed)d places.", name=name, confirmed=confirmed, capacity=requested), field=field)


class BothPlaceLimits(ProgrammeError):
    message = _l("An event limits either its places in all or its places per day, not both. "
                 "Empty the other limit first.")


class DaysCountFixed(ProgrammeError):
    message = _l("The event already has registrations: it can move to other dates, but keeps its "
                 "number of days.")


class StillBooked(ProgrammeError):
    def __init__(self, count: int):
        super().__init__(_("This cannot be deleted: %(num)d people are still booked. Move them to "
                           "another workshop or cancel their registrations first.", num=count))


class AllocationBeforeDeadline(ProgrammeError):
    message = _l("The workshops cannot be allocated before the registration deadline.")


class AllocationAfterStart(ProgrammeError):
    message = _l("The workshops must be allocated before the event starts.")


class AllocationModeLocked(ProgrammeError):
    message = _l("The allocation mode can no longer be changed: participants have already chosen or ranked "
                 "workshops, and their choices would be lost.")


class AllocationModePublished(ProgrammeError):
    message = _l("The allocation has been published, so the allocation mode can no longer be changed.")


class CancelThroughAction(ProgrammeError):
    message = _l("To cancel the event, use “Cancel the event”: it cancels the registrations and informs "
                 "every participant.")


class CancelledStaysCancelled(ProgrammeError):
    message = _l("A cancelled event stays cancelled: it can only be archived.")


class ChoiceNeedsItems(ProgrammeError):
    message = _l("A slot with plenary talks only cannot contain workshops. Delete its workshops first "
                 "or choose another kind of slot.")


@dataclass
class EventData:
    slug: str
    kind: EventKind
    status: EventStatus
    title: dict
    starts_at: datetime
    ends_at: datetime
    summary: dict = field(default_factory=dict)
    description: dict = field(default_factory=dict)
    how_to_get_there: dict = field(default_factory=dict)
    privacy_notice: dict = field(default_factory=dict)
    venue: str = ""
    address: str = ""
    host_canton: str | None = None
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    capacity: int | None = None
    waitlist_enabled: bool = True
    day_choice: bool = False  # several days: people choose the days they attend
    transfers_enabled: bool = True  # participants may pass their place to a colleague
    languages: list = field(default_factory=lambda: ["de", "fr"])
    contact_email: str = ""
    privacy_version: str = "1"
    retention_days: int = 365
    allocation_mode: AllocationMode = AllocationMode.FIRST_COME
    allocation_at: datetime | None = None  # preferences mode: when the workshops are allocated
    access: str = "open"  # or "invitation": only invitees may register

    @classmethod
    def of(cls, event: Event) -> EventData:
        return cls(**{f.name: _copy(getattr(event, f.name)) for f in fields(cls)})


TRANSLATED_EVENT_FIELDS = ("title", "summary", "description", "how_to_get_there", "privacy_notice")


def _copy(value):
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


def _translated(value: dict | None) -> Translated | None:
    value = {lang: text.strip() for lang, text in (value or {}).items() if text and text.strip()}
    return Translated(value) if value else None


def _check_event(data: EventData, event: Event | None) -> None:
    _check_status(data.status, event)
    taken = db.session.scalar(select(Event.id).where(Event.slug == data.slug))
    if taken is not None and (event is None or taken != event.id):
        raise SlugTaken(field="slug")
    if data.ends_at < data.starts_at:
        raise EndBeforeStart(field="ends_at")
    if (data.registration_opens_at and data.registration_closes_at
            and data.registration_closes_at < data.registration_opens_at):
        raise EndBeforeStart(field="registration_closes_at")
    if data.allocation_at is not None:
        if data.registration_closes_at and data.allocation_at < data.registration_closes_at:
            raise AllocationBeforeDeadline(field="allocation_at")
        if data.allocation_at > data.starts_at:
            raise AllocationAfterStart(field="allocation_at")


def _check_status(status: EventStatus, event: Event | None) -> None:
    """Cancelling is not a setting: services.event_cancellation also cancels and tells everyone."""
    was_cancelled = event is not None and event.status is EventStatus.CANCELLED
    if status is EventStatus.CANCELLED and not was_cancelled:
        raise CancelThroughAction(field="status")
    if was_cancelled and status not in (EventStatus.CANCELLED, EventStatus.ARCHIVED):
        raise CancelledStaysCancelled(field="status")


def _check_mode_change(event: Event, mode: AllocationMode) -> None:
    """The mode may change only while nobody holds or ranks a workshop: seats and rankings are
    different things, and neither may silently turn into the other."""
    if mode is event.allocation_mode:
        return
    if event.allocation_published_at is not None:
        raise AllocationModePublished(field="allocation_mode")
    if workshop_choices_count(event):
        raise AllocationModeLocked(field="allocation_mode")


def workshop_choices_count(event: Event) -> int:
    """Seats, waiting-list places, requests and ranked wishes in the event's workshop slots."""
    return db.session.scalar(
        select(func.count(Booking.id)).join(Booking.registration).join(Booking.workshop)
        .join(Workshop.slot)
        .where(Slot.event_id == event.id, Slot.kind == SlotKind.CHOICE,
               Booking.status != BookingStatus.CANCELLED,
               Registration.status != RegistrationStatus.CANCELLED))


def _assign(event: Event, data: EventData) -> None:
    for f in fields(EventData):
        if f.name == "capacity":
            continue
        value = getattr(data, f.name)
        if f.name in TRANSLATED_EVENT_FIELDS:
            value = _translated(value)
        setattr(event, f.name, value)
    event.title = event.title or Translated({})


def create_event(data: EventData, *, actor: User) -> Event:
    """A new event; an organizer who creates it is assigned to it."""
    _check_event(data, None)
    event = Event(confirmed_count=0, waitlist_counter=0)
    _assign(event, data)
    event.capacity = data.capacity
    db.session.add(event)
    db.session.flush()
    _assign_creator(event, actor)
    audit.record("event.created", actor=actor, object_type="event", object_id=event.id, event_id=event.id,
                 slug=event.slug)
    return event


def _assign_creator(event: Event, actor: User) -> None:
    if actor is not None and actor.role.value == "organizer":
        db.session.execute(event_organizer.insert().values(event_id=event.id, user_id=actor.id))


def update_event(event: Event, data: EventData, *, actor: User) -> list[str]:
    """Save the event's settings; a new capacity moves its waiting list. Returns what changed."""
    event = capacity.lock_event(event.id, exclusive=True)
    _check_event(data, event)
    _check_mode_change(event, data.allocation_mode)
    if data.capacity is not None and event.limits_days:
        raise BothPlaceLimits(field="capacity")
    before = EventData.of(event)
    old_days = event.days
    _assign(event, data)
    if event.days != old_days:
        _move_days(event, old_days)
    admitted = set_event_capacity(event, data.capacity)
    changed = [f.name for f in fields(EventData)
               if _comparable(f.name, getattr(before, f.name)) != _comparable(f.name, getattr(data, f.name))]
    if changed:
        audit.record("event.updated", actor=actor, object_type="event", object_id=event.id,
                     event_id=event.id, fields=changed, status=event.status.value,
                     capacity={"from": before.capacity, "to": event.capacity},
                     admitted=[registration.reference for registration in admitted])
    return changed


def _move_days(event: Event, old_days: list[date]) -> None:
    """The event moved to other dates: the registrations' days (and the days' places) move with
    it, day by day in order. With registrations, the number of days stays."""
    registered = db.session.scalar(select(func.count(Registration.id))
                                   .where(Registration.event_id == event.id))
    if len(event.days) != len(old_days):
        if registered:
            raise DaysCountFixed(field="ends_at")
        return
    capacity.move_days(event, dict(zip(old_days, event.days)))


def _comparable(name: str, value):
    if name in TRANSLATED_EVENT_FIELDS:
        return {lang: text.strip() for lang, text in (value or {}).items() if text and text.strip()}
    return value


def set_event_capacity(event: Event, new_capacity: int | None) -> list[Registration]:
    """Change the number of places of the event (locked exclusively); people on its waiting list
    move up in order (services.capacity). Returns those admitted."""
    try:
        return capacity.set_event_capacity(event, new_capacity)
    except capacity.CapacityTooLow as error:
        raise CapacityBelowConfirmed(event.title.get_text(), error.confirmed, new_capacity) from None


def set_workshop_capacity(workshop: Workshop, new_capacity: int | None) -> list[Booking]:
    """Change a locked workshop's seats; people on its waiting list move up in order."""
    try:
        return capacity.set_workshop_capacity(workshop, new_capacity)
    except capacity.CapacityTooLow as error:
        raise CapacityBelowConfirmed(f"{workshop.code} {workshop.title.get_text()}".strip(),
                                     error.confirmed, new_capacity) from None


def day_field(day: date) -> str:
    """The form field of a day's places."""
    return f"day_{day.isoformat()}"


def set_day_places(event: Event, places: dict[date, int | None], *, actor: User) -> list:
    """Places per day of an event over several days (None: no limit for the day). People waiting
    for a day move up in order when it gets places (services.capacity). Returns their attendances."""
    event = capacity.lock_event(event.id, exclusive=True)
    wanted = {day: places[day] for day in event.days if day in places}
    if event.capacity is not None and any(value is not None for value in wanted.values()):
        limited = next(day for day, value in wanted.items() if value is not None)
        raise BothPlaceLimits(field=day_field(limited))
    rows = capacity.lock_days(event.id)
    before = {day.isoformat(): event.day_capacity(day) for day in wanted}
    admitted = []
    for day, value in wanted.items():
        try:
            admitted += capacity.set_day_capacity(event, day, value, rows)
        except capacity.CapacityTooLow as error:
            raise CapacityBelowConfirmed(format_day(day), error.confirmed, value,
                                         field=day_field(day)) from None
    after = {day.isoformat(): value for day, value in wanted.items()}
    if after != before:
        audit.record("event.day_places_changed", actor=actor, object_type="event", object_id=event.id,
                     event_id=event.id, places={"from": before, "to": after},
                     admitted=[attendance.registration.reference for attendance in admitted])
    db.session.flush()
    return admitted


# Copy: last year's event as the start of this year's.

def copy_event(source: Event, *, slug: str, first_day: date, actor: User) -> Event:
    """A draft copy of `source` with its programme, moved to start on `first_day`.

    Clock times stay as they were in Swiss local time; nobody is registered in the copy, nobody is
    invited.
    """
    shift = first_day - source.starts_at.astimezone(ZURICH).date()
    data = EventData.of(source)
    data.slug = slug
    data.status = EventStatus.DRAFT
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at", "allocation_at"):
        setattr(data, name, _shifted(getattr(data, name), shift))
    event = create_event(data, actor=actor)
    # The settings kept outside the event form come along: reminder, mail texts, places per canton.
    event.reminder_days = source.reminder_days
    event.mail_texts = deepcopy(source.mail_texts)
    event.canton_quota = source.canton_quota
    event.canton_quotas = dict(source.canton_quotas) if source.canton_quotas else None
    for slot in source.slots:
        copy = Slot(kind=slot.kind, starts_at=_shifted(slot.starts_at, shift),
                    ends_at=_shifted(slot.ends_at, shift), title=Translated(slot.title or {}),
                    description=_translated(slot.description), position=slot.position)
        for item in slot.workshops:
            copy.workshops.append(Workshop(
                code=item.code, title=Translated(item.title or {}), description=_translated(item.description),
                room=item.room, languages=list(item.languages), moderators=item.moderators,
                capacity=item.capacity, position=item.position, confirmed_count=0, waitlist_counter=0))
        event.slots.append(copy)
    from .questions import copy_questions

    copy_questions(source, event)
    organizers = db.session.scalars(select(event_organizer.c.user_id)
                                    .where(event_organizer.c.event_id == source.id)).all()
    for user_id in set(organizers) - {actor.id if actor else None}:
        db.session.execute(event_organizer.insert().values(event_id=event.id, user_id=user_id))
    db.session.flush()
    audit.record("event.copied", actor=actor, object_type="event", object_id=event.id, event_id=event.id,
                 source=source.slug, slug=event.slug, days=shift.days)
    return event


def _shifted(moment: datetime | None, shift: timedelta) -> datetime | None:
    if moment is None:
        return None
    local = moment.astimezone(ZURICH)
    return datetime.combine(local.date() + shift, local.time(), tzinfo=ZURICH).astimezone(moment.tzinfo)


# Slots

@dataclass
class SlotData:
    kind: SlotKind
    starts_at: datetime
    ends_at: datetime
    title: dict
    description: dict = field(default_factory=dict)
    position: int = 0


def save_slot(event: Event, slot: Slot | None, data: SlotData, *, actor: User) -> Slot:
    if data.ends_at < data.starts_at:
        raise EndBeforeStart(field="end")
    if slot is not None and data.kind is SlotKind.TALKS and slot.workshops:
        raise ChoiceNeedsItems(field="kind")
    created = slot is None
    if created:
        slot = Slot()
        event.slots.append(slot)
    slot.kind = data.kind
    slot.starts_at = data.starts_at
    slot.ends_at = data.ends_at
    slot.title = _translated(data.title) or Translated({})
    slot.description = _translated(data.description)
    slot.position = data.position
    db.session.flush()
    audit.record("slot.created" if created else "slot.updated", actor=actor, object_type="slot",
                 object_id=slot.id, event_id=event.id, title=slot.title.get_text("de"), kind=slot.kind.value)
    return slot


def delete_slot(slot: Slot, *, actor: User) -> None:
    booked = active_bookings_count([w.id for w in slot.workshops])
    if booked:
        raise StillBooked(booked)
    event_id = slot.event_id
    audit.record("slot.deleted", actor=actor, object_type="slot", object_id=slot.id, event_id=event_id,
                 title=slot.title.get_text("de"))
    slot.event.slots.remove(slot)
    db.session.flush()


def active_bookings_count(workshop_ids: list[int]) -> int:
    if not workshop_ids:
        return 0
    return db.session.scalar(
        select(func.count(Booking.id)).join(Booking.registration)
        .where(Booking.workshop_id.in_(workshop_ids), Booking.status.in_(ACTIVE_BOOKING),
               Registration.status != RegistrationStatus.CANCELLED))


# Workshops

@dataclass
class WorkshopData:
    code: str
    title: dict
    description: dict = field(default_factory=dict)
    room: str = ""
    languages: list = field(default_factory=lambda: ["de"])
    moderators: str = ""
    capacity: int | None = None
    position: int = 0


def save_workshop(slot: Slot, workshop: Workshop | None, data: WorkshopData, *,
                  actor: User) -> tuple[Workshop, list[Booking]]:
    """Create or change a workshop; a new capacity moves its waiting list. Returns who moved up."""
    if slot.kind is SlotKind.TALKS:
        raise ChoiceNeedsItems()
    created = workshop is None
    if created:
        workshop = Workshop(confirmed_count=0, waitlist_counter=0)
        slot.workshops.append(workshop)
        before = None
    else:
        # Exclusive: the new version number is written to the event row (services.programme_cache).
        capacity.lock_event(slot.event_id, exclusive=True)
        workshop = capacity.lock_workshops([workshop.id])[workshop.id]
        before = workshop.capacity
    taken = [w for w in slot.workshops if w is not workshop and w.code == data.code.strip()]
    if taken:
        raise CodeTaken(field="code")
    workshop.code = data.code.strip()
    workshop.title = _translated(data.title) or Translated({})
    workshop.description = _translated(data.description)
    workshop.room = data.room.strip()
    workshop.languages = list(data.languages)
    workshop.moderators = data.moderators.strip()
    workshop.position = data.position
    if created:
        workshop.capacity = data.capacity
        promoted = []
    else:
        promoted = set_workshop_capacity(workshop, data.capacity)
    db.session.flush()
    audit.record("workshop.created" if created else "workshop.updated", actor=actor, object_type="workshop",
                 object_id=workshop.id, event_id=slot.event_id, code=workshop.code,
                 capacity={"from": before, "to": workshop.capacity},
                 promoted=[booking.registration.reference for booking in promoted])
    return workshop, promoted


def delete_workshop(workshop: Workshop, *, actor: User) -> None:
    booked = active_bookings_count([workshop.id])
    if booked:
        raise StillBooked(booked)
    slot = workshop.slot
    audit.record("workshop.deleted", actor=actor, object_type="workshop", object_id=workshop.id,
                 event_id=slot.event_id, code=workshop.code)
    slot.workshops.remove(workshop)
    db.session.flush()


def load_event(event_id: int) -> Event | None:
    """The event with its programme loaded in two more queries."""
    return db.session.scalars(select(Event).where(Event.id == event_id)
                              .options(selectinload(Event.slots).selectinload(Slot.workshops))).first()
