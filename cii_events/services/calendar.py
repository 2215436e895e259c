"""Calendar files (RFC 5545) for a registration: the event and each booked workshop.

UIDs are stable per registration and programme slot, so that the file sent after a change
replaces the entries of the earlier one instead of adding new ones.
"""
from __future__ import annotations

from datetime import datetime

from icalendar import Calendar, Event as CalendarEvent

from ..i18n import _, language_locale
from ..models import Registration
from ..config import ZURICH

PRODUCT_ID = "-//cii_events//Registration//EN"


def uid(registration: Registration, part: str, domain: str) -> str:
    return f"{registration.reference.lower()}-{part}@{domain}"


def registration_calendar(registration: Registration, seats, *, domain: str, event_link: str,
                          sequence: int, now: datetime, cancelled: bool = False, withdrawn_slots=()) -> bytes:
    """The .ics for `registration` in its language, with an entry per (slot, workshop) in `seats`.

    `cancelled` withdraws every entry; `withdrawn_slots` withdraws the entries of slots the person
    no longer has a seat in (after a change). `sequence` must grow from one file to the next.
    """
    event = registration.event
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    with language_locale(registration.language):
        location = ", ".join(part for part in (event.venue, event.address) if part)
        entries = [("event", str(event.title), event.starts_at, event.ends_at, location,
                    str(event.summary or ""), not cancelled)]
        if cancelled:
            withdrawn_slots = event.choice_slots
        else:
            for slot, workshop in seats:
                room = f"{workshop.room}, {location}" if workshop.room else location
                title = f"{workshop.code} · {workshop.title}" if workshop.code else str(workshop.title)
                entries.append((f"slot-{slot.id}", title, slot.starts_at, slot.ends_at, room,
                                str(workshop.description or ""), True))
        for slot in withdrawn_slots:
            entries.append((f"slot-{slot.id}", str(slot.title), slot.starts_at, slot.ends_at, location,
                            "", False))
        link_text = _("Programme and details: %(link)s", link=event_link)
    for part, title, start, end, where, description, confirmed in entries:
        entry = CalendarEvent()
        entry.add("uid", uid(registration, part, domain))
        entry.add("sequence", sequence)
        entry.add("dtstamp", now)
        entry.add("dtstart", start.astimezone(ZURICH))
        entry.add("dtend", end.astimezone(ZURICH))
        entry.add("summary", title)
        entry.add("location", where)
        entry.add("description", f"{description}\n\n{link_text}".strip())
        entry.add("status", "CONFIRMED" if confirmed else "CANCELLED")
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
