"""The organizers' own questions: text, help and options in four languages, kind, limits."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, SelectField, StringField
from wtforms.validators import NumberRange, Optional

from datetime import date

from ...i18n import LANGUAGES, _, _l, format_day
from ...models import QuestionKind
from ...services.questions import OptionData, QuestionData
from ..labels import QUESTION_KIND
from .fields import (TranslationsMixin, WholeNumberField, length, options, single_line, strip,
                     with_translations)

EMPTY_OPTION_ROWS = 3


class OptionForm(Form):
    """One option: its label per language, and how many people may choose it."""

    id = HiddenField()
    label_de = StringField(_l("Option"), [Optional(), length(200), single_line], filters=[strip],
                           render_kw={"lang": "de"})
    label_fr = StringField(_l("Option"), [Optional(), length(200), single_line], filters=[strip],
                           render_kw={"lang": "fr"})
    label_it = StringField(_l("Option"), [Optional(), length(200), single_line], filters=[strip],
                           render_kw={"lang": "it"})
    label_en = StringField(_l("Option"), [Optional(), length(200), single_line], filters=[strip],
                           render_kw={"lang": "en"})
    capacity = WholeNumberField(_l("Limit"), [Optional(), NumberRange(min=0, message=_l(
        "Please enter a whole number of at least %(min)s."))])

    def labels(self) -> dict[str, str]:
        return {lang: self[f"label_{lang}"].data or "" for lang in LANGUAGES}

    def option_id(self) -> int | None:
        value = self.id.data or ""
        return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


@with_translations(text=(_l("Question"), False, 500), help=(_l("Help text"), True, 2000))
class QuestionForm(TranslationsMixin, FlaskForm):
    kind = SelectField(_l("Kind of answer"),
                       choices=options((kind.value, label) for kind, label in QUESTION_KIND.items()))
    required = BooleanField(_l("An answer is required"))
    position = WholeNumberField(_l("Order"), [Optional()], default=0)
    day = SelectField(_l("Asked of"), validate_choice=False)
    options = FieldList(FormField(OptionForm), label=_l("Options"), min_entries=EMPTY_OPTION_ROWS)

    def __init__(self, *args, event_days=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.event_days = list(event_days)  # several: the question may be asked of one day's people
        self.day.choices = options([("", _("everyone, whichever days they attend"))] + [
            (day.isoformat(), _("the people attending on %(day)s", day=format_day(day)))
            for day in self.event_days])

    def chosen_day(self) -> date | None:
        return next((day for day in self.event_days if day.isoformat() == self.day.data), None)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not any(self.translations("text").values()):
            message = _l("Please write the question in at least one language.")
            self.text_de.errors = [*self.text_de.errors, message]
            valid = False
        return valid

    def question_data(self) -> QuestionData:
        return QuestionData(
            kind=QuestionKind(self.kind.data), text=self.translations("text"), help=self.translations("help"),
            required=bool(self.required.data), position=self.position.data or 0, day=self.chosen_day(),
            options=[OptionData(label=entry.form.labels(), capacity=entry.form.capacity.data,
                                id=entry.form.option_id())
                     for entry in self.options if any(entry.form.labels().values())])

    def fill(self, question) -> None:
        self.kind.data = question.kind.value
        self.required.data = question.required
        self.position.data = question.position
        self.day.data = question.day.isoformat() if question.day else ""
        self.fill_translations(question)
        while len(self.options.entries):
            self.options.pop_entry()
        for option in question.options:
            self.options.append_entry({"id": str(option.id), "capacity": option.capacity,
                                       **{f"label_{lang}": option.label.get(lang, "") for lang in LANGUAGES}})
        for _index in range(EMPTY_OPTION_ROWS):
            self.options.append_entry()

    def missing_option_languages(self) -> list[str]:
        """Languages in which an option given in another language has no label."""
        missing = []
        for lang in LANGUAGES:
            for entry in self.options:
                labels = entry.form.labels()
                if any(labels.values()) and not labels[lang]:
                    missing.append(lang)
                    break
        return missing
