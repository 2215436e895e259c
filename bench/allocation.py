"""The workshop allocation at national-day scale: 2,000 participants × 3 slots × 8 workshops.

    .venv/bin/python bench/allocation.py [--people 2000] [--db sqlite|postgresql|none] [--seed 7]

First the exact allocation itself (the pure core: plain data in and out, one process, one core),
three times; then, with a database, the whole service path on a fresh database: the participants
register with their rankings through the registration service (setup, not timed as allocation),
the deadline passes, and we time reading the input and allocating (dry run), storing the draft
run, publishing it (seats, waiting lists, 2,000 queued mails) and `cii-events check`.
Writes bench/results/allocation.json.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fresh_database, save, table  # noqa: E402
from bench.scenario import (WORKSHOP_LANGUAGES, allocation_person, allocation_problems,  # noqa: E402
                            rank)


TARGET_SECONDS = 10  # 2,000 participants, 3 slots, 8 workshops (was an assertion in the test suite)


def time_core(people: int, seed: int, repeat: int = 3) -> dict:
    from cii_events.services.allocation_core import allocate, objective, violations

    problems = allocation_problems(random.Random(seed), people=people)
    times = []
    for attempt in range(repeat):
        started = time.perf_counter()
        results = allocate(problems, seed + attempt)
        times.append(time.perf_counter() - started)
    for problem, result in zip(problems, results):
        assert not violations(problem, result.placements)
    totals = [sum(column) for column in zip(*(objective(r.placements) for r in results))]
    return {"people": people, "slots": len(problems), "workshops_per_slot": len(problems[0].workshops),
            "seconds": [round(t, 3) for t in times], "best_seconds": round(min(times), 3),
            "objective_first_second_third_fallback": totals}


def create_event(people: int, seed: int):
    """A preferences-mode event with 3 slots of 8 workshops, and `people` registered with rankings."""
    from cii_events.extensions import db
    from cii_events.i18n import Translated
    from cii_events.models import (AllocationMode, Event, EventKind, EventStatus, Slot, SlotKind, Workshop,
                                   utcnow)
    from cii_events.services.preferences import Preferences
    from cii_events.services.registration import ParticipantDetails, register

    def text(value):
        return Translated({lang: value for lang in ("de", "fr", "it", "en")})

    rng = random.Random(seed)
    start = utcnow() + timedelta(days=30)
    event = Event(slug="allocation", kind=EventKind.NATIONAL_DAY, status=EventStatus.PUBLISHED,
                  title=text("National day"), venue="Kursaal", address="Bern", starts_at=start,
                  ends_at=start + timedelta(hours=9), registration_opens_at=utcnow() - timedelta(days=1),
                  registration_closes_at=start - timedelta(days=5), privacy_notice=text("Privacy"),
                  allocation_mode=AllocationMode.PREFERENCES, privacy_version="1")
    for index in range(3):
        slot = Slot(kind=SlotKind.CHOICE, starts_at=start + timedelta(hours=2 * index + 1),
                    ends_at=start + timedelta(hours=2 * index + 2), title=text(f"Workshops {index + 1}"))
        for number, languages in enumerate(WORKSHOP_LANGUAGES):
            slot.workshops.append(Workshop(code=f"{chr(65 + index)}{number + 1}", title=text("Workshop"),
                                           capacity=rng.choice((220, 260, 300)), languages=list(languages),
                                           position=number))
        event.slots.append(slot)
    db.session.add(event)
    db.session.commit()
    offered = [[(w.id, tuple(w.languages)) for w in slot.workshops] for slot in event.slots]
    popularity = [[rng.randint(1, 6) for _ in slot] for slot in offered]
    for number in range(1, people + 1):
        person = allocation_person(rng)
        details = ParticipantDetails(first_name=f"P{number}", last_name="Bench",
                                     email=f"p{number}@example.ch", organisation="RAV",
                                     institution_type="unemployment",
                                     canton=person["canton"], language=person["language"])
        ranking = {slot.id: rank(rng, offered[i], person["follows"], popularity[i])
                   for i, slot in enumerate(event.slots)}
        register(event, details, {}, preferences=Preferences(person["follows"], ranking))
        if number % 200 == 0:
            db.session.commit()
    event.registration_closes_at = utcnow() - timedelta(minutes=1)  # the deadline passes
    db.session.commit()
    return event


def time_service(kind: str, people: int, seed: int) -> dict:
    from cii_events import create_app
    from cii_events.database import begin_write
    from cii_events.extensions import db
    from cii_events.models import AllocationRun
    from cii_events.services import allocation
    from cii_events.services.integrity import find_problems

    url = fresh_database(kind, "bench_allocation")
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark-secret", "MAIL_SEND_AFTER_COMMIT": False})
    with app.app_context():
        started = time.perf_counter()
        event = create_event(people, seed)
        timings = {"setup: register everyone": time.perf_counter() - started}

        started = time.perf_counter()
        outcome = allocation.compute(event, seed)
        timings["read input + allocate (dry run)"] = time.perf_counter() - started

        started = time.perf_counter()
        run_id = allocation.run(event, seed=seed).id
        db.session.commit()
        timings["allocate + store draft run"] = time.perf_counter() - started

        db.session.remove()  # publishing starts afresh, as the command line does
        begin_write()
        started = time.perf_counter()
        report = allocation.publish(db.session.get(AllocationRun, run_id))
        db.session.commit()
        timings["publish: seats, waiting lists, mails"] = time.perf_counter() - started

        started = time.perf_counter()
        problems = find_problems()
        timings["cii-events check"] = time.perf_counter() - started
        assert not problems, problems[:5]
        result = {"db": kind, "people": people,
                  "timings_seconds": {step: round(seconds, 3) for step, seconds in timings.items()},
                  "objective_first_second_third_fallback": outcome.statistics["objective"],
                  "shares": outcome.statistics["overall"]["shares"],
                  "published": {"seated": report.seated, "waiting": report.waiting,
                                "unplaced": report.unplaced, "mails": report.mailed}}
        db.session.remove()
        db.engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both", "none"), default="sqlite")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    core = time_core(args.people, args.seed)
    core["target_seconds"] = TARGET_SECONDS
    core["within_target"] = core["best_seconds"] < TARGET_SECONDS
    print(f"Exact allocation, {args.people} participants × {core['slots']} slots × "
          f"{core['workshops_per_slot']} workshops (pure core, one core): best {core['best_seconds']:.2f} s "
          f"of {', '.join(f'{s:.2f}' for s in core['seconds'])} s")
    print(f"  first/second/third/fallback seats: {core['objective_first_second_third_fallback']}")
    print(f"  target: under {TARGET_SECONDS} s: {'met' if core['within_target'] else 'MISSED'}")
    services = []
    for kind in {"both": ("sqlite", "postgresql"), "none": ()}.get(args.db, (args.db,)):
        service = time_service(kind, args.people, args.seed)
        services.append(service)
        print(f"\nService path on {kind}:")
        rows = [{"step": step, "seconds": seconds} for step, seconds in service["timings_seconds"].items()]
        print(table(rows, ["step", "seconds"]))
        print(f"  published: {service['published']}")
    path = save("allocation", {"core": core, "service": services})
    print(f"\nWritten to {path}")


if __name__ == "__main__":
    main()
