"""Fields the back-office forms share: texts in four languages, Swiss local times, checkboxes."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from wtforms import (DateField, IntegerField, SelectChoice, SelectMultipleField, StringField, TextAreaField,
                     TimeField)
from wtforms.fields import DateTimeLocalField
from wtforms.validators import Length, Optional, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ...i18n import LANGUAGES, _l
from ...config import ZURICH
from ...services.plain import forbidden_characters

REQUIRED = _l("Please fill in this field.")


def options(pairs, optgroup: str | None = None) -> list[SelectChoice]:
    return [SelectChoice(value, label, optgroup=optgroup) for value, label in pairs]


def length(limit: int) -> Length:
    return Length(max=limit, message=_l("Please use at most %(max)d characters."))


def single_line(form, field) -> None:
    """Texts that end up in mail subjects and calendar files: no line breaks, no control characters."""
    found = forbidden_characters(field.data if isinstance(field.data, str) else "")
    if found:
        raise ValidationError(_l("Please write this on one line, without line breaks or control characters "
                                 "(found: %(characters)s).", characters=", ".join(found)))


def strip(value):
    return value.strip() if isinstance(value, str) else value


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search_text(value):
    """A search term: trimmed, without control characters (PostgreSQL refuses NUL in a query)."""
    return _CONTROL.sub("", value).strip() if isinstance(value, str) else value


class OwnParseError:
    """A value that cannot be read gets our translated message, and no second one from the range
    checks that follow."""

    parse_message = _l("Please check this value.")

    def process_formdata(self, valuelist):
        if valuelist and not "".join(str(value) for value in valuelist).strip():
            # only spaces: empty, so that InputRequired refuses it (and Optional lets it be)
            self.data = None
            self.raw_data = [""]
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(self.parse_message) from None

    def pre_validate(self, form):
        super().pre_validate(form)
        if self.process_errors:
            raise StopValidation()


class WholeNumberField(OwnParseError, IntegerField):
    parse_message = _l("Please enter a whole number, e.g. 40.")


class SwissDateField(OwnParseError, DateField):
    """A date from the browser's date picker (2026-11-28) or typed the Swiss way (28.11.2026)."""

    parse_message = _l("Please enter a date, e.g. 28.11.2026.")

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", ["%Y-%m-%d", "%d.%m.%Y"])
        super().__init__(label, validators, **kwargs)


class ClockField(OwnParseError, TimeField):
    parse_message = _l("Please enter a time of day, e.g. 09:30.")

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", ["%H:%M", "%H.%M"])
        super().__init__(label, validators, **kwargs)


class LocalDateTimeField(OwnParseError, DateTimeLocalField):
    """A date and time typed in Swiss local time, kept as an aware UTC datetime."""

    parse_message = _l("Please enter a date and a time, e.g. 28.11.2026 09:30.")

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"])
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None:
            self.data = self.data.replace(tzinfo=ZURICH).astimezone(timezone.utc)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        if isinstance(self.data, datetime):
            return self.data.astimezone(ZURICH).strftime("%Y-%m-%dT%H:%M")
        return ""


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (languages, events)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def with_translations(**specs):
    """Class decorator: for each name, one field per language (`title_de`, `title_fr`, ...).

    specs: name=(label, multiline, max length)
    """
    def decorate(cls):
        for name, (label, multiline, limit) in specs.items():
            for lang in LANGUAGES:
                kind = TextAreaField if multiline else StringField
                checks = [Optional(), length(limit)] + ([] if multiline else [single_line])
                setattr(cls, f"{name}_{lang}", kind(label, checks, filters=[strip], render_kw={"lang": lang}))
        cls.translated_names = tuple(cls.translated_names) + tuple(specs)
        return cls
    return decorate


class TranslationsMixin:
    """Reading and filling the per-language fields; which languages lack a text."""

    translated_names: tuple = ()

    def translations(self, name: str) -> dict[str, str]:
        return {lang: self[f"{name}_{lang}"].data or "" for lang in LANGUAGES}

    def fill_translations(self, obj) -> None:
        for name in self.translated_names:
            value = getattr(obj, name, None) or {}
            for lang in LANGUAGES:
                self[f"{name}_{lang}"].data = value.get(lang, "")

    def language_fields(self, lang: str) -> list:
        return [self[f"{name}_{lang}"] for name in self.translated_names]

    def missing(self, lang: str) -> list[str]:
        """Labels of the texts given in another language but not in `lang`."""
        result = []
        for name in self.translated_names:
            values = self.translations(name)
            if any(values.values()) and not values[lang]:
                result.append(str(self[f"{name}_{lang}"].label.text))
        return result

    def missing_languages(self) -> list[str]:
        return [lang for lang in LANGUAGES if self.missing(lang)]

    def translation_errors(self, lang: str) -> bool:
        return any(field.errors for field in self.language_fields(lang))
