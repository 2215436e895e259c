"""Names and other one-line texts: normalised, trimmed of invisible characters, no direction overrides."""
from __future__ import annotations

import unicodedata

import pytest

from cii_events.extensions import db
from cii_events.models import Registration

from .test_public_pages import form_data

INVISIBLE_ONLY = [" ", "\u00a0", "\u00a0\u00a0", "\u200b", "\u200b\u200c\u200d", "\ufeff", "\u2060", "\u3164",
                  "\u2800", " \u200e ", "\u00ad"]


@pytest.mark.parametrize("name", INVISIBLE_ONLY, ids=lambda name: "+".join(f"U{ord(c):04X}" for c in name))
def test_a_name_of_invisible_characters_only_counts_as_missing(client, make_event, name):
    event = make_event()
    response = client.post(f"/en/events/{event.slug}/register",
                           data=form_data(event, first_name=name, last_name=name, organisation=name))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert page.count("Please fill in this field.") >= 3
    assert db.session.query(Registration).count() == 0


@pytest.mark.parametrize("name", ["\u202eAnna", "Anna\u202e", "Ann\u202da", "\u2066Anna\u2069", "\u202bAnna"])
def test_direction_overrides_are_refused_with_a_clear_message(client, make_event, name):
    event = make_event()
    response = client.post(f"/en/events/{event.slug}/register", data=form_data(event, last_name=name))
    assert response.status_code == 422
    assert "Please remove the invisible characters that change the writing direction from this field." \
        in response.get_data(as_text=True)
    assert db.session.query(Registration).count() == 0


def test_names_are_stored_normalised_and_trimmed(client, make_event):
    event = make_event()
    decomposed = unicodedata.normalize("NFD", "Zoë")
    assert decomposed != "Zoë"
    response = client.post(f"/en/events/{event.slug}/register", data=form_data(
        event, first_name=f"\u00a0\u200b{decomposed}\u00a0", last_name="\u200bMüller-Graf ",
        organisation="\ufeffService de l'emploi\u200b"))
    assert response.status_code == 303
    registration = db.session.query(Registration).one()
    assert (registration.first_name, registration.last_name, registration.organisation) == \
        ("Zoë", "Müller-Graf", "Service de l'emploi")
