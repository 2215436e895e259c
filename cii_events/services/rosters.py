"""A workshop's roster for its moderator, as PDF: who has a seat, with a column to sign.

`render` is a pure function from a RosterSheet (texts already in the wanted language) to bytes;
`sheet` gathers those texts from the database. The XLSX roster is exports.registration_table(ROSTER).
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Sequence

from flask_babel import ngettext

from .. import cantons
from ..i18n import _, format_day, format_time_range, language_locale
from ..models import BookingStatus, Event, Registration, Workshop
from . import pdf_fonts, roles
from .pdf_units import A4, mm

BLANK_LINES = 3  # for people who come without a seat, by the moderator's leave


@dataclass
class RosterSheet:
    event_title: str
    workshop: str  # "A2 · Data protection"
    when: str
    room: str
    moderators: str
    labels: dict[str, str]  # column headings and captions in the sheet's language
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # name, organisation, canton


def sheet(event: Event, workshop: Workshop, people: Sequence[Registration], lang: str) -> RosterSheet:
    """The roster's texts in `lang`: the confirmed seats of the workshop, by last name."""
    seated = [person for person in people if any(
        booking.workshop_id == workshop.id and booking.status is BookingStatus.CONFIRMED
        for booking in person.bookings)]
    seated.sort(key=lambda person: (person.last_name.casefold(), person.first_name.casefold(), person.id))
    with language_locale(lang):
        slot = workshop.slot
        labels = {"number": _("No."), "name": _("Name"), "organisation": _("Organisation"),
                  "canton": _("Canton"), "signature": _("Signature"), "room": _("Room"),
                  "moderators": _("Moderation"),
                  "count": ngettext("%(num)d participant", "%(num)d participants", len(seated)),
                  "title": _("Roster")}
        when = f"{format_day(slot.starts_at)}, {format_time_range(slot.starts_at, slot.ends_at)}"
        return RosterSheet(
            event_title=event.title.get_text(lang),
            workshop=" · ".join(part for part in (workshop.code, workshop.title.get_text(lang)) if part),
            when=when, room=workshop.room or "", moderators=workshop.moderators or "", labels=labels,
            rows=[(_roster_name(person), person.organisation,
                   cantons.region_name(person.canton, lang)) for person in seated])


def _roster_name(person: Registration) -> str:
    """The name, with the role when it is not participant (rendered in the sheet's language)."""
    name = f"{person.last_name}, {person.first_name}"
    return name if person.role == roles.PARTICIPANT else f"{name} ({roles.name(person.role)})"


def render(roster: RosterSheet) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    regular, bold = pdf_fonts.register()
    text = ParagraphStyle("text", fontName=regular, fontSize=9.5, leading=12)
    head = ParagraphStyle("head", parent=text, fontName=bold)
    title = ParagraphStyle("title", parent=text, fontName=bold, fontSize=16, leading=20, spaceAfter=4)
    small = ParagraphStyle("small", parent=text, fontSize=10, leading=13)
    labels = roster.labels

    def cell(value: str, style=text) -> Paragraph:
        return Paragraph(_escape(value), style)

    story = [cell(roster.event_title, small), cell(roster.workshop, title), cell(roster.when, small)]
    if roster.room:
        story.append(cell(f"{labels['room']}: {roster.room}", small))
    if roster.moderators:
        story.append(cell(f"{labels['moderators']}: {roster.moderators}", small))
    story += [cell(labels["count"], small), Spacer(1, 5 * mm)]
    data = [[cell(labels[key], head) for key in ("number", "name", "organisation", "canton", "signature")]]
    for number, (name, organisation, canton) in enumerate(roster.rows, start=1):
        data.append([cell(str(number)), cell(name), cell(organisation), cell(canton), ""])
    for number in range(len(roster.rows) + 1, len(roster.rows) + 1 + BLANK_LINES):
        data.append([cell(str(number)), "", "", "", ""])
    table = LongTable(data, colWidths=[10 * mm, 50 * mm, 52 * mm, 34 * mm, 34 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 1), (-1, -1), 2.5 * mm),  # room to sign, however short the name
        ("BOTTOMPADDING", (0, 1), (-1, -1), 2.5 * mm),
        ("FONTNAME", (0, 0), (-1, -1), regular),
    ]))
    story.append(table)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                                 topMargin=15 * mm, bottomMargin=15 * mm, creator="cii_events",
                                 title=f"{labels['title']} {roster.workshop}", invariant=True,
                                 initialFontName=regular)
    document.build(story)
    return buffer.getvalue()


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
