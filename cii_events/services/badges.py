"""Name badges as PDF: rows in, bytes out, for one badge per A6 page or several per A4 sheet.

A badge shows the name large (shrunk and wrapped until it fits), the organisation, the canton,
optionally the workshop codes, and a QR code holding the registration's check-in code — never the
secret of the personal link. Fonts come from the repository (services.pdf_fonts).
"""
from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

from typing import TYPE_CHECKING
from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from .. import cantons
from ..extensions import db
from ..models import (Booking, BookingStatus, Event, Registration, RegistrationStatus, SlotKind,
                      Workshop)
from ..i18n import language_locale
from . import attendance, pdf_fonts, roles
from .pdf_units import A4, A6, mm

if TYPE_CHECKING:  # ReportLab is imported where a PDF is drawn (services.pdf_units)
    from reportlab.pdfgen.canvas import Canvas


@dataclass(frozen=True)
class Layout:
    """Badges of `badge` size in `columns` × `rows` on a page, from the top left corner."""

    name: str
    page: tuple[float, float]
    badge: tuple[float, float]
    columns: int
    rows: int
    gap: tuple[float, float] = (0.0, 0.0)
    # Left and top margin of a label sheet; None: the block of badges is centred on the page.
    margin: tuple[float, float] | None = None
    cut_marks: bool = False  # plain paper cut by hand; label sheets are cut already

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def origin(self, index: int) -> tuple[float, float]:
        """Lower left corner of the badge at this position on the page (row by row)."""
        column, row = index % self.columns, index // self.columns
        page_width, page_height = self.page
        width, height = self.badge
        gap_x, gap_y = self.gap
        if self.margin:
            left, top = self.margin
        else:
            left = (page_width - self.columns * width - (self.columns - 1) * gap_x) / 2
            top = (page_height - self.rows * height - (self.rows - 1) * gap_y) / 2
        return left + column * (width + gap_x), page_height - top - (row + 1) * height - row * gap_y


LAYOUTS = {layout.name: layout for layout in (
    Layout("a6", A6, (105 * mm, 148 * mm), 1, 1),
    Layout("a4-4xa6", A4, (105 * mm, 148 * mm), 2, 2, cut_marks=True),
    Layout("a4-8xa7", A4, (105 * mm, 74 * mm), 2, 4, cut_marks=True),
    # The two label sheets, with the geometry pretix's badge exporter prints on them (each adds up
    # to exactly 210 × 297 mm); not yet checked against a sheet in hand.
    # DURABLE BADGEMAKER 1445-02: 10 perforated inserts of 90 × 54 mm, left 15 mm, top 12 mm, no gaps.
    Layout("durable-1445", A4, (90 * mm, 54 * mm), 2, 5, margin=(15 * mm, 12 * mm)),
    # HERMA 4412: 10 labels of 80 × 50 mm, left 17.5 mm, top 13.5 mm, 15 mm across and 5 mm down between.
    Layout("herma-4412", A4, (80 * mm, 50 * mm), 2, 5, gap=(15 * mm, 5 * mm), margin=(17.5 * mm, 13.5 * mm)),
)}
SORTS = ("name", "canton")


@dataclass(frozen=True)
class Badge:
    first_name: str
    last_name: str
    organisation: str
    canton: str  # the canton's name, already in the wanted language
    checkin_code: str
    workshops: tuple[str, ...] = ()  # workshop codes, in programme order
    role: str = ""  # the role's name in the badge's language (services.roles), on a band of
    role_colour: str = ""  # its colour: never the colour alone

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


# ---------------------------------------------------------------------------------------------
# Fitting text


# The narrowest glyph of DejaVu Sans is about a quarter of the size wide: no line holds more
# characters than its width allows at that, so anything longer can be cut before fitting.
NARROWEST_GLYPH = 0.25


def _longest_prefix(text: str, font: str, size: float, max_width: float, suffix: str = "") -> int:
    """How many characters of `text` (at least one) fit the width, followed by `suffix`:
    a binary search, so a long word costs a few measurements, not one per character."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if pdf_fonts.width(text[:middle] + suffix, font, size) <= max_width:
            low = middle
        else:
            high = middle - 1
    return low


def _split_long(word: str, font: str, size: float, max_width: float) -> list[str]:
    """A word wider than the line: break after its hyphens, else between characters."""
    pieces: list[str] = []
    for part in word.replace("-", "-\0").split("\0"):
        while part and pdf_fonts.width(part, font, size) > max_width:
            cut = _longest_prefix(part, font, size, max_width)
            pieces.append(part[:cut])
            part = part[cut:]
        if part:
            pieces.append(part)
    # Join hyphenated parts back together while they fit.
    lines: list[str] = []
    for piece in pieces:
        if lines and lines[-1].endswith("-") and pdf_fonts.width(lines[-1] + piece, font, size) <= max_width:
            lines[-1] += piece
        else:
            lines.append(piece)
    return lines


def wrap(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Greedy line breaking between words; words too wide are broken as a last resort."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and pdf_fonts.width(candidate, font, size) <= max_width:
            lines[-1] = candidate
        elif pdf_fonts.width(word, font, size) <= max_width:
            lines.append(word)
        else:
            lines.extend(_split_long(word, font, size, max_width))
    return lines


@dataclass(frozen=True)
class FittedText:
    size: float
    lines: tuple[str, ...]
    leading: float


def fit(text: str, font: str, max_width: float, max_height: float, *, largest: float, smallest: float,
        max_lines: int = 3, leading: float = 1.15) -> FittedText:
    """The largest size (in steps of 0.5 from `largest`) at which the text, wrapped, fits the box;
    at the smallest, it is cut with an ellipsis.

    Bounded work whatever the text: what could not be shown even in the narrowest glyphs is cut
    first, and the size is found by a binary search (a handful of wraps, not one per step).
    """
    limit = max_lines * (int(max_width / (smallest * NARROWEST_GLYPH)) + 1)
    cut_short = len(text) > limit
    if cut_short:
        text = text[:limit]

    def wrapped(size: float) -> tuple[list[str], bool]:
        lines = wrap(text, font, size, max_width)
        return lines, len(lines) <= max_lines and len(lines) * size * leading <= max_height

    sizes = [largest - 0.5 * step for step in range(int((largest - smallest) / 0.5) + 1)]
    if sizes[-1] > smallest:
        sizes.append(smallest)
    low, high = 0, len(sizes) - 1  # find the first (largest) size that fits
    while low < high:
        middle = (low + high) // 2
        if wrapped(sizes[middle])[1]:
            high = middle
        else:
            low = middle + 1
    size = sizes[low]
    lines, _fits = wrapped(size)
    room = max(1, min(max_lines, int(max_height // (size * leading))))
    if len(lines) > room or cut_short:
        lines = lines[:room]
        last = lines[-1]
        if pdf_fonts.width(last + "…", font, size) > max_width:
            last = last[:_longest_prefix(last, font, size, max_width, "…")]
        lines[-1] = last + "…"
    return FittedText(size, tuple(lines), size * leading)


# ---------------------------------------------------------------------------------------------
# Drawing


def _draw_lines(canvas: Canvas, fitted: FittedText, font: str, x: float, top: float) -> float:
    """Draw from `top` downwards; returns the baseline of the last line."""
    canvas.setFont(font, fitted.size)
    y = top
    for line in fitted.lines:
        y -= fitted.leading
        canvas.drawString(x, y + (fitted.leading - fitted.size) / 2 + fitted.size * 0.2, line)
    return y


# zxing-cpp's image of a symbol: one byte per module, 0 for a dark one.
_DARK_RUN = re.compile(rb"\x00+")


def qr_rows(value: str) -> list[bytes]:
    """The QR code of `value` (error correction M), row by row, one byte per module (0 is dark).

    zxing-cpp encodes it in C++ (mask chosen by the standard's penalty rules) in a fraction of a
    millisecond; ReportLab's pure-Python encoder took ten, most of a badge's time."""
    import zxingcpp

    symbol = zxingcpp.create_barcode(value, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(symbol.to_image(scale=1, add_quiet_zones=False))
    count = image.shape[1]
    modules = image.tobytes()
    return [modules[start:start + count] for start in range(0, len(modules), count)]


def _draw_qr(canvas: Canvas, value: str, x: float, y: float, size: float) -> None:
    """One path of the dark runs of each row, inside a quiet zone of four modules."""
    rows = qr_rows(value)
    module = size / (len(rows) + 8)
    canvas.saveState()
    # From here on one unit is one module, from the symbol's top left corner downwards.
    canvas.transform(module, 0, 0, -module, x + 4 * module, y + size - 4 * module)
    path = canvas.beginPath()
    for number, row in enumerate(rows):
        for run in _DARK_RUN.finditer(row):
            path.rect(run.start(), number, run.end() - run.start(), 1)
    canvas.setFillGray(0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


@dataclass(frozen=True)
class Logo:
    """The event's logo (services.logo checked it): the file and "png" or "svg"."""

    data: bytes
    kind: str


def _draw_role_band(canvas: Canvas, badge: Badge, x: float, top: float, width: float, base: float,
                    pad: float, bold: str) -> float:
    """A band across the top in the role's colour, with the role's name in white on it; returns
    the band's lower edge."""
    from reportlab.lib.colors import HexColor

    band = base * 0.1
    canvas.setFillColor(HexColor(badge.role_colour or "#4a5361"))
    canvas.rect(x, top - band, width, band, stroke=0, fill=1)
    fitted = fit(badge.role.upper(), bold, width - 2 * pad, band * 0.9, largest=band * 0.55,
                 smallest=band * 0.3, max_lines=1)
    canvas.setFillGray(1)
    _draw_lines(canvas, FittedText(fitted.size, fitted.lines, band), bold, x + pad, top)
    canvas.setFillGray(0)
    return top - band


def _draw_badge(canvas: Canvas, badge: Badge, x: float, y: float, width: float, height: float,
                title: str, fonts: tuple[str, str], logo: Logo | None = None) -> None:
    regular, bold = fonts
    base = min(width, height)
    pad = max(4 * mm, base * 0.06)
    inner = width - 2 * pad
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(x, y, width, height)
    canvas.clipPath(path, stroke=0, fill=0)  # whatever happens, nothing spills onto the next badge
    top = y + height
    if badge.role:
        top = _draw_role_band(canvas, badge, x, top, width, base, pad, bold)
    top -= pad * (0.6 if badge.role else 1)
    title_width = inner
    if logo is not None:
        logo_height = base * 0.12
        taken = _draw_logo(canvas, logo, x + pad + inner * 0.6, top - logo_height, inner * 0.4, logo_height)
        if taken:
            title_width = inner - taken - pad * 0.5
            if not title:
                top -= logo_height + base * 0.02
    if title:
        fitted = fit(title, regular, title_width, base * 0.06, largest=base * 0.042, smallest=base * 0.025,
                     max_lines=1)
        canvas.setFillGray(0.35)
        title_bottom = _draw_lines(canvas, fitted, regular, x + pad, top) - base * 0.03
        canvas.setFillGray(0)
        top = min(title_bottom, top - base * 0.12 - base * 0.02) if logo is not None else title_bottom
    qr_size = base * 0.36
    _draw_qr(canvas, badge.checkin_code, x + width - pad - qr_size + qr_size * 0.08, y + pad - qr_size * 0.08,
             qr_size)
    # Organisation, canton and workshops at the bottom left, beside the QR code.
    text_width = inner - qr_size - pad * 0.5
    small = base * 0.048
    details = []
    if badge.organisation:
        details.append(fit(badge.organisation, regular, text_width, small * 2.4, largest=small,
                           smallest=small * 0.7, max_lines=2))
    if badge.canton:
        details.append(fit(badge.canton, regular, text_width, small * 1.2, largest=small,
                           smallest=small * 0.7, max_lines=1))
    if badge.workshops:
        details.append(fit(" · ".join(badge.workshops), bold, text_width, small * 1.2, largest=small,
                           smallest=small * 0.7, max_lines=1))
    block = sum(len(item.lines) * item.leading for item in details)
    line_top = y + pad + block
    for index, item in enumerate(details):
        is_workshops = badge.workshops and index == len(details) - 1
        line_top = _draw_lines(canvas, item, bold if is_workshops else regular, x + pad, line_top)
    # The name takes the room that is left above.
    bottom = y + pad + max(qr_size * 0.84, block) + base * 0.03
    name = fit(badge.name, bold, inner, top - bottom, largest=base * 0.13, smallest=base * 0.05, max_lines=3)
    _draw_lines(canvas, name, bold, x + pad, top)
    canvas.restoreState()


def _draw_logo(canvas: Canvas, logo: Logo, x: float, y: float, width: float, height: float) -> float:
    from . import logo as logos

    return logos.draw(canvas, logo.data, logo.kind, x, y, width, height)


def _cut_marks(canvas: Canvas, layout: Layout, count: int) -> None:
    """Short lines in the margins where the sheet is to be cut."""
    length = 4 * mm
    xs, ys = set(), set()
    for index in range(count):
        left, bottom = layout.origin(index)
        xs.update((round(left, 2), round(left + layout.badge[0], 2)))
        ys.update((round(bottom, 2), round(bottom + layout.badge[1], 2)))
    page_width, page_height = layout.page
    canvas.saveState()
    canvas.setLineWidth(0.3)
    canvas.setStrokeGray(0.5)
    for x in xs:
        canvas.line(x, 0, x, length)
        canvas.line(x, page_height - length, x, page_height)
    for y in ys:
        canvas.line(0, y, length, y)
        canvas.line(page_width - length, y, page_width, y)
    canvas.restoreState()


def render(badges: Sequence[Badge], layout_name: str, *, title: str = "", logo: Logo | None = None) -> bytes:
    """The PDF of these badges, in this order; `title` (the event's) heads every badge, beside
    the event's `logo` when there is one."""
    from reportlab.pdfgen.canvas import Canvas

    layout = LAYOUTS[layout_name]
    fonts = pdf_fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=layout.page, invariant=True, pageCompression=1, initialFontName=fonts[0])
    canvas.setTitle(title or "Badges")
    canvas.setCreator("cii_events")
    for start in range(0, max(len(badges), 1), layout.per_page):
        chunk = badges[start:start + layout.per_page]
        for index, badge in enumerate(chunk):
            left, bottom = layout.origin(index)
            _draw_badge(canvas, badge, left, bottom, *layout.badge, title, fonts, logo)
        if layout.cut_marks and chunk:
            _cut_marks(canvas, layout, len(chunk))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Choosing the badges


def _sort_key(text: str) -> str:
    """Ä with A, é with e: the order people expect in a printed list."""
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


REGION_ORDER = {code: index for index, code in enumerate(cantons.REGIONS)}


def registrations_for(event: Event, *, canton: str = "", workshop_id: int | None = None,
                      registration_id: int | None = None, sort: str = "name",
                      day: str = "") -> list[Registration]:
    """Confirmed registrations of the event, narrowed to a canton, a workshop's seats, the people
    attending one day (ISO date) or one person."""
    query = (select(Registration)
             .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
                    Registration.erased_at.is_(None))
             .options(selectinload(Registration.bookings).selectinload(Booking.workshop)
                      .selectinload(Workshop.slot)))
    if canton:
        query = query.where(Registration.canton == canton)
    if workshop_id:
        query = query.where(exists().where(Booking.registration_id == Registration.id,
                                           Booking.workshop_id == workshop_id,
                                           Booking.status == BookingStatus.CONFIRMED))
    if registration_id:
        query = query.where(Registration.id == registration_id)
    if day:
        query = query.where(attendance.attends(date.fromisoformat(day)))
    people = list(db.session.scalars(query))

    def by_name(person: Registration):
        return (_sort_key(person.last_name), _sort_key(person.first_name), person.id)
    if sort == "canton":
        people.sort(key=lambda person: (REGION_ORDER.get(person.canton, 999), *by_name(person)))
    else:
        people.sort(key=by_name)
    return people


def badge_of(person: Registration, *, lang: str | None = None, with_workshops: bool = True) -> Badge:
    """The badge's facts; the canton and the role in `lang`, or else in the participant's own language."""
    workshops = ()
    if with_workshops:
        seats = sorted((booking.workshop for booking in person.bookings
                        if booking.status is BookingStatus.CONFIRMED
                        and booking.workshop.slot.kind is SlotKind.CHOICE),  # not the dinner
                       key=lambda workshop: (workshop.slot.starts_at, workshop.code))
        workshops = tuple(workshop.code for workshop in seats)
    role = _role_name(person.role, lang or person.language)
    return Badge(first_name=person.first_name, last_name=person.last_name, organisation=person.organisation,
                 canton=cantons.region_name(person.canton, lang or person.language),
                 checkin_code=person.checkin_code, workshops=workshops, role=role,
                 role_colour=roles.COLOURS.get(person.role, roles.COLOURS[roles.PARTICIPANT]))


def _role_name(role: str, lang: str) -> str:
    """The role's name in `lang`, looked up once per role and language of a print run."""
    key = (role, lang)
    if key not in _ROLE_NAMES:
        with language_locale(lang):
            _ROLE_NAMES[key] = roles.name(role)
    return _ROLE_NAMES[key]


_ROLE_NAMES: dict[tuple[str, str], str] = {}


def logo_of(event: Event) -> Logo | None:
    return Logo(event.logo, event.logo_type) if event.logo and event.logo_type else None


def badges_of(people: Iterable[Registration], **options) -> list[Badge]:
    return [badge_of(person, **options) for person in people]
