"""Preferences mode, the participant's side: ranking at registration, changing it, the pages."""
from __future__ import annotations

import re

import pytest

from cii_events.extensions import db
from cii_events.i18n import language_locale
from cii_events.models import BookingStatus, OutgoingMail, RegistrationStatus
from cii_events.services import registration as registrations
from cii_events.services.errors import InvalidChoice, RegistrationClosed
from cii_events.services.integrity import find_problems
from cii_events.services.preferences import Preferences
from cii_events.services.registration import personal_token

from .conftest import person
from .preferences_event import by_code, close_registration, preferences_event, ranking, sign_up_ranked
from .test_i18n import _english_fragments, _visible_text


def wishes(registration):
    return [(b.workshop.code, b.preference_rank) for b in registration.preferences]


def test_registering_stores_the_ranking_and_takes_no_seat(app):
    event = preferences_event()
    registration = sign_up_ranked(event, 1, ["M1", "M2", "M5"], ["P2", "P1"], languages=("de", "it"),
                                  dinner=True)
    assert registration.status is RegistrationStatus.CONFIRMED
    assert wishes(registration) == [("M1", 1), ("P2", 1), ("M2", 2), ("P1", 2), ("M5", 3)]
    assert registration.understood_languages == ["de", "it"]
    assert all(by_code(event, code).confirmed_count == 0 for code in ("M1", "M2", "M5", "P1", "P2"))
    # The dinner is an optional item: first come, first served, even in preferences mode.
    assert [(b.workshop.code, b.status) for b in registration.active_bookings] == [
        ("D", BookingStatus.CONFIRMED)]
    assert by_code(event, "D").confirmed_count == 1
    (mail,) = db.session.query(OutgoingMail).all()
    assert mail.kind == "preferences" and mail.context["preferences"][0]["rank"] == 1
    assert find_problems() == []


@pytest.mark.parametrize("codes, languages, field, message", [
    (["M1", "M1", "M2"], ("de",), "slot_{M}_2", "already chosen"),
    (["M1", "M3", "M2"], ("de",), "slot_{M}_2", "not held in a language you ticked"),
    (["M1"], ("de",), "slot_{M}_2", "Please choose a workshop"),
    (["M1", "M2", "M5"], (), "understands", "tick at least one language"),
    (["M1", "M2", "M5"], ("de", "xx"), "understands", "tick at least one language"),
    (["M1", "M2", "P1"], ("de",), "slot_{M}_3", "one of the offered workshops"),
])
def test_a_faulty_ranking_is_refused_with_the_field_concerned(app, codes, languages, field, message):
    event = preferences_event()
    preferences = ranking(event, codes, ["P1", "P2"], languages=languages)
    with pytest.raises(InvalidChoice) as caught:
        registrations.register(event, person(1), {}, preferences=preferences)
    db.session.rollback()
    assert caught.value.field == field.format(M=by_code(event, "M1").slot_id)
    with language_locale("en"):
        assert message in str(caught.value.message)


def test_fewer_choices_are_asked_when_fewer_workshops_are_held_in_the_languages_followed(app):
    event = preferences_event()
    # Italian only: one morning workshop (M4) and one afternoon workshop (P1) are in Italian.
    registration = sign_up_ranked(event, 1, ["M4"], ["P1"], languages=("it",))
    assert wishes(registration) == [("M4", 1), ("P1", 1)]
    # English only: nothing in English in the morning.
    with pytest.raises(InvalidChoice) as caught:
        registrations.register(event, person(2), {}, preferences=ranking(event, [], [], languages=("en",)))
    assert caught.value.field == f"slot_{by_code(event, 'M1').slot_id}"


def test_preferences_can_be_changed_until_the_deadline_rows_kept_in_place(app):
    event = preferences_event()
    registration = sign_up_ranked(event, 1, ["M1", "M2", "M5"], ["P1", "P2"])
    ids = {b.workshop.code: b.id for b in registration.preferences}
    swapped = ranking(event, ["M2", "M1", "M5"], ["P1", "P2"])
    assert registrations.change_preferences(registration, swapped, {})
    db.session.commit()
    assert wishes(registration) == [("M2", 1), ("P1", 1), ("M1", 2), ("P2", 2), ("M5", 3)]
    assert {b.workshop.code: b.id for b in registration.preferences} == ids  # updated, not replaced
    # French too now: a French workshop may come in, M5 goes.
    assert registrations.change_preferences(
        registration, ranking(event, ["M3", "M2", "M1"], ["P3", "P1", "P2"], languages=("de", "fr")), {})
    db.session.commit()
    assert wishes(registration) == [("M3", 1), ("P3", 1), ("M2", 2), ("P1", 2), ("M1", 3), ("P2", 3)]
    assert registration.understood_languages == ["de", "fr"]
    assert not registrations.change_preferences(
        registration, ranking(event, ["M3", "M2", "M1"], ["P3", "P1", "P2"], languages=("fr", "de")), {})
    kinds = [(m.kind, m.context["preferences_changed"])
             for m in db.session.query(OutgoingMail).order_by(OutgoingMail.id)]
    assert kinds == [("preferences", False), ("preferences", True), ("preferences", True)]

    close_registration(event)
    with pytest.raises(RegistrationClosed):
        registrations.change_preferences(registration, ranking(event, ["M1", "M2", "M5"], ["P1", "P2"]), {})


def test_cancelling_in_preferences_mode_keeps_the_check_clean(app, cli):
    event = preferences_event()
    registration = sign_up_ranked(event, 1, ["M1", "M2", "M5"], ["P1", "P2"], dinner=True)
    registrations.cancel(registration)
    db.session.commit()
    assert registration.status is RegistrationStatus.CANCELLED
    assert by_code(event, "D").confirmed_count == 0
    result = cli.invoke(args=["check"])
    assert result.exit_code == 0, result.output


def test_check_reports_preferences_left_after_the_allocation(app):
    from cii_events.models import utcnow

    event = preferences_event()
    sign_up_ranked(event, 1, ["M1", "M2", "M5"], ["P1", "P2"])
    event.allocation_published_at = utcnow()
    db.session.commit()
    assert any("preferences left" in problem for problem in find_problems())


def form_data(event, n=1, lang="fr", languages=("fr",), morning=("M3", "M5", None),
              afternoon=("P3", "P1", None), **overrides):
    data = {"first_name": "Léa", "last_name": "Rochat", "email": f"lea{n}@example.ch",
            "organisation": "Service de l'emploi", "institution_type": "unemployment", "canton": "VD",
            "language": lang, "privacy_consent": "y", "nonce": f"nonce-{n}",
            "understands": list(languages),
            f"slot_{by_code(event, 'D').slot_id}": ""}
    for codes in (morning, afternoon):
        slot_id = by_code(event, codes[0]).slot_id if codes[0] else None
        for rank, code in enumerate(codes, start=1):
            if code and slot_id:
                name = f"slot_{slot_id}" if rank == 1 else f"slot_{slot_id}_{rank}"
                data[name] = str(by_code(event, code).id)
    data.update(overrides)
    return data


def test_the_form_asks_for_three_ranked_choices_and_the_languages_followed(client, app):
    event = preferences_event()
    page = client.get(f"/en/events/{event.slug}/register").get_data(as_text=True)
    morning = by_code(event, "M1").slot_id
    for name in (f"slot_{morning}", f"slot_{morning}_2", f"slot_{morning}_3"):
        assert f'name="{name}"' in page
    boxes = re.findall(r'<input\b[^>]*\bname="understands"[^>]*>', page)
    assert sorted(re.search(r'value="(\w+)"', box).group(1) for box in boxes) == ["de", "en", "fr", "it"]
    assert all('type="checkbox"' in box for box in boxes)
    assert "First choice" in page and "Third choice" in page
    assert "The workshops will be allocated on" in page
    # The page language is ticked to begin with.
    assert re.search(r'<input[^>]*checked[^>]*value="en"|<input[^>]*value="en"[^>]*checked', page)


def test_registering_through_the_form_and_changing_the_ranking_on_the_personal_page(client, app):
    event = preferences_event()
    response = client.post(f"/fr/events/{event.slug}/register", data=form_data(event))
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Workshop M3 [fr]" in page and "Workshop M5 [fr]" in page
    registration = db.session.query(registrations.Registration).one()
    assert wishes(registration) == [("M3", 1), ("P3", 1), ("M5", 2), ("P1", 2)]
    assert registration.understood_languages == ["fr"]
    token = personal_token(registration)
    # A workshop in German is refused for someone following French only: the error is at the field.
    morning = by_code(event, "M1").slot_id
    changed = form_data(event, morning=("M3", "M1", None))
    answer = client.post(f"/fr/registration/{token}/", data=changed)
    assert answer.status_code == 422
    body = answer.get_data(as_text=True)
    assert f'id="slot_{morning}_2-error"' in body and f'href="#slot_{morning}_2"' in body
    answer = client.post(f"/fr/registration/{token}/", data=form_data(event, morning=("M5", "M3", None)))
    assert answer.status_code == 303
    db.session.expire_all()
    assert wishes(registration)[:3] == [("M5", 1), ("P3", 1), ("M3", 2)]


def test_the_personal_page_says_preferences_received_and_when_the_allocation_is(client, app):
    event = preferences_event()
    registration = sign_up_ranked(event, 1, ["M1", "M2", "M5"], ["P1", "P2"])
    token = personal_token(registration)
    page = client.get(f"/en/registration/{token}/").get_data(as_text=True)
    assert "Preferences received" in page and "The workshops will be allocated on" in page
    assert "Change preferences" in page
    close_registration(event)
    page = client.get(f"/en/registration/{token}/").get_data(as_text=True)
    assert "Preferences received" in page and "Change preferences" not in page
    # Without a date set, the page says it comes after the deadline.
    event.allocation_at = None
    db.session.commit()
    page = client.get(f"/en/registration/{token}/").get_data(as_text=True)
    assert "after the registration deadline" in page


def test_the_event_page_explains_the_ranking(client, app):
    event = preferences_event()
    page = client.get(f"/en/events/{event.slug}/").get_data(as_text=True)
    assert "Rank three workshops when you register" in page and "2 places" in page
    assert "seats left" not in page.split("Dinner")[0]


@pytest.mark.parametrize("lang", ("de", "fr", "it"))
def test_no_english_is_left_on_the_preference_pages(client, app, lang):
    event = preferences_event()
    registration = sign_up_ranked(event, 1, ["M1", "M2", "M5"], ["P1", "P2"])
    token = personal_token(registration)
    pages = {
        "event": client.get(f"/{lang}/events/{event.slug}/"),
        "form": client.get(f"/{lang}/events/{event.slug}/register"),
        "form with errors": client.post(f"/{lang}/events/{event.slug}/register",
                                        data=form_data(event, n=2, languages=(), morning=("M1", "M1", None))),
        "personal page": client.get(f"/{lang}/registration/{token}/"),
        "personal page with errors": client.post(f"/{lang}/registration/{token}/",
                                                 data=form_data(event, languages=("de",))),
        "data": client.get(f"/{lang}/registration/{token}/data"),
    }
    fragments = _english_fragments(lang)
    for name, response in pages.items():
        text = _visible_text(response.get_data(as_text=True))
        leftovers = [fragment for fragment in fragments if fragment in text]
        assert not leftovers, f"{lang} {name}: English left: {leftovers}"


def test_an_unknown_language_or_a_foreign_workshop_id_in_the_form_is_refused(client, app):
    event = preferences_event()
    morning = by_code(event, "M1").slot_id
    for data in (form_data(event, languages=("fr", "klingon")),
                 form_data(event, **{f"slot_{morning}": "99999"}),
                 form_data(event, **{f"slot_{morning}": "abc"}),
                 form_data(event, **{f"slot_{morning}": "²"})):
        assert client.post(f"/en/events/{event.slug}/register", data=data).status_code == 422
    assert db.session.query(registrations.Registration).count() == 0


def test_preferences_is_a_plain_value():
    assert Preferences(["de"], {1: [5]}).workshop_ids(1) == [5, None, None]
    assert Preferences(["de"], {1: [5, 6, 7, 8]}).workshop_ids(1) == [5, 6, 7]


def test_a_registration_racing_the_publication_is_refused_not_half_stored(app):
    """The form was loaded while preferences were collected; the allocation is published before
    the registration gets the event's lock: it must not store wishes nobody will allocate."""
    from sqlalchemy import update

    from cii_events.models import Event, utcnow
    from cii_events.services.errors import PreferencesClosed

    event = preferences_event()
    preferences = ranking(event, ["M1", "M2", "M5"], ["P1", "P2"])
    db.session.execute(update(Event).where(Event.id == event.id).values(allocation_published_at=utcnow())
                       .execution_options(synchronize_session=False))
    assert event.collects_preferences  # what the request saw before the lock
    with pytest.raises(PreferencesClosed):
        registrations.register(event, person(1), {}, preferences=preferences)
    db.session.rollback()
    assert db.session.query(registrations.Registration).count() == 0


def test_dropping_the_dinner_with_the_preferences_form_frees_the_seat_and_sends_one_mail(app):
    event = preferences_event()
    registration = sign_up_ranked(event, 1, ["M1", "M2", "M5"], ["P1", "P2"], dinner=True)
    dinner = by_code(event, "D")
    same = ranking(event, ["M1", "M2", "M5"], ["P1", "P2"])
    assert registrations.change_preferences(registration, same, {dinner.slot_id: None})
    db.session.commit()
    assert dinner.confirmed_count == 0 and registration.active_bookings == []
    assert len(registration.preferences) == 5
    last = db.session.query(OutgoingMail).order_by(OutgoingMail.id.desc()).first()
    assert last.kind == "preferences" and last.context["withdrawn_slot_ids"] == [dinner.slot_id]
    assert db.session.query(OutgoingMail).count() == 2
    assert find_problems() == []
