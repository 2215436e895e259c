"""Calendar files (RFC 5545, iTIP RFC 5546) for a registration: each day of the event it attends
(one entry per day, never one spanning the night) and each booked workshop.

UIDs are stable per registration and programme slot, so that the file sent after a change
replaces the entries of the earlier one instead of adding new ones. A file either publishes the
entries (METHOD:PUBLISH: every entry has an ORGANIZER and no ATTENDEE) or withdraws all of them
(METHOD:CANCEL, when the registration or the event is cancelled: ORGANIZER and the participant as
ATTENDEE); the MIME part that carries it names the same method (RFC 6047 §2.4).
"""
from __future__ import annotations

import re
from datetime import date, datetime

from icalendar import Calendar, Event as CalendarEvent, vCalAddress, vText

from ..i18n import _, language_locale
from ..models import Registration
from ..config import ZURICH
from .plain import one_line

PRODUCT_ID = "-//cii_events//Registration//EN"
PUBLISH, CANCEL = "PUBLISH", "CANCEL"


def uid(registration: Registration, part: str, domain: str) -> str:
    return f"{registration.reference.lower()}-{part}@{domain}"


def method_of(ics: bytes) -> str:
    """The METHOD of a calendar file, for the Content-Type of the MIME part that carries it."""
    match = re.search(rb"^METHOD:([A-Z-]+)\r?$", ics, re.MULTILINE)
    return match.group(1).decode() if match else PUBLISH


def _address(email: str, name: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    return address


def place(*parts: str) -> str:
    """A location from its parts, each piece once: "Forum Fribourg" and "Forum Fribourg, Route du
    Lac 12" make "Forum Fribourg, Route du Lac 12"."""
    pieces: list[str] = []
    for part in parts:
        for piece in (piece.strip() for piece in (part or "").split(",")):
            if piece and piece.casefold() not in {known.casefold() for known in pieces}:
                pieces.append(piece)
    return ", ".join(pieces)


def registration_calendar(registration: Registration, seats, *, domain: str, event_link: str,
                          sequence: int, now: datetime, cancelled: bool = False, withdrawn_slots=(),
                          organizer_email: str = "", days: list[date] | None = None,
                          withdrawn_days=()) -> bytes:
    """The .ics for `registration` in its language: an entry per day attended (`days`, else the
    registration's) and per (slot, workshop) in `seats`.

    `cancelled` withdraws every entry (METHOD:CANCEL); `withdrawn_slots` and `withdrawn_days` mark
    the entries of slots and days the person no longer has (after a change) as cancelled.
    `sequence` must grow from one file to the next. The ORGANIZER is the event's contact address,
    else `organizer_email`.
    """
    event = registration.event
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", CANCEL if cancelled else PUBLISH)
    with language_locale(registration.language):
        organizer = _address(event.contact_email or organizer_email or f"no-reply@{domain}",
                             _("National CII office"))
        location = place(event.venue, event.address)
        event_days = event.days
        attended = event_days if cancelled else (registration.days if days is None else days)
        entries = []
        for day in event_days:
            if day in attended or day in withdrawn_days:
                entries.append(_day_entry(event, day, location, day in attended and not cancelled))
        if cancelled:
            withdrawn_slots = event.choice_slots
        else:
            for slot, workshop in seats:
                room = place(workshop.room, location)
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
        entry.add("summary", _one_line(title))
        entry.add("location", _one_line(where))
        entry.add("description", f"{description}\n\n{link_text}".strip())
        entry.add("status", "CONFIRMED" if confirmed else "CANCELLED")
        entry.add("organizer", organizer)
        if cancelled:  # RFC 5546 §3.2.5: a CANCEL names the attendees it removes
            entry.add("attendee", _address(registration.email, registration.full_name))
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _day_entry(event, day: date, location: str, confirmed: bool) -> tuple:
    """The entry of one day of the event; a one-day event keeps the one entry it always had."""
    if len(event.days) == 1:
        return ("event", str(event.title), event.starts_at, event.ends_at, location, str(event.summary or ""),
                confirmed)
    start, end = event.day_times(day)
    title = _("%(event)s – day %(num)d of %(count)d", event=str(event.title),
              num=event.days.index(day) + 1, count=len(event.days))
    return (f"day-{day.isoformat()}", title, start, end, location, str(event.summary or ""), confirmed)


def _one_line(text: str) -> str:
    """SUMMARY and LOCATION on one line, whatever an older saved title may hold."""
    return " ".join(one_line(text).split())
