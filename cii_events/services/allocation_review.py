"""The organizers' review of the workshop allocation in the back office.

Computing a draft once registration has closed, and the plain tables the review page shows for a
run: the state of every run, shares per slot, canton and language, workshop fill, who gets what.
Publishing and discarding are services.allocation's; functions flush and never commit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .. import cantons
from ..i18n import LANGUAGES
from ..models import (AllocationMode, AllocationRun, AllocationRunStatus, Event, Registration, Slot, User,
                      Workshop, utcnow)
from . import allocation
from .allocation_core import OUTCOMES
from .errors import AllocationTooEarly

OUTDATED = "outdated"  # a draft whose input (registrations, rankings, seats) changed since


def compute(event: Event, *, seed: int | None = None, actor: User | None = None,
            now: datetime | None = None) -> AllocationRun:
    """A draft for review, refused while participants can still change their preferences.

    (The command line may compute drafts earlier, to look ahead; the back office waits for the
    deadline so that what organizers review is what they can publish.)
    """
    now = now or utcnow()
    collecting = event.allocation_mode is AllocationMode.PREFERENCES and event.allocation_published_at is None
    if collecting and event.registration_open_at(now):
        raise AllocationTooEarly()
    return allocation.run(event, seed=seed, actor=actor, now=now)


def can_compute(event: Event, now: datetime | None = None) -> bool:
    return (event.allocation_mode is AllocationMode.PREFERENCES and event.allocation_published_at is None
            and not event.registration_open_at(now or utcnow()))


def states(event: Event, runs: list[AllocationRun]) -> dict[int, str]:
    """Run id -> draft, published, discarded or outdated (one look at the current input)."""
    drafts = [run for run in runs if run.status is AllocationRunStatus.DRAFT]
    current = allocation.input_digest(event) if drafts else None
    return {run.id: OUTDATED if run in drafts and run.input_digest != current else run.status.value
            for run in runs}


def chosen(runs: list[AllocationRun], run_id: int | None) -> AllocationRun | None:
    """The run to show: the one asked for, else the published one, else the newest draft."""
    if run_id is not None:
        return next((run for run in runs if run.id == run_id), None)
    for status in (AllocationRunStatus.PUBLISHED, AllocationRunStatus.DRAFT):
        found = next((run for run in runs if run.status is status), None)
        if found is not None:
            return found
    return None


@dataclass
class Shares:
    """One row of a share table: counts per outcome (first ... unplaced) and their shares."""

    key: object  # a Slot, a canton code, a language code, or None for the total
    count: int
    counts: dict[str, int]
    shares: dict[str, float]

    @classmethod
    def of(cls, key, tally: dict) -> Shares:
        return cls(key, tally["count"], {outcome: tally[outcome] for outcome in OUTCOMES},
                   dict(tally["shares"]))


@dataclass
class Fill:
    workshop: Workshop
    capacity: int | None
    held_before: int  # seats taken before the allocation (first come, or kept by their holders)
    assigned: int
    waiting: int
    first_choice_of: int

    @property
    def taken(self) -> int:
        return self.held_before + self.assigned


@dataclass
class Placed:
    """Where a person is placed in one slot."""

    outcome: str  # first, second, third, fallback, waiting, unplaced
    workshop: Workshop | None  # the seat, or the workshop whose waiting list they join
    rank: int | None
    ticket: int | None


@dataclass
class PersonRow:
    registration: Registration
    places: list[Placed | None]  # aligned with Review.slots; None: not allocated in that slot


@dataclass
class Review:
    run: AllocationRun
    participants: int
    total: Shares
    slots: list[Shares]  # one per time slot, its key the Slot
    by_canton: list[Shares]
    by_language: list[Shares]
    fill: list[tuple[Slot, list[Fill]]]
    people: list[PersonRow]

    @property
    def seated(self) -> int:
        return sum(self.total.counts[outcome] for outcome in ("first", "second", "third", "fallback"))


def review(run: AllocationRun) -> Review:
    """Everything the review page shows about one run, from its stored statistics and result."""
    event = run.event
    stats = run.statistics
    slots = {slot.id: slot for slot in event.slots}
    workshops = {w.id: w for slot in event.slots for w in slot.workshops}
    slot_stats = [(slots[item["slot_id"]], item) for item in stats["slots"] if item["slot_id"] in slots]
    order = {code: index for index, code in enumerate(cantons.REGIONS)}
    by_canton = sorted(stats["by_canton"].items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    by_language = sorted(stats["by_language"].items(),
                         key=lambda item: (LANGUAGES.index(item[0]) if item[0] in LANGUAGES else 99, item[0]))
    fill = [(slot, [_fill(workshops[row["workshop_id"]], row) for row in item["workshops"]
                    if row["workshop_id"] in workshops]) for slot, item in slot_stats]
    return Review(run=run, participants=stats["participants"], total=Shares.of(None, stats["overall"]),
                  slots=[Shares.of(slot, item["overall"]) for slot, item in slot_stats],
                  by_canton=[Shares.of(code, tally) for code, tally in by_canton],
                  by_language=[Shares.of(code, tally) for code, tally in by_language],
                  fill=fill, people=_people(run, [slot for slot, _item in slot_stats]))


def _fill(workshop: Workshop, row: dict) -> Fill:
    capacity = workshop.capacity
    held = capacity - row["seats"] if capacity is not None and row["seats"] is not None else 0
    return Fill(workshop, capacity, max(held, 0), row["assigned"], row["waiting"], row["first_choice_of"])


def _people(run: AllocationRun, slots: list[Slot]) -> list[PersonRow]:
    column = {slot.id: index for index, slot in enumerate(slots)}
    rows: dict[int, PersonRow] = {}
    for row in allocation.placement_rows(run):
        if row.slot.id not in column:
            continue
        person = rows.setdefault(row.registration.id, PersonRow(row.registration, [None] * len(slots)))
        person.places[column[row.slot.id]] = Placed(row.outcome, row.workshop or row.waiting_for, row.rank,
                                                    row.ticket)
    return sorted(rows.values(), key=lambda person: (person.registration.last_name.lower(),
                                                     person.registration.first_name.lower(),
                                                     person.registration.id))
