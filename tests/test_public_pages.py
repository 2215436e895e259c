"""The participant's path through the pages: event list, event, form, personal page."""
from __future__ import annotations

import re
import time

import pytest

from cii_events.extensions import db
from cii_events.models import BookingStatus, EventStatus, Registration, RegistrationStatus
from cii_events.services.registration import personal_token

from .conftest import sign_up, workshop


def form_data(event, n=1, **overrides):
    data = {"first_name": "Léa", "last_name": "Müller", "email": f"lea{n}@example.ch",
            "organisation": "Service de l'emploi", "function": "Coordinatrice CII",
            "institution_type": "unemployment", "canton": "VD", "language": "fr",
            "phone": "031 322 21 11", "privacy_consent": "y", "nonce": f"nonce-{n}",
            f"slot_{workshop(event, 'A1').slot_id}": str(workshop(event, "A1").id),
            f"slot_{workshop(event, 'D').slot_id}": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_root_redirects_by_accept_language(client):
    response = client.get("/", headers={"Accept-Language": "it-CH,it;q=0.9,de;q=0.5"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/it/")
    assert client.get("/", headers={"Accept-Language": "es"}).headers["Location"].endswith("/de/")
    assert client.get("/", headers={"Accept-Language": "it-CH"}).headers["Location"].endswith("/it/")
    french = client.get("/", headers={"Accept-Language": "fr-CH, en;q=0.5"})
    assert french.headers["Location"].endswith("/fr/")


def test_unknown_language_is_not_found(client):
    assert client.get("/es/").status_code == 404


def test_event_list_shows_upcoming_then_past_and_hides_drafts(client, make_event):
    make_event(slug="coming", starts=10)
    make_event(slug="over", starts=-10, opens=-30, closes=-12)
    make_event(slug="secret", status=EventStatus.DRAFT)
    page = client.get("/fr/").get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert page.index("/fr/events/coming/") < page.index("/fr/events/over/")
    assert "secret" not in page
    assert client.get("/fr/events/secret/").status_code == 404


def test_event_page_shows_programme_seats_and_swiss_dates(client, make_event):
    event = make_event(capacities=(2, 10))
    sign_up(event, 1, "A1")
    sign_up(event, 2, "A1")
    sign_up(event, 3, "A1")
    page = client.get(f"/de/events/{event.slug}/").get_data(as_text=True)
    assert "Workshop A1 [de]" in page and "Workshop A1 [fr]" not in page
    assert re.search(r"\d{2}:\d{2}–\d{2}:\d{2}", page)  # 24 h time range with an en dash
    assert "A2" in page
    # The seats: A1 (2 seats, 3 registered) is full with one person waiting; A2 has all 10 left.
    a1 = page[page.index("Workshop A1 [de]"):page.index("Workshop A2 [de]")]
    a2 = page[page.index("Workshop A2 [de]"):]
    assert re.search(r"Ausgebucht – Warteliste\s*\(1 Person wartet\)", a1), a1
    assert "Noch 10 Plätze frei" in a2 and "Ausgebucht" not in a2.split("Noch 10 Plätze frei")[0]


def test_availability_api(client, make_event):
    event = make_event(capacities=(1, 10))
    sign_up(event, 1, "A1")
    sign_up(event, 2, "A1")
    body = client.get(f"/api/events/{event.slug}/availability").get_json()
    items = {item["code"]: item for item in body["items"]}
    a1 = workshop(event, "A1")
    assert items["A1"] == {"id": a1.id, "slot_id": a1.slot_id, "code": "A1", "capacity": 1,
                           "confirmed": 1, "waiting": 1}
    assert items["D"]["confirmed"] == 0
    assert client.get("/api/events/nope/availability").status_code == 404


def test_registering_lands_on_the_personal_page(client, make_event):
    event = make_event()
    response = client.post(f"/fr/events/{event.slug}/register", data=form_data(event))
    assert response.status_code == 303
    assert re.match(r".*/fr/registration/[A-Za-z0-9_-]{22,}/$", response.headers["Location"])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Léa Müller" in page and "Workshop A1 [fr]" in page
    registration = db.session.query(Registration).one()
    assert registration.phone == "+41313222111"
    assert registration.language == "fr" and registration.canton == "VD"
    assert registration.list_consent is False and registration.photo_consent is False


def form_nonce(client, event, lang="de") -> str:
    """The nonce of a freshly loaded registration form (bound to this client's session)."""
    page = client.get(f"/{lang}/events/{event.slug}/register").get_data(as_text=True)
    return re.search(r'name="nonce" type="hidden" value="([^"]+)"', page).group(1)


def test_a_double_submit_ends_on_the_same_personal_page(client, make_event):
    event = make_event()
    nonce = form_nonce(client, event)
    first = client.post(f"/de/events/{event.slug}/register", data=form_data(event, nonce=nonce))
    second = client.post(f"/de/events/{event.slug}/register", data=form_data(event, nonce=nonce))
    assert second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert db.session.query(Registration).count() == 1


def test_someone_elses_nonce_from_another_session_gives_no_personal_link(app, client, make_event):
    event = make_event()
    nonce = form_nonce(client, event)
    assert client.post(f"/de/events/{event.slug}/register",
                       data=form_data(event, nonce=nonce)).status_code == 303
    stranger = app.test_client()
    form_nonce(stranger, event)  # a session of its own
    for browser in (stranger, app.test_client()):  # with a form loaded, and without any session
        response = browser.post(f"/de/events/{event.slug}/register", data=form_data(event, nonce=nonce))
        assert response.status_code == 422 and "Location" not in response.headers
        assert "/registration/" not in response.get_data(as_text=True)
    assert db.session.query(Registration).count() == 1


def test_a_form_shown_again_with_errors_carries_a_nonce_of_this_session(client, make_event):
    event = make_event()
    refused = client.post(f"/de/events/{event.slug}/register",
                          data=form_data(event, nonce="forged", first_name=""))
    assert refused.status_code == 422
    nonce = re.search(r'name="nonce" type="hidden" value="([^"]+)"', refused.get_data(as_text=True)).group(1)
    assert nonce != "forged"
    first = client.post(f"/de/events/{event.slug}/register", data=form_data(event, nonce=nonce))
    second = client.post(f"/de/events/{event.slug}/register", data=form_data(event, nonce=nonce))
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]


def test_an_old_nonce_finds_nothing(app, client, make_event):
    from cii_events.public.views import NONCE_LIFETIME_SECONDS
    from cii_events.services import tokens

    event = make_event()
    form_nonce(client, event)
    with client.session_transaction() as session:
        key = session["form_key"]
    secret, now = app.config["SECRET_KEY"], int(time.time())
    old = tokens.form_nonce(secret, key, now - NONCE_LIFETIME_SECONDS - 5)
    url = f"/de/events/{event.slug}/register"
    assert client.post(url, data=form_data(event, nonce=old)).status_code == 303
    again = client.post(url, data=form_data(event, nonce=old))
    assert again.status_code == 422
    fresh = tokens.form_nonce(secret, key, now - 60)
    assert tokens.check_form_nonce(secret, key, fresh, now, NONCE_LIFETIME_SECONDS)
    assert not tokens.check_form_nonce(secret, key + "x", fresh, now, NONCE_LIFETIME_SECONDS)
    assert not tokens.check_form_nonce(secret, key, fresh[:-1], now, NONCE_LIFETIME_SECONDS)


def test_the_form_is_never_cached(client, make_event):
    event = make_event()
    assert client.get(f"/fr/events/{event.slug}/register").headers["Cache-Control"] == "no-store"
    refused = client.post(f"/fr/events/{event.slug}/register", data=form_data(event, first_name=""))
    assert refused.status_code == 422 and refused.headers["Cache-Control"] == "no-store"


def test_the_same_address_from_a_new_form_gets_a_clear_message(client, make_event):
    event = make_event()
    client.post(f"/de/events/{event.slug}/register", data=form_data(event))
    response = client.post(f"/de/events/{event.slug}/register", data=form_data(event, nonce="other"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "persönlichen Link" in page
    assert f'href="/de/events/{event.slug}/send-link"' in page.split('id="send-link-hint"')[1][:200]
    assert 'value="Léa"' in page  # nothing typed is lost


@pytest.mark.parametrize("field, value", [
    ("first_name", ""), ("last_name", ""), ("email", ""), ("email", "not-an-address"),
    ("organisation", ""), ("institution_type", ""), ("institution_type", "bank"), ("canton", ""),
    ("canton", "ZZ"), ("language", "es"), ("phone", "12"), ("privacy_consent", None),
    ("first_name", "x" * 101), ("remarks", "x" * 2001),
])
def test_each_invalid_field_is_reported_next_to_it_and_input_is_kept(client, make_event, field, value):
    event = make_event()
    response = client.post(f"/fr/events/{event.slug}/register", data=form_data(event, **{field: value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page and '="None"' not in page
    assert 'class="error-summary"' in page and f'href="#{field}"' in page
    assert "lea1@example.ch" in page or field == "email"
    assert db.session.query(Registration).count() == 0


def test_a_missing_workshop_choice_is_reported_on_the_slot(client, make_event):
    event = make_event()
    slot_field = f"slot_{workshop(event, 'A1').slot_id}"
    response = client.post(f"/de/events/{event.slug}/register", data=form_data(event, **{slot_field: None}))
    assert response.status_code == 422
    assert f'id="{slot_field}-error"' in response.get_data(as_text=True)
    response = client.post(f"/de/events/{event.slug}/register",
                           data=form_data(event, **{slot_field: "99999"}))
    assert response.status_code == 422


def test_a_full_workshop_without_waiting_list_is_named_and_the_rest_kept(client, make_event):
    event = make_event(capacities=(1, 10), waitlist=False)
    sign_up(event, 9, "A1")
    response = client.post(f"/it/events/{event.slug}/register", data=form_data(event))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Workshop A1 [it]" in page and 'value="Müller"' in page
    assert db.session.query(Registration).count() == 1


def test_a_full_workshop_with_waiting_list_shows_the_place(client, make_event):
    event = make_event(capacities=(1, 10))
    sign_up(event, 9, "A1")
    response = client.post(f"/en/events/{event.slug}/register", data=form_data(event))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Waiting list, place 1" in page


@pytest.mark.parametrize("window", [{"opens": 2}, {"opens": -5, "closes": -1}])
def test_registration_outside_the_window(client, make_event, window):
    event = make_event(**window)
    assert "Register now" not in client.get(f"/en/events/{event.slug}/").get_data(as_text=True)
    response = client.post(f"/en/events/{event.slug}/register", data=form_data(event))
    assert response.status_code == 422
    assert "Registration for this event is not open." in response.get_data(as_text=True)
    assert db.session.query(Registration).count() == 0


def test_changing_and_cancelling_on_the_personal_page_promotes_the_waiting(client, make_event):
    event = make_event(capacities=(1, 10))
    holder = sign_up(event, 1, "A1")
    waiting = sign_up(event, 2, "A1")
    url = f"/de/registration/{personal_token(holder)}/"
    a2 = workshop(event, "A2")
    dinner = workshop(event, "D")
    response = client.post(url, data={f"slot_{a2.slot_id}": str(a2.id), f"slot_{dinner.slot_id}": ""})
    assert response.status_code == 303
    db.session.expire_all()
    assert {b.workshop.code for b in holder.active_bookings} == {"A2"}
    assert waiting.active_bookings[0].status is BookingStatus.CONFIRMED
    cancel_url = f"/de/registration/{personal_token(holder)}/cancel"
    assert client.post(cancel_url, data={}).status_code == 422  # the confirmation box is required
    assert client.post(cancel_url, data={"confirm": "y"}).status_code == 303
    db.session.expire_all()
    assert holder.status is RegistrationStatus.CANCELLED
    assert "Storniert" in client.get(url).get_data(as_text=True)


def test_unknown_token_is_a_plain_404(client):
    response = client.get("/fr/registration/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/")
    assert response.status_code == 404
    assert client.get("/fr/registration/x/cancel").status_code == 404


def test_only_the_whole_personal_link_opens_the_page(client, make_event):
    from cii_events.services.registration import find_by_token

    event = make_event()
    token = personal_token(sign_up(event, 1, "A1"))
    assert find_by_token(token) is not None
    assert client.get(f"/fr/registration/{token}/").status_code == 200
    changed = "A" if token[5] != "A" else "B"
    for near in (token[:-1], token[:20], token[:1], token + "x", token + "=", " " + token, token.upper(),
                 token[:5] + changed + token[6:], token[1:], ""):
        assert find_by_token(near) is None, near
        if near.strip():
            for path in ("", "cancel", "data", "data.json", "delete"):
                assert client.get(f"/fr/registration/{near}/{path}").status_code == 404, (near, path)


def test_healthz(client):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["migrations"]["current"] is True


def test_language_switcher_keeps_the_page(client, make_event):
    event = make_event()
    page = client.get(f"/it/events/{event.slug}/").get_data(as_text=True)
    for lang in ("de", "fr", "en"):
        assert f'href="/{lang}/events/{event.slug}/"' in page


def test_the_error_summary_follows_the_form_and_reaches_radio_groups(client, make_event):
    event = make_event()
    slot = f"slot_{workshop(event, 'A1').slot_id}"
    response = client.post(f"/fr/events/{event.slug}/register",
                           data=form_data(event, **{slot: None, "privacy_consent": None, "first_name": ""}))
    summary = response.get_data(as_text=True).split('class="error-summary"')[1].split("</div>")[0]
    links = re.findall(r'href="#([^"]+)"', summary)
    assert links == ["first_name", f"{slot}-0", "privacy_consent"]  # the form's order; a radio, not its group
    assert ".\u00a0:" not in summary and ".:" not in summary and "\u00a0: " in summary
