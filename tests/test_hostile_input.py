"""Property-based: whatever a client posts, no 5xx and no half-written registration."""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cii_events.extensions import db
from cii_events.models import Booking, Registration
from cii_events.services.integrity import find_problems
from cii_events.services.registration import personal_token

from .conftest import sign_up, workshop

FIELDS = ["first_name", "last_name", "email", "organisation", "function", "institution_type", "canton",
          "language", "phone", "dietary", "accessibility_needs", "remarks", "privacy_consent",
          "list_consent", "photo_consent", "nonce"]
NASTY = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.sampled_from(["\x00", "a\x00b", "\r\nBcc: x@example.ch", "<script>alert(1)</script>", "' OR 1=1 --",
                     "ZH", "fr", "unemployment", "y", "on", "-1", "9" * 30, "1e9", "null", "[]"]),
    st.text(min_size=2000, max_size=6000),
)
GOOD = {"first_name": "Noëmi", "last_name": "Hürlimann", "organisation": "Sozialamt", "function": "",
        "institution_type": "social_assistance", "canton": "SG", "language": "de", "phone": "",
        "privacy_consent": "y"}
SETTINGS = settings(max_examples=500, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def snapshot():
    return (db.session.query(Registration).count(), db.session.query(Booking).count())


@st.composite
def registration_forms(draw, slot_values):
    """A valid form (a fresh address each time) with none to three fields spoilt: many succeed, so
    that the check of what a successful registration wrote runs often."""
    data = {field: GOOD.get(field, "") for field in FIELDS}
    data["email"] = f"p{draw(st.integers(0, 10 ** 6))}@example.ch"
    for name, values in slot_values.items():
        data[name] = draw(st.sampled_from(values["own"]))
    spoilt = draw(st.lists(st.sampled_from(FIELDS + sorted(slot_values)), max_size=3, unique=True)
                  if draw(st.booleans()) else st.just([]))
    for field in spoilt:
        choice = draw(st.sampled_from(["nasty", "missing", "twice", "foreign"]))
        if choice == "missing":
            data.pop(field)
        elif choice == "foreign" and field in slot_values:
            data[field] = draw(st.sampled_from(slot_values[field]["foreign"]))
        elif choice == "twice":
            data[field] = [data[field], draw(NASTY)]
        else:
            data[field] = draw(NASTY)
    if draw(st.integers(0, 3)) == 0:
        data[draw(st.sampled_from(["slot_999999", "slot_abc", "extra", "csrf_token"]))] = draw(NASTY)
    return data


def _slot_values(event, other):
    values = {}
    for slot in event.choice_slots:
        own = [str(w.id) for w in slot.workshops] + ([""] if not slot.requires_choice else [])
        foreign = [str(w.id) for s in other.choice_slots for w in s.workshops]
        values[f"slot_{slot.id}"] = {"own": own, "foreign": foreign}
    return values


def test_generated_registration_forms(app, client, make_event):
    event, other = make_event(capacities=(1000, 1000), dinner=2, event_capacity=None), make_event()
    slots = _slot_values(event, other)
    successes = []

    @SETTINGS
    @given(registration_forms(slots))
    def post(data):
        before = snapshot()
        response = client.post(f"/fr/events/{event.slug}/register", data=data)
        assert response.status_code < 500, response.get_data(as_text=True)[:500]
        db.session.rollback()
        if response.status_code == 303:
            successes.append(data)
            email = data["email"] if isinstance(data["email"], str) else data["email"][0]
            registration = db.session.query(Registration).filter_by(email_normalized=email.strip().lower(),
                                                                    event_id=event.id).one()
            assert registration.first_name and registration.privacy_version_accepted == "v1"
            assert registration.booking_for_slot(workshop(event, "A1").slot_id) is not None
            assert snapshot()[0] == before[0] + 1
        else:
            assert snapshot() == before
    post()
    assert len(successes) >= 150, len(successes)  # of 500
    assert find_problems() == []


@st.composite
def personal_page_posts(draw, slot_values):
    path = draw(st.sampled_from(["", "cancel", "consents", "delete"]))
    data = {name: draw(st.one_of(st.sampled_from(v["own"] + v["foreign"]), NASTY))
            for name, v in slot_values.items() if draw(st.booleans())}
    for field in ("confirm", "list_consent", "photo_consent"):
        if draw(st.integers(0, 3)) == 0:
            data[field] = draw(st.one_of(st.just("y"), NASTY))
    return path, data


def test_generated_personal_page_posts(app, client, make_event):
    event, other = make_event(capacities=(2, 50), dinner=2), make_event()
    slots = _slot_values(event, other)
    tokens = [personal_token(sign_up(event, n, "A1")) for n in range(6)]

    @SETTINGS
    @given(st.sampled_from(tokens + ["not-a-token", "x" * 200]), personal_page_posts(slots))
    def post(token, request):
        path, data = request
        response = client.post(f"/it/registration/{token}/{path}", data=data)
        assert response.status_code < 500, response.get_data(as_text=True)[:500]
        db.session.rollback()
        assert find_problems() == []
    post()


@pytest.mark.parametrize("size", [2 * 1024 * 1024])
def test_an_oversized_request_is_refused_plainly(client, make_event, size):
    event = make_event()
    response = client.post(f"/de/events/{event.slug}/register", data={"remarks": "x" * size})
    assert response.status_code == 413
    assert db.session.query(Registration).count() == 0


def test_generated_send_link_posts(app, client, make_event):
    event = make_event()
    sign_up(event, 1, "A1")

    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(st.dictionaries(st.sampled_from(["email", "extra", "csrf_token"]),
                           st.one_of(NASTY, st.just("person1@example.ch"), st.lists(NASTY, max_size=2))),
           st.sampled_from(["de", "fr", "it", "en"]))
    def post(data, lang):
        # Hypothesis seeds the global `random` alike for every example, and the mails' Message-IDs
        # (email.utils.make_msgid) draw from it: two links mailed in one centisecond would get the
        # same Message-ID, which no real process does. Give `random` its own seed again.
        random.seed()
        response = client.post(f"/{lang}/events/{event.slug}/send-link", data=data)
        assert response.status_code < 500, response.get_data(as_text=True)[:500]
        db.session.rollback()
    post()
