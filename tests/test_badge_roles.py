"""Badges with the role in the badge's language on a coloured band, and the event's logo (PNG or
SVG, checked); certificates with the logo. Read back from the PDF."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from cii_events.extensions import db
from cii_events.services import badges, certificates, logo, roles
from cii_events.services.errors import DomainError

from .conftest import sign_up
from .test_badges import page_texts

SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
       b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">'
       b'<rect width="200" height="60" fill="#d52b1e"/>'
       b'<path d="M90 10h20v15h15v20h-15v15h-20v-15h-15v-20h15z" fill="#fff"/></svg>')


def png(width=120, height=40) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (213, 43, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def images_on(data: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("lang, word", [("de", "REFERIERENDE"), ("fr", "INTERVENANT·E"),
                                        ("it", "RELATORE/RELATRICE"), ("en", "SPEAKER")])
def test_the_badge_prints_the_role_in_the_badges_language(app, make_event, lang, word):
    event = make_event()
    speaker = sign_up(event, 1, "A1", language="de")
    speaker.role = "speaker"
    db.session.commit()
    rows = badges.badges_of([speaker], lang=lang)
    assert rows[0].role_colour == roles.COLOURS["speaker"]
    text = page_texts(badges.render(rows, "a6", title="Event"))[0]
    assert word in text and "Anna1 Muster" in text


def test_each_badge_shows_its_own_role_in_the_participants_language(app, make_event):
    event = make_event()
    people = [sign_up(event, 1, "A1", language="fr"), sign_up(event, 2, "A1", language="it"),
              sign_up(event, 3, "A1", language="de")]
    people[0].role, people[1].role = "staff", "press"
    db.session.commit()
    texts = page_texts(badges.render(badges.badges_of(people), "a4-4xa6", title="Event"))[0]
    assert "PERSONNEL" in texts and "STAMPA" in texts and "TEILNEHMENDE" in texts
    assert len({roles.COLOURS[r] for r in roles.ROLES}) == len(roles.ROLES)  # one colour per role


def test_the_logo_is_printed_on_badges_and_certificates(app, make_event):
    event = make_event()
    person = sign_up(event, 1, "A1")
    rows = badges.badges_of([person])
    assert images_on(badges.render(rows, "a6", title="Event")) == 0
    event.logo, event.logo_type = png(), "png"
    db.session.commit()
    with_png = badges.render(rows, "a6", title="Event", logo=badges.logo_of(event))
    assert images_on(with_png) == 1
    assert "Anna1 Muster" in page_texts(with_png)[0]
    event.logo, event.logo_type = SVG, "svg"
    with_svg = badges.render(rows, "a6", title="Event", logo=badges.logo_of(event))
    plain = badges.render(rows, "a6", title="Event")
    assert len(with_svg) > len(plain) and "Anna1 Muster" in page_texts(with_svg)[0]
    event.logo, event.logo_type = png(), "png"
    sheet = certificates.sheet(person)
    assert sheet.logo is not None
    assert images_on(certificates.render(sheet)) == 1


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"GIF89a" + b"\0" * 100, "PNG or SVG"),
    (b"%PDF-1.4 hello", "PNG or SVG"),
    (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "damaged"),
    (b"x" * (logo.MAX_BYTES + 1), "too large"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "scripts"),
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>', "document type"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
     b'<image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>', "images"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><a href="http://evil.example">'
     b'<rect width="9" height="9"/></a></svg>', "link"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>',
     "scripts"),
    (b"<html><body>no</body></html>", "PNG or SVG"),
    (b'<?xml version="1.0"?><notsvg/>', "drawing"),
])
def test_files_that_are_not_a_clean_png_or_svg_are_refused(app, data, message):
    from cii_events.i18n import language_locale

    with language_locale("en"), pytest.raises(DomainError) as refused:
        logo.check(data)
    assert message in refused.value.message


def test_a_tiny_or_huge_png_is_refused(app):
    with pytest.raises(DomainError):
        logo.check(png(8, 8))
    assert logo.check(png()) == "png" and logo.check(SVG) == "svg"
