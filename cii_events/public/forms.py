"""Registration and change forms. Field names are an interface: other sites post to them."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

import phonenumbers
from flask_wtf import FlaskForm
from markupsafe import escape
from wtforms import (BooleanField, DateField, HiddenField, IntegerField, RadioField, SelectChoice,
                     SelectField, SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import Email, InputRequired, Length, Optional, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .. import cantons
from ..i18n import LANGUAGE_NAMES, LANGUAGES, _l, current_language, format_day
from ..models import Event, Question, QuestionKind, SlotKind
from ..services import preferences as wishes
from ..services.preferences import Preferences, rank_field
from ..services.errors import DayNotOffered, NoDayChosen
from ..services.registration import DAYS_FIELD, ParticipantDetails, slot_field
from ..services.self_service import Colleague

REQUIRED = _l("Please fill in this field.")
LIST_CONSENT = _l("My name and organisation may appear in the participant list handed out at the event "
                  "(optional).")
PHOTO_CONSENT = _l("Photos in which I can be recognised may be published in reports about the event "
                   "(optional).")


def _length(limit: int):
    return Length(max=limit, message=_l("Please use at most %(max)d characters."))


def _options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


# Invisible characters have no place in a name or an address (and NUL breaks PostgreSQL text).
LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # line breaks and tabs allowed


def _no_control_characters(pattern):
    def check(form, field):
        if isinstance(field.data, str) and pattern.search(field.data):
            raise ValidationError(_l("Please remove the invisible control characters from this field."))
    return check


# Characters that change the writing direction of what follows (embeddings, overrides, isolates):
# in a name they can make a list or a badge show something else than what was typed.
BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Shown as nothing, though not "format" characters: Hangul fillers, the braille blank.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
INVISIBLE_CATEGORIES = frozenset(("Cf", "Cc", "Zs", "Zl", "Zp"))


def _invisible(char: str) -> bool:
    """Spaces, zero-width and other format characters, controls, blank letters (direction controls
    are not dropped silently: they are refused)."""
    if BIDI_CONTROL.match(char):
        return False
    return char.isspace() or char in BLANK_LETTERS or unicodedata.category(char) in INVISIBLE_CATEGORIES


def clean_text(value):
    """Canonical composition (NFC: "é" typed one way or the other is the same name), and no
    invisible characters at either end: a value made only of them is empty."""
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value)
    start, end = 0, len(value)
    while start < end and _invisible(value[start]):
        start += 1
    while end > start and _invisible(value[end - 1]):
        end -= 1
    return value[start:end]


def _no_direction_overrides(form, field):
    if isinstance(field.data, str) and BIDI_CONTROL.search(field.data):
        raise ValidationError(_l("Please remove the invisible characters that change the writing direction "
                                 "from this field."))


class _Cleaned:
    """Cleaned before any check: blank-looking input counts as not given (InputRequired refuses it)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = clean_text(self.data)
        if valuelist and not self.data:
            self.raw_data = [""]


class StrippedStringField(_Cleaned, StringField):
    """One line of text: normalised, trimmed, without control or direction-changing characters."""

    def __init__(self, label=None, validators=(), **kwargs):
        kwargs.setdefault("filters", []).append(_strip)
        super().__init__(label, [_no_control_characters(LINE_CONTROL), _no_direction_overrides, *validators],
                         **kwargs)


class FreeTextField(_Cleaned, TextAreaField):
    """Several lines of text: normalised, trimmed, line breaks allowed, other control and
    direction-changing characters not."""

    def __init__(self, label=None, validators=(), **kwargs):
        kwargs.setdefault("filters", []).append(_strip)
        super().__init__(label, [_no_control_characters(TEXT_CONTROL), _no_direction_overrides, *validators],
                         **kwargs)


def validate_phone(form, field) -> None:
    """Swiss or international number; stored as E.164 (+41313222111)."""
    if not field.data:
        field.data = ""
        return
    try:
        number = phonenumbers.parse(field.data, "CH")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(_l("Please enter a valid phone number, e.g. +41 31 322 21 11."))
    field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class ParticipantForm(FlaskForm):
    first_name = StrippedStringField(_l("First name"), [InputRequired(REQUIRED), _length(100)])
    last_name = StrippedStringField(_l("Last name"), [InputRequired(REQUIRED), _length(100)])
    email = StrippedStringField(_l("Email"), [
        InputRequired(REQUIRED), _length(254),
        Email(message=_l("Please enter a valid email address, e.g. name@example.ch."),
              check_deliverability=False)])
    organisation = StrippedStringField(_l("Organisation"), [InputRequired(REQUIRED), _length(200)])
    function = StrippedStringField(_l("Function"), [Optional(), _length(200)])
    institution_type = SelectField(_l("Type of institution"), [InputRequired(REQUIRED)],
                                   validate_choice=False)
    canton = SelectField(_l("Canton"), [InputRequired(REQUIRED)], validate_choice=False)
    language = SelectField(_l("Language for correspondence"), [InputRequired(REQUIRED)],
                           choices=_options([("", _l("Please choose"))]
                                            + [(lang, LANGUAGE_NAMES[lang]) for lang in LANGUAGES]),
                           validate_choice=False)
    phone = StrippedStringField(_l("Phone (optional)"), [Optional(), _length(40), validate_phone])
    dietary = FreeTextField(_l("Dietary requirements (optional)"), [Optional(), _length(1000)])
    accessibility_needs = FreeTextField(_l("Accessibility needs (optional)"), [Optional(), _length(1000)])
    remarks = FreeTextField(_l("Remarks (optional)"), [Optional(), _length(2000)])
    privacy_consent = BooleanField(
        _l("I have read the privacy notice and agree that my data is processed for this event."),
        [InputRequired(_l("Please accept the privacy notice to register."))])
    list_consent = BooleanField(LIST_CONSENT)
    photo_consent = BooleanField(PHOTO_CONSENT)
    # One-time nonce of this form: a double submit finds the registration the first one made.
    nonce = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_language()
        please_choose = [("", _l("Please choose"))]
        self.institution_type.choices = _options(please_choose + cantons.institution_type_choices(lang))
        self.canton.choices = _options(please_choose + cantons.region_choices(lang))

    def validate_institution_type(self, field):
        if field.data not in cantons.INSTITUTION_TYPES:
            raise ValidationError(_l("Please choose a type of institution from the list."))

    def validate_canton(self, field):
        if field.data not in cantons.REGIONS:
            raise ValidationError(_l("Please choose a canton from the list."))

    def validate_language(self, field):
        if field.data not in LANGUAGES:
            raise ValidationError(_l("Please choose a language from the list."))

    def participant_details(self) -> ParticipantDetails:
        return ParticipantDetails(**{name: self[name].data for name in (
            "first_name", "last_name", "email", "organisation", "function", "institution_type",
            "canton", "language", "phone", "dietary", "accessibility_needs", "remarks",
            "list_consent", "photo_consent")})


class DaysField(SelectMultipleField):
    """Check boxes: the days of the event the person attends (values: ISO dates)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, days: list[date], **kwargs):
        self.days = days
        super().__init__(_l("Days you attend"),
                         choices=_options((day.isoformat(), format_day(day)) for day in days),
                         default=[day.isoformat() for day in days], validate_choice=False, **kwargs)

    def pre_validate(self, form):
        if not self.data:
            raise StopValidation(NoDayChosen.message)
        if not set(self.data) <= {day.isoformat() for day in self.days}:
            raise StopValidation(DayNotOffered.message)

    @property
    def chosen(self) -> list[date]:
        """The days ticked among the event's days."""
        return [day for day in self.days if day.isoformat() in set(self.data or ())]


def _required_on_attended_day(form, field):
    """A required choice, unless the slot is on a day the person does not attend."""
    if not field.attended(form):
        field.errors[:] = []
        raise StopValidation()
    if field.slot.requires_choice and not field.data:
        raise StopValidation(_l("Please choose a workshop."))


class WorkshopChoiceField(RadioField):
    """A slot's choice: a workshop id, or '' for nothing in an optional slot."""

    def __init__(self, slot, **kwargs):
        self.slot = slot
        pairs = [(str(w.id), str(w.title)) for w in slot.workshops]
        if slot.kind is SlotKind.OPTIONAL:
            pairs.append(("", _l("No, thank you")))
        choices = _options(pairs)
        super().__init__(label=str(slot.title), choices=choices, validators=[_required_on_attended_day],
                         validate_choice=False, default="" if not slot.requires_choice else None,
                         **kwargs)

    def attended(self, form) -> bool:
        """Whether the person attends the slot's day."""
        return form.attends(self.slot.day)

    def pre_validate(self, form):
        offered = {str(w.id) for w in self.slot.workshops}
        if self.data and self.data not in offered and self.attended(form):
            raise ValidationError(_l("Please choose one of the offered workshops."))

    def process_formdata(self, valuelist):
        self.data = valuelist[0] if valuelist else ""


RANK_LABELS = {1: _l("First choice"), 2: _l("Second choice"), 3: _l("Third choice")}


class RankField(SelectField):
    """One rank of a slot's ranking (preferences mode): a workshop id, or '' when not chosen.

    Rendered by the template with each workshop's languages; the ranking as a whole is checked by
    services.preferences (distinct workshops, in a language the person follows)."""

    def __init__(self, slot, rank: int, **kwargs):
        self.slot, self.rank = slot, rank
        pairs = [("", _l("Please choose"))] + [(str(w.id), str(w.title)) for w in slot.workshops]
        super().__init__(label=RANK_LABELS[rank], choices=_options(pairs), validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        self.data = valuelist[0] if valuelist else ""

    @property
    def workshop_id(self) -> int | None:
        """The chosen id; -1 for anything that is not a number, so that the check refuses it."""
        if not self.data:
            return None
        return int(self.data) if self.data.isascii() and self.data.isdigit() and len(self.data) < 10 else -1


class LanguagesField(SelectMultipleField):
    """Check boxes: the languages in which the person can follow a workshop."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label, **kwargs):
        # Unknown values are refused by services.preferences, next to the field.
        super().__init__(label, choices=_options((lang, LANGUAGE_NAMES[lang]) for lang in LANGUAGES),
                         validate_choice=False, **kwargs)


# The organizers' own questions: one field `q_<id>` per question (services.questions).

ANSWER_REQUIRED = _l("Please answer this question.")
NOT_OFFERED = _l("Please choose one of the offered answers.")


class InLanguage:
    """A question's text, help or option label in the language of the page that shows it (form
    classes are shared by the languages: services.programme_cache)."""

    def __init__(self, read):
        self.read = read

    def __str__(self) -> str:
        return self.read(current_language())

    def __html__(self) -> str:
        return str(escape(str(self)))

    def __bool__(self) -> bool:
        return bool(str(self))


class QuestionMixin:
    question: Question

    def _setup(self, question: Question) -> dict:
        self.question = question
        return dict(label=InLanguage(question.text_in), description=InLanguage(question.help_in))


def _asked(form, field):
    """A question of a day the person does not attend is not asked: no answer, no error."""
    asks = getattr(form, "asks", None)
    if asks is not None and not asks(field.question):
        field.errors[:] = []
        raise StopValidation()


def _answer_checks(question: Question) -> list:
    return [_asked, InputRequired(ANSWER_REQUIRED) if question.required else Optional()]


class QuestionTextField(QuestionMixin, StrippedStringField):
    def __init__(self, question: Question, **kwargs):
        super().__init__(validators=[*_answer_checks(question), _length(300)], **self._setup(question),
                         **kwargs)


class QuestionAreaField(QuestionMixin, FreeTextField):
    def __init__(self, question: Question, **kwargs):
        super().__init__(validators=[*_answer_checks(question), _length(4000)], **self._setup(question),
                         **kwargs)


class QuestionChoiceField(QuestionMixin, RadioField):
    """Yes/no, or one of the question's options (their ids)."""

    def __init__(self, question: Question, **kwargs):
        if question.kind is QuestionKind.YES_NO:
            pairs = [("yes", _l("Yes")), ("no", _l("No"))]
        else:
            pairs = [(str(option.id), InLanguage(option.label_in)) for option in question.options]
        super().__init__(validators=_answer_checks(question), choices=_options(pairs), validate_choice=False,
                         **self._setup(question), **kwargs)

    def process_formdata(self, valuelist):
        self.data = valuelist[0] if valuelist else ""

    def pre_validate(self, form):
        if self.data and self.data not in {str(value) for value, *_rest in self.iter_choices()}:
            raise StopValidation(NOT_OFFERED)

    def answer(self):
        if not self.data:
            return None
        return self.data if self.question.kind is QuestionKind.YES_NO else int(self.data)


class QuestionCheckboxesField(QuestionMixin, SelectMultipleField):
    """Several of the question's options: the field posted once per option ticked."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, question: Question, **kwargs):
        pairs = [(str(option.id), InLanguage(option.label_in)) for option in question.options]
        super().__init__(validators=_answer_checks(question), choices=_options(pairs), validate_choice=False,
                         **self._setup(question), **kwargs)

    def pre_validate(self, form):
        offered = {str(option.id) for option in self.question.options}
        if any(value not in offered for value in self.data or []):
            raise StopValidation(NOT_OFFERED)

    def answer(self):
        return sorted({int(value) for value in self.data or []})


class QuestionNumberField(QuestionMixin, IntegerField):
    LIMIT = 1_000_000_000

    def __init__(self, question: Question, **kwargs):
        super().__init__(validators=_answer_checks(question), **self._setup(question), **kwargs)

    def process_formdata(self, valuelist):
        raw = clean_text(valuelist[0]) if valuelist else ""
        self.data = None
        if not raw:
            self.raw_data = [""]
            return
        cleaned = raw.replace("'", "").replace("’", "").replace(" ", "")
        if not re.fullmatch(r"[-+]?\d{1,12}", cleaned):
            raise ValueError(_l("Please enter a whole number, e.g. 2."))
        self.data = int(cleaned)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()
        if self.data is not None and abs(self.data) > self.LIMIT:
            raise StopValidation(_l("Please enter a smaller number."))

    def answer(self):
        return self.data


class QuestionDateField(QuestionMixin, DateField):
    def __init__(self, question: Question, **kwargs):
        super().__init__(validators=_answer_checks(question), format=["%Y-%m-%d", "%d.%m.%Y"],
                         **self._setup(question), **kwargs)

    def process_formdata(self, valuelist):
        raw = clean_text(valuelist[0]) if valuelist else ""
        if not raw:
            self.data, self.raw_data = None, [""]
            return
        try:
            super().process_formdata([raw])
        except ValueError:
            self.data = None
            raise ValueError(_l("Please enter a date, e.g. 28.11.2026.")) from None

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()

    def answer(self):
        return self.data


QUESTION_FIELDS = {
    QuestionKind.SHORT_TEXT: QuestionTextField, QuestionKind.LONG_TEXT: QuestionAreaField,
    QuestionKind.YES_NO: QuestionChoiceField, QuestionKind.ONE_CHOICE: QuestionChoiceField,
    QuestionKind.SEVERAL_CHOICES: QuestionCheckboxesField, QuestionKind.NUMBER: QuestionNumberField,
    QuestionKind.DATE: QuestionDateField,
}


def _question_fields(event: Event) -> dict:
    return {question.field_name: QUESTION_FIELDS[question.kind](question) for question in event.questions}


class AnswersMixin:
    def question_fields(self) -> list:
        return [field for field in self if isinstance(field, QuestionMixin)]

    def asks(self, question: Question) -> bool:
        """Whether the person is asked `question` (a question of a day: if they attend that day)."""
        attends = getattr(self, "attends", None)
        return question.day is None or attends is None or attends(question.day)

    def asked_fields(self) -> list:
        return [field for field in self.question_fields() if self.asks(field.question)]

    def answers(self) -> dict:
        """question id -> the answer read (services.questions.Answers), of the questions asked."""
        return {field.question.id: field.answer() if hasattr(field, "answer") else (field.data or None)
                for field in self.asked_fields()}


def _with_slot_fields(base, event: Event):
    attributes = {slot_field(slot.id): WorkshopChoiceField(slot) for slot in event.first_come_slots}
    if event.offers_day_choice and (base is RegistrationForm or not event.ranked_slots):
        attributes[DAYS_FIELD] = DaysField(event.days)
    if event.ranked_slots:
        attributes["understands"] = LanguagesField(_l("Languages in which you can follow a workshop"))
        for slot in event.ranked_slots:
            for rank in range(1, wishes.MAX_RANK + 1):
                attributes[rank_field(slot.id, rank)] = RankField(slot, rank)
    return type(f"{base.__name__}ForEvent", (base,), {"programme": event, **attributes})


# The fields the registration form shows after the workshops, in this order.
AFTER_CHOICES = ("dietary", "accessibility_needs", "remarks", "privacy_consent", "list_consent",
                 "photo_consent")


class ChoicesMixin:
    programme: Event
    # The days attended when the form does not ask for them (a registration's change form);
    # None: every day of the event.
    fixed_days: list[date] | None = None

    def attends(self, day: date) -> bool:
        if DAYS_FIELD in self:
            return day in self[DAYS_FIELD].chosen
        return self.fixed_days is None or day in self.fixed_days

    def fields_in_page_order(self):
        """The fields as the page shows them (the error summary lists them so): about the person,
        the languages and rankings, the workshops, then needs and consents."""
        choices = ([self["understands"]] if "understands" in self else []) + \
            [field for _slot, fields in self.ranking_fields() for field in fields] + self.slot_fields()
        chosen = {field.name for field in choices}
        before = [field for field in self if field.name not in chosen and field.name not in AFTER_CHOICES]
        return before + choices + [self[name] for name in AFTER_CHOICES if name in self]

    def slot_fields(self):
        """The first-come choices (radio buttons): one per slot."""
        return [field for field in self if isinstance(field, WorkshopChoiceField)]

    def attended_slot_fields(self):
        """The first-come choices of the days attended (a change form shows only these)."""
        return [field for field in self.slot_fields() if field.attended(self)]

    def choices(self) -> dict[int, int | None]:
        """The choices of the slots on the days attended (a slot of another day takes none)."""
        return {f.slot.id: int(f.data) if f.data else None for f in self.slot_fields() if f.attended(self)}

    def attended_days(self) -> list[date] | None:
        """The days ticked, or those of the registration changed; None: every day."""
        return self[DAYS_FIELD].chosen if DAYS_FIELD in self else self.fixed_days

    def chosen_days(self) -> list[date] | None:
        """The days ticked; None when the event asks for no choice of days."""
        return self[DAYS_FIELD].chosen if DAYS_FIELD in self else None

    def ranking_fields(self) -> list[tuple[object, list[RankField]]]:
        """Preferences mode: per ranked slot, its first, second and third choice."""
        return [(slot, [self[rank_field(slot.id, rank)] for rank in range(1, wishes.MAX_RANK + 1)])
                for slot in self.programme.ranked_slots if rank_field(slot.id, 1) in self]

    def required_ranks(self, slot) -> int:
        """How many ranks the slot asks for with the languages ticked (all, before any is ticked)."""
        languages = self["understands"].data or LANGUAGES
        return min(wishes.MAX_RANK, len(wishes.in_languages(slot, languages))) or 1

    def preferences(self) -> Preferences | None:
        if "understands" not in self:
            return None
        return Preferences(languages=list(self["understands"].data or []),
                           ranking={slot.id: [field.workshop_id for field in fields]
                                    for slot, fields in self.ranking_fields() if self.attends(slot.day)},
                           days=self.attended_days())

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        preferences = self.preferences()
        if preferences is not None:
            for name, message in wishes.problems(self.programme, preferences).items():
                self[name].errors = [*self[name].errors, message]
                valid = False
        return valid


class RegistrationForm(AnswersMixin, ChoicesMixin, ParticipantForm):
    pass


class AnswersForm(AnswersMixin, FlaskForm):
    """The personal page's form of the answers to the event's questions."""

    # The days the registration attends (None: every day): questions of other days are not asked.
    fixed_days: list[date] | None = None

    def attends(self, day: date) -> bool:
        return self.fixed_days is None or day in self.fixed_days


def answers_form(event: Event, *, days: list[date] | None = None, **kwargs) -> AnswersForm:
    form = type("AnswersFormForEvent", (AnswersForm,), _question_fields(event))(**kwargs)
    form.fixed_days = days
    return form


class ChangeWorkshopsForm(ChoicesMixin, FlaskForm):
    pass


class CancelForm(FlaskForm):
    confirm = BooleanField(_l("Yes, cancel my registration."),
                           [InputRequired(_l("Please confirm the cancellation."))])


class DeclineInvitationForm(FlaskForm):
    """Declining needs nothing but the click (and the form's CSRF token)."""


def registration_form(event: Event, *, cached: bool = False, **kwargs) -> RegistrationForm:
    """`cached`: `event` comes from services.programme_cache, so its form class is built once per
    programme version."""
    if cached:
        from ..services import programme_cache

        return programme_cache.form_class(event, RegistrationForm, _with_all_fields)(**kwargs)
    return _with_all_fields(RegistrationForm, event)(**kwargs)


def _with_all_fields(base, event: Event):
    """The registration form: the choices of the programme, then the event's own questions."""
    return type(f"{base.__name__}WithQuestions", (_with_slot_fields(base, event),), _question_fields(event))


def change_form(event: Event, days: list[date] | None = None, **kwargs) -> ChangeWorkshopsForm:
    """`days`: the days the registration attends (its slots of other days are not offered)."""
    form = _with_slot_fields(ChangeWorkshopsForm, event)(**kwargs)
    form.fixed_days = days
    return form


class SendLinkForm(FlaskForm):
    email = StrippedStringField(_l("Email"), [
        InputRequired(REQUIRED), _length(254),
        Email(message=_l("Please enter a valid email address, e.g. name@example.ch."),
              check_deliverability=False)])


class ConsentsForm(FlaskForm):
    list_consent = BooleanField(LIST_CONSENT)
    photo_consent = BooleanField(PHOTO_CONSENT)


class EraseForm(FlaskForm):
    confirm = BooleanField(_l("Yes, delete my registration and all my data."),
                           [InputRequired(_l("Please confirm the deletion."))])


class DetailsForm(ParticipantForm):
    """The participant's own details on the personal page: the registration form's fields, without
    the privacy consent (given when registering) and the nonce. A new address is confirmed by mail."""

    privacy_consent = None
    nonce = None


class TransferForm(ParticipantForm):
    """A colleague in one's place: who they are, and their consent to the privacy notice."""

    phone = dietary = accessibility_needs = remarks = list_consent = photo_consent = nonce = None
    privacy_consent = BooleanField(
        _l("The person taking my place has read the privacy notice and agrees that their data is processed "
           "for this event."),
        [InputRequired(_l("Please confirm that the person taking your place accepts the privacy notice."))])

    def colleague(self) -> Colleague:
        return Colleague(**{name: self[name].data for name in (
            "first_name", "last_name", "email", "organisation", "function", "institution_type", "canton",
            "language")})


class ConfirmAddressForm(FlaskForm):
    """Confirming a new address needs nothing but the click (a mail scanner's GET changes nothing)."""


class LeaveWaitingListForm(FlaskForm):
    confirm = BooleanField(_l("Yes, I give up my place on this waiting list."),
                           [InputRequired(_l("Please confirm that you leave the waiting list."))])
