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
