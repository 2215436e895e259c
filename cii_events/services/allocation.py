"""Allocating workshops by preference: the database side of services.allocation_core.

The organizers' review is a thin wrapper over this module:

    run = allocation.run(event, seed=None, actor=user)    # compute and keep a draft (audited)
    allocation.compute(event, seed)                       # the same without storing (dry run)
    allocation.runs(event)                                # every run, newest first
    allocation.placement_rows(run)                        # who got what, for the review table
    run.statistics                                        # shares, per slot/canton/language, fill
    allocation.ensure_publishable(run)                    # what publish() would refuse, for a confirmation
    allocation.publish(run, actor=user)                   # seats, waiting lists, mails, audit
    allocation.discard(run, actor=user)

Functions flush and never commit; the caller commits.
"""
from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import signals
from ..extensions import db
from ..models import (AllocationMode, AllocationRun, AllocationRunStatus, Attendance, Booking, BookingStatus,
                      Event, Registration, RegistrationStatus, Slot, SlotKind, User, Workshop, utcnow)
from . import audit, capacity
from .allocation_core import (Participant, Placement, SlotProblem, SlotResult, WorkshopSeats, allocate,
                              digest, statistics, violations)
from .errors import (AllocationAlreadyPublished, AllocationOutdated, AllocationRunNotDraft,
                     NotAllocatedByPreference, RegistrationStillOpen)

CLI_ACTOR = "command line"
RESULT_VERSION = 1


@dataclass
class Outcome:
    """A computed allocation, stored as a run or not (dry run)."""

    event_id: int
    seed: int
    input_digest: str
    problems: list[SlotProblem]
    results: list[SlotResult]
    statistics: dict

    def result_json(self) -> dict:
        return {"version": RESULT_VERSION, "seed": self.seed, "slots": [
            {"slot_id": result.slot_id,
             "placements": [[p.participant_id, p.workshop_id, p.rank, p.waiting_for, p.ticket, p.lottery]
                            for p in result.placements]}
            for result in self.results]}


def new_seed() -> int:
    """A seed short enough to be read out and typed in again."""
    return secrets.randbelow(10 ** 9)


def allocated_slots(event: Event) -> list[Slot]:
    """The slots the allocation fills: the workshop slots (optional items stay first come)."""
    return [slot for slot in event.slots if slot.kind is SlotKind.CHOICE]


def build_problems(event: Event) -> tuple[list[SlotProblem], dict[int, dict[str, str]]]:
    """The input as plain data, in few queries: per slot the free seats and the participants.

    Participants are the registrations with a place at the event, in the slots of the days they
    attend. Whoever already holds a seat or
    a waiting-list place in a slot keeps it and is left out of that slot; the seats they hold are
    not free.
    """
    slots = allocated_slots(event)
    rows = db.session.execute(
        select(Registration.id, Registration.canton, Registration.language, Registration.understood_languages)
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(Registration.id)).all()
    groups = {row.id: {"canton": row.canton, "language": row.language} for row in rows}
    languages = {row.id: frozenset(row.understood_languages or [row.language]) for row in rows}
    workshop_slot = {w.id: slot.id for slot in slots for w in slot.workshops}
    wishes: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    holding: set[tuple[int, int]] = set()
    bookings = db.session.execute(
        select(Booking.registration_id, Booking.workshop_id, Booking.status, Booking.preference_rank)
        .join(Booking.registration)
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
               Booking.workshop_id.in_(workshop_slot), Booking.status != BookingStatus.CANCELLED))
    for registration_id, workshop_id, status, rank in bookings:
        key = (registration_id, workshop_slot[workshop_id])
        if status is BookingStatus.PREFERENCE:
            wishes[key].append((rank or 0, workshop_id))
        else:
            holding.add(key)
    attending: dict[int, set] = defaultdict(set)
    for registration_id, day in db.session.execute(
            select(Attendance.registration_id, Attendance.day).join(Attendance.registration)
            .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
                   Attendance.waitlist_ticket.is_(None))):
        attending[registration_id].add(day)
    problems = []
    for slot in slots:
        workshops = tuple(
            WorkshopSeats(w.id, None if w.capacity is None else max(w.capacity - w.confirmed_count, 0),
                          frozenset(w.languages or ())) for w in slot.workshops)
        participants = tuple(
            Participant(registration_id, tuple(w for _, w in sorted(wishes[(registration_id, slot.id)])),
                        languages[registration_id])
            for registration_id in groups
            if (registration_id, slot.id) not in holding and slot.day in attending[registration_id])
        problems.append(SlotProblem(slot.id, workshops, participants))
    return problems, groups


def compute(event: Event, seed: int | None = None) -> Outcome:
    """Allocate without storing anything: the dry run."""
    if event.allocation_mode is not AllocationMode.PREFERENCES:
        raise NotAllocatedByPreference()
    if event.allocation_published_at is not None:
        raise AllocationAlreadyPublished()
    seed = new_seed() if seed is None else seed
    problems, groups = build_problems(event)
    results = allocate(problems, seed)
    for problem, result in zip(problems, results):
        broken = violations(problem, result.placements)
        if broken:  # cannot happen with a correct solver; never store such a result
            raise RuntimeError(f"allocation of slot {problem.id} breaks its rules: {broken[:3]}")
    return Outcome(event.id, seed, digest(problems), problems, results, statistics(problems, results, groups))


def run(event: Event, *, seed: int | None = None, actor: User | None = None,
        now: datetime | None = None) -> AllocationRun:
    """Compute an allocation and keep it as a draft for review. Publishing stays a separate step."""
    outcome = compute(event, seed)
    user_id, label = _actor(actor)
    allocation_run = AllocationRun(
        event_id=event.id, seed=outcome.seed, status=AllocationRunStatus.DRAFT,
        input_digest=outcome.input_digest, result=outcome.result_json(), statistics=outcome.statistics,
        created_at=now or utcnow(), created_by_id=user_id, created_by=label)
    db.session.add(allocation_run)
    db.session.flush()
    _audit("allocation.computed", allocation_run, actor, seed=outcome.seed,
           objective=outcome.statistics["objective"], participants=outcome.statistics["participants"])
    return allocation_run


def runs(event: Event) -> list[AllocationRun]:
    return list(db.session.scalars(select(AllocationRun).where(AllocationRun.event_id == event.id)
                                   .order_by(AllocationRun.created_at.desc(), AllocationRun.id.desc())))


def get_run(event: Event, run_id: int) -> AllocationRun | None:
    allocation_run = db.session.get(AllocationRun, run_id)
    return allocation_run if allocation_run is not None and allocation_run.event_id == event.id else None


def published_run(event: Event) -> AllocationRun | None:
    return db.session.scalars(select(AllocationRun).where(
        AllocationRun.event_id == event.id, AllocationRun.status == AllocationRunStatus.PUBLISHED)).first()


def results_of(allocation_run: AllocationRun) -> list[SlotResult]:
    """The stored result as the core's objects."""
    return [SlotResult(slot["slot_id"], [Placement(*row) for row in slot["placements"]])
            for slot in allocation_run.result["slots"]]


def input_digest(event: Event) -> str:
    """The fingerprint of the allocation's input as it is now: compare it with a run's."""
    problems, _ = build_problems(event)
    return digest(problems)


def is_current(allocation_run: AllocationRun) -> bool:
    """Whether the input is still what the run saw (no registration or seat changed since)."""
    return input_digest(allocation_run.event) == allocation_run.input_digest


@dataclass
class PlacementRow:
    registration: Registration
    slot: Slot
    workshop: Workshop | None  # the seat
    rank: int | None
    waiting_for: Workshop | None
    ticket: int | None
    outcome: str  # first, second, third, fallback, waiting, unplaced


def placement_rows(allocation_run: AllocationRun) -> list[PlacementRow]:
    """Who gets what, by slot and name: the review table (two queries)."""
    event = allocation_run.event
    slots = {slot.id: slot for slot in event.slots}
    workshops = {w.id: w for slot in event.slots for w in slot.workshops}
    results = results_of(allocation_run)
    ids = {p.participant_id for result in results for p in result.placements}
    query = select(Registration).where(Registration.id.in_(ids))
    registrations = {r.id: r for r in db.session.scalars(query)}
    rows = [PlacementRow(registrations[p.participant_id], slots[result.slot_id], workshops.get(p.workshop_id),
                         p.rank, workshops.get(p.waiting_for), p.ticket, p.outcome)
            for result in results if result.slot_id in slots
            for p in result.placements if p.participant_id in registrations]
    rows.sort(key=lambda row: (row.slot.starts_at, row.slot.position, row.slot.id,
                               row.registration.last_name.lower(), row.registration.first_name.lower(),
                               row.registration.id))
    return rows


@dataclass
class PublishReport:
    seated: int = 0
    waiting: int = 0
    unplaced: int = 0
    mailed: int = 0


def publish(allocation_run: AllocationRun, *, actor: User | None = None,
            now: datetime | None = None) -> PublishReport:
    """Turn a draft into seats and waiting lists, mail everyone, and go first come from now on.

    Under the event's exclusive lock: nobody registers, changes or cancels meanwhile. Refused when
    registration is still open, when the event was published already, or when the input changed
    since the run (then it must be computed again).
    """
    now = now or utcnow()
    event = capacity.lock_event(allocation_run.event_id, exclusive=True)
    db.session.refresh(allocation_run)
    _refuse_publication(event, allocation_run, now)
    slot_ids = {slot.id for slot in allocated_slots(event)}
    workshop_slot = {w.id: slot.id for slot in event.slots if slot.id in slot_ids for w in slot.workshops}
    workshops = capacity.lock_workshops(workshop_slot)  # their seat counts as of the lock
    if not is_current(allocation_run):
        raise AllocationOutdated()
    registrations = {r.id: r for r in db.session.scalars(
        select(Registration).where(Registration.event_id == event.id)
        .options(selectinload(Registration.bookings)))}
    report = PublishReport()
    allocated = set()
    for result in results_of(allocation_run):
        # Waiting-list tickets are drawn in the recorded order, after whoever waits already.
        for placement in sorted(result.placements, key=lambda p: (p.ticket or 0, p.participant_id)):
            registration = registrations[placement.participant_id]
            allocated.add(registration.id)
            _apply(placement, registration, result.slot_id, workshops, workshop_slot, now, report)
    for registration in registrations.values():
        _settle_left_wishes(registration, workshop_slot, now)
    if not capacity.check_within_capacity(workshops.values()):
        raise AllocationOutdated()  # the CHECK constraint would refuse it too

    event.allocation_published_at = now
    user_id, label = _actor(actor)
    allocation_run.status = AllocationRunStatus.PUBLISHED
    allocation_run.published_at = now
    allocation_run.published_by_id, allocation_run.published_by = user_id, label
    for other in runs(event):
        if other.id != allocation_run.id and other.status is AllocationRunStatus.DRAFT:
            other.status = AllocationRunStatus.DISCARDED
    db.session.flush()
    for registration_id in sorted(allocated):
        signals.workshops_allocated.send(registrations[registration_id])
        report.mailed += 1
    _audit("allocation.published", allocation_run, actor, seed=allocation_run.seed,
           objective=allocation_run.statistics.get("objective"), seated=report.seated,
           waiting=report.waiting, unplaced=report.unplaced, mailed=report.mailed)
    db.session.flush()
    return report


def ensure_publishable(allocation_run: AllocationRun, *, now: datetime | None = None) -> None:
    """Raise what publish() would refuse, without taking its locks: for a confirmation step."""
    _refuse_publication(allocation_run.event, allocation_run, now or utcnow())
    if not is_current(allocation_run):
        raise AllocationOutdated()


def _refuse_publication(event: Event, allocation_run: AllocationRun, now: datetime) -> None:
    if event.allocation_mode is not AllocationMode.PREFERENCES:
        raise NotAllocatedByPreference()
    if event.allocation_published_at is not None:
        raise AllocationAlreadyPublished()
    if allocation_run.status is not AllocationRunStatus.DRAFT:
        raise AllocationRunNotDraft()
    if event.registration_open_at(now):
        raise RegistrationStillOpen()


def _apply(placement: Placement, registration: Registration, slot_id: int, workshops: dict[int, Workshop],
           workshop_slot: dict[int, int], now: datetime, report: PublishReport) -> None:
    """One person in one slot: the seat, or the waiting list; their other wishes there go."""
    wishes = {b.workshop_id: b for b in registration.bookings
              if b.status is BookingStatus.PREFERENCE and workshop_slot.get(b.workshop_id) == slot_id}
    target = placement.workshop_id or placement.waiting_for
    if target is None:
        report.unplaced += 1
    else:
        booking = wishes.pop(target, None)
        if booking is None:
            booking = Booking(workshop=workshops[target], created_at=now)
            registration.bookings.append(booking)
        workshop = workshops[target]
        if placement.workshop_id is not None:
            capacity.allocate_seat(booking, workshop, placement.rank, now)
            report.seated += 1
        else:
            capacity.allocate_waiting(booking, workshop, now)
            report.waiting += 1
    for booking in wishes.values():
        registration.bookings.remove(booking)


def _settle_left_wishes(registration: Registration, workshop_slot: dict[int, int], now: datetime) -> None:
    """Wishes of people outside the allocation: the event's waiting list keeps the first choice
    per slot as a request (a seat once admitted, as first come); cancelled registrations drop them."""
    first_choice: dict[int, Booking] = {}
    for booking in registration.preferences:  # best first
        slot_id = workshop_slot.get(booking.workshop_id)
        keep = (registration.status is RegistrationStatus.WAITLISTED and slot_id is not None
                and slot_id not in first_choice)
        if keep:
            first_choice[slot_id] = booking
            capacity.keep_wish_as_request(booking, now)
        else:
            registration.bookings.remove(booking)


def discard(allocation_run: AllocationRun, *, actor: User | None = None) -> None:
    """Set a draft aside (it stays in the list, for the record)."""
    # The event's lock, as in publish(): a discard cannot overwrite a publication made meanwhile.
    capacity.lock_event(allocation_run.event_id, exclusive=True)
    db.session.refresh(allocation_run)
    if allocation_run.status is not AllocationRunStatus.DRAFT:
        raise AllocationRunNotDraft()
    allocation_run.status = AllocationRunStatus.DISCARDED
    _audit("allocation.discarded", allocation_run, actor, seed=allocation_run.seed)
    db.session.flush()


def _actor(actor: User | None) -> tuple[int | None, str]:
    return (actor.id, actor.email) if actor is not None else (None, CLI_ACTOR)


def _audit(action: str, allocation_run: AllocationRun, actor: User | None, **details) -> None:
    audit.record(action, actor=actor, object_type="allocation_run", object_id=allocation_run.id,
                 event_id=allocation_run.event_id, **details)
