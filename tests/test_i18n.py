"""Every page in every language: no English left on a French page, Swiss formats, lang set."""
from __future__ import annotations

import html
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from cii_events import cantons
from cii_events.i18n import (format_clock, format_day, format_numeric_date, format_time_range,
                             language_locale)
from cii_events.services.registration import personal_token

from .conftest import sign_up

CATALOGUES = Path(__file__).resolve().parent.parent / "translations"
OTHER_LANGUAGES = ("de", "fr", "it")


def _english_fragments(lang: str) -> list[str]:
    """Pieces of English source text that must not appear on a page in `lang`."""
    with open(CATALOGUES / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle, locale=lang)
    fragments = []
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        translation = message.string if isinstance(message.string, str) else message.string[0]
        if not translation:
            raise AssertionError(f"{lang}: untranslated {source!r}")
        for piece in re.split(r"%\(\w+\)[sd]", source):
            piece = piece.strip(" .,:;–-()")
            # Short or shared words (names, "Workshop") can be the same in both languages.
            if len(piece) >= 12 and piece not in translation:
                fragments.append(piece)
    return fragments


def _visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def pages(client, make_event):
    """Every public page, with a form showing errors, for a populated event."""
    event = make_event(capacities=(1, 10))
    registration = sign_up(event, 1, "A1")
    waiting = sign_up(event, 2, "A1")
    token = personal_token(waiting)

    def render(lang: str) -> dict[str, str]:
        return {
            "events": client.get(f"/{lang}/").get_data(as_text=True),
            "event": client.get(f"/{lang}/events/{event.slug}/").get_data(as_text=True),
            "form": client.get(f"/{lang}/events/{event.slug}/register").get_data(as_text=True),
            "form with errors": client.post(f"/{lang}/events/{event.slug}/register",
                                            data={"email": "x"}).get_data(as_text=True),
            "personal page": client.get(f"/{lang}/registration/{token}/").get_data(as_text=True),
            "cancel": client.post(f"/{lang}/registration/{token}/cancel", data={}).get_data(as_text=True),
            "not found": client.get(f"/{lang}/registration/unknown/").get_data(as_text=True),
            "confirmed": client.get(f"/{lang}/registration/{personal_token(registration)}/")
            .get_data(as_text=True),
            "details": client.get(f"/{lang}/registration/{token}/details").get_data(as_text=True),
            "details with errors": client.post(f"/{lang}/registration/{token}/details",
                                               data={"email": "x"}).get_data(as_text=True),
            "transfer": client.get(f"/{lang}/registration/{token}/transfer").get_data(as_text=True),
            "transfer with errors": client.post(f"/{lang}/registration/{token}/transfer",
                                                data={"email": "person1@example.ch"}).get_data(as_text=True),
        }
    return render


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_no_english_is_left_on_any_page(pages, lang):
    fragments = _english_fragments(lang)
    assert fragments, "the catalogue check found nothing to look for"
    for name, page in pages(lang).items():
        assert f'<html lang="{lang}">' in page, name
        text = _visible_text(page)
        leftovers = [fragment for fragment in fragments if fragment in text]
        assert not leftovers, f"{lang} {name}: English left: {leftovers}"


def test_english_pages_use_the_english_texts(pages):
    rendered = pages("en")
    assert "Waiting list, place 1" in rendered["personal page"]
    assert "Please correct the following:" in rendered["form with errors"]


def test_canton_names_follow_the_page_language(client, make_event):
    make_event()
    pages = {lang: client.get(f"/{lang}/events/event-1/register").get_data(as_text=True)
             for lang in ("de", "fr", "it", "en")}
    assert ">Freiburg<" in pages["de"] and ">Fribourg<" in pages["fr"] and ">Friborgo<" in pages["it"]
    assert ">Bern<" in pages["de"] and ">Berne<" in pages["fr"] and ">Berna<" in pages["it"]
    assert ">Bund / nationale Ebene<" in pages["de"] and ">Liechtenstein / étranger<" in pages["fr"]
    # Sorted by the name in the page's language, accents ignored: Genève before Glaris in French.
    assert pages["fr"].index(">Genève<") < pages["fr"].index(">Glaris<")


def test_every_canton_and_institution_type_is_named_in_four_languages():
    assert len(cantons.CANTONS) == 26
    for table in (cantons.REGIONS, cantons.INSTITUTION_TYPES):
        for names in table.values():
            assert sorted(names) == ["de", "en", "fr", "it"] and all(names.values())


def test_swiss_formats_in_zurich_time(app):
    winter = datetime(2026, 11, 28, 13, 30, tzinfo=timezone.utc)  # 14:30 in Zurich
    summer = datetime(2027, 6, 3, 7, 30, tzinfo=timezone.utc)  # 09:30 in Zurich
    with app.test_request_context():
        with language_locale("de"):
            assert format_numeric_date(winter) == "28.11.2026"
            assert format_clock(winter) == "14:30"
            assert format_time_range(summer, winter) == "09:30–14:30"
            assert format_day(winter) == "Samstag, 28. November 2026"
        with language_locale("fr"):
            assert format_day(winter).startswith("samedi")
            assert "novembre" in format_day(winter)
        with language_locale("it"):
            assert "novembre" in format_day(winter) and format_day(winter).startswith("sabato")


def test_swiss_number_grouping_keeps_its_separator_above_a_million(app):
    from flask_babel import format_decimal

    with app.test_request_context(), language_locale("de"):
        assert format_decimal(1234567) == "1’234’567"
