"""Choosing which badges to print, and how."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField

from ... import cantons
from ...i18n import _l, current_language, format_day
from ...models import Event
from ...services.badges import LAYOUTS
from .fields import options

LAYOUT_LABELS = {
    "a6": _l("A6, one badge per page"),
    "a4-4xa6": _l("A4 with 4 × A6 (cut marks)"),
    "a4-8xa7": _l("A4 with 8 × A7, 105 × 74 mm (cut marks)"),
    "durable-1445": _l("DURABLE 1445: 10 × 54 × 90 mm"),
    "herma-4412": _l("HERMA 4412: 10 × 50 × 80 mm"),
}
SORT_LABELS = {"name": _l("Last name"), "canton": _l("Canton, then name")}
CANTON_LANGUAGE = {"participant": _l("Each participant's language"), "mine": _l("The language of this page")}


@dataclass
class BadgeChoice:
    layout: str
    canton: str
    workshop_id: int | None
    registration_id: int | None
    sort: str
    with_workshops: bool
    canton_lang: str | None  # None: each participant's own language
    day: str = ""  # ISO date: only the people attending that day

    def as_args(self) -> dict:
        return {key: value for key, value in (
            ("layout", self.layout), ("canton", self.canton), ("workshop", self.workshop_id),
            ("registration", self.registration_id), ("sort", self.sort), ("day", self.day),
            ("workshops", "y" if self.with_workshops else ""),
            ("canton_language", "mine" if self.canton_lang else "participant")) if value}


class BadgeForm(FlaskForm):
    """Read from the query string: printing changes nothing but the audit log."""

    class Meta:
        csrf = False

    layout = SelectField(_l("Layout"), choices=options(LAYOUT_LABELS.items()), default="a4-8xa7",
                         validate_choice=False)
    canton = SelectField(_l("Canton"), validate_choice=False)
    workshop = SelectField(_l("Workshop"), validate_choice=False)
    day = SelectField(_l("Day"), validate_choice=False)
    sort = SelectField(_l("Sort by"), choices=options(SORT_LABELS.items()), default="name",
                       validate_choice=False)
    canton_language = SelectField(_l("Canton names in"), choices=options(CANTON_LANGUAGE.items()),
                                  default="participant", validate_choice=False)
    workshops = BooleanField(_l("Show the workshop codes"), default=True)

    def __init__(self, event: Event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_language()
        everyone = [("", _l("All"))]
        self.canton.choices = options(everyone + cantons.region_choices(lang))
        self.workshop.choices = options(everyone) + [
            choice for slot in event.choice_slots for choice in options(
                ((str(w.id), f"{w.code} · {w.title.get_text(lang)}".strip(" ·")) for w in slot.workshops),
                optgroup=slot.title.get_text(lang))]
        self.workshop_ids = {w.id for slot in event.choice_slots for w in slot.workshops}
        self.days = [day.isoformat() for day in event.days] if len(event.days) > 1 else []
        self.day.choices = options(everyone + [(day, format_day(date.fromisoformat(day)))
                                               for day in self.days])

    def choice(self, registration_id: str | None = None, submitted: bool = True) -> BadgeChoice:
        """What was asked for, ignoring values that are not on offer."""
        workshop = int(self.workshop.data) if (self.workshop.data or "").isdigit() else None
        return BadgeChoice(
            layout=self.layout.data if self.layout.data in LAYOUTS else "a4-8xa7",
            canton=self.canton.data if self.canton.data in cantons.REGIONS else "",
            workshop_id=workshop if workshop in self.workshop_ids else None,
            registration_id=int(registration_id) if (registration_id or "").isdigit() else None,
            sort=self.sort.data if self.sort.data in SORT_LABELS else "name",
            with_workshops=bool(self.workshops.data) if submitted else True,
            canton_lang=current_language() if self.canton_language.data == "mine" else None,
            day=self.day.data if self.day.data in self.days else "")


class LogoForm(FlaskForm):
    """The event's logo for badges and certificates: PNG or SVG (services.logo checks it)."""

    file = FileField(_l("Logo (PNG or SVG, at most 512 KB)"), [FileRequired(_l("Please choose a file."))])
