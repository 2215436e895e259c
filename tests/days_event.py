"""A national day over two days: plenary and series A on day 1 (dinner in the evening), series B
on day 2; people may choose their days."""
from __future__ import annotations

from datetime import timedelta

from cii_events.extensions import db
from cii_events.models import AllocationMode, Event, EventKind, EventStatus, Slot, SlotKind, Workshop
from cii_events.services.registration import register

from .conftest import at, person, text, workshop


def two_day_event(slug: str = "two-days", *, day_choice: bool = True, series_a=(10, 10),
                  series_b=(10, 10), event_capacity=None, starts: float = 30,
                  preferences: bool = False) -> Event:
    start = at(starts, 8)  # 09:00 in Switzerland in winter, 10:00 in summer
    event = Event(slug=slug, kind=EventKind.NATIONAL_DAY, status=EventStatus.PUBLISHED,
                  title=text("Event"), summary=text("Summary"), venue="Forum Fribourg",
                  address="Route du Lac 12, 1763 Granges-Paccot",
                  starts_at=start, ends_at=start + timedelta(days=1, hours=7),
                  registration_opens_at=at(-1), registration_closes_at=at(starts - 10),
                  capacity=event_capacity, waitlist_enabled=True, privacy_notice=text("Privacy"),
                  privacy_version="v1", host_canton="FR", day_choice=day_choice,
                  contact_email="cii@example.ch")
    event.slots.append(Slot(kind=SlotKind.TALKS, starts_at=start, ends_at=start + timedelta(hours=2),
                            title=text("Plenary")))
    for day, series, seats in ((0, "A", series_a), (1, "B", series_b)):
        begins = start + timedelta(days=day, hours=3)
        slot = Slot(kind=SlotKind.CHOICE, starts_at=begins, ends_at=begins + timedelta(hours=2),
                    title=text(f"Series {series}"))
        for index, capacity in enumerate(seats, start=1):
            slot.workshops.append(Workshop(code=f"{series}{index}", title=text(f"Workshop {series}{index}"),
                                           capacity=capacity, languages=["de", "fr"], position=index,
                                           room=f"Room {series}{index}"))
        event.slots.append(slot)
    dinner = Slot(kind=SlotKind.OPTIONAL, starts_at=start + timedelta(hours=9),
                  ends_at=start + timedelta(hours=12), title=text("Dinner"))
    dinner.workshops.append(Workshop(code="D", title=text("Dinner"), capacity=50, languages=["de", "fr"]))
    event.slots.append(dinner)
    if preferences:  # the workshops of both series are ranked, then allocated
        event.allocation_mode = AllocationMode.PREFERENCES
        event.allocation_at = at(starts - 5)
    db.session.add(event)
    db.session.commit()
    return event


def sign_up_for_days(event: Event, n: int, days, *codes: str, **overrides):
    """Register person n for the given days (None: the event's default) and workshops; commit."""
    choices = {workshop(event, code).slot_id: workshop(event, code).id for code in codes}
    registration = register(event, person(n, **overrides), choices, days=days)
    db.session.commit()
    return registration
