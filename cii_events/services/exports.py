"""Exports of attendee lists: pure functions from rows to bytes.

`registration_table` turns loaded registrations into a Table (headers in the reader's language,
typed values); `to_csv` and `to_xlsx` turn a Table into a file. Text that a spreadsheet would take
for a formula (starting with = + - @, a tab or a carriage return) is made harmless with a leading
apostrophe, in both formats: people open the CSV in Excel, and copy cells out of the XLSX.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from datetime import date, datetime

import phonenumbers
from flask_babel import get_locale

from .. import cantons
from . import questions, roles
from ..i18n import LANGUAGE_NAMES, _, format_numeric_date, language_locale
from ..models import Booking, BookingStatus, Event, Registration, RegistrationStatus, Workshop
from ..config import ZURICH

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "%d.%m.%Y"
DATETIME_FORMAT = "%d.%m.%Y %H:%M"

Cell = str | int | float | bool | date | datetime | None


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    yes: str = "yes"
    no: str = "no"


def neutralise(value: str) -> str:
    """Text that cannot start a formula in a spreadsheet."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _text(value: Cell, table: Table) -> str:
    if isinstance(value, str):  # most cells: tested first
        return neutralise(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return table.yes if value else table.no
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, (int, float)):
        return str(value)
    return neutralise(value)


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte order mark, so that Excel shows accents; semicolons, as Excel in Switzerland
    expects them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(title) for title in table.header])
    for row in table.rows:
        writer.writerow([_text(value, table) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    """A workbook with typed cells (numbers, dates, yes/no), a frozen header row and filters."""
    import xlsxwriter  # here, not in every web worker (about 10 MB)

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(_sheet_name(table.title))
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EBEF", "bottom": 1})
    write = _cell_writer(sheet, table, day=workbook.add_format({"num_format": "dd.mm.yyyy"}),
                         moment=workbook.add_format({"num_format": "dd.mm.yyyy hh:mm"}))
    for column, title in enumerate(table.header):
        sheet.write_string(0, column, neutralise(title), bold)
    longest = [0] * len(table.header)
    for number, row in enumerate(table.rows, start=1):
        for column, value in enumerate(row):
            length = write(number, column, value)
            if length > longest[column]:
                longest[column] = length
    for column, title in enumerate(table.header):
        sheet.set_column(column, column, max(len(title), min(longest[column], MAX_WIDTH)) + 2)
    sheet.freeze_panes(1, 0)
    if table.header:
        sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.header) - 1)
    workbook.close()
    return buffer.getvalue()


MAX_WIDTH = 60
DATE_WIDTH = len("31.12.2026")  # DATE_FORMAT, as the cell shows it
DATETIME_WIDTH = len("31.12.2026 23:59")  # DATETIME_FORMAT


def _cell_writer(sheet, table: Table, *, day, moment):
    """A function writing one typed cell and returning the length of its text (as in the CSV), for
    the column width.

    This runs for every cell (220,000 for 10,000 registrations): the common case, text, is tested
    first, and empty cells are skipped, as XlsxWriter writes no blank cell without a format anyway.
    """
    write_string, write_number = sheet.write_string, sheet.write_number
    write_boolean, write_datetime = sheet.write_boolean, sheet.write_datetime
    yes, no = len(table.yes), len(table.no)

    def write(row: int, column: int, value: Cell) -> int:
        if value is None or value == "":
            return 0
        if isinstance(value, str):
            text = neutralise(value)
            write_string(row, column, text)
            return len(text)
        if isinstance(value, bool):
            write_boolean(row, column, value)
            return yes if value else no
        if isinstance(value, (int, float)):
            write_number(row, column, value)
            return len(str(value))
        if isinstance(value, datetime):
            write_datetime(row, column, value, moment)
            return DATETIME_WIDTH
        if isinstance(value, date):
            write_datetime(row, column, datetime.combine(value, datetime.min.time()), day)
            return DATE_WIDTH
        text = neutralise(str(value))
        write_string(row, column, text)
        return len(text)

    return write


def _sheet_name(title: str) -> str:
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()
    return (cleaned or "Export")[:31]


# From registrations to a table

FULL = "full"
ROSTER = "roster"


def registration_table(event: Event, registrations: Sequence[Registration], *, lang: str,
                       layout: str = FULL, include_sensitive: bool = True,
                       workshop_id: int | None = None) -> Table:
    """The rows of an attendee list in `lang`: one row per registration, one column per slot.

    `include_sensitive` False leaves out dietary and accessibility needs and remarks (health data may
    hide there): cantonal coordinators get the list without them.
    """
    with language_locale(lang):
        if layout == ROSTER:
            return _roster(event, registrations, lang, workshop_id)
        slots = event.choice_slots
        header = [_("Reference"), _("Status"), _("Salutation"), _("First name"), _("Last name"), _("Email"),
                  _("Phone"), _("Organisation"), _("Function"), _("Type of institution"), _("Canton"),
                  _("Language for correspondence")]
        header += [slot.title.get_text(lang) for slot in slots]
        days = _export_days(event)
        header += _day_headers(days)
        asked = questions.exported(event, include_sensitive=include_sensitive)
        header += [question.text_in(lang) for question in asked]
        if include_sensitive:
            header += [_("Dietary requirements"), _("Accessibility needs"), _("Remarks")]
        header += [_("In the participant list"), _("Photos"), _("Registered on"), _("Cancelled on"),
                   _("Checked in"), _("Role")]
        table = Table(_("Participants"), header, yes=_("yes"), no=_("no"))
        booking_text = _booking_texts(lang)
        slot_ids = [slot.id for slot in slots]
        labels = _labels()
        answer_cells = questions.answer_cells(asked, lang)
        table.rows = [_registration_row(registration, slot_ids, lang=lang, labels=labels,
                                        booking_text=booking_text, include_sensitive=include_sensitive,
                                        days=days, answer_cells=answer_cells)
                      for registration in registrations]
        return table


def _export_days(event: Event) -> list[date]:
    """The days that get a column of their own: those of an event over several days."""
    days = event.days
    return days if len(days) > 1 else []


def _day_headers(days: list[date]) -> list[str]:
    return [_("Attends on %(day)s", day=format_numeric_date(day)) for day in days]


def _attending(registration: Registration, days: list[date]) -> list[Cell]:
    attended = set(registration.days) if days else set()
    return [day in attended for day in days]


def _registration_row(registration: Registration, slot_ids: list[int], *, lang: str, labels: dict,
                      booking_text, include_sensitive: bool, days: list[date] = (),
                      answer_cells=None) -> list[Cell]:
    """One line of the full list (the columns of `registration_table`'s header); `labels` and
    `booking_text` are the export's translated words, looked up once rather than per row."""
    bookings = _bookings_by_slot(registration)
    row: list[Cell] = [
        _reference(registration.reference), labels[registration.status], registration.salutation,
        registration.first_name, registration.last_name, registration.email,
        _phone(registration.phone), registration.organisation, registration.function,
        cantons.institution_type_name(registration.institution_type, lang),
        cantons.region_name(registration.canton, lang), LANGUAGE_NAMES.get(registration.language, ""),
    ]
    row += [booking_text(bookings.get(slot_id)) for slot_id in slot_ids]
    row += _attending(registration, days)
    if answer_cells is not None:
        row += answer_cells(registration)
    if include_sensitive:
        row += [registration.dietary, registration.accessibility_needs, registration.remarks]
    row += [registration.list_consent, registration.photo_consent, _local(registration.created_at),
            _local(registration.cancelled_at), _local(registration.checked_in_at), labels[registration.role]]
    return row


def _roster(event: Event, registrations: Sequence[Registration], lang: str, workshop_id: int | None) -> Table:
    days = _export_days(event)
    header = [_("Number"), _("Last name"), _("First name"), _("Organisation"), _("Function"), _("Canton"),
              _("Language for correspondence"), _("Seat"), _("Reference"), *_day_headers(days), _("Role")]
    table = Table(_("Roster"), header, yes=_("yes"), no=_("no"))
    labels = _labels()
    for number, registration in enumerate(registrations, start=1):
        booking = next((b for b in registration.active_bookings if b.workshop_id == workshop_id), None)
        table.rows.append([
            number, registration.last_name, registration.first_name, registration.organisation,
            registration.function, cantons.region_name(registration.canton, lang),
            LANGUAGE_NAMES.get(registration.language, ""), labels[booking.status] if booking else "",
            _reference(registration.reference), *_attending(registration, days), labels[registration.role]])
    return table


def _reference(reference: str) -> str:
    return f"{reference[:4]}-{reference[4:]}"


def _seat(status: BookingStatus) -> str:
    return _labels()[status]


def _labels() -> dict:
    """The status words in the current language, translated once per export rather than per row."""
    key = str(get_locale())
    if key not in _LABELS:
        _LABELS[key] = {
            RegistrationStatus.CONFIRMED: _("Confirmed"), RegistrationStatus.WAITLISTED: _("Waiting list"),
            RegistrationStatus.CANCELLED: _("Cancelled"), BookingStatus.CONFIRMED: _("Seat confirmed"),
            BookingStatus.WAITLISTED: _("Waiting list"),
            BookingStatus.REQUESTED: _("Requested (event waiting list)"),
            BookingStatus.CANCELLED: _("Cancelled"),
            **{code: str(label) for code, label in roles.ROLES.items()}}
    return _LABELS[key]


_LABELS: dict = {}


def _bookings_by_slot(registration: Registration) -> dict[int, Booking]:
    """The active booking in each slot as `Registration.booking_for_slot` finds it (the seat),
    for all slots in one pass over the bookings."""
    found: dict[int, Booking] = {}
    for booking in registration.active_bookings:
        slot_id = booking.workshop.slot_id
        if slot_id not in found or found[slot_id].status is BookingStatus.WAITLISTED:
            found[slot_id] = booking  # a seat before a waiting place kept beside it
    return found


def _booking_texts(lang: str):
    """A function from a booking (or None) to its cell text, "B2 Title" with the seat status unless
    confirmed; an export has a few dozen workshops and statuses for thousands of rows, so each text is
    put together once."""
    @cache
    def text(workshop: Workshop, status: BookingStatus) -> str:
        name = " ".join(part for part in (workshop.code, workshop.title.get_text(lang)) if part)
        if status is BookingStatus.CONFIRMED:
            return name
        return f"{name} ({_seat(status)})"

    def booking_text(booking: Booking | None) -> str:
        return "" if booking is None else text(booking.workshop, booking.status)

    return booking_text


@lru_cache(maxsize=4096)
def _phone(number: str) -> str:
    """Swiss numbers as people write them (031 322 21 11); others in international form."""
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(number, "CH")
    except phonenumbers.NumberParseException:
        return number
    if parsed.country_code in (41, 423):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _local(moment: datetime | None) -> datetime | None:
    """Swiss local time without a zone: spreadsheets know no time zones."""
    return moment.astimezone(ZURICH).replace(tzinfo=None) if moment else None


def filename(event: Event, suffix: str, extension: str) -> str:
    safe = "".join(char if char.isalnum() or char in "-_" else "-" for char in suffix).strip("-")
    return f"{event.slug}{'-' + safe if safe else ''}.{extension}"
