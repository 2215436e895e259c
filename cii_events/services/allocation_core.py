"""The workshop allocation itself: plain data in, plain data out, no database, no Flask.

Each slot is its own problem: every participant gets at most one seat in one workshop of the
slot, no workshop above its free seats, only workshops held in a language the participant follows.
Among all such assignments we want, in this order, the most first choices, then the most second
choices, then the most third choices, then the most people seated at all ("fallback": a workshop
they did not rank). That lexicographic optimum is found exactly as a minimum-cost flow (networkx
network simplex, in exact integer arithmetic):

    participant --(1 seat, -weight of the rank)--> workshop --(free seats)--> sink
    participant --(nobody's seat, 0)-----------------------------------------> sink

The weight of a rank dominates every lower tier: with B = n + 1, a first choice weighs B³, a
second B², a third B, a fallback 1, so no number of lower choices can outweigh one higher choice.
Below the lowest unit of that scale a seeded lottery breaks the ties: each participant draws a
number, and among the optimal assignments the one that gives the better ranks to the higher
draws wins; a last tiny random term picks among equal fallback workshops. The lottery can only
reorder people between optimal assignments, never change how many get which rank.

Whoever gets no seat joins the waiting list of their first choice (of the first workshop in their
languages when they ranked none), in the order of the draw. With a free seat left in one of their
languages they would have had it, so the waiting list is only used when nothing is left.
"""
from __future__ import annotations

import hashlib
import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


MAX_RANK = 3
OUTCOMES = ("first", "second", "third", "fallback", "waiting", "unplaced")
RANK_OUTCOMES = {1: "first", 2: "second", 3: "third"}
# The size of the last random term, below one step of the lottery.
_JITTER = 64


@dataclass(frozen=True)
class WorkshopSeats:
    id: int
    seats: int | None  # seats free for the allocation; None: no limit
    languages: frozenset[str]


@dataclass(frozen=True)
class Participant:
    id: int
    ranking: tuple[int, ...]  # workshop ids, best first (at most MAX_RANK count)
    languages: frozenset[str]  # the languages they follow


@dataclass(frozen=True)
class SlotProblem:
    id: int
    workshops: tuple[WorkshopSeats, ...]  # in programme order
    participants: tuple[Participant, ...]


@dataclass(frozen=True)
class Placement:
    participant_id: int
    workshop_id: int | None = None  # their seat
    rank: int | None = None  # 1..3: which of their choices the seat is; None: a fallback seat
    waiting_for: int | None = None  # without a seat: the workshop whose waiting list they join
    ticket: int | None = None  # their place on that waiting list, 1 first
    lottery: int = 0  # their draw in this slot: the higher wins a tie

    @property
    def outcome(self) -> str:
        if self.workshop_id is not None:
            return RANK_OUTCOMES.get(self.rank, "fallback")
        return "waiting" if self.waiting_for is not None else "unplaced"


@dataclass
class SlotResult:
    slot_id: int
    placements: list[Placement] = field(default_factory=list)

    @property
    def objective(self) -> tuple[int, int, int, int]:
        return objective(self.placements)


def objective(placements: Iterable[Placement]) -> tuple[int, int, int, int]:
    """(first, second, third, fallback) seats: compared lexicographically, higher is better."""
    counts = Counter(placement.outcome for placement in placements)
    return counts["first"], counts["second"], counts["third"], counts["fallback"]


def allowed_workshops(participant: Participant, workshops: Sequence[WorkshopSeats]) -> dict[int, int]:
    """Workshop id -> rank (1..3, 0 for a fallback) of every seat the participant may get."""
    in_language = {w.id for w in workshops if w.languages & participant.languages}
    allowed = {}
    for rank, workshop_id in enumerate(participant.ranking[:MAX_RANK], start=1):
        if workshop_id in in_language and workshop_id not in allowed:
            allowed[workshop_id] = rank
    for workshop in workshops:
        if workshop.id in in_language and workshop.id not in allowed:
            allowed[workshop.id] = 0
    return allowed


def allocate(problems: Sequence[SlotProblem], seed: int) -> list[SlotResult]:
    """Allocate every slot; each slot draws its own lottery from the seed and its id."""
    return [allocate_slot(problem, f"{seed}/{problem.id}") for problem in problems]


def allocate_slot(problem: SlotProblem, seed: int | str) -> SlotResult:
    rng = random.Random(seed)
    workshops = list(problem.workshops)
    people = sorted(problem.participants, key=lambda p: p.id)
    n = len(people)
    if not n:
        return SlotResult(problem.id)
    draws = list(range(1, n + 1))
    rng.shuffle(draws)
    lottery = {person.id: draw for person, draw in zip(people, draws)}

    base = n + 1
    tier = {1: base ** 3, 2: base ** 2, 3: base, 0: 1}
    boost = {1: 3, 2: 2, 3: 1, 0: 0}
    jitter_unit = n * _JITTER  # all jitter together stays below one lottery step
    lottery_unit = n * (3 * n * jitter_unit + _JITTER)  # all lottery terms stay below one tier step

    import networkx as nx  # here, not in every web worker (about 20 MB)

    graph = nx.DiGraph()
    graph.add_node("sink", demand=n)
    for workshop in workshops:
        seats = n if workshop.seats is None else max(min(workshop.seats, n), 0)
        graph.add_edge(("w", workshop.id), "sink", capacity=seats, weight=0)
    allowed = {}
    for person in people:
        node = ("p", person.id)
        graph.add_node(node, demand=-1)
        graph.add_edge(node, "sink", capacity=1, weight=0)  # no seat
        allowed[person.id] = allowed_workshops(person, workshops)
        for workshop_id, rank in allowed[person.id].items():
            weight = (tier[rank] * lottery_unit + boost[rank] * lottery[person.id] * jitter_unit
                      + rng.randrange(_JITTER))
            graph.add_edge(node, ("w", workshop_id), capacity=1, weight=-weight)
    flow = nx.min_cost_flow(graph)

    placements = []
    waiting: dict[int, list[int]] = defaultdict(list)
    for person in people:
        seat = next((target[1] for target, amount in flow[("p", person.id)].items()
                     if amount and target != "sink"), None)
        if seat is not None:
            rank = allowed[person.id][seat] or None
            placements.append(Placement(person.id, seat, rank, lottery=lottery[person.id]))
            continue
        # By order of rank, then programme order: their first choice when they ranked one.
        options = sorted(allowed[person.id].items(), key=lambda item: (item[1] == 0, item[1]))
        if options:
            waiting[options[0][0]].append(person.id)
        placements.append(Placement(person.id, None, None, options[0][0] if options else None,
                                    lottery=lottery[person.id]))
    tickets = {}
    for workshop_id, ids in waiting.items():
        for ticket, person_id in enumerate(sorted(ids, key=lambda i: -lottery[i]), start=1):
            tickets[person_id] = ticket
    placements = [Placement(p.participant_id, p.workshop_id, p.rank, p.waiting_for,
                            tickets.get(p.participant_id), p.lottery) for p in placements]
    return SlotResult(problem.id, placements)


def violations(problem: SlotProblem, placements: Sequence[Placement]) -> list[str]:
    """Broken rules of a slot's result (none expected): capacity, language, one place each."""
    problems = []
    workshops = {w.id: w for w in problem.workshops}
    people = {p.id: p for p in problem.participants}
    if sorted(p.participant_id for p in placements) != sorted(people):
        problems.append("not exactly one placement per participant")
    taken = Counter(p.workshop_id for p in placements if p.workshop_id is not None)
    for workshop_id, count in taken.items():
        seats = workshops[workshop_id].seats if workshop_id in workshops else 0
        if seats is not None and count > seats:
            problems.append(f"workshop {workshop_id}: {count} seats given, {seats} free")
    for placement in placements:
        person = people.get(placement.participant_id)
        target = placement.workshop_id or placement.waiting_for
        if person is None or target is None:
            continue
        if target not in workshops or not workshops[target].languages & person.languages:
            problems.append(f"participant {person.id}: workshop {target} not in a language they follow")
        if placement.workshop_id is not None:
            expected = allowed_workshops(person, problem.workshops).get(placement.workshop_id) or None
            if expected != placement.rank:
                problems.append(f"participant {person.id}: rank {placement.rank}, should be {expected}")
    return problems


def digest(problems: Sequence[SlotProblem]) -> str:
    """A fingerprint of the input: publishing checks that nothing changed since the run."""
    plain = [[problem.id,
              [[w.id, w.seats, sorted(w.languages)] for w in problem.workshops],
              sorted([p.id, list(p.ranking), sorted(p.languages)] for p in problem.participants)]
             for problem in sorted(problems, key=lambda problem: problem.id)]
    return hashlib.sha256(json.dumps(plain, separators=(",", ":")).encode()).hexdigest()


# Statistics: what the organizers review before publishing.

def tally(placements: Iterable[Placement]) -> dict:
    counts = Counter(placement.outcome for placement in placements)
    total = sum(counts.values())
    return {"count": total, **{outcome: counts[outcome] for outcome in OUTCOMES},
            "shares": {outcome: round(counts[outcome] / total, 4) if total else 0.0 for outcome in OUTCOMES}}


def _grouped(placements: Sequence[Placement], groups: Mapping[int, Mapping[str, str]], key: str) -> dict:
    by_group: dict[str, list[Placement]] = defaultdict(list)
    for placement in placements:
        by_group[groups.get(placement.participant_id, {}).get(key) or "?"].append(placement)
    return {name: tally(items) for name, items in sorted(by_group.items())}


def workshop_fill(problem: SlotProblem, placements: Sequence[Placement]) -> list[dict]:
    seated = Counter(p.workshop_id for p in placements if p.workshop_id is not None)
    waiting = Counter(p.waiting_for for p in placements if p.waiting_for is not None)
    wanted_first = Counter(p.ranking[0] for p in problem.participants if p.ranking)
    rows = []
    for workshop in problem.workshops:
        taken = seated[workshop.id]
        rows.append({"workshop_id": workshop.id, "seats": workshop.seats, "assigned": taken,
                     "free": None if workshop.seats is None else workshop.seats - taken,
                     "waiting": waiting[workshop.id], "first_choice_of": wanted_first[workshop.id],
                     "fill": round(taken / workshop.seats, 4) if workshop.seats else None})
    return rows


def statistics(problems: Sequence[SlotProblem], results: Sequence[SlotResult],
               groups: Mapping[int, Mapping[str, str]]) -> dict:
    """Shares per outcome overall, per slot, per canton and per language; workshop fill.

    `groups` maps a participant id to {"canton": ..., "language": ...}. Counts are placements:
    outside a single slot, a person counts once per slot.
    """
    by_slot = {result.slot_id: result for result in results}
    everything = [placement for result in results for placement in result.placements]
    slots = []
    for problem in problems:
        placements = by_slot[problem.id].placements
        slots.append({"slot_id": problem.id, "objective": list(objective(placements)),
                      "overall": tally(placements),
                      "by_canton": _grouped(placements, groups, "canton"),
                      "by_language": _grouped(placements, groups, "language"),
                      "workshops": workshop_fill(problem, placements)})
    participants = {placement.participant_id for placement in everything}
    return {"participants": len(participants), "objective": list(objective(everything)),
            "overall": tally(everything),
            "by_canton": _grouped(everything, groups, "canton"),
            "by_language": _grouped(everything, groups, "language"),
            "slots": slots}
