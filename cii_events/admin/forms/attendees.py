"""Filtering the attendee list; correcting, moving, cancelling and promoting one registration."""
from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional, ValidationError

from ... import cantons
from ...i18n import LANGUAGES, _l, current_language, format_day
from ...models import Event
from ...public.forms import ParticipantForm
from ...services import questions
from ...services.attendees import AttendeeFilter
from ...services.roles import ROLES
from ..labels import LANGUAGE as LANGUAGE_LABELS, SEAT_FILTER, SORT, STATUS_FILTER
from .fields import REQUIRED, length, options, search_text, strip


class FilterForm(FlaskForm):
    """The list's filters, read from the query string (a GET form: no token needed)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), [Optional(), length(100)], filters=[search_text],
                    description=_l("Name, email, organisation or reference"))
    canton = SelectField(_l("Canton"), validate_choice=False)
    institution_type = SelectField(_l("Type of institution"), validate_choice=False)
    workshop = SelectField(_l("Workshop"), validate_choice=False)
    seat = SelectField(_l("In the workshop"), choices=options(SEAT_FILTER.items()),
                       validate_choice=False)
    status = SelectField(_l("Status"), choices=options(STATUS_FILTER.items()), default="active",
                         validate_choice=False)
    language = SelectField(_l("Language for correspondence"), validate_choice=False)
    day = SelectField(_l("Day"), validate_choice=False)
    no_seat = SelectField(_l("Without a seat in"), validate_choice=False)
    sort = SelectField(_l("Sort by"), choices=options(SORT.items()), default="name",
                       validate_choice=False)
    answer = SelectField(_l("Answer"), validate_choice=False)
    role = SelectField(_l("Role"), validate_choice=False)

    def __init__(self, event: Event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_language()
        everyone = [("", _l("All"))]
        self.canton.choices = options(everyone + cantons.region_choices(lang))
        self.institution_type.choices = options(everyone + cantons.institution_type_choices(lang))
        self.language.choices = options(everyone + [(code, LANGUAGE_LABELS[code]) for code in LANGUAGES])
        self.workshop.choices = options(everyone) + [
            choice for slot in event.choice_slots for choice in options(
                ((str(w.id), f"{w.code} · {w.title.get_text(lang)}".strip(" ·")) for w in slot.workshops),
                optgroup=slot.title.get_text(lang))]
        self.workshop_ids = {w.id for slot in event.choice_slots for w in slot.workshops}
        self.days = [day.isoformat() for day in event.days] if len(event.days) > 1 else []
        self.day.choices = options(everyone + [(day, format_day(date.fromisoformat(day)))
                                               for day in self.days])
        required = [slot for slot in event.slots if slot.requires_choice]
        self.no_seat.choices = options([("", _l("Not filtered"))] + [
            (str(slot.id), f"{slot.title.get_text(lang)} · {format_day(slot.starts_at)}")
            for slot in required])
        self.required_slot_ids = {slot.id for slot in required}
        self.role.choices = options(everyone + list(ROLES.items()))
        answers = questions.answer_filters(event, lang)
        self.answer.choices = options(everyone) + [choice for value, label, group in answers
                                                   for choice in options([(value, label)], optgroup=group)]
        self.answer_values = {value for value, _label, _group in answers}

    def attendee_filter(self) -> AttendeeFilter:
        """The filter as typed, ignoring values that are not on offer."""
        workshop = int(self.workshop.data) if (self.workshop.data or "").isdigit() else None
        no_seat = int(self.no_seat.data) if (self.no_seat.data or "").isdigit() else None
        return AttendeeFilter(
            canton=self.canton.data if self.canton.data in cantons.REGIONS else "",
            institution_type=(self.institution_type.data
                              if self.institution_type.data in cantons.INSTITUTION_TYPES else ""),
            workshop_id=workshop if workshop in self.workshop_ids else None,
            seat=self.seat.data if self.seat.data in SEAT_FILTER else "",
            status=self.status.data if self.status.data in STATUS_FILTER else "active",
            language=self.language.data if self.language.data in LANGUAGES else "",
            q=(self.q.data or "")[:100], sort=self.sort.data if self.sort.data in SORT else "name",
            day=self.day.data if self.day.data in self.days else "",
            no_seat=no_seat if no_seat in self.required_slot_ids else None,
            answer=self.answer.data if self.answer.data in self.answer_values else "",
            role=self.role.data if self.role.data in ROLES else "")

    def describe(self, flt: AttendeeFilter) -> list[str]:
        """The filter in words, e.g. ["Ticino", "A2 · Data protection", "Seat confirmed"]."""
        parts = []
        for name, value in (("canton", flt.canton), ("institution_type", flt.institution_type),
                            ("workshop", str(flt.workshop_id or "")), ("seat", flt.seat),
                            ("status", "" if flt.status == "active" else flt.status),
                            ("language", flt.language), ("day", flt.day),
                            ("no_seat", str(flt.no_seat or "")), ("answer", flt.answer), ("role", flt.role)):
            if value:
                labels = {str(choice.value): choice.label for choice in self[name].choices}
                parts.append(str(labels.get(value, value)))
        if flt.q:
            parts.append(f"“{flt.q}”")
        return parts


def filter_args(flt: AttendeeFilter) -> dict:
    """URL arguments of a filter, in the field names of FilterForm."""
    args = flt.as_args()
    if "workshop_id" in args:
        args["workshop"] = args.pop("workshop_id")
    return args


class RegistrationForm(ParticipantForm):
    """The participant's form without consent to the notice (given once) and the one-time nonce."""

    privacy_consent = None
    nonce = None
    salutation = StringField(_l("Salutation"), [Optional(), length(40)], filters=[strip])

    def details(self) -> dict:
        values = {name: self[name].data for name in (
            "salutation", "first_name", "last_name", "email", "phone", "organisation", "function",
            "institution_type", "canton", "language", "dietary", "accessibility_needs", "remarks",
            "list_consent", "photo_consent")}
        values["email"] = values["email"].strip()
        for name in ("salutation", "function", "phone", "dietary", "accessibility_needs", "remarks"):
            values[name] = values[name] or ""
        return values

    def fill(self, registration) -> None:
        for name in ("salutation", "first_name", "last_name", "email", "phone", "organisation", "function",
                     "institution_type", "canton", "language", "dietary", "accessibility_needs", "remarks",
                     "list_consent", "photo_consent"):
            self[name].data = getattr(registration, name)


REASON_HINT = _l("Kept in the audit log.")


class MoveForm(FlaskForm):
    workshop = SelectField(_l("New workshop"), validate_choice=False)
    slot = SelectField(_l("Or remove the optional item of this slot"), validate_choice=False)
    override = BooleanField(_l("Override the capacity if the workshop is full (adds one seat)"))
    # No Optional(): it would stop the check that an override has a reason.
    reason = StringField(_l("Reason for the override"), [length(300)], filters=[strip],
                         description=REASON_HINT)

    def __init__(self, event: Event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_language()
        self.workshops = {str(w.id): w for slot in event.choice_slots for w in slot.workshops}
        self.optional_slots = {str(slot.id): slot for slot in event.choice_slots if not slot.requires_choice}
        self.workshop.choices = options([("", _l("None"))] + [
            (key, f"{w.code} · {w.title.get_text(lang)}".strip(" ·")) for key, w in self.workshops.items()])
        self.slot.choices = options([("", _l("None"))] + [
            (key, slot.title.get_text(lang)) for key, slot in self.optional_slots.items()])

    def validate_workshop(self, field):
        if field.data and field.data not in self.workshops:
            raise ValidationError(_l("Please choose one of the offered workshops."))
        if not field.data and self.slot.data not in self.optional_slots:
            raise ValidationError(_l("Please choose a workshop."))

    def validate_reason(self, field):
        if self.override.data and not field.data:
            raise ValidationError(_l("Please give a reason: it is kept in the audit log."))

    def slot_id(self) -> int:
        if self.workshop.data:
            return self.workshops[self.workshop.data].slot_id
        return int(self.slot.data)

    def workshop_id(self) -> int | None:
        return int(self.workshop.data) if self.workshop.data else None


class CancelForm(FlaskForm):
    reason = StringField(_l("Reason (optional)"), [Optional(), length(300)], filters=[strip],
                         description=REASON_HINT)
    confirm = BooleanField(_l("Yes, cancel this registration. The person is informed by email and their "
                              "seats go to the people waiting."),
                           [InputRequired(_l("Please confirm the cancellation."))])


class PromoteForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), [InputRequired(REQUIRED), length(300)], filters=[strip],
                           description=REASON_HINT)
