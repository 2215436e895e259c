"""Registering, changing workshops and cancelling: the participant's side of the seat rules."""
from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from collections.abc import Iterable
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import signals
from ..extensions import db
from ..models import (Booking, BookingStatus, Event, Registration, RegistrationStatus, Slot,
                      Workshop, utcnow)
from . import capacity, preferences as wishes, questions, tokens
from .errors import (AlreadyRegistered, AlreadyWaiting, DayNotOffered, InvalidChoice, LinkReplaced,
                     NoDayChosen, PreferencesClosed, RegistrationCancelled, RegistrationClosed,
                     SlotDayNotAttended, WorkshopFull)
from .preferences import Preferences

# slot id -> chosen workshop id (None: nothing chosen in an optional slot)
Choices = Mapping[int, int | None]


@dataclass
class ParticipantDetails:
    first_name: str
    last_name: str
    email: str
    organisation: str
    institution_type: str
    canton: str
    language: str
    function: str = ""
    salutation: str = ""
    phone: str = ""
    dietary: str = ""
    accessibility_needs: str = ""
    remarks: str = ""
    list_consent: bool = False
    photo_consent: bool = False


def slot_field(slot_id: int) -> str:
    """The form field of a slot's choice; stable, other sites post to it."""
    return f"slot_{slot_id}"


def normalize_email(email: str) -> str:
    return email.strip().lower()


def personal_token(registration: Registration) -> str:
    return tokens.manage_token(current_app.config["SECRET_KEY"], registration.manage_token_salt)


def find_by_token(token: str) -> Registration | None:
    if not token or len(token) > 100:
        return None
    registration = db.session.scalars(
        select(Registration).where(Registration.manage_token_hash == tokens.hash_token(token))).first()
    if registration is None or not hmac.compare_digest(personal_token(registration), token):
        return None
    return registration


def find_by_submission(event: Event, nonce: str, email: str) -> Registration | None:
    """The registration an earlier submit of the same form created (a double click)."""
    registration = db.session.scalars(
        select(Registration).where(Registration.submission_key == tokens.submission_key(nonce))).first()
    if (registration is None or registration.event_id != event.id
            or registration.email_normalized != normalize_email(email)):
        return None
    return registration


def active_registration(event_id: int, email: str) -> Registration | None:
    return db.session.scalars(
        select(Registration).where(Registration.event_id == event_id,
                                   Registration.email_normalized == normalize_email(email),
                                   Registration.status != RegistrationStatus.CANCELLED)).first()


DAYS_FIELD = "days"


def attended_days(event: Event, days: Iterable[date] | None) -> list[date]:
    """The days a registration attends: those chosen where the event offers the choice (at least
    one, all of them days of the event), else every day of the event."""
    if not event.offers_day_choice:
        return event.days
    chosen = sorted(set(days or ()))
    if not chosen:
        raise NoDayChosen(field=DAYS_FIELD)
    if not set(chosen) <= set(event.days):
        raise DayNotOffered(field=DAYS_FIELD)
    return chosen


def resolve_choices(event: Event, choices: Choices,
                    days: Iterable[date] | None = None) -> dict[Slot, Workshop]:
    """Check the choices against the programme: one offered workshop per slot that needs one, on
    the days attended (every day when `days` is None); a slot of another day takes no choice.

    Slots whose workshops are ranked (preferences mode) are left to services.preferences.
    """
    attended = set(event.days if days is None else days)
    selected: dict[Slot, Workshop] = {}
    for slot in event.first_come_slots:
        workshop_id = choices.get(slot.id)
        if slot.day not in attended:
            if workshop_id is not None:
                raise SlotDayNotAttended(field=slot_field(slot.id))
            continue
        if workshop_id is None:
            if slot.requires_choice:
                raise InvalidChoice(field=slot_field(slot.id))
            continue
        workshop = next((w for w in slot.workshops if w.id == workshop_id), None)
        if workshop is None:
            raise InvalidChoice(field=slot_field(slot.id))
        selected[slot] = workshop
    return selected


def register(event: Event, details: ParticipantDetails, choices: Choices, *,
             days: Iterable[date] | None = None, preferences: Preferences | None = None,
             nonce: str | None = None, answers: questions.Answers | None = None,
             now: datetime | None = None) -> Registration:
    """Create a registration and take its seats, or waiting-list places, in one go.

    `days`: the days attended, where the event offers the choice (see attended_days); no choice
    is taken in a slot of another day.
    In preferences mode the ranked slots take no seat: `preferences` is stored for the allocation.
    `answers` to the event's own questions are stored with it (a limited option taken meanwhile:
    OptionTaken). Raises RegistrationClosed, InvalidChoice, AlreadyRegistered, EventFull,
    WorkshopFull, OptionTaken or PreferencesClosed; the caller rolls back on any of them and nothing is kept.

    `event` may be the cached programme (services.programme_cache): it is only read, and on the
    short road its version is checked by the statement that writes the registration.
    """
    now = now or utcnow()
    if not event.registration_open_at(now):
        raise RegistrationClosed()
    chosen_days = days
    days = attended_days(event, chosen_days)
    selected = resolve_choices(event, choices, days)
    stale = False
    if capacity.fast_path(event):
        registration = _register_fast(event, details, selected, days, answers or {}, nonce=nonce, now=now)
        if registration is not None:
            return registration
        stale = True  # the programme changed since it was cached
    current = db.session.get(Event, event.id, populate_existing=stale)
    if current is not event and (stale or current is None or event.ranked_slots
                                 or current.programme_version != event.programme_version):
        # The long road with the event as it is now (a current cached copy is only read: its
        # workshops are never attached to this session, rankings are taken from the session's).
        event = current
        if event is None or not event.registration_open_at(now):
            raise RegistrationClosed()
        days = attended_days(event, chosen_days)
        selected = resolve_choices(event, choices, days)
    collecting = event.collects_preferences
    preferences = replace(preferences or Preferences(), days=days)
    ranked = wishes.resolve(event, preferences) if event.ranked_slots else {}

    # A friendly early answer; the unique index on active addresses has the last word.
    if active_registration(event.id, details.email) is not None:
        raise AlreadyRegistered(field="email")
    # From here the rows stay locked until the commit: only quick work below.
    event = capacity.lock_event(event.id)
    if event.collects_preferences != collecting:  # the allocation was published meanwhile
        raise PreferencesClosed()
    day_rows = capacity.lock_days(event.id) if event.limits_days else {}
    workshops = capacity.lock_workshops(w.id for w in selected.values())

    registration = Registration(event=event, **_row_values(event, details, nonce, now))
    capacity.admit_to_event(event, registration)
    capacity.attend_days(event, registration, days, day_rows)
    for slot, workshop in selected.items():
        booking = Booking(workshop=workshops[workshop.id], created_at=now)
        registration.bookings.append(booking)
        capacity.place(booking, registration, event, field=slot_field(slot.id))
    if ranked:
        wishes.store(registration, ranked, preferences.languages, now=now)
    db.session.add(registration)
    # The address was checked under the event lock; the unique index stays the last word.
    try:
        db.session.flush()
    except IntegrityError as error:
        _raise_already_registered(error)
        raise
    questions.store_answers(event, registration.id, answers or {})
    signals.registration_created.send(registration)
    return registration


def _raise_already_registered(error: IntegrityError) -> None:
    """When a unique index refused the registration: the address is registered already, or the
    same form was sent twice (the caller rolls back and looks for the first submit's registration).
    Any other refusal is left to the caller's `raise`."""
    text = str(error.orig)
    if "submission_key" in text:
        raise AlreadyRegistered(field="email", double_submit=True) from error
    if "email_normalized" in text or "uq_registration_active_email" in text:
        raise AlreadyRegistered(field="email") from error


def _row_values(event: Event, details: ParticipantDetails, nonce: str | None, now: datetime) -> dict:
    """The columns of a new registration other than its status."""
    salt = tokens.new_token_salt()
    return dict(
        {f.name: getattr(details, f.name) for f in fields(details)},
        email_normalized=normalize_email(details.email),
        privacy_version_accepted=event.privacy_version, privacy_accepted_at=now,
        reference=tokens.new_reference(), checkin_code=tokens.new_checkin_code(),
        manage_token_salt=salt,
        manage_token_hash=tokens.hash_token(tokens.manage_token(current_app.config["SECRET_KEY"], salt)),
        submission_key=tokens.submission_key(nonce) if nonce else None,
        role="participant", seats_outside_capacity=False,  # services.roles: the organizers give others
        created_at=now, updated_at=now,
    )


def _register_fast(event: Event, details: ParticipantDetails, selected: dict[Slot, Workshop],
                   days: list[date], answers: questions.Answers, *, nonce: str | None, now: datetime
                   ) -> Registration | None:
    """The short road (services.capacity.fast_path): two statements and the commit.

    1. the registration, its bookings and its confirmation mail, written without a lock, only
       while the programme is still the cached version (else None: nothing was written);
    2. the seat decision for all its workshops at once, which holds the workshops' locks until
       the commit; then its answers, and the claim of any limited option under the options' locks.
    Waiting positions are counted when the mail is rendered, after the commit.
    The address is checked by the unique index (IntegrityError, as a double submit is).
    """
    from . import outbox_rows

    values = _row_values(event, details, nonce, now)
    fields_by_workshop = {workshop.id: slot_field(slot.id) for slot, workshop in selected.items()}
    workshop_ids = sorted(fields_by_workshop)
    outbox = outbox_rows.outbox_values(outbox_rows.CONFIRMED, event, details.email, details.language,
                                       {"bookings": None, "as_committed": True})
    try:
        new = capacity.insert_registration(event.id, event.programme_version, values, workshop_ids, outbox,
                                           days=days)
    except IntegrityError as error:
        _raise_already_registered(error)
        raise
    if new is None:
        from . import programme_cache

        programme_cache.forget(event.slug)
        return None
    try:
        capacity.take_seats(new.id, workshop_ids, waitlist=event.waitlist_enabled)
    except WorkshopFull as error:
        error.field = fields_by_workshop.get(error.workshop.id)
        raise
    questions.store_answers(event, new.id, answers)
    registration = capacity.known_registration(new.id, event.id, values)
    outbox_rows.remember_for_delivery(new.mail_id)
    signals.registration_created.send(registration, mail_queued=True)
    return registration


@dataclass
class WorkshopChange:
    slot: Slot
    old: Workshop | None
    new: Workshop | None
    waiting: bool = False  # the new workshop is full: waited for, the seat in `old` kept meanwhile


def change_workshops(registration: Registration, choices: Choices, *,
                     now: datetime | None = None) -> list[WorkshopChange]:
    """Move to other workshops. A confirmed seat is only given up for a seat that is free."""
    now = now or utcnow()
    _check_changeable(registration, now)
    changes = _change_seats(registration, choices, now=now)
    if changes:
        signals.registration_changed.send(registration, changes=changes)
    return changes


def change_days(registration: Registration, days: Iterable[date], choices: Choices, *,
                now: datetime | None = None) -> tuple[list[WorkshopChange], list[date], list[date]]:
    """Attend other days of the event (where it offers the choice), with the workshops of those days.

    The seats of a dropped day are freed (the first people waiting move up); a required slot of an
    added day needs a choice (InvalidChoice), which takes a seat or a waiting-list place under the
    usual rules; on the days kept, the workshops change as in change_workshops. Returns the
    workshop changes, the days added and the days dropped; one signal (one mail) for all of it.
    """
    now = now or utcnow()
    _check_changeable(registration, now)
    event = registration.event
    if not event.offers_day_choice:
        raise DayNotOffered(field=DAYS_FIELD)
    new_days = attended_days(event, days)
    old_days = registration.days
    added = [day for day in new_days if day not in old_days]
    dropped = [day for day in old_days if day not in new_days]
    if added or dropped:
        # The event, then its days, then (in _change_seats) the workshops.
        event = capacity.lock_event(event.id)
        day_rows = capacity.lock_days(event.id) if event.limits_days else {}
        db.session.refresh(registration)
        if registration.status is RegistrationStatus.CANCELLED:
            raise RegistrationCancelled()
        # A place (or a waiting-list ticket) on each added day first: its workshops follow it.
        capacity.attend_days(event, registration, added, day_rows)
        db.session.flush()
    changes = _change_seats(registration, choices, now=now, days=new_days)
    if added or dropped:
        for attendance in list(registration.attendances):
            if attendance.day in dropped:
                if registration.status is RegistrationStatus.CONFIRMED:
                    capacity.leave_day(event, attendance, day_rows)
                registration.attendances.remove(attendance)
        registration.updated_at = now
        db.session.flush()
    if changes or added or dropped:
        signals.registration_changed.send(registration, changes=changes, dropped_days=dropped)
    return changes, added, dropped


def change_preferences(registration: Registration, preferences: Preferences, choices: Choices, *,
                       now: datetime | None = None) -> bool:
    """Preferences mode: store a new ranking (and languages), and change the first-come items.

    Returns whether anything changed; the person gets one mail with the whole new state.
    """
    now = now or utcnow()
    _check_changeable(registration, now)
    event = registration.event
    if not event.ranked_slots:
        raise PreferencesClosed()
    ranked = wishes.resolve(event, replace(preferences or Preferences(), days=registration.days))
    changes = _change_seats(registration, choices, now=now)
    if not changes:  # _change_seats locked nothing: hold the event against a publication
        capacity.lock_event(event.id)
        db.session.refresh(registration)
    if not registration.event.collects_preferences:
        raise PreferencesClosed()
    if registration.status is RegistrationStatus.CANCELLED:
        raise RegistrationCancelled()
    changed = wishes.store(registration, ranked, preferences.languages, now=now)
    if changed or changes:
        db.session.flush()
        signals.preferences_changed.send(registration, changes=changes)
    return changed or bool(changes)


def _check_changeable(registration: Registration, now: datetime) -> None:
    if registration.status is RegistrationStatus.CANCELLED:
        raise RegistrationCancelled()
    if not registration.event.registration_open_at(now):
        raise RegistrationClosed()


def _change_seats(registration: Registration, choices: Choices, *, now: datetime,
                  days: list[date] | None = None) -> list[WorkshopChange]:
    """Apply the first-come choices under the locks, for the registration's days or the given
    ones (a slot of another day keeps no seat); no signal (the caller sends one)."""
    event = registration.event
    days = registration.days if days is None else days
    selected = resolve_choices(event, choices, days)
    wanted = {slot.id: workshop for slot, workshop in selected.items()}
    changes = _planned_changes(registration, event, wanted, days)
    if not changes:
        return []

    link = registration.manage_token_hash
    event = capacity.lock_event(event.id)
    capacity.lock_registration(registration)  # a transfer in flight is waited for
    if registration.manage_token_hash != link:
        raise LinkReplaced()
    involved = [c.old.id for c in changes if c.old] + [c.new.id for c in changes if c.new]
    workshops = capacity.lock_workshops(involved)
    db.session.refresh(registration)  # its status and bookings as of the lock
    if registration.status is RegistrationStatus.CANCELLED:
        raise RegistrationCancelled()
    changes = _planned_changes(registration, event, wanted, days)  # as of the lock
    for change in changes:
        _change_slot(registration, event, change, workshops, now)
    db.session.flush()
    return changes


def _planned_changes(registration: Registration, event: Event, wanted: dict, days: Iterable[date]
                     ) -> list[WorkshopChange]:
    """The slots, of the days attended before or after, whose choice differs from the seat held
    (or the place waited for); choosing the workshop one is already waiting for changes nothing."""
    changes = []
    first_come = event.first_come_slots
    for slot in event.slots_on(set(days) | set(registration.days)):
        if slot not in first_come:
            continue
        current = registration.booking_for_slot(slot.id)
        waiting = registration.waiting_in_slot(slot.id)
        new = wanted.get(slot.id)
        old = current.workshop if current else None
        if (old.id if old else None) == (new.id if new else None):
            continue
        if new is not None and waiting is not None and waiting.workshop_id == new.id:
            continue
        if new is None and current is waiting:  # only waiting: leaving is a choice of its own
            continue
        changes.append(WorkshopChange(slot, old, new))
    return changes


def _change_slot(registration: Registration, event: Event, change: WorkshopChange, workshops: dict,
                 now: datetime) -> None:
    """One slot's new choice, under the locks. A seat held is only given up for a free seat; a full
    workshop (with a waiting list) is waited for beside the seat held. A waiting place is never
    given up here: leaving a waiting list is a choice of its own (services.self_service)."""
    slot, field = change.slot, slot_field(change.slot.id)
    current = registration.booking_for_slot(slot.id)
    held = current if current is not None and current.status is not BookingStatus.WAITLISTED else None
    waiting = registration.waiting_in_slot(slot.id)
    if registration.status is RegistrationStatus.WAITLISTED or (held is None and waiting is None):
        # Nothing to keep: a request (the event's waiting list), or a first choice in the slot.
        if change.new is not None:
            booking = Booking(workshop=workshops[change.new.id], created_at=now)
            registration.bookings.append(booking)
            capacity.place(booking, registration, event, field=field)
        if current is not None:
            if seated_on_top(registration):
                capacity.leave_extra_seat(current, workshops[current.workshop_id])
            else:
                capacity.vacate(current, workshops[current.workshop_id])
            registration.bookings.remove(current)
        return
    on_top = seated_on_top(registration)
    if change.new is not None:
        workshop = workshops[change.new.id]
        booking = Booking(workshop=workshop, created_at=now)
        if on_top:  # a speaker's seat: the workshop grows by it
            registration.bookings.append(booking)
            capacity.seat_extra(booking, workshop)
        elif workshop.is_full:
            if not event.waitlist_enabled:
                raise WorkshopFull(workshop, field=field)
            if waiting is not None:
                raise AlreadyWaiting(waiting.workshop, field=field)
            registration.bookings.append(booking)
            capacity.wait_for_seat(booking, workshop)
            change.waiting = True
            return
        else:
            registration.bookings.append(booking)
            capacity.seat(booking, workshop, waitlist=False, field=field)
    if held is not None:
        if on_top:
            capacity.leave_extra_seat(held, workshops[held.workshop_id])
        else:
            capacity.vacate(held, workshops[held.workshop_id])
        registration.bookings.remove(held)


def seated_on_top(registration: Registration) -> bool:
    """Whether the person's seats are on top of the participants' (services.roles)."""
    return registration.seats_outside_capacity and registration.status is RegistrationStatus.CONFIRMED


def cancel(registration: Registration, *, now: datetime | None = None, notify: bool = True) -> None:
    """Cancel a registration; its seats go to the first people waiting, in this transaction.

    `notify=False` sends the person no mail (their data is being erased); those promoted are told.
    """
    now = now or utcnow()
    if registration.status is RegistrationStatus.CANCELLED:
        raise RegistrationCancelled()
    capacity.lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.status is RegistrationStatus.CANCELLED:
        raise RegistrationCancelled()
    capacity.give_back_extra_seats(registration.event, registration)  # a speaker's, staff's seats
    capacity.cancel_registration(registration, now)
    db.session.flush()
    signals.registration_cancelled.send(registration, notify=notify)
