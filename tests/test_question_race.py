"""Limited options (a hotel room) raced against a real server, on SQLite and PostgreSQL: the
options are counted under their locks, never one room too many."""
from __future__ import annotations

import re
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from cii_events.extensions import db
from cii_events.models import Answer, QuestionKind, Registration
from cii_events.services import questions

from .conftest import workshop
from .question_event import ask, four
from . import test_concurrency
from .test_concurrency import BIN, _load_form

server = test_concurrency.server  # the fixture: a real gunicorn serving the test's database

PEOPLE = 24
ROOMS = 5


def _hotel(event):
    return ask(event, QuestionKind.ONE_CHOICE, four("Hotel night"), required=True,
               options=[four("Room"), four("No room")], limits={0: ROOMS})


def _person(n: int, a1, hotel, option) -> dict:
    return {"first_name": f"Personne{n}", "last_name": "Test", "email": f"h{n}@example.ch",
            "organisation": "ORP", "institution_type": "unemployment", "canton": "GE", "language": "fr",
            "privacy_consent": "y", f"slot_{a1.slot_id}": str(a1.id), hotel.field_name: str(option.id)}


@pytest.mark.server
def test_simultaneous_registrations_for_five_rooms(server, make_event):
    base, env = server
    event = make_event(capacities=(100, 100))
    hotel = _hotel(event)
    room = hotel.options[0]
    a1 = workshop(event, "A1")
    forms = [_load_form(base, event.slug) for _ in range(PEOPLE)]
    barrier = threading.Barrier(PEOPLE)

    def post(n: int):
        session, hidden = forms[n]
        data = {**hidden, **_person(n, a1, hotel, room)}
        barrier.wait()
        response = session.post(f"{base}/fr/events/{event.slug}/register", data=data, timeout=60)
        return response.status_code, response.text

    with ThreadPoolExecutor(PEOPLE) as pool:
        results = list(pool.map(post, range(PEOPLE)))

    statuses = [status for status, _ in results]
    assert statuses.count(200) == ROOMS and statuses.count(422) == PEOPLE - ROOMS
    refused = [text for status, text in results if status == 422]
    assert all("«\u00a0Room [fr]\u00a0» n’est plus disponible" in text for text in refused)
    db.session.rollback()
    assert db.session.query(Registration).count() == ROOMS
    assert db.session.query(Answer).filter(Answer.option_id == room.id).count() == ROOMS
    assert questions.option_counts(hotel) == {room.id: ROOMS}
    check = subprocess.run([str(BIN / "cii-events"), "check"], env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


@pytest.mark.server
def test_simultaneous_changes_on_the_personal_pages_for_the_last_rooms(server, make_event):
    """People registered without a room all ask for one at once while two rooms are left."""
    from cii_events.services import tokens as secrets
    from cii_events.services.registration import register

    from .conftest import person

    base, env = server
    event = make_event(capacities=(100, 100))
    hotel = _hotel(event)
    room, no_room = hotel.options
    a1 = workshop(event, "A1")
    for n in range(ROOMS - 2):
        register(event, person(100 + n), {a1.slot_id: a1.id}, answers={hotel.id: room.id})
    tokens = []
    for n in range(12):
        registration = register(event, person(n), {a1.slot_id: a1.id}, answers={hotel.id: no_room.id})
        # the server's secret makes the personal links (and their hash the lookup)
        token = secrets.manage_token(env["SECRET_KEY"], registration.manage_token_salt)
        db.session.flush()
        db.session.get(Registration, registration.id).manage_token_hash = secrets.hash_token(token)
        tokens.append(token)
    db.session.commit()
    field, wanted = hotel.field_name, str(room.id)
    barrier = threading.Barrier(len(tokens))

    def change(token: str):
        import requests

        session = requests.Session()
        session.headers["Connection"] = "close"
        page = session.get(f"{base}/fr/registration/{token}/", timeout=30).text
        found = re.search(r'<input (?:id="csrf_token" )?name="csrf_token" type="hidden" value="([^"]*)"',
                          page)
        assert found, page[:3000]
        csrf = found.group(1)
        barrier.wait()
        return session.post(f"{base}/fr/registration/{token}/answers",
                            data={"csrf_token": csrf, field: wanted}, timeout=60).status_code

    with ThreadPoolExecutor(len(tokens)) as pool:
        results = list(pool.map(change, tokens))
    assert results.count(303) + results.count(200) == 2 and results.count(422) == len(tokens) - 2
    db.session.rollback()
    assert questions.option_counts(hotel) == {room.id: ROOMS, no_room.id: len(tokens) - 2}
