"""Events, their programme slots and workshops."""
from __future__ import annotations

from datetime import datetime, timezone

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.validators import Email, InputRequired, NumberRange, Optional, Regexp, ValidationError

from ... import cantons
from ...i18n import LANGUAGE_NAMES, LANGUAGES, Translated, _l
from ...models import AllocationMode, EventKind, EventStatus, SlotKind
from ...services.programme import EventData, SlotData, WorkshopData
from .accounts import canton_choices
from ..labels import ALLOCATION_MODE, EVENT_KIND, EVENT_STATUS, SLOT_KIND
from .fields import (REQUIRED, ZURICH, CheckboxesField, ClockField, LocalDateTimeField, SwissDateField,
                     TranslationsMixin, WholeNumberField, length, options, single_line, strip,
                     with_translations)

SLUG_MESSAGE = _l("Use lower-case letters, digits and hyphens only, e.g. national-days-2027.")
NUMBER_MESSAGE = _l("Please enter a whole number of at least %(min)s.")
ALLOCATION_DATE_MESSAGE = _l("Please give the date of the allocation: participants are told when they learn "
                             "their workshops.")
DEADLINE_MESSAGE = _l("Allocation by preference needs a registration deadline: the workshops are allocated "
                      "after it.")


def _language_choices():
    return options((lang, LANGUAGE_NAMES[lang]) for lang in LANGUAGES)


def _capacity_field(label, description):
    return WholeNumberField(label, [Optional(), NumberRange(min=0, message=NUMBER_MESSAGE)],
                            description=description)


def _one_language_required(form, name: str) -> bool:
    if any(form.translations(name).values()):
        return True
    field = form[f"{name}_de"]
    field.errors = [*field.errors, _l("Please give a title in at least one language.")]
    return False


@with_translations(title=(_l("Title"), False, 300), summary=(_l("Summary"), True, 1000),
                   description=(_l("Description"), True, 10000),
                   how_to_get_there=(_l("Getting there"), True, 2000),
                   privacy_notice=(_l("Privacy notice"), True, 20000))
class EventForm(TranslationsMixin, FlaskForm):
    slug = StringField(_l("Web address (slug)"), [InputRequired(REQUIRED), length(80),
                                                  Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=SLUG_MESSAGE)],
                       filters=[strip, lambda value: value.lower() if value else value])
    kind = SelectField(_l("Kind of event"),
                       choices=options((kind.value, label) for kind, label in EVENT_KIND.items()))
    status = SelectField(_l("Status"),
                         choices=options((status.value, label) for status, label in EVENT_STATUS.items()))
    venue = StringField(_l("Venue"), [Optional(), length(200), single_line], filters=[strip])
    address = StringField(_l("Address"), [Optional(), length(300), single_line], filters=[strip])
    host_canton = SelectField(_l("Host canton"), validate_choice=False)
    starts_at = LocalDateTimeField(_l("Starts"), [InputRequired(REQUIRED)])
    ends_at = LocalDateTimeField(_l("Ends"), [InputRequired(REQUIRED)])
    registration_opens_at = LocalDateTimeField(_l("Registration opens"), [Optional()])
    registration_closes_at = LocalDateTimeField(_l("Registration closes"), [Optional()])
    capacity = _capacity_field(_l("Places in all"), _l("Leave empty for no overall limit."))
    waitlist_enabled = BooleanField(_l("Waiting list when full"))
    day_choice = BooleanField(_l("People choose the days they attend"))
    transfers_enabled = BooleanField(_l("Participants may pass their place to a colleague"))
    access = SelectField(_l("Who may register"), default="open",
                         choices=options([("open", _l("Anyone with the link to the event")),
                                          ("invitation", _l("Only people invited by the organizers"))]))
    reminder_days = WholeNumberField(
        _l("Reminder (days before the start)"),
        [Optional(), NumberRange(min=0, max=90, message=_l("Between 0 and 90 days."))], default=7,
        description=_l("Every confirmed participant gets a reminder by mail this many days before the start, "
                       "once, with their workshops, the venue and their personal link. 0: no reminder."))
    languages = CheckboxesField(_l("Languages of the event"), choices=_language_choices())
    contact_email = EmailField(_l("Contact email"), [
        Optional(), length(254),
        Email(message=_l("Please enter a valid email address, e.g. name@example.ch."),
              check_deliverability=False)], filters=[strip])
    privacy_version = StringField(_l("Version of the privacy notice"), [InputRequired(REQUIRED), length(40)],
                                  filters=[strip],
                                  description=_l("Change it whenever the notice changes: every registration "
                                                 "records the version the person accepted."))
    retention_days = WholeNumberField(_l("Keep the data for (days after the event)"), [
        InputRequired(REQUIRED), NumberRange(min=1, max=3650, message=_l("Between 1 and 3650 days."))])
    allocation_mode = SelectField(
        _l("How workshops are allocated"), default=AllocationMode.FIRST_COME.value,
        choices=options((mode.value, label) for mode, label in ALLOCATION_MODE.items()))
    allocation_at = LocalDateTimeField(
        _l("Date of the allocation"), [Optional()],
        description=_l("By preference only: shown to participants as the day they learn their workshops. "
                       "Not before the registration deadline."))

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.host_canton.choices = options([("", _l("None"))] + canton_choices())
        # Cancelling has its own page (it cancels the registrations and tells everyone); once
        # cancelled, an event can only be archived.
        if event is not None and event.status is EventStatus.CANCELLED:
            allowed = (EventStatus.CANCELLED, EventStatus.ARCHIVED)
        else:
            allowed = tuple(status for status in EventStatus if status is not EventStatus.CANCELLED)
        self.status.choices = options((status.value, label) for status, label in EVENT_STATUS.items()
                                      if status in allowed)

    def validate_host_canton(self, field):
        if field.data and field.data not in cantons.CANTONS:
            raise ValidationError(_l("Please choose a canton from the list."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return _one_language_required(self, "title") and self._preferences_need_dates() and valid

    def by_preference(self) -> bool:
        return self.allocation_mode.data == AllocationMode.PREFERENCES.value

    def _preferences_need_dates(self) -> bool:
        """By preference, the workshops are allocated after a deadline, on a day participants are told."""
        if not self.by_preference():
            return True
        valid = True
        for field, message in ((self.allocation_at, ALLOCATION_DATE_MESSAGE),
                               (self.registration_closes_at, DEADLINE_MESSAGE)):
            if field.data is None and not field.errors:
                field.errors = [message]
                valid = False
        return valid

    def event_data(self) -> EventData:
        return EventData(
            slug=self.slug.data, kind=EventKind(self.kind.data), status=EventStatus(self.status.data),
            title=self.translations("title"), summary=self.translations("summary"),
            description=self.translations("description"),
            how_to_get_there=self.translations("how_to_get_there"),
            privacy_notice=self.translations("privacy_notice"), venue=self.venue.data or "",
            address=self.address.data or "", host_canton=self.host_canton.data or None,
            starts_at=self.starts_at.data, ends_at=self.ends_at.data,
            registration_opens_at=self.registration_opens_at.data,
            registration_closes_at=self.registration_closes_at.data, capacity=self.capacity.data,
            waitlist_enabled=self.waitlist_enabled.data, day_choice=self.day_choice.data,
            transfers_enabled=self.transfers_enabled.data,
            languages=list(self.languages.data or []),
            contact_email=self.contact_email.data or "", privacy_version=self.privacy_version.data,
            retention_days=self.retention_days.data,
            allocation_mode=AllocationMode(self.allocation_mode.data),
            allocation_at=self.allocation_at.data if self.by_preference() else None,
            access=self.access.data)

    def fill(self, event) -> None:
        for name in ("slug", "venue", "address", "starts_at", "ends_at", "registration_opens_at",
                     "registration_closes_at", "capacity", "waitlist_enabled", "day_choice",
                     "transfers_enabled", "languages", "contact_email", "privacy_version", "retention_days",
                     "allocation_at", "access", "reminder_days"):
            self[name].data = getattr(event, name)
        self.kind.data = event.kind.value
        self.allocation_mode.data = event.allocation_mode.value
        self.status.data = event.status.value
        self.host_canton.data = event.host_canton or ""
        self.fill_translations(event)


class CopyForm(FlaskForm):
    slug = StringField(_l("Web address (slug) of the copy"), [
        InputRequired(REQUIRED), length(80), Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=SLUG_MESSAGE)],
        filters=[strip, lambda value: value.lower() if value else value])
    first_day = SwissDateField(_l("First day of the copy"), [InputRequired(REQUIRED)])


@with_translations(title=(_l("Title"), False, 300), description=(_l("Description"), True, 4000))
class SlotForm(TranslationsMixin, FlaskForm):
    kind = SelectField(_l("Kind of slot"),
                       choices=options((kind.value, label) for kind, label in SLOT_KIND.items()))
    day = SwissDateField(_l("Day"), [InputRequired(REQUIRED)])
    start = ClockField(_l("From"), [InputRequired(REQUIRED)])
    end = ClockField(_l("Until"), [InputRequired(REQUIRED)])
    position = WholeNumberField(_l("Order within the same start time"), [Optional()], default=0)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return _one_language_required(self, "title") and valid

    def slot_data(self) -> SlotData:
        starts = datetime.combine(self.day.data, self.start.data, tzinfo=ZURICH).astimezone(timezone.utc)
        ends = datetime.combine(self.day.data, self.end.data, tzinfo=ZURICH).astimezone(timezone.utc)
        return SlotData(kind=SlotKind(self.kind.data), starts_at=starts, ends_at=ends,
                        title=self.translations("title"), description=self.translations("description"),
                        position=self.position.data or 0)

    def fill(self, slot) -> None:
        self.kind.data = slot.kind.value
        local_start, local_end = slot.starts_at.astimezone(ZURICH), slot.ends_at.astimezone(ZURICH)
        self.day.data = local_start.date()
        self.start.data = local_start.time()
        self.end.data = local_end.time()
        self.position.data = slot.position
        self.fill_translations(slot)


@with_translations(title=(_l("Title"), False, 300), description=(_l("Description"), True, 4000))
class WorkshopForm(TranslationsMixin, FlaskForm):
    code = StringField(_l("Code"), [InputRequired(REQUIRED), length(20), single_line], filters=[strip],
                       description=_l("Short, e.g. A1: on badges, rosters and exports."))
    room = StringField(_l("Room"), [Optional(), length(120), single_line], filters=[strip])
    languages = CheckboxesField(_l("Held in"), choices=_language_choices())
    moderators = StringField(_l("Moderation"), [Optional(), length(300), single_line], filters=[strip])
    capacity = _capacity_field(_l("Seats"), _l("Leave empty for no limit. Raising it gives the new seats to "
                                               "the people waiting, in order, and informs them by email."))
    position = WholeNumberField(_l("Order in the slot"), [Optional()], default=0)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return _one_language_required(self, "title") and valid

    def validate_languages(self, field):
        if not field.data:
            raise ValidationError(_l("Please choose at least one language."))

    def workshop_data(self) -> WorkshopData:
        return WorkshopData(code=self.code.data, title=self.translations("title"),
                            description=self.translations("description"), room=self.room.data or "",
                            languages=list(self.languages.data), moderators=self.moderators.data or "",
                            capacity=self.capacity.data, position=self.position.data or 0)

    def fill(self, workshop) -> None:
        for name in ("code", "room", "languages", "moderators", "capacity", "position"):
            self[name].data = getattr(workshop, name)
        self.fill_translations(workshop)


@with_translations(reason=(_l("Reason"), True, 2000))
class CancelEventForm(TranslationsMixin, FlaskForm):
    confirm = BooleanField(_l("Yes, cancel the event and all its registrations, and inform every participant "
                              "by email. This cannot be undone."),
                           [InputRequired(_l("Please confirm the cancellation."))])

    def reason(self) -> Translated | None:
        texts = {lang: text for lang, text in self.translations("reason").items() if text}
        return Translated(texts) if texts else None


def day_places_form(event, **kwargs):
    """Places per day of an event over several days: one number field per day (empty: no limit)."""
    from ...i18n import format_day
    from ...services.programme import day_field

    fields = {day_field(day): _capacity_field(format_day(day), None) for day in event.days}

    class DayPlacesForm(FlaskForm):
        def places(self) -> dict:
            return {day: self[day_field(day)].data for day in event.days}

        def day_fields(self):
            return [self[day_field(day)] for day in event.days]

    form_class = type("DayPlacesFormForEvent", (DayPlacesForm,), fields)
    form = form_class(**kwargs)
    if not form.is_submitted():
        for day in event.days:
            form[day_field(day)].data = event.day_capacity(day)
    return form
