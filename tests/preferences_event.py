"""An event in preferences mode, and helpers to register people with a ranking."""
from __future__ import annotations

from datetime import timedelta

from cii_events.extensions import db
from cii_events.models import (AllocationMode, Event, EventKind, EventStatus, Slot, SlotKind, Workshop,
                               utcnow)
from cii_events.services.preferences import Preferences
from cii_events.services.registration import register

from .conftest import at, person, text

# code: (capacity, languages) per slot; the dinner stays first come, first served.
MORNING = {"M1": (2, ["de"]), "M2": (1, ["de"]), "M3": (2, ["fr"]), "M4": (1, ["it"]),
           "M5": (1, ["de", "fr"])}
AFTERNOON = {"P1": (3, ["de", "fr", "it"]), "P2": (2, ["de"]), "P3": (2, ["fr"])}


def preferences_event(slug: str = "national-day", *, closes: float = 20, event_capacity=None,
                      morning=MORNING, afternoon=AFTERNOON, allocation_in: float | None = 22) -> Event:
    start = at(30)
    event = Event(slug=slug, kind=EventKind.NATIONAL_DAY, status=EventStatus.PUBLISHED,
                  title=text("Event"), summary=text("Summary"), venue="Kursaal", address="Bern",
                  starts_at=start, ends_at=start + timedelta(hours=8), registration_opens_at=at(-1),
                  registration_closes_at=at(closes), capacity=event_capacity, waitlist_enabled=True,
                  privacy_notice=text("Privacy"), privacy_version="v1", host_canton="BE",
                  allocation_mode=AllocationMode.PREFERENCES, languages=["de", "fr", "it"],
                  allocation_at=None if allocation_in is None else at(allocation_in, 14),
                  contact_email="cii@example.ch")
    event.slots.append(Slot(kind=SlotKind.TALKS, starts_at=start, ends_at=start + timedelta(hours=1),
                            title=text("Welcome"), position=0))
    for position, (name, offer) in enumerate((("Morning", morning), ("Afternoon", afternoon)), start=1):
        slot = Slot(kind=SlotKind.CHOICE, starts_at=start + timedelta(hours=2 * position),
                    ends_at=start + timedelta(hours=2 * position + 1), title=text(name), position=position)
        for index, (code, (seats, languages)) in enumerate(offer.items()):
            slot.workshops.append(Workshop(code=code, title=text(f"Workshop {code}"), capacity=seats,
                                           languages=languages, position=index))
        event.slots.append(slot)
    dinner = Slot(kind=SlotKind.OPTIONAL, starts_at=start + timedelta(hours=7),
                  ends_at=start + timedelta(hours=8), title=text("Dinner"), position=9)
    dinner.workshops.append(Workshop(code="D", title=text("Dinner"), capacity=5, languages=["de", "fr"]))
    event.slots.append(dinner)
    db.session.add(event)
    db.session.commit()
    return event


def by_code(event: Event, code: str) -> Workshop:
    return next(w for slot in event.slots for w in slot.workshops if w.code == code)


def ranking(event: Event, *codes_per_slot: list[str], languages=("de",)) -> Preferences:
    """Preferences from workshop codes, e.g. ranking(event, ["M1", "M2", "M5"], ["P1", "P2", "P3"])."""
    slots = [slot for slot in event.slots if slot.kind is SlotKind.CHOICE]
    return Preferences(languages=list(languages),
                       ranking={slot.id: [by_code(event, code).id for code in codes]
                                for slot, codes in zip(slots, codes_per_slot)})


def sign_up_ranked(event: Event, n: int, *codes_per_slot, languages=("de",), dinner=False, **overrides):
    """Register person n with the ranking given by codes and commit."""
    choices = {by_code(event, "D").slot_id: by_code(event, "D").id} if dinner else {}
    registration = register(event, person(n, **overrides), choices,
                            preferences=ranking(event, *codes_per_slot, languages=languages))
    db.session.commit()
    return registration


def close_registration(event: Event) -> None:
    """The deadline passes."""
    event.registration_closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
