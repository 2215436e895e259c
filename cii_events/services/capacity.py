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
from datetime import datetime

from sqlalchemy import bindparam, func, insert, literal, select, text

from .. import signals
from ..extensions import db
from ..models import (Booking, BookingStatus, Event, Registration, RegistrationStatus,
                      Workshop)
from .errors import EventFull, WorkshopFull

# Reading: locks and counts.


def lock_event(event_id: int, *, exclusive: bool = False) -> Event:
    """Lock the event row for a change of registrations (or, `exclusive`, of the event itself).

    With a capacity, the lock is exclusive: the place counter decides who gets in. Without one,
    it is shared, so registrations go on in parallel, while an organizer changing the capacity
    (exclusive) waits for them and then counts what they committed.
    """
    query = select(Event).where(Event.id == event_id).execution_options(populate_existing=True)
    event = db.session.scalars(query.with_for_update(read=not exclusive)).one()
    if not exclusive and event.capacity is not None:
        # Rare: a capacity was set while this request ran. Upgrade to the exclusive lock.
        event = db.session.scalars(query.with_for_update()).one()
    return event


def count_confirmed(event_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED))


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
    if registration.status is not RegistrationStatus.WAITLISTED:
        return None
    ahead = (select(func.count()).select_from(Registration)
             .where(Registration.event_id == registration.event_id,
                    Registration.status == RegistrationStatus.WAITLISTED,
                    Registration.waitlist_ticket < registration.waitlist_ticket))
    return db.session.scalar(ahead) + 1


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
    """A new registration takes a place at the event or, when it is full, joins its waiting list."""
    if event.capacity is None:
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
    if registration.status is RegistrationStatus.WAITLISTED:
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
    """An organizer takes a person off the event's waiting list now; a full event grows by one.

    Returns whether the capacity had to grow.
    """
    lock_workshops(b.workshop_id for b in registration.active_bookings)
    overridden = event.capacity is not None and event.confirmed_count >= event.capacity
    if overridden:
        event.capacity = event.confirmed_count + 1
    admit(event, registration)
    return overridden


def admit_waiting(event: Event) -> list[Registration]:
    """Fill the free places of the locked event from its waiting list, in order."""
    admitted: list[Registration] = []
    if first_waiting_registration(event.id) is None:
        return admitted
    lock_workshops(w.id for slot in event.slots for w in slot.workshops)
    while event.capacity is None or event.confirmed_count < event.capacity:
        registration = first_waiting_registration(event.id)
        if registration is None:
            break
        admit(event, registration)
        admitted.append(registration)
    return admitted


def cancel_registration(registration: Registration, now: datetime) -> Registration | None:
    """Cancel `registration` (its event locked by the caller); its seats go to the first people
    waiting for them, its place at the event to the first person on the event's waiting list.

    Returns the registration admitted to the event in its place, if any.
    """
    event = registration.event
    was_confirmed = registration.status is RegistrationStatus.CONFIRMED
    successor = (first_waiting_registration(event.id)
                 if was_confirmed and counts_places(event) else None)
    involved = [b.workshop_id for b in registration.active_bookings]
    if successor is not None:
        involved += [b.workshop_id for b in successor.active_bookings]
    workshops = lock_workshops(involved)

    active = registration.active_bookings
    registration.status = RegistrationStatus.CANCELLED
    for booking in active:
        vacate(booking, workshops[booking.workshop_id])
    registration.waitlist_ticket = None
    registration.cancelled_at = now
    if was_confirmed and counts_places(event):
        if successor is None:
            event.confirmed_count -= 1
        else:
            admit(event, successor, takes_place=False)
    return successor


def cancel_event(event: Event, registrations: Iterable[Registration], now: datetime) -> None:
    """Every registration of the event (locked exclusively) is cancelled; freed seats go to nobody."""
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
            and not event.ranked_slots)


@dataclass
class NewRegistration:
    """What insert_registration wrote: the ids, and the personal-link salt for the redirect."""

    id: int
    reference: str
    manage_token_salt: str
    mail_id: int | None


def insert_registration(event_id: int, programme_version: int, values: dict, workshop_ids: list[int],
                        mail: dict | None) -> NewRegistration | None:
    """Write a confirmed registration, its bookings (no seat decided yet) and its mail in one
    statement, without a lock; None when the event's programme is no longer `programme_version`
    (nothing is written then: the caller takes the long road with the programme as it is).
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
