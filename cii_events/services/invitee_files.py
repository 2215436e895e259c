"""Reading a list of invitees from a CSV or XLSX file: pure functions, no database.

The columns are recognised by their header in German, French, Italian or English; every bad row is
reported with its number and the reason, so that the organizers can fix the file and import it
whole (nothing is imported while one row is wrong).
"""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from .. import cantons
from ..i18n import LANGUAGES, _l

MAX_ROWS = 5000

# Header words per field, compared without case, accents, spaces and punctuation.
HEADERS = {
    "first_name": ("first name", "firstname", "given name", "vorname", "prénom", "prenom", "nome"),
    "last_name": ("last name", "lastname", "surname", "family name", "nachname", "familienname", "name",
                  "nom", "nom de famille", "cognome"),
    "email": ("email", "e-mail", "email address", "e-mail-adresse", "mail", "courriel", "adresse e-mail",
              "adresse électronique", "posta elettronica", "indirizzo e-mail"),
    "canton": ("canton", "kanton", "cantone", "kt", "ct"),
    "language": ("language", "correspondence language", "sprache", "korrespondenzsprache", "langue",
                 "langue de correspondance", "lingua", "lingua di corrispondenza"),
    "organisation": ("organisation", "organization", "institution", "organisation / institution",
                     "organizzazione", "istituzione", "amt", "stelle", "service", "office"),
    "function": ("function", "role", "position", "funktion", "fonction", "funzione", "ruolo"),
}
REQUIRED = ("first_name", "last_name", "email", "canton", "language")

LANGUAGE_WORDS = {
    "de": ("de", "deutsch", "german", "allemand", "tedesco"),
    "fr": ("fr", "français", "francais", "french", "französisch", "franzosisch", "francese"),
    "it": ("it", "italiano", "italian", "italienisch", "italien"),
    "en": ("en", "english", "englisch", "anglais", "inglese"),
}


def _key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text or "")).casefold()
    return "".join(char for char in decomposed if char.isalnum())


_HEADER_KEYS = {_key(word): name for name, words in HEADERS.items() for word in words}
_LANGUAGE_KEYS = {_key(word): code for code, words in LANGUAGE_WORDS.items() for word in words}
_CANTON_KEYS = {_key(code): code for code in cantons.REGIONS} | {
    _key(name): code for code, names in cantons.REGIONS.items() for name in names.values()}


@dataclass
class Invitee:
    first_name: str
    last_name: str
    email: str
    canton: str
    language: str
    organisation: str = ""
    function: str = ""


@dataclass
class RowProblem:
    row: int  # as the organizer sees it in the file: the header is row 1
    message: object  # a lazy translated string, possibly with values filled in

    def text(self) -> str:
        return str(self.message)


@dataclass
class Reading:
    invitees: list[Invitee] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    file_error: object | None = None  # the whole file could not be read

    @property
    def ok(self) -> bool:
        return self.file_error is None and not self.problems and bool(self.invitees)


class UnreadableFile(ValueError):
    pass


def read_rows(filename: str, data: bytes) -> list[list[str]]:
    """The cells of the first sheet (XLSX) or of the CSV file, as text."""
    name = (filename or "").lower()
    if name.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return _xlsx_rows(data)
    if name.endswith(".csv") or name.endswith(".txt") or not name:
        return _csv_rows(data)
    raise UnreadableFile(filename)


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):  # Excel in Switzerland saves CSV as Windows-1252
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise UnreadableFile("binary")
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise UnreadableFile(str(error)) from None


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # zipfile, XML and openpyxl errors alike: the file is not a workbook
        raise UnreadableFile(str(error)) from None
    try:
        sheet = book.worksheets[0]
        return [["" if cell is None else str(cell) for cell in row]
                for row in sheet.iter_rows(max_row=MAX_ROWS + 1, values_only=True)]
    finally:
        book.close()


def parse(filename: str, data: bytes) -> Reading:
    """Invitees and problems found in the file."""
    try:
        rows = read_rows(filename, data)
    except UnreadableFile:
        return Reading(file_error=_l("The file could not be read. Please upload a CSV or XLSX file."))
    rows = [row for row in rows if any(str(cell).strip() for cell in row)]
    if not rows:
        return Reading(file_error=_l("The file is empty."))
    columns = {}
    for index, header in enumerate(rows[0]):
        name = _HEADER_KEYS.get(_key(header))
        if name and name not in columns:
            columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        return Reading(file_error=_l("The first row must name the columns; missing: %(columns)s.",
                                     columns=", ".join(HEADERS[name][0] for name in missing)))
    if len(rows) - 1 > MAX_ROWS:
        return Reading(file_error=_l("The file has more than %(num)d rows.", num=MAX_ROWS))
    reading, seen = Reading(), {}
    for number, row in enumerate(rows[1:], start=2):
        values = {name: (row[index].strip() if index < len(row) else "") for name, index in columns.items()}
        invitee, problem = _invitee(values)
        if problem is None and invitee.email.lower() in seen:
            problem = _l("The address %(email)s is already in row %(row)d.", email=invitee.email,
                         row=seen[invitee.email.lower()])
        if problem is not None:
            reading.problems.append(RowProblem(number, problem))
            continue
        seen[invitee.email.lower()] = number
        reading.invitees.append(invitee)
    return reading


def _invitee(values: dict) -> tuple[Invitee | None, object | None]:
    for name in REQUIRED:
        if not values.get(name):
            return None, _l("The column “%(column)s” is empty.", column=HEADERS[name][0])
    try:
        email = validate_email(values["email"], check_deliverability=False).normalized
    except EmailNotValidError:
        return None, _l("“%(value)s” is not a valid email address.", value=values["email"])
    canton = _CANTON_KEYS.get(_key(values["canton"]))
    if canton is None:
        return None, _l("“%(value)s” is not a canton (use a code such as BE or a name).",
                        value=values["canton"])
    language = _LANGUAGE_KEYS.get(_key(values["language"]))
    if language is None or language not in LANGUAGES:
        return None, _l("“%(value)s” is not one of the languages de, fr, it, en.", value=values["language"])
    for name, limit in (("first_name", 100), ("last_name", 100), ("organisation", 200), ("function", 200)):
        if len(values.get(name, "")) > limit:
            return None, _l("“%(column)s” is longer than %(num)d characters.", column=HEADERS[name][0],
                            num=limit)
    return Invitee(first_name=values["first_name"], last_name=values["last_name"], email=email, canton=canton,
                   language=language, organisation=values.get("organisation", ""),
                   function=values.get("function", "")), None
