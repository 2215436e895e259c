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
from functools import lru_cache
from datetime import date, datetime
from zoneinfo import ZoneInfo

import phonenumbers
import xlsxwriter
from flask_babel import get_locale

from .. import cantons
from ..i18n import LANGUAGE_NAMES, _, language_locale
from ..models import BookingStatus, Event, Registration, RegistrationStatus

ZURICH = ZoneInfo("Europe/Zurich")
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
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(_sheet_name(table.title))
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EBEF", "bottom": 1})
    day = workbook.add_format({"num_format": "dd.mm.yyyy"})
    moment = workbook.add_format({"num_format": "dd.mm.yyyy hh:mm"})
    widths = [len(title) for title in table.header]
    for column, title in enumerate(table.header):
        sheet.write_string(0, column, neutralise(title), bold)
    for number, row in enumerate(table.rows, start=1):
        for column, value in enumerate(row):
            _write(sheet, number, column, value, day, moment)
            widths[column] = max(widths[column], min(len(_text(value, table)), 60))
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width + 2)
    sheet.freeze_panes(1, 0)
    if table.header:
        sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.header) - 1)
    workbook.close()
    return buffer.getvalue()


def _write(sheet, row: int, column: int, value: Cell, day, moment) -> None:
    if value is None or value == "":
        sheet.write_blank(row, column, None)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, column, value, moment)
    elif isinstance(value, date):
        sheet.write_datetime(row, column, datetime.combine(value, datetime.min.time()), day)
    else:
        sheet.write_string(row, column, neutralise(str(value)))


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
        if include_sensitive:
            header += [_("Dietary requirements"), _("Accessibility needs"), _("Remarks")]
        header += [_("In the participant list"), _("Photos"), _("Registered on"), _("Cancelled on"),
                   _("Checked in")]
        table = Table(_("Participants"), header, yes=_("yes"), no=_("no"))
        for registration in registrations:
            row: list[Cell] = [
                _reference(registration.reference), _status(registration), registration.salutation,
                registration.first_name, registration.last_name, registration.email,
                _phone(registration.phone), registration.organisation, registration.function,
                cantons.institution_type_name(registration.institution_type, lang),
                cantons.region_name(registration.canton, lang), LANGUAGE_NAMES.get(registration.language, ""),
            ]
            row += [_booking_text(registration, slot.id, lang) for slot in slots]
            if include_sensitive:
                row += [registration.dietary, registration.accessibility_needs, registration.remarks]
            row += [registration.list_consent, registration.photo_consent, _local(registration.created_at),
                    _local(registration.cancelled_at), _local(registration.checked_in_at)]
            table.rows.append(row)
        return table


def _roster(event: Event, registrations: Sequence[Registration], lang: str, workshop_id: int | None) -> Table:
    header = [_("Number"), _("Last name"), _("First name"), _("Organisation"), _("Function"), _("Canton"),
              _("Language for correspondence"), _("Seat"), _("Reference")]
    table = Table(_("Roster"), header, yes=_("yes"), no=_("no"))
    for number, registration in enumerate(registrations, start=1):
        booking = next((b for b in registration.active_bookings if b.workshop_id == workshop_id), None)
        table.rows.append([
            number, registration.last_name, registration.first_name, registration.organisation,
            registration.function, cantons.region_name(registration.canton, lang),
            LANGUAGE_NAMES.get(registration.language, ""), _seat(booking.status) if booking else "",
            _reference(registration.reference)])
    return table


def _reference(reference: str) -> str:
    return f"{reference[:4]}-{reference[4:]}"


def _status(registration: Registration) -> str:
    return _labels()[registration.status]


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
            BookingStatus.CANCELLED: _("Cancelled")}
    return _LABELS[key]


_LABELS: dict = {}


def _booking_text(registration: Registration, slot_id: int, lang: str) -> str:
    booking = registration.booking_for_slot(slot_id)
    if booking is None:
        return ""
    workshop = booking.workshop
    name = " ".join(part for part in (workshop.code, workshop.title.get_text(lang)) if part)
    if booking.status is BookingStatus.CONFIRMED:
        return name
    return f"{name} ({_seat(booking.status)})"


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
