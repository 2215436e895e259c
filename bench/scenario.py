"""The event the benchmarks register for: contended workshops, an open window, a waiting list."""
from __future__ import annotations

from datetime import timedelta

from cii_events import create_app
from cii_events.extensions import db
from cii_events.i18n import Translated
from cii_events.models import Event, EventKind, EventStatus, Slot, SlotKind, Workshop, utcnow


def _text(value: str) -> Translated:
    return Translated({"de": value, "fr": value, "it": value, "en": value})


def create_event(database_url: str, *, slug: str = "rush", slots: int = 2, workshops: int = 6,
                 capacity: int = 10) -> dict:
    """Create the event; returns {slot field: [workshop ids]} for the load generator."""
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "benchmark-secret"})
    with app.app_context():
        start = utcnow() + timedelta(days=30)
        event = Event(slug=slug, kind=EventKind.NATIONAL_DAY, status=EventStatus.PUBLISHED,
                      title=_text("Rush"), venue="Forum", address="Bern", starts_at=start,
                      ends_at=start + timedelta(hours=9), registration_opens_at=utcnow() - timedelta(days=1),
                      registration_closes_at=start - timedelta(days=1), waitlist_enabled=True,
                      privacy_notice=_text("Privacy"), privacy_version="1")
        for index in range(slots):
            slot = Slot(kind=SlotKind.CHOICE, starts_at=start + timedelta(hours=2 * index + 1),
                        ends_at=start + timedelta(hours=2 * index + 2), title=_text(f"Block {index + 1}"))
            for number in range(workshops):
                slot.workshops.append(Workshop(code=f"{chr(65 + index)}{number + 1}",
                                               title=_text(f"Workshop {chr(65 + index)}{number + 1}"),
                                               capacity=capacity, languages=["de", "fr"], position=number))
            event.slots.append(slot)
        db.session.add(event)
        db.session.commit()
        choices = {f"slot_{slot.id}": [w.id for w in slot.workshops] for slot in event.slots}
        db.session.remove()
        db.engine.dispose()
    return choices


# The national days in preferences mode: German the largest audience, French second, Italian too.
WORKSHOP_LANGUAGES = (("de",), ("de",), ("de",), ("fr",), ("fr",), ("de", "fr"), ("it",), ("de", "en"))
CORRESPONDENCE = (("de", 60), ("fr", 25), ("it", 10), ("en", 5))
CANTONS_BY_LANGUAGE = {"de": ("ZH", "BE", "LU", "SG", "AG", "BS", "GR"),
                       "fr": ("VD", "GE", "NE", "FR", "VS", "JU"), "it": ("TI", "GR"),
                       "en": ("BS", "ZH", "GE")}


def allocation_person(rng) -> dict:
    """An invented participant: correspondence language, canton, the languages they follow."""
    language = rng.choices([lang for lang, _ in CORRESPONDENCE], weights=[w for _, w in CORRESPONDENCE])[0]
    follows = {language}
    if rng.random() < 0.35:  # many Swiss follow a second national language
        follows.add(rng.choice(("de", "fr", "it")))
    if language == "en":
        follows.add("de")
    return {"language": language, "canton": rng.choice(CANTONS_BY_LANGUAGE[language]),
            "follows": sorted(follows)}


def rank(rng, workshops: list[tuple[int, tuple[str, ...]]], follows, popularity: list[int]) -> list[int]:
    """Up to three workshops in languages followed, the popular ones more often first."""
    candidates = [(wid, weight) for (wid, languages), weight in zip(workshops, popularity)
                  if set(languages) & set(follows)]
    ranking = []
    while candidates and len(ranking) < 3:
        pick = rng.choices(range(len(candidates)), weights=[weight for _, weight in candidates])[0]
        ranking.append(candidates.pop(pick)[0])
    return ranking


def allocation_problems(rng, people: int = 2000, slots: int = 3, workshops: int = 8):
    """The allocation input as plain data (no database), for the pure core."""
    from cii_events.services.allocation_core import Participant, SlotProblem, WorkshopSeats

    persons = [allocation_person(rng) for _ in range(people)]
    problems = []
    for slot in range(slots):
        offered = [(slot * 100 + index, WORKSHOP_LANGUAGES[index % len(WORKSHOP_LANGUAGES)])
                   for index in range(workshops)]
        seats = {wid: rng.choice((220, 260, 300)) for wid, _ in offered}
        popularity = [rng.randint(1, 6) for _ in offered]
        participants = tuple(
            Participant(number, tuple(rank(rng, offered, person["follows"], popularity)),
                        frozenset(person["follows"]))
            for number, person in enumerate(persons, start=1))
        problems.append(SlotProblem(slot + 1, tuple(WorkshopSeats(wid, seats[wid], frozenset(languages))
                                                    for wid, languages in offered), participants))
    return problems
