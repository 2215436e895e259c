"""Languages: selection from the URL, formatting in Swiss locales, translated content."""
from __future__ import annotations

from datetime import date, datetime

from flask import current_app, g, has_request_context, request
from flask_babel import force_locale, format_date, format_percent, format_time, get_locale
from flask_babel import gettext as _  # noqa: F401  (re-exported for services)
from flask_babel import lazy_gettext as _l  # noqa: F401

LANGUAGES = ("de", "fr", "it", "en")
# The Swiss locale used for formatting each language; gettext falls back to the language catalogue.
SWISS_LOCALES = {"de": "de_CH", "fr": "fr_CH", "it": "it_CH", "en": "en_CH"}
LANGUAGE_NAMES = {"de": "Deutsch", "fr": "Français", "it": "Italiano", "en": "English"}
# Order of preference when a text lacks the wanted language: the largest audiences first.
FALLBACK_ORDER = ("de", "fr", "it", "en")


def current_language() -> str:
    """The two-letter language of the current request or forced locale."""
    locale = get_locale()
    if locale is not None and locale.language in LANGUAGES:
        return locale.language
    return LANGUAGES[0]


def select_locale() -> str:
    """Flask-Babel locale selector: the language in the URL, else the browser's preference."""
    lang = getattr(g, "lang", None) if has_request_context() else None
    if lang is None and has_request_context():
        # A page that matched no route (a 404) still speaks the language of its address.
        prefix = request.path.split("/", 2)[1]
        lang = prefix if prefix in LANGUAGES else best_language_from_request()
    return SWISS_LOCALES.get(lang or current_app.config["DEFAULT_LANGUAGE"])


def best_language_from_request() -> str:
    """The browser's preferred language among ours: "fr-CH, en;q=0.5" is French, "it-CH" Italian."""
    for value, _quality in request.accept_languages:  # ordered by preference
        primary = value.replace("_", "-").split("-", 1)[0].lower()
        if primary in LANGUAGES:
            return primary
    return current_app.config["DEFAULT_LANGUAGE"]


def language_locale(lang: str):
    """Context manager rendering in `lang` (e.g. a mail in the recipient's language)."""
    return force_locale(SWISS_LOCALES[lang])


class Translated(dict):
    """Text in several languages; str() gives the current language with a sensible fallback."""

    def get_text(self, lang: str | None = None) -> str:
        lang = lang or current_language()
        if self.get(lang):
            return self[lang]
        for other in FALLBACK_ORDER:
            if self.get(other):
                return self[other]
        return ""

    def missing_languages(self) -> list[str]:
        return [lang for lang in LANGUAGES if not self.get(lang)]

    def __str__(self) -> str:
        return self.get_text()

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(self.get_text()))


# Swiss formats: 28.11.2026, 14:30, 09:30–16:00
# French and Italian write the weekday without a comma ("du mardi 16 février"), unlike the CLDR
# pattern of their Swiss locales.
_FULL_DAY = {"fr": "EEEE d MMMM y", "it": "EEEE d MMMM y"}


def format_day(value: date | datetime, style: str = "full") -> str:
    """A day as people read it: "Samstag, 28. November 2026" / "samedi 28 novembre 2026"."""
    pattern = _FULL_DAY.get(current_language()) if style == "full" else None
    return format_date(value, pattern or style)


def format_numeric_date(value: date | datetime) -> str:
    return format_date(value, "dd.MM.yyyy")


def format_clock(value: datetime) -> str:
    return format_time(value, "HH:mm")


def format_time_range(start: datetime, end: datetime) -> str:
    return f"{format_clock(start)}–{format_clock(end)}"


def format_datetime_short(value: datetime) -> str:
    return f"{format_numeric_date(value)}, {format_clock(value)}"


def format_share(value: float | None) -> str:
    """A share (0.75) as a whole percentage, as the Swiss locale writes it ("75%")."""
    return "–" if value is None else format_percent(value)
