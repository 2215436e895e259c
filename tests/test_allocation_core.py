"""The allocation core against a brute-force optimum, on hundreds of small random instances."""
from __future__ import annotations

import random
from functools import lru_cache

import pytest

from bench.scenario import allocation_problems
from cii_events.services.allocation_core import (Participant, Placement, SlotProblem, WorkshopSeats,
                                                 allocate, allocate_slot, digest, objective, statistics,
                                                 violations)

LANGS = ("de", "fr", "it")


def random_problem(rng: random.Random, slot_id: int = 1) -> SlotProblem:
    workshops = tuple(
        WorkshopSeats(id=10 + index, seats=None if rng.random() < 0.1 else rng.randint(0, 3),
                      languages=frozenset(rng.sample(LANGS, rng.randint(1, 2))))
        for index in range(rng.randint(1, 4)))
    people = []
    for number in range(rng.randint(1, 8)):
        languages = frozenset(rng.sample(LANGS, rng.choice((1, 2, 2, 3))))
        understood = [w.id for w in workshops if w.languages & languages]
        length = min(3, len(understood)) if rng.random() < 0.8 else rng.randint(0, min(3, len(understood)))
        ranking = tuple(rng.sample(understood, length))
        people.append(Participant(id=100 + number, ranking=ranking, languages=languages))
    rng.shuffle(people)  # the result must not depend on the order given
    return SlotProblem(slot_id, workshops, tuple(people))


def brute_force(problem: SlotProblem) -> tuple[int, int, int, int]:
    """The best (first, second, third, fallback) vector, by trying every assignment (memoised)."""
    people = problem.participants
    workshops = problem.workshops
    unlimited = len(people)

    def value(person: Participant, workshop: WorkshopSeats) -> tuple[int, int, int, int]:
        ranked = list(person.ranking[:3])
        rank = ranked.index(workshop.id) + 1 if workshop.id in ranked else 4
        return tuple(int(rank == r) for r in (1, 2, 3, 4))

    @lru_cache(maxsize=None)
    def best(index: int, seats: tuple[int, ...]) -> tuple[int, int, int, int]:
        if index == len(people):
            return (0, 0, 0, 0)
        person = people[index]
        options = [best(index + 1, seats)]  # no seat
        for position, workshop in enumerate(workshops):
            if seats[position] > 0 and workshop.languages & person.languages:
                rest = best(index + 1, seats[:position] + (seats[position] - 1,) + seats[position + 1:])
                options.append(tuple(a + b for a, b in zip(value(person, workshop), rest)))
        return max(options)

    return best(0, tuple(unlimited if w.seats is None else w.seats for w in workshops))


def free_seats_in_language(problem, placements, person) -> list[int]:
    taken = {}
    for placement in placements:
        if placement.workshop_id is not None:
            taken[placement.workshop_id] = taken.get(placement.workshop_id, 0) + 1
    return [w.id for w in problem.workshops if w.languages & person.languages
            and (w.seats is None or taken.get(w.id, 0) < w.seats)]


@pytest.mark.parametrize("batch", range(5))
def test_the_allocation_is_the_lexicographic_optimum_of_a_brute_force_search(batch):
    rng = random.Random(f"instances-{batch}")
    for instance in range(100):
        problem = random_problem(rng)
        seed = rng.randrange(2 ** 32)
        result = allocate_slot(problem, seed)
        where = f"batch {batch}, instance {instance}: {problem}"
        assert result.objective == brute_force(problem), where
        assert violations(problem, result.placements) == [], where
        people = {p.id: p for p in problem.participants}
        for placement in result.placements:
            if placement.workshop_id is None:
                # Nobody waits while a seat in one of their languages is free.
                assert not free_seats_in_language(problem, result.placements,
                                                  people[placement.participant_id]), where
        # The same seed, the same result; another seed, the same objective.
        assert allocate_slot(problem, seed).placements == result.placements, where
        assert allocate_slot(problem, seed + 1).objective == result.objective, where


def test_a_first_choice_goes_where_it_leaves_room_for_more_choices():
    """Anna (German, Italian) and Bruno (German) both want W1 first; Bruno can also do W2.

    A greedy loop or the lottery alone could seat Bruno in W1 and leave Anna without a choice;
    the optimum gives W1 to Anna and W2 to Bruno, whatever the seed."""
    workshops = (WorkshopSeats(1, 1, frozenset({"de", "it"})), WorkshopSeats(2, 1, frozenset({"de"})))
    people = (Participant(7, (1,), frozenset({"it"})), Participant(8, (1, 2), frozenset({"de"})))
    problem = SlotProblem(1, workshops, people)
    for seed in range(30):
        placements = {p.participant_id: p for p in allocate_slot(problem, seed).placements}
        assert (placements[7].workshop_id, placements[7].rank) == (1, 1)
        assert (placements[8].workshop_id, placements[8].rank) == (2, 2)


def test_fallback_seat_in_a_language_followed_else_the_waiting_list_of_the_first_choice():
    german, french = frozenset({"de"}), frozenset({"fr"})
    workshops = (WorkshopSeats(1, 1, german), WorkshopSeats(2, 1, german), WorkshopSeats(3, 1, french),
                 WorkshopSeats(4, 5, frozenset({"it"})))
    people = (Participant(1, (1,), german), Participant(2, (1,), german), Participant(3, (1,), german),
              Participant(4, (3,), french), Participant(5, (3,), french),
              Participant(6, (), frozenset({"en"})))
    result = allocate_slot(SlotProblem(1, workshops, people), 42)
    placements = {p.participant_id: p for p in result.placements}
    german_seats = sorted((placements[i].outcome, placements[i].workshop_id) for i in (1, 2, 3))
    assert german_seats[0][0] == "fallback" and german_seats[0][1] == 2
    assert german_seats[1] == ("first", 1)
    assert german_seats[2] == ("waiting", None)
    waiting = next(placements[i] for i in (1, 2, 3) if placements[i].outcome == "waiting")
    assert (waiting.waiting_for, waiting.ticket) == (1, 1)
    # Two French speakers for one French seat: the Italian workshop is no fallback for them.
    french_outcomes = sorted(placements[i].outcome for i in (4, 5))
    assert french_outcomes == ["first", "waiting"]
    # Nobody offers English: no seat and no waiting list, and the result says so.
    assert placements[6].outcome == "unplaced"


def test_the_lottery_decides_who_gets_a_contested_seat_and_the_waiting_order():
    workshops = (WorkshopSeats(1, 1, frozenset({"de"})),)
    people = tuple(Participant(i, (1,), frozenset({"de"})) for i in range(1, 6))
    winners, orders = set(), set()
    for seed in range(40):
        placements = allocate_slot(SlotProblem(1, workshops, people), seed).placements
        seated = [p for p in placements if p.workshop_id == 1]
        assert len(seated) == 1 and seated[0].lottery == max(p.lottery for p in placements)
        waiting = sorted((p for p in placements if p.workshop_id is None), key=lambda p: p.ticket)
        assert [p.ticket for p in waiting] == [1, 2, 3, 4]
        assert [p.lottery for p in waiting] == sorted((p.lottery for p in waiting), reverse=True)
        winners.add(seated[0].participant_id)
        orders.add(tuple(p.participant_id for p in waiting))
    assert winners == {1, 2, 3, 4, 5}  # every seed a fair draw, not always the same person
    assert len(orders) > 10


def test_slots_are_independent_and_the_order_of_the_input_does_not_matter():
    rng = random.Random(5)
    problems = [random_problem(rng, slot_id) for slot_id in (1, 2, 3)]
    results = allocate(problems, 99)
    assert [r.slot_id for r in results] == [1, 2, 3]
    reversed_problems = [SlotProblem(p.id, p.workshops, tuple(reversed(p.participants))) for p in problems]
    assert [r.placements for r in allocate(reversed_problems, 99)] == [r.placements for r in results]
    assert digest(problems) == digest(reversed_problems)
    changed = [problems[0], problems[1], SlotProblem(3, problems[2].workshops, problems[2].participants[1:])]
    assert digest(changed) != digest(problems)


def test_statistics_give_shares_per_slot_canton_and_language_and_the_fill():
    workshops = (WorkshopSeats(1, 2, frozenset({"de", "fr"})), WorkshopSeats(2, 1, frozenset({"fr"})))
    people = (Participant(1, (1, 2), frozenset({"fr"})), Participant(2, (1, 2), frozenset({"fr"})),
              Participant(3, (1, 2), frozenset({"fr"})), Participant(4, (1,), frozenset({"de"})))
    problem = SlotProblem(1, workshops, people)
    results = allocate([problem], 3)
    groups = {1: {"canton": "VD", "language": "fr"}, 2: {"canton": "GE", "language": "fr"},
              3: {"canton": "VD", "language": "fr"}, 4: {"canton": "ZH", "language": "de"}}
    stats = statistics([problem], results, groups)
    overall = stats["overall"]
    assert stats["participants"] == 4 and overall["count"] == 4
    assert (overall["first"], overall["second"], overall["waiting"]) == (2, 1, 1)
    assert overall["shares"]["first"] == 0.5 and abs(sum(overall["shares"].values()) - 1) < 1e-9
    assert stats["objective"] == [2, 1, 0, 0]
    assert set(stats["by_canton"]) == {"GE", "VD", "ZH"} and set(stats["by_language"]) == {"de", "fr"}
    assert sum(t["count"] for t in stats["by_canton"].values()) == 4
    fill = {row["workshop_id"]: row for row in stats["slots"][0]["workshops"]}
    assert fill[1] == {"workshop_id": 1, "seats": 2, "assigned": 2, "free": 0, "waiting": 1,
                       "first_choice_of": 4, "fill": 1.0}
    assert fill[2]["assigned"] == 1 and fill[2]["first_choice_of"] == 0


def test_placement_outcomes():
    assert Placement(1, 5, 1).outcome == "first" and Placement(1, 5, 3).outcome == "third"
    assert Placement(1, 5, None).outcome == "fallback"
    assert Placement(1, None, None, 5, 1).outcome == "waiting" and Placement(1).outcome == "unplaced"
    assert objective([Placement(1, 5, 1), Placement(2, 5, None), Placement(3)]) == (1, 0, 0, 1)


def test_two_thousand_people_three_slots_eight_workshops_are_allocated_exactly():
    """The benchmark's case, for correctness; its time is bench/allocation.py's business (target:
    well under ten seconds), not a test's, whose machine may be busy."""
    problems = allocation_problems(random.Random(2026))
    results = allocate(problems, 7)
    for problem, result in zip(problems, results):
        assert violations(problem, result.placements) == []
        assert len(result.placements) == 2000
