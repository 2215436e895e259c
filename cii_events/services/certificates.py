"""Attendance certificates: one A4 page in the participant's language, for people checked in.

`sheet` gathers the texts in a language; `render` turns them into PDF bytes (pure). Organizers mail
them to everyone present through the outbox (`queue_for_present`); the PDF is rendered with the mail.

A certificate lists the days the person was actually checked in, and the hours of the programme on
those days, never more. It is mailed once the last day the person attends has ended.
"""
from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import format_decimal
from sqlalchemy import exists, select

from ..extensions import db
from ..i18n import _, format_day, format_numeric_date, format_time_range, language_locale
from ..models import Event, OutgoingMail, Registration, RegistrationStatus, SlotKind, User, utcnow
from . import audit, badges, pdf_fonts
from .errors import CertificatesTooEarly
from .mail_queue import CERTIFICATE as KIND, queue_certificate_mail
from .pdf_units import A4, mm


@dataclass(frozen=True)
class CertificateSheet:
    title: str
    name: str
    took_part: str
    event_title: str
    when: list[str]
    place: str
    hours: str
    issuer: str
    issued: str
    logo: badges.Logo | None = None  # the event's, at the top


def attendance_hours(event: Event, days: Iterable[date] | None = None) -> float:
    """Hours of the programme (talks and workshops, not the dinner) on `days` (every day when None),
    overlaps counted once."""
    days = set(event.days if days is None else days)
    spans = sorted((slot.starts_at, slot.ends_at) for slot in event.slots
                   if slot.kind is not SlotKind.OPTIONAL and slot.ends_at > slot.starts_at
                   and slot.day in days)
    total, current = 0.0, None
    for start, end in spans:
        if current and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current:
            total += (current[1] - current[0]).total_seconds()
        current = (start, end)
    if current:
        total += (current[1] - current[0]).total_seconds()
    if not spans:
        total = sum((end - start).total_seconds() for start, end in map(event.day_times, sorted(days)))
    return round(total / 3600 * 4) / 4  # quarter hours


def _days(event: Event, days: Iterable[date]) -> list[str]:
    """One line per day attended, with its hours: "Thursday, 3 December 2026, 09:30–16:30"."""
    days = set(days)
    by_day: dict = {}
    for slot in event.slots:
        if slot.kind is SlotKind.OPTIONAL or slot.day not in days:
            continue
        day = _local_date(slot.starts_at)
        first, last = by_day.get(day, (slot.starts_at, slot.ends_at))
        by_day[day] = (min(first, slot.starts_at), max(last, slot.ends_at))
    for day in days - set(by_day):
        by_day[day] = event.day_times(day)
    return [f"{format_day(start)}, {format_time_range(start, end)}"
            for _day, (start, end) in sorted(by_day.items())]


def _local_date(value: datetime):
    from .audit import ZURICH

    return value.astimezone(ZURICH).date()


def sheet(registration: Registration, lang: str | None = None) -> CertificateSheet:
    """The certificate's texts, in `lang` or else in the participant's own language."""
    event = registration.event
    lang = lang or registration.language
    days = registration.present_days or registration.days or event.days
    with language_locale(lang):
        hours = attendance_hours(event, days)
        return CertificateSheet(
            title=_("Certificate of attendance"),
            name=registration.full_name,
            took_part=_("took part in"),
            event_title=event.title.get_text(lang),
            when=_days(event, days),
            place=", ".join(part for part in (event.venue, event.address) if part),
            hours=_("Hours of attendance: %(hours)s", hours=format_decimal(hours, format="#,##0.##")),
            issuer=_("National CII office"),
            issued=_("Issued on %(date)s", date=format_numeric_date(utcnow())),
            logo=badges.logo_of(event))


def render(certificate: CertificateSheet) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = pdf_fonts.register()
    width, height = A4
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True, initialFontName=regular)
    canvas.setTitle(certificate.title)
    canvas.setCreator("cii_events")
    inner = width - 50 * mm
    y = height - 60 * mm
    if certificate.logo is not None:
        from . import logo as logos

        logos.draw(canvas, certificate.logo.data, certificate.logo.kind, 25 * mm, height - 48 * mm, inner,
                   28 * mm, centred=True)

    def centred(text: str, font: str, largest: float, smallest: float, max_lines: int = 2,
                gap: float = 4 * mm) -> None:
        nonlocal y
        fitted = badges.fit(text, font, inner, largest * 1.15 * max_lines, largest=largest, smallest=smallest,
                            max_lines=max_lines)
        canvas.setFont(font, fitted.size)
        for line in fitted.lines:
            y -= fitted.leading
            canvas.drawCentredString(width / 2, y, line)
        y -= gap

    centred(certificate.title, bold, 26, 16, 1, 18 * mm)
    centred(certificate.name, bold, 22, 12, 2, 6 * mm)
    centred(certificate.took_part, regular, 13, 10, 1, 6 * mm)
    centred(certificate.event_title, bold, 17, 11, 3, 6 * mm)
    for line in certificate.when:
        centred(line, regular, 12, 9, 1, 1 * mm)
    y -= 3 * mm
    if certificate.place:
        centred(certificate.place, regular, 12, 9, 2, 6 * mm)
    centred(certificate.hours, regular, 12, 9, 1, 30 * mm)
    canvas.setStrokeGray(0.4)
    canvas.line(width / 2 - 45 * mm, y, width / 2 + 45 * mm, y)
    y -= 2 * mm
    centred(certificate.issuer, regular, 12, 9, 1, 2 * mm)
    centred(certificate.issued, regular, 10, 8, 1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def filename(registration: Registration) -> str:
    return f"certificate-{registration.event.slug}-{registration.reference}.pdf"


def available(registration: Registration) -> bool:
    return (registration.status is RegistrationStatus.CONFIRMED and registration.checked_in_at is not None
            and registration.erased_at is None)


def last_day_ended(registration: Registration, now: datetime) -> bool:
    """Whether the last day the person attends is over (the end of its programme)."""
    event = registration.event
    last = max(registration.days or event.days)
    return event.day_times(last)[1] <= now


@dataclass(frozen=True)
class Pending:
    """Certificates not mailed yet: those that may go now, and those waiting for their last day."""

    ready: list
    too_early: int


def pending(event: Event, now: datetime | None = None) -> Pending:
    """Everyone checked in who has not been sent a certificate yet, split by whether their last
    day of the event has ended."""
    now = now or utcnow()
    already = exists().where(OutgoingMail.registration_id == Registration.id, OutgoingMail.kind == KIND)
    people = db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
        Registration.checked_in_at.is_not(None), Registration.erased_at.is_(None), ~already)
        .order_by(Registration.id)).all()
    ready = [person for person in people if last_day_ended(person, now)]
    return Pending(ready, len(people) - len(ready))


def queue_for_present(event: Event, *, actor: User | None, now: datetime | None = None) -> int:
    """Queue a certificate mail for everyone checked in who has not been sent one yet and whose
    last day has ended; CertificatesTooEarly when nobody's has but someone waits for it."""
    found = pending(event, now)
    if not found.ready and found.too_early:
        raise CertificatesTooEarly()
    people = found.ready
    for person in people:
        queue_certificate_mail(person)
    audit.record("certificates.sent", actor=actor, object_type="event", object_id=event.id, event_id=event.id,
                 count=len(people))
    return len(people)
