"""Files organizers download: a 10,000-row attendee list as XLSX and CSV (time and peak memory).

    .venv/bin/python bench/files.py [--rows 10000]

The export functions are pure (rows -> bytes); they get 10,000 registrations of an event with two
workshop slots, built in memory, so that only the file writing is measured. (Badges: bench/badges.py.)
"""
from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import save, table  # noqa: E402
from cii_events import create_app  # noqa: E402
from cii_events.cantons import CANTONS, INSTITUTION_TYPES  # noqa: E402
from cii_events.i18n import Translated  # noqa: E402
from cii_events.models import (Booking, BookingStatus, Event, EventKind, Registration,  # noqa: E402
                               RegistrationStatus, Slot, SlotKind, Workshop, utcnow)
from cii_events.services import exports  # noqa: E402


def _text(value: str) -> Translated:
    return Translated({lang: value for lang in ("de", "fr", "it", "en")})


def build(rows: int) -> tuple[Event, list[Registration]]:
    start = utcnow() + timedelta(days=30)
    event = Event(slug="files", kind=EventKind.NATIONAL_DAY, title=_text("Files"), starts_at=start,
                  ends_at=start + timedelta(hours=8))
    slots = []
    for index in range(2):
        slot = Slot(id=index + 1, kind=SlotKind.CHOICE, starts_at=start, ends_at=start + timedelta(hours=1),
                    title=_text(f"Block {index + 1}"))
        slot.workshops = [Workshop(id=10 * index + number, slot_id=index + 1, capacity=100,
                                   code=f"{'AB'[index]}{number}", title=_text(f"Workshop {number}"))
                          for number in range(6)]
        slots.append(slot)
    event.slots = slots
    chance = random.Random(7)
    people = []
    for n in range(rows):
        registration = Registration(
            id=n + 1, status=RegistrationStatus.CONFIRMED, salutation="", first_name=f"Anne-Françoise {n}",
            last_name="Müller-Bräuniger", email=f"person{n}@example.ch", phone="+41313222111",
            organisation="Service de l'emploi", function="Coordinatrice CII",
            institution_type=chance.choice(list(INSTITUTION_TYPES)), canton=chance.choice(list(CANTONS)),
            language=chance.choice(["de", "fr", "it", "en"]), dietary="", accessibility_needs="",
            remarks="=HYPERLINK(\"x\")" if n % 100 == 0 else "", list_consent=bool(n % 2),
            photo_consent=False,
            reference=f"R{n:07d}", created_at=utcnow(), cancelled_at=None, checked_in_at=None)
        registration.bookings = [Booking(workshop=chance.choice(slot.workshops),
                                         status=BookingStatus.CONFIRMED) for slot in slots]
        people.append(registration)
    return event, people


def measure(name: str, make) -> dict:
    """Time without tracing (tracemalloc slows Python down several times), then peak memory."""
    began = time.perf_counter()
    data = make()
    seconds = time.perf_counter() - began
    tracemalloc.start()
    make()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"file": name, "seconds": round(seconds, 2), "peak_mb": round(peak / 2**20, 1),
            "size_kb": round(len(data) / 1024)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10000)
    args = parser.parse_args()
    app = create_app({"SECRET_KEY": "benchmark", "DATABASE_URL": "sqlite://"})
    with app.test_request_context("/"):
        event, people = build(args.rows)
        results = [
            measure(f"xlsx, {args.rows} rows", lambda: exports.to_xlsx(
                exports.registration_table(event, people, lang="fr"))),
            measure(f"csv, {args.rows} rows", lambda: exports.to_csv(
                exports.registration_table(event, people, lang="de"))),
        ]
    print(table(results, ["file", "seconds", "peak_mb", "size_kb"]))
    path = save("files", {"rows": args.rows, "results": results})
    print(f"written to {path.relative_to(path.parents[2])}")


if __name__ == "__main__":
    main()
