"""The seat kernel: the one owner of seats, event places, counters and waiting lists.

Every change of a seat, an event place, a counter (`confirmed_count`, `waitlist_counter`), a
waiting-list ticket or the status of a booking or registration is made here and nowhere else
(tests/test_seat_kernel.py scans the source and fails otherwise). The other services are
orchestration: they check, call the kernel, then write the audit log and send the signals.

Locks: every write that changes seats first locks the rows it will count, in one fixed order —
the event, then its workshops by id — so that concurrent requests queue instead of overbooking
or deadlocking. PostgreSQL: SELECT ... FOR UPDATE. SQLite: the request's transaction began with
BEGIN IMMEDIATE, so writers are serialized already. CHECK constraints on the counters are the last
line of defence.

The registration rush takes a shorter road on PostgreSQL (`insert_registration` and `take_seats`):
the registration, its bookings and its mail are written first without any lock, and the seat
decision for all of its workshops is one statement at the end, which locks the workshops by id,
updates their counters and sets the bookings' statuses; the locks are held only for that statement
and the commit.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, bindparam, func, insert, literal, select, text

from .. import signals
from ..extensions import db
from ..models import (Attendance, Booking, BookingStatus, Event, EventDay, Registration, RegistrationStatus,
                      Workshop)
from .errors import CantonFull, DayFull, EventFull, WorkshopFull

# Reading: locks and counts.


def lock_event(event_id: int, *, exclusive: bool = False) -> Event:
    """Lock the event row for a change of registrations (or, `exclusive`, of the event itself).

    With a capacity or canton quotas, the lock is exclusive: the place counter, or the count of a
    canton's confirmed rows, decides who gets in. Without them, it is shared, so registrations go
    on in parallel, while an organizer changing the capacity (exclusive) waits for them and then
    counts what they committed.
    """
    # The mode is chosen before locking, from the event as this session knows it (usually from
    # the identity map, without a query): taking a shared lock and upgrading it would deadlock
    # with every other request doing the same.
    known = db.session.get(Event, event_id)
    exclusive = exclusive or (known is not None and _limited(known))
    query = select(Event).where(Event.id == event_id).execution_options(populate_existing=True)
    event = db.session.scalars(query.with_for_update(read=not exclusive)).one()
    if not exclusive and _limited(event):
        # Rare: a limit was set while this request ran. Upgrade to the exclusive lock.
        event = db.session.scalars(query.with_for_update()).one()
    return event


def _limited(event: Event) -> bool:
    return event.capacity is not None or event.has_canton_quotas


def count_confirmed(event_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED))


def confirmed_per_canton(event_id: int) -> dict[str, int]:
    query = (select(Registration.canton, func.count()).where(
        Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED)
        .group_by(Registration.canton))
    return {canton: count for canton, count in db.session.execute(query)}


def confirmed_in_canton(event_id: int, canton: str) -> int:
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == event_id, Registration.canton == canton,
        Registration.status == RegistrationStatus.CONFIRMED))


def canton_is_full(event: Event, canton: str, confirmed: int | None = None) -> bool:
    """Whether the places open to `canton` are taken (under the event's exclusive lock to decide)."""
    quota = event.quota_for(canton)
    if quota is None:
        return False
    if confirmed is None:
        confirmed = confirmed_in_canton(event.id, canton)
    return confirmed >= quota


def full_cantons(event: Event) -> list[str]:
    """The cantons whose places are all taken, as committed now (for the form's early notice)."""
    if not event.has_canton_quotas:
        return []
    counts = confirmed_per_canton(event.id)
    from ..cantons import CANTONS

    return [code for code in CANTONS if canton_is_full(event, code, counts.get(code, 0))]


def counts_places(event: Event) -> bool:
    """Whether the event's place counter is kept: only an event with a capacity needs one."""
    return event.capacity is not None


def lock_workshops(workshop_ids: Iterable[int]) -> dict[int, Workshop]:
    """Lock the workshops and the others of their slots, by id.

    The other workshops of a slot are locked too: a seat freed in one of them can move a person
    waiting there out of a seat in a sibling (a waiting list chosen from the personal page, see the
    end of this module), and every lock taken in one fixed order is what keeps deadlocks away.
    """
    ids = sorted(set(workshop_ids))
    if not ids:
        return {}
    slots = select(Workshop.slot_id).where(Workshop.id.in_(ids)).scalar_subquery()
    # FOR NO KEY UPDATE: counters change, keys never; new bookings' foreign keys (FOR KEY SHARE,
    # taken by the registration's short road before its seat statement) are not in the way.
    query = (select(Workshop).where(Workshop.slot_id.in_(slots)).order_by(Workshop.id)
             .with_for_update(key_share=True))
    rows = db.session.scalars(query.execution_options(populate_existing=True)).all()
    return {workshop.id: workshop for workshop in rows}


def first_waiting_booking(workshop_id: int) -> Booking | None:
    query = (select(Booking).join(Booking.registration)
             .where(Booking.workshop_id == workshop_id,
                    Booking.status == BookingStatus.WAITLISTED,
                    Registration.status == RegistrationStatus.CONFIRMED)
             .order_by(Booking.waitlist_ticket, Booking.id).limit(1))
    return db.session.scalars(query).first()


def first_waiting_registration(event_id: int) -> Registration | None:
    query = (select(Registration)
             .where(Registration.event_id == event_id,
                    Registration.status == RegistrationStatus.WAITLISTED)
             .order_by(Registration.waitlist_ticket, Registration.id).limit(1))
    return db.session.scalars(query).first()


def waiting_position(booking: Booking) -> int | None:
    """1 for the first person waiting for the workshop; None when not waiting."""
    if booking.status is not BookingStatus.WAITLISTED:
        return None
    return ticket_position(booking.workshop_id, booking.waitlist_ticket)


def ticket_position(workshop_id: int, ticket: int) -> int:
    """The place in the workshop's waiting list of whoever holds `ticket`, as committed now."""
    ahead = (select(func.count()).select_from(Booking).join(Booking.registration)
             .where(Booking.workshop_id == workshop_id,
                    Booking.status == BookingStatus.WAITLISTED,
                    Registration.status == RegistrationStatus.CONFIRMED,
                    Booking.waitlist_ticket < ticket))
    return db.session.scalar(ahead) + 1


def event_waiting_position(registration: Registration) -> int | None:
    """1 for the first person waiting; for someone waiting for a place of their canton (see
    waits_for_canton), the place among the people of the same canton."""
    if registration.status is not RegistrationStatus.WAITLISTED:
        return None
    ahead = (select(func.count()).select_from(Registration)
             .where(Registration.event_id == registration.event_id,
                    Registration.status == RegistrationStatus.WAITLISTED,
                    Registration.waitlist_ticket < registration.waitlist_ticket))
    if waits_for_canton(registration):
        ahead = ahead.where(Registration.canton == registration.canton)
    return db.session.scalar(ahead) + 1


def waits_for_canton(registration: Registration) -> bool:
    """Whether a waiting registration waits because its canton's places are taken."""
    return (registration.status is RegistrationStatus.WAITLISTED
            and canton_is_full(registration.event, registration.canton))


def waiting_counts(workshop_ids: Iterable[int]) -> dict[int, int]:
    """Number of people waiting per workshop, in one query."""
    ids = list(workshop_ids)
    if not ids:
        return {}
    query = (select(Booking.workshop_id, func.count()).join(Booking.registration)
             .where(Booking.workshop_id.in_(ids), Booking.status == BookingStatus.WAITLISTED,
                    Registration.status == RegistrationStatus.CONFIRMED)
             .group_by(Booking.workshop_id))
    return {workshop_id: count for workshop_id, count in db.session.execute(query)}


# Taking seats and places (rows locked by the caller through lock_event / lock_workshops).

def admit_to_event(event: Event, registration: Registration) -> None:
    """A new registration takes a place at the event or, when it is full (or its canton's places
    are taken), joins its waiting list."""
    if canton_is_full(event, registration.canton):
        if not event.waitlist_enabled:
            raise CantonFull(registration.canton)
        event.waitlist_counter += 1
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlist_ticket = event.waitlist_counter
    elif event.capacity is None:
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlist_ticket = None
    elif event.confirmed_count < event.capacity:
        event.confirmed_count += 1
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlist_ticket = None
    elif event.waitlist_enabled:
        event.waitlist_counter += 1
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlist_ticket = event.waitlist_counter
    else:
        raise EventFull()


def seat(booking: Booking, workshop: Workshop, *, waitlist: bool, field: str | None = None) -> None:
    """Give `booking` a seat in the locked `workshop`, or a place on its waiting list."""
    if workshop.capacity is None or workshop.confirmed_count < workshop.capacity:
        workshop.confirmed_count += 1
        booking.status = BookingStatus.CONFIRMED
        booking.waitlist_ticket = None
    elif waitlist:
        workshop.waitlist_counter += 1
        booking.status = BookingStatus.WAITLISTED
        booking.waitlist_ticket = workshop.waitlist_counter
    else:
        raise WorkshopFull(workshop, field=field)


def place(booking: Booking, registration: Registration, event: Event, *, field: str | None = None) -> None:
    """A new booking of `registration`: a seat (or a waiting place), or, while the person waits
    for a place at the event, a request that takes a seat once they are admitted."""
    if (registration.status is RegistrationStatus.WAITLISTED
            or waits_for_day(registration, booking.workshop.slot.day)):
        booking.status = BookingStatus.REQUESTED
        booking.waitlist_ticket = None
    else:
        seat(booking, booking.workshop, waitlist=event.waitlist_enabled, field=field)


def seat_over_capacity(booking: Booking, workshop: Workshop) -> None:
    """An organizer's override: the locked workshop grows by the one seat given to `booking`."""
    if workshop.is_full:
        workshop.capacity = workshop.confirmed_count + 1
    seat(booking, workshop, waitlist=False)


def new_wish(workshop: Workshop, rank: int, now: datetime) -> Booking:
    """A ranked wish (preferences mode): a booking that holds no seat."""
    return Booking(workshop=workshop, status=BookingStatus.PREFERENCE, preference_rank=rank, created_at=now)


# Leaving, and the people waiting who move up.

def vacate(booking: Booking, workshop: Workshop) -> Booking | None:
    """`booking` leaves the locked `workshop`; a freed seat goes to the first person waiting.

    Returns the booking that was promoted, if any.
    """
    was_confirmed = booking.status is BookingStatus.CONFIRMED
    booking.status = BookingStatus.CANCELLED
    booking.waitlist_ticket = None
    if not was_confirmed:
        return None
    db.session.flush()
    successor = first_waiting_booking(workshop.id)
    if successor is None:
        workshop.confirmed_count -= 1
        return None
    _confirm_waiting(successor)
    return successor


def _confirm_waiting(booking: Booking) -> None:
    """The seat of the one leaving goes to `booking`, which was waiting: no counter moves."""
    booking.status = BookingStatus.CONFIRMED
    booking.waitlist_ticket = None
    released = release_held_seat(booking)
    signals.booking_promoted.send(booking, released=released)


def promote_waiting(workshop: Workshop) -> list[Booking]:
    """Fill the free seats of the locked workshop from its waiting list, in order."""
    promoted = []
    while workshop.capacity is None or workshop.confirmed_count < workshop.capacity:
        booking = first_waiting_booking(workshop.id)
        if booking is None:
            break
        booking.status = BookingStatus.CONFIRMED
        booking.waitlist_ticket = None
        workshop.confirmed_count += 1
        db.session.flush()
        released = release_held_seat(booking)
        signals.booking_promoted.send(booking, released=released)
        promoted.append(booking)
    return promoted


def promote_now(booking: Booking, workshop: Workshop) -> bool:
    """An organizer seats a waiting `booking` ahead of the order; a full workshop grows by one.

    Returns whether the capacity had to grow.
    """
    overridden = workshop.is_full
    if overridden:
        workshop.capacity = workshop.confirmed_count + 1
    booking.status = BookingStatus.CONFIRMED
    booking.waitlist_ticket = None
    workshop.confirmed_count += 1
    db.session.flush()
    released = release_held_seat(booking)
    signals.booking_promoted.send(booking, released=released)
    return overridden


def admit(event: Event, registration: Registration, *, takes_place: bool = True) -> None:
    """Give `registration` a place at the locked event, then seat the workshops it asked for.

    `takes_place=False`: the place of someone who left passes on, the event's counter stays.
    The workshops were locked by the caller (lock_workshops keeps them in the identity map).
    """
    if takes_place and counts_places(event):
        event.confirmed_count += 1
    registration.status = RegistrationStatus.CONFIRMED
    registration.waitlist_ticket = None
    for booking in registration.active_bookings:
        if booking.status is BookingStatus.REQUESTED:
            seat(booking, booking.workshop, waitlist=True)
    db.session.flush()
    signals.registration_admitted.send(registration)


def admit_over_capacity(event: Event, registration: Registration) -> bool:
    """An organizer takes a person off the event's waiting list now; a full event grows by one,
    and so do the places of a canton whose places are taken.

    Returns whether the capacity (or the canton's places) had to grow.
    """
    lock_workshops(b.workshop_id for b in registration.active_bookings)
    overridden = event.capacity is not None and event.confirmed_count >= event.capacity
    if overridden:
        event.capacity = event.confirmed_count + 1
    confirmed = confirmed_in_canton(event.id, registration.canton)
    if canton_is_full(event, registration.canton, confirmed):
        event.canton_quotas = {**(event.canton_quotas or {}), registration.canton: confirmed + 1}
        overridden = True
    admit(event, registration)
    return overridden


def admit_waiting(event: Event) -> list[Registration]:
    """Fill the free places of the locked event from its waiting list, in order; someone whose
    canton's places are taken keeps waiting, and the next person in the list moves up."""
    admitted: list[Registration] = []
    if first_waiting_registration(event.id) is None:
        return admitted
    lock_workshops(w.id for slot in event.slots for w in slot.workshops)
    if not event.has_canton_quotas:
        while event.capacity is None or event.confirmed_count < event.capacity:
            registration = first_waiting_registration(event.id)
            if registration is None:
                break
            admit(event, registration)
            admitted.append(registration)
        return admitted
    counts = confirmed_per_canton(event.id)
    for registration in waiting_registrations(event.id):
        if event.capacity is not None and event.confirmed_count >= event.capacity:
            break
        if canton_is_full(event, registration.canton, counts.get(registration.canton, 0)):
            continue
        admit(event, registration)
        counts[registration.canton] = counts.get(registration.canton, 0) + 1
        admitted.append(registration)
    return admitted


def waiting_registrations(event_id: int) -> list[Registration]:
    query = (select(Registration)
             .where(Registration.event_id == event_id,
                    Registration.status == RegistrationStatus.WAITLISTED)
             .order_by(Registration.waitlist_ticket, Registration.id))
    return list(db.session.scalars(query))


def first_admissible(event: Event, leaving: Registration) -> Registration | None:
    """Who takes the place that the confirmed `leaving` frees: the first person waiting whose
    canton has a place once `leaving` is gone."""
    if not event.has_canton_quotas:
        return first_waiting_registration(event.id)
    counts = confirmed_per_canton(event.id)
    counts[leaving.canton] = counts.get(leaving.canton, 0) - 1
    return next((registration for registration in waiting_registrations(event.id)
                 if not canton_is_full(event, registration.canton, counts.get(registration.canton, 0))),
                None)


def cancel_registration(registration: Registration, now: datetime) -> Registration | None:
    """Cancel `registration` (its event locked by the caller); its seats go to the first people
    waiting for them, its place at the event to the first person on the event's waiting list.

    Returns the registration admitted to the event in its place, if any.
    """
    event = registration.event
    was_confirmed = registration.status is RegistrationStatus.CONFIRMED
    successor = (first_admissible(event, registration)
                 if was_confirmed and (counts_places(event) or event.has_canton_quotas) else None)
    days = lock_days(event.id) if event.limits_days else {}
    involved = [b.workshop_id for b in registration.active_bookings]
    if successor is not None:
        involved += [b.workshop_id for b in successor.active_bookings]
    if was_confirmed:
        involved += day_successors_workshops(event, registration, days)
    workshops = lock_workshops(involved)

    active = registration.active_bookings
    registration.status = RegistrationStatus.CANCELLED
    for booking in active:
        vacate(booking, workshops[booking.workshop_id])
    if was_confirmed:
        for attendance in registration.attendances:
            leave_day(event, attendance, days)
    registration.waitlist_ticket = None
    registration.cancelled_at = now
    if was_confirmed and successor is not None:
        admit(event, successor, takes_place=False)
    elif was_confirmed and counts_places(event):
        event.confirmed_count -= 1
    return successor


def cancel_event(event: Event, registrations: Iterable[Registration], now: datetime) -> None:
    """Every registration of the event (locked exclusively) is cancelled; freed seats go to nobody."""
    days = lock_days(event.id)
    workshops = lock_workshops(w.id for slot in event.slots for w in slot.workshops)
    for registration in registrations:
        for booking in registration.bookings:
            if booking.status is BookingStatus.CANCELLED:
                continue
            if booking.status is BookingStatus.CONFIRMED:
                workshops[booking.workshop_id].confirmed_count -= 1
            booking.status = BookingStatus.CANCELLED  # seats, waiting places, requests and wishes
            booking.waitlist_ticket = None
        registration.status = RegistrationStatus.CANCELLED
        registration.waitlist_ticket = None
        registration.cancelled_at = now
    if counts_places(event):
        event.confirmed_count = 0
    for row in days.values():
        row.confirmed_count = 0


# Capacities.

class CapacityTooLow(Exception):
    """Raised with the seats already confirmed; services.programme tells the organizer."""

    def __init__(self, confirmed: int):
        super().__init__(confirmed)
        self.confirmed = confirmed


def set_event_capacity(event: Event, new_capacity: int | None) -> list[Registration]:
    """Change the number of places of the event (locked exclusively); people on its waiting list
    move up in order. Places are only counted while there is a capacity: count them when one is set.
    """
    if new_capacity is not None and not counts_places(event):
        event.confirmed_count = count_confirmed(event.id)
    if new_capacity is not None and new_capacity < event.confirmed_count:
        raise CapacityTooLow(event.confirmed_count)
    event.capacity = new_capacity
    admitted = admit_waiting(event)
    if not counts_places(event):
        event.confirmed_count = 0
    return admitted


class QuotaTooLow(Exception):
    """Raised with the canton and its confirmed places; the organizer is told."""

    def __init__(self, canton: str, confirmed: int):
        super().__init__(canton, confirmed)
        self.canton = canton
        self.confirmed = confirmed


def set_canton_quotas(event: Event, general: int | None, exceptions: dict[str, int]) -> list[Registration]:
    """Change the places per canton of the event (locked exclusively); people waiting for a place
    of their canton move up in order. A canton's places never go below its confirmed people."""
    from ..cantons import CANTONS

    counts = confirmed_per_canton(event.id)
    exceptions = {code: places for code, places in exceptions.items() if code in CANTONS}
    for code in CANTONS:
        places = exceptions.get(code, general)
        if places is not None and places < counts.get(code, 0):
            raise QuotaTooLow(code, counts[code])
    event.canton_quota = general
    event.canton_quotas = exceptions or None
    return admit_waiting(event)


def change_canton(event: Event, registration: Registration, canton: str) -> list[Registration]:
    """A person's canton is corrected (the event locked exclusively when it has quotas): a confirmed
    person needs a place of the new canton; the place freed in the old one goes to whoever waits."""
    if registration.canton == canton:
        return []
    confirmed = registration.status is RegistrationStatus.CONFIRMED
    if confirmed and canton_is_full(event, canton):
        raise CantonFull(canton)
    registration.canton = canton
    db.session.flush()
    return admit_waiting(event) if event.has_canton_quotas else []


def set_workshop_capacity(workshop: Workshop, new_capacity: int | None) -> list[Booking]:
    """Change a locked workshop's seats; people on its waiting list move up in order."""
    if new_capacity is not None and new_capacity < workshop.confirmed_count:
        raise CapacityTooLow(workshop.confirmed_count)
    workshop.capacity = new_capacity
    return promote_waiting(workshop)


# The allocation (preferences mode), under the event's exclusive lock and the workshops' locks.

def allocate_seat(booking: Booking, workshop: Workshop, rank: int | None, now: datetime) -> None:
    workshop.confirmed_count += 1
    booking.status, booking.waitlist_ticket, booking.preference_rank = BookingStatus.CONFIRMED, None, rank
    booking.updated_at = now


def allocate_waiting(booking: Booking, workshop: Workshop, now: datetime) -> None:
    workshop.waitlist_counter += 1
    booking.status, booking.waitlist_ticket = BookingStatus.WAITLISTED, workshop.waitlist_counter
    booking.updated_at = now


def keep_wish_as_request(booking: Booking, now: datetime) -> None:
    """A wish of someone on the event's waiting list: a seat once admitted, as first come."""
    booking.status, booking.updated_at = BookingStatus.REQUESTED, now


def check_within_capacity(workshops: Iterable[Workshop]) -> bool:
    return all(w.capacity is None or w.confirmed_count <= w.capacity for w in workshops)


# The registration rush on PostgreSQL: rows first, one seat statement at the end.

def fast_path(event: Event) -> bool:
    """Whether a new registration for `event` may take the short road: PostgreSQL, no overall
    capacity (so no event-wide counter to decide), first come for every slot."""
    return (db.session.get_bind().dialect.name == "postgresql" and event.capacity is None
            and not event.has_canton_quotas and not event.ranked_slots and not event.limits_days)


@dataclass
class NewRegistration:
    """What insert_registration wrote: the ids, and the personal-link salt for the redirect."""

    id: int
    reference: str
    manage_token_salt: str
    mail_id: int | None


def insert_registration(event_id: int, programme_version: int, values: dict, workshop_ids: list[int],
                        mail: dict | None, *, days: Iterable[date] = ()) -> NewRegistration | None:
    """Write a confirmed registration, its bookings (no seat decided yet), the days it attends and
    its mail in one statement, without a lock; None when the event's programme is no longer
    `programme_version` (nothing is written then: the caller takes the long road with the
    programme as it is).
    """
    table = Registration.__table__
    values = {name: _default(table.c[name]) if value is None else value for name, value in values.items()}
    values = {**values, "event_id": event_id, "status": RegistrationStatus.CONFIRMED.value,
              "waitlist_ticket": None}
    columns = list(values)
    # FOR KEY SHARE: an organizer's change of the event in flight (capacity, cancellation) is
    # waited for, and then its new version number is seen, so that nothing is written.
    current = (select(literal(1)).where(Event.id == event_id, Event.programme_version == programme_version)
               .with_for_update(read=True, key_share=True))
    source = select(*[bindparam(f"r_{name}", value, type_=table.c[name].type)
                      for name, value in values.items()]).where(current.exists())
    created = (insert(table).from_select(columns, source)
               .returning(table.c.id, table.c.reference, table.c.manage_token_salt).cte("created"))
    statement_ctes = []
    if workshop_ids:
        booking = Booking.__table__
        ids = bindparam("workshop_ids", workshop_ids, type_=_int_array())
        wanted = select(func.unnest(ids).label("workshop_id")).subquery()
        now = values["created_at"]
        rows = (select(created.c.id, wanted.c.workshop_id, literal(BookingStatus.REQUESTED.value),
                       bindparam("b_now", now, type_=booking.c.created_at.type),
                       bindparam("b_now2", now, type_=booking.c.updated_at.type))
                .select_from(created).join(wanted, literal(True)))
        statement_ctes.append(insert(booking).from_select(
            ["registration_id", "workshop_id", "status", "created_at", "updated_at"], rows).cte("booked"))
    days = sorted(days)
    if days:
        from sqlalchemy.dialects.postgresql import ARRAY

        attendance = Attendance.__table__
        wanted_days = select(func.unnest(bindparam("days", days, type_=ARRAY(Date))).label("day")).subquery()
        day_rows = (select(created.c.id, wanted_days.c.day).select_from(created)
                    .join(wanted_days, literal(True)))
        statement_ctes.append(insert(attendance).from_select(["registration_id", "day"], day_rows)
                              .cte("attending"))
    mail_id = literal(None)
    if mail is not None:
        from ..models import OutgoingMail

        outbox = OutgoingMail.__table__
        mail_columns = list(mail)
        mail_rows = select(created.c.id, *[bindparam(f"m_{name}", value, type_=outbox.c[name].type)
                                           for name, value in mail.items()]).select_from(created)
        queued = (insert(outbox).from_select(["registration_id", *mail_columns], mail_rows)
                  .returning(outbox.c.id).cte("queued"))
        statement_ctes.append(queued)
        mail_id = select(queued.c.id).scalar_subquery()
    query = select(created.c.id, created.c.reference, created.c.manage_token_salt, mail_id.label("mail_id"))
    if statement_ctes:
        query = query.add_cte(*statement_ctes)
    row = db.session.execute(query).first()
    if row is None:
        return None
    return NewRegistration(row.id, row.reference, row.manage_token_salt, row.mail_id)


def _default(column):
    """None for a column with a scalar default is the default, as in an ORM insert."""
    default = column.default
    return default.arg if default is not None and default.is_scalar else None


def known_registration(registration_id: int, event_id: int, values: dict) -> Registration:
    """The registration insert_registration wrote, as a persistent object without a query."""
    from sqlalchemy.orm import make_transient_to_detached

    columns = {column.key: None for column in Registration.__table__.columns}
    columns.update({name: _default(Registration.__table__.c[name]) if value is None else value
                    for name, value in values.items()})
    columns.update(id=registration_id, event_id=event_id, status=RegistrationStatus.CONFIRMED,
                   waitlist_ticket=None)
    registration = Registration(**columns)
    make_transient_to_detached(registration)
    db.session.add(registration)
    return registration


def _int_array():
    from sqlalchemy import Integer
    from sqlalchemy.dialects.postgresql import ARRAY

    return ARRAY(Integer)


# One statement: lock the workshops by id (a fixed order, so no deadlock), count the seats taken
# and the waiting tickets drawn from the locked (current) values, give the bookings their status.
_TAKE_SEATS = text("""
WITH locked AS MATERIALIZED (
    SELECT id, capacity, confirmed_count, waitlist_counter,
           (capacity IS NULL OR confirmed_count < capacity) AS seated
    FROM workshop WHERE id = ANY(:workshop_ids) ORDER BY id FOR NO KEY UPDATE
), counted AS (
    UPDATE workshop SET
        confirmed_count = locked.confirmed_count + CASE WHEN locked.seated THEN 1 ELSE 0 END,
        waitlist_counter = locked.waitlist_counter
            + CASE WHEN NOT locked.seated AND :waitlist THEN 1 ELSE 0 END
    FROM locked WHERE workshop.id = locked.id
    RETURNING workshop.id, locked.seated, workshop.waitlist_counter
), booked AS (
    UPDATE booking SET
        status = CASE WHEN counted.seated THEN 'confirmed' ELSE 'waitlisted' END,
        waitlist_ticket = CASE WHEN counted.seated THEN NULL ELSE counted.waitlist_counter END
    FROM counted
    WHERE booking.registration_id = :registration_id AND booking.workshop_id = counted.id
    RETURNING booking.workshop_id, counted.seated, booking.waitlist_ticket
)
SELECT workshop_id, seated, waitlist_ticket FROM booked
""")


def take_seats(registration_id: int, workshop_ids: list[int], *, waitlist: bool) -> dict[int, int | None]:
    """The seat decision for all bookings of a new registration, in one statement: a seat where
    one is free, else a waiting-list ticket (WorkshopFull without a waiting list; roll back then).

    Returns {workshop id: waiting ticket, or None for a seat}.
    """
    if not workshop_ids:
        return {}
    statement = _TAKE_SEATS.bindparams(bindparam("workshop_ids", type_=_int_array()))
    rows = db.session.execute(statement, {"workshop_ids": sorted(workshop_ids), "waitlist": waitlist,
                                          "registration_id": registration_id}).all()
    full = [row.workshop_id for row in rows if not row.seated]
    if full and not waitlist:
        raise WorkshopFull(db.session.get(Workshop, full[0]))
    return {row.workshop_id: row.waitlist_ticket for row in rows}


# Days of an event (issue 14): places per day and a waiting list per day.
#
# A day with a capacity (an EventDay row) counts the confirmed registrations with a place on it;
# who comes when it is full gets a ticket of the day's waiting list (Attendance.waitlist_ticket),
# and their workshops of that day are requests, seated once they have the place. The day rows are
# locked after the event and before the workshops, by day. An event limits either its places in
# all or its places per day (services.programme), never both.

def lock_days(event_id: int) -> dict[date, EventDay]:
    query = (select(EventDay).where(EventDay.event_id == event_id).order_by(EventDay.day)
             .with_for_update().execution_options(populate_existing=True))
    return {row.day: row for row in db.session.scalars(query)}


def waits_for_day(registration: Registration, day: date) -> bool:
    """Whether the registration is on the waiting list of `day`."""
    with db.session.no_autoflush:  # a booking being placed has no status yet
        attendance = registration.attendance_on(day)
    return attendance is not None and attendance.waitlist_ticket is not None


def attend_days(event: Event, registration: Registration, days: Iterable[date], rows: dict[date, EventDay]
                ) -> None:
    """New days for `registration` (a confirmed one takes a place on each, or joins the waiting
    list of a full day): the day rows were locked by the caller (lock_days)."""
    for day in sorted(days):
        attendance = Attendance(day=day)
        row = rows.get(day)
        counted = (row is not None and row.capacity is not None
                   and registration.status is RegistrationStatus.CONFIRMED)
        if counted and row.confirmed_count < row.capacity:
            row.confirmed_count += 1
        elif counted and event.waitlist_enabled:
            row.waitlist_counter += 1
            attendance.waitlist_ticket = row.waitlist_counter
        elif counted:
            raise DayFull(day, field="days")
        registration.attendances.append(attendance)


def first_waiting_attendance(event_id: int, day: date) -> Attendance | None:
    query = (select(Attendance).join(Attendance.registration)
             .where(Registration.event_id == event_id, Attendance.day == day,
                    Attendance.waitlist_ticket.is_not(None),
                    Registration.status == RegistrationStatus.CONFIRMED)
             .order_by(Attendance.waitlist_ticket, Attendance.id).limit(1))
    return db.session.scalars(query).first()


def day_successors_workshops(event: Event, registration: Registration, rows: dict[date, EventDay]
                             ) -> list[int]:
    """The workshops the first people waiting for the registration's days with a place asked for:
    locked with the others, in one order, before the places pass on."""
    ids = []
    for attendance in registration.attendances:
        row = rows.get(attendance.day)
        if row is None or row.capacity is None or attendance.waitlist_ticket is not None:
            continue
        successor = first_waiting_attendance(event.id, attendance.day)
        if successor is not None:
            ids += [booking.workshop_id for booking in successor.registration.active_bookings
                    if booking.status is BookingStatus.REQUESTED]
    return ids


def leave_day(event: Event, attendance: Attendance, rows: dict[date, EventDay]) -> Attendance | None:
    """A registration gives up its day (dropped, or the registration cancelled): its place goes to
    the first person waiting for the day, who is admitted. Returns that person's attendance."""
    row = rows.get(attendance.day)
    had_place = attendance.waitlist_ticket is None
    attendance.waitlist_ticket = None
    if row is None or row.capacity is None or not had_place:
        return None
    db.session.flush()
    successor = first_waiting_attendance(event.id, attendance.day)
    if successor is None or successor.registration_id == attendance.registration_id:
        row.confirmed_count -= 1
        return None
    admit_to_day(successor)
    return successor


def admit_to_day(attendance: Attendance) -> None:
    """`attendance` leaves its day's waiting list with the place freed for it (no counter moves):
    the workshops it asked for on that day are seated, or join their waiting lists."""
    registration = attendance.registration
    attendance.waitlist_ticket = None
    requested = [booking for booking in registration.active_bookings
                 if booking.status is BookingStatus.REQUESTED and booking.workshop.slot.day == attendance.day]
    workshops = lock_workshops(booking.workshop_id for booking in requested)
    for booking in requested:
        seat(booking, workshops[booking.workshop_id], waitlist=True)
    db.session.flush()
    signals.registration_admitted.send(registration, day=attendance.day)


def admit_waiting_for_day(event: Event, row: EventDay) -> list[Attendance]:
    """Fill the free places of the locked day from its waiting list, in order."""
    admitted = []
    while row.capacity is None or row.confirmed_count < row.capacity:
        attendance = first_waiting_attendance(event.id, row.day)
        if attendance is None:
            break
        if row.capacity is not None:
            row.confirmed_count += 1
        admit_to_day(attendance)
        admitted.append(attendance)
    return admitted


def count_day_places(event_id: int, day: date) -> int:
    return db.session.scalar(select(func.count()).select_from(Attendance).join(Attendance.registration).where(
        Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED,
        Attendance.day == day, Attendance.waitlist_ticket.is_(None)))


def set_day_capacity(event: Event, day: date, new_capacity: int | None,
                     rows: dict[date, EventDay]) -> list[Attendance]:
    """Change the places of one day of the event (locked exclusively, its days by lock_days): its
    places are counted when a capacity is set; people waiting for the day move up in order."""
    row = rows.get(day)
    if row is None:
        if new_capacity is None:
            return []
        row = EventDay(event=event, day=day, capacity=None, confirmed_count=0, waitlist_counter=0)
        db.session.add(row)
        rows[day] = row
    if new_capacity is not None and row.capacity is None:
        row.confirmed_count = count_day_places(event.id, day)
    if new_capacity is not None and new_capacity < row.confirmed_count:
        raise CapacityTooLow(row.confirmed_count)
    row.capacity = new_capacity
    db.session.flush()
    admitted = admit_waiting_for_day(event, row)
    if new_capacity is None:
        row.confirmed_count = 0
    event.limits_days = any(other.capacity is not None for other in rows.values())
    return admitted


def move_days(event: Event, moves: dict[date, date]) -> None:
    """The event (locked exclusively) moved to other dates: its days' rows and the attendances
    follow, each old day to its new one; places, tickets and counters stay as they are. Two steps
    through dates nobody uses, so that no unique (registration, day) is met on the way."""
    attendances = list(db.session.scalars(
        select(Attendance).join(Attendance.registration).where(Registration.event_id == event.id)))
    rows = list(lock_days(event.id).values())
    moving = [item for item in (*attendances, *rows) if item.day in moves]
    parked = {day: date(1, 1, 1) + (day - min(moves)) for day in moves}
    for item in moving:
        item.day = parked[item.day]
    db.session.flush()
    landing = {parked[day]: moves[day] for day in moves}
    for item in moving:
        item.day = landing[item.day]
    db.session.flush()


# Questions of the organizers' own (issue 17): options that only so many people may choose.
# Nothing is counted in a column: under the options' locks, the answers of the registrations that
# are not cancelled are counted, so a cancellation (by any road) or an erasure frees its option.
# Lock order: the event, the workshops, then the options by id.

def lock_options(option_ids: Iterable[int]) -> dict:
    from ..models import QuestionOption

    ids = sorted(set(option_ids))
    if not ids:
        return {}
    query = (select(QuestionOption).where(QuestionOption.id.in_(ids)).order_by(QuestionOption.id)
             .with_for_update(key_share=True).execution_options(populate_existing=True))
    return {option.id: option for option in db.session.scalars(query)}


def option_takers(option_ids: Iterable[int]) -> dict[int, int]:
    """How many registrations that are not cancelled chose each option, as seen now."""
    from ..models import Answer

    ids = list(option_ids)
    if not ids:
        return {}
    query = (select(Answer.option_id, func.count())
             .join(Registration, Registration.id == Answer.registration_id)
             .where(Answer.option_id.in_(ids), Registration.status != RegistrationStatus.CANCELLED)
             .group_by(Answer.option_id))
    return {option_id: count for option_id, count in db.session.execute(query)}


def claim_options(option_ids: Iterable[int], fields: dict[int, str]) -> None:
    """The answers choosing `option_ids` were written (flushed) in this transaction: lock the
    limited options and count; more takers than places refuses the answer (OptionTaken, roll back).

    `fields`: option id -> the form field of its question, for the message.
    """
    from .errors import OptionTaken

    db.session.flush()
    options = lock_options(option_ids)
    limited = [option for option in options.values() if option.capacity is not None]
    if not limited:
        return
    taken = option_takers(option.id for option in limited)
    for option in limited:
        if taken.get(option.id, 0) > option.capacity:
            raise OptionTaken(option, field=fields.get(option.id))


# Roles (issue 17): seats of the organizers' guests that do not count against the participants'.

def seat_outside_capacity(event: Event, registration: Registration) -> list[Booking]:
    """`registration` (a speaker, staff) gets its seats on top of the participants': every limited
    workshop it holds or waits for grows by one seat, and it is seated there; a place of the event
    it waits for is given the same way. The seat it held before goes to the first person waiting.

    The event is locked exclusively and the workshops are locked by the caller. Returns the
    bookings of others that moved up.
    """
    promoted: list[Booking] = []
    if registration.status is RegistrationStatus.CANCELLED:
        return promoted
    if registration.status is RegistrationStatus.WAITLISTED:
        lock_workshops(b.workshop_id for b in registration.active_bookings)
        if event.capacity is not None:
            event.capacity += 1
        admit(event, registration)
    workshops = lock_workshops(b.workshop_id for b in registration.active_bookings)
    for booking in registration.active_bookings:
        workshop = workshops[booking.workshop_id]
        if workshop.capacity is not None:
            workshop.capacity += 1
        if booking.status in (BookingStatus.WAITLISTED, BookingStatus.REQUESTED):
            booking.status = BookingStatus.CONFIRMED
            booking.waitlist_ticket = None
            workshop.confirmed_count += 1
        elif workshop.capacity is not None:
            db.session.flush()
            promoted += promote_waiting(workshop)
    registration.seats_outside_capacity = True
    db.session.flush()
    return promoted


def give_back_extra_seats(event: Event, registration: Registration) -> None:
    """Before `registration`, seated on top of the participants, is cancelled: each of its seats
    leaves with it and its workshop shrinks by one again, so nobody moves up into a seat that was
    never the participants'. Every workshop of the event is locked, by id (a superset of what the
    cancellation locks next, in the same order)."""
    if not registration.seats_outside_capacity:
        return
    workshops = lock_workshops(w.id for slot in event.slots for w in slot.workshops)
    for booking in registration.active_bookings:
        workshop = workshops.get(booking.workshop_id)
        limited = workshop is not None and workshop.capacity is not None
        if booking.status is BookingStatus.CONFIRMED and limited:
            booking.status = BookingStatus.CANCELLED
            booking.waitlist_ticket = None
            workshop.confirmed_count -= 1
            workshop.capacity -= 1
    registration.seats_outside_capacity = False
    db.session.flush()


def seat_extra(booking: Booking, workshop: Workshop) -> None:
    """A new booking of a person seated on top of the participants: the locked workshop grows by
    the one seat it takes."""
    if workshop.capacity is not None:
        workshop.capacity += 1
    workshop.confirmed_count += 1
    booking.status = BookingStatus.CONFIRMED
    booking.waitlist_ticket = None


def leave_extra_seat(booking: Booking, workshop: Workshop) -> Booking | None:
    """A person seated on top of the participants leaves the locked workshop: it shrinks by their
    seat again (nobody moves up). Any other booking leaves as usual (vacate)."""
    if booking.status is not BookingStatus.CONFIRMED or workshop.capacity is None:
        return vacate(booking, workshop)
    booking.status = BookingStatus.CANCELLED
    booking.waitlist_ticket = None
    workshop.confirmed_count -= 1
    workshop.capacity -= 1
    return None


# Self-service (issue 16): the participant's own details, a colleague in their place, and waiting
# lists chosen from the personal page.

def lock_registration(registration: Registration) -> Registration:
    """Lock one registration's row (after its event's lock, before any workshop's) and read it as
    committed: a transfer and a change made through the old personal link queue on it."""
    query = (select(Registration).where(Registration.id == registration.id)
             .execution_options(populate_existing=True).with_for_update())
    return db.session.scalars(query).one()


def wait_for_seat(booking: Booking, workshop: Workshop) -> None:
    """A person keeps their seat in the slot and joins the waiting list of the full, locked
    `workshop` (chosen on the personal page): they move once a seat is free for them."""
    workshop.waitlist_counter += 1
    booking.status = BookingStatus.WAITLISTED
    booking.waitlist_ticket = workshop.waitlist_counter


def release_held_seat(booking: Booking) -> Workshop | None:
    """`booking` was just seated from a waiting list: a seat its person held in another workshop of
    the same slot is freed (the workshop was locked with its siblings) and goes to the first person
    waiting for it. Returns the workshop left, if any."""
    registration = booking.registration
    slot_id = booking.workshop.slot_id
    held = next((other for other in registration.active_bookings
                 if other is not booking and other.status is BookingStatus.CONFIRMED
                 and other.workshop.slot_id == slot_id), None)
    if held is None:
        return None
    workshop = held.workshop
    vacate(held, workshop)
    registration.bookings.remove(held)  # a later choice of the same workshop is a new booking
    db.session.flush()
    return workshop


def leave_waiting_list(booking: Booking) -> None:
    """The person gives up their waiting place (an explicit choice): the others move up one."""
    vacate(booking, booking.workshop)
    booking.registration.bookings.remove(booking)
    db.session.flush()
