"""A real server, many simultaneous registrations: never one seat too many.

gunicorn runs the app in several worker processes against the same database; 50 clients load the
form, wait at a barrier, then all post at once for a workshop with 10 seats.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from cii_events.extensions import db
from cii_events.models import Booking, BookingStatus, Registration

from .conftest import workshop

CLIENTS = 50
SEATS = 10
BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(database_url, instance_dir, app, tmp_path):
    port = _free_port()
    log = open(tmp_path / "gunicorn.log", "w+")
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "race-secret",
           "CII_INSTANCE_PATH": str(instance_dir), "RATELIMIT_ENABLED": "0", "MAIL_SEND_AFTER_COMMIT": "0"}
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "python:cii_events.gunicorn_conf", "--workers", "4",
         "--bind", f"127.0.0.1:{port}", "--timeout", "60", "cii_events:create_app()"],
        env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail("server did not start: " + log.read()[-2000:])
            time.sleep(0.2)
        yield base, env
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.seek(0)
        errors = [line for line in log if "Traceback" in line or "ERROR" in line or "CRITICAL" in line]
        log.close()
        assert not errors, f"the server logged errors: {errors}"


def _load_form(base: str, slug: str) -> tuple[requests.Session, dict]:
    session = requests.Session()
    # No keep-alive: the server closes idle connections long before all 50 forms are loaded.
    session.headers["Connection"] = "close"
    page = session.get(f"{base}/fr/events/{slug}/register", timeout=30).text
    hidden = dict(re.findall(r'<input (?:id="\w+" )?name="(csrf_token|nonce)" type="hidden" value="([^"]*)"',
                             page))
    assert set(hidden) == {"csrf_token", "nonce"}, "the form has no CSRF token or nonce"
    return session, hidden


@pytest.mark.server
def test_fifty_simultaneous_registrations_for_ten_seats(server, make_event, cli):
    base, env = server
    event = make_event(capacities=(SEATS, 100))
    a1, dinner = workshop(event, "A1"), workshop(event, "D")
    forms = [_load_form(base, event.slug) for _ in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)

    def post(n: int):
        session, hidden = forms[n]
        data = {**hidden, "first_name": f"Personne{n}", "last_name": "Test", "email": f"p{n}@example.ch",
                "organisation": "ORP", "institution_type": "unemployment", "canton": "GE", "language": "fr",
                "privacy_consent": "y", f"slot_{a1.slot_id}": str(a1.id), f"slot_{dinner.slot_id}": ""}
        barrier.wait()
        response = session.post(f"{base}/fr/events/{event.slug}/register", data=data, timeout=60)
        return response.status_code, response.text

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(post, range(CLIENTS)))

    assert [status for status, _ in results] == [200] * CLIENTS  # each landed on its personal page
    pages = [text for _, text in results]
    assert sum('<span class="status status-confirmed">' in page for page in pages) == SEATS
    places = sorted(int(m) for page in pages for m in re.findall(r"Liste d.attente, place (\d+)", page))
    assert places == list(range(1, CLIENTS - SEATS + 1))

    db.session.rollback()  # end the test's own read transaction: see what the server committed
    bookings = db.session.query(Booking).filter(Booking.workshop_id == a1.id).all()
    assert sum(b.status is BookingStatus.CONFIRMED for b in bookings) == SEATS
    tickets = sorted(b.waitlist_ticket for b in bookings if b.status is BookingStatus.WAITLISTED)
    assert tickets == list(range(1, CLIENTS - SEATS + 1))  # one ticket each, in arrival order
    assert db.session.query(Registration).count() == CLIENTS
    assert db.session.get(type(a1), a1.id).confirmed_count == SEATS

    check = subprocess.run([str(BIN / "cii-events"), "check"], env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


@pytest.mark.server
def test_simultaneous_registrations_for_two_contended_workshops_queue_in_one_order(server, make_event, cli):
    """Each person takes a seat in two full workshops at once, the two in opposite orders in the
    form: no deadlock, no seat too many, and one order of arrival explains both waiting lists."""
    from bench.rush import one_arrival_order

    base, env = server
    people, seats = 30, 5
    event = make_event(capacities=(seats, 100), dinner=seats)
    a1, dinner = workshop(event, "A1"), workshop(event, "D")
    forms = [_load_form(base, event.slug) for _ in range(people)]
    barrier = threading.Barrier(people)

    def post(n: int):
        session, hidden = forms[n]
        data = {**hidden, "first_name": f"Personne{n}", "last_name": "Test", "email": f"q{n}@example.ch",
                "organisation": "ORP", "institution_type": "unemployment", "canton": "GE", "language": "fr",
                "privacy_consent": "y"}
        fields = [(f"slot_{a1.slot_id}", str(a1.id)), (f"slot_{dinner.slot_id}", str(dinner.id))]
        data.update(fields if n % 2 else fields[::-1])
        barrier.wait()
        return session.post(f"{base}/fr/events/{event.slug}/register", data=data, timeout=60).status_code

    with ThreadPoolExecutor(people) as pool:
        assert list(pool.map(post, range(people))) == [200] * people

    db.session.rollback()
    lists = []
    for item in (a1, dinner):
        bookings = db.session.query(Booking).filter(Booking.workshop_id == item.id).all()
        assert sum(b.status is BookingStatus.CONFIRMED for b in bookings) == seats
        waiting = sorted((b.waitlist_ticket, b.registration_id) for b in bookings
                         if b.status is BookingStatus.WAITLISTED)
        assert [ticket for ticket, _ in waiting] == list(range(1, people - seats + 1))
        lists.append([registration_id for _, registration_id in waiting])
        assert db.session.get(type(item), item.id).confirmed_count == seats
    assert one_arrival_order(lists)
    check = subprocess.run([str(BIN / "cii-events"), "check"], env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


@pytest.mark.server
def test_registrations_racing_cancellations_keep_every_count(server, make_event, cli):
    """New registrations (the short road on PostgreSQL) race cancellations (the locking road):
    no deadlock, no error, every freed seat taken once, the counters equal to the rows."""
    from cii_events.services import tokens as secrets

    from .conftest import sign_up

    base, env = server
    seats, holders, newcomers = 10, 10, 30
    event = make_event(capacities=(seats, 100), dinner=seats)
    a1, dinner = workshop(event, "A1"), workshop(event, "D")
    # The server's personal links: derived from its own secret key.
    tokens = []
    for n in range(holders):
        holder = sign_up(event, 100 + n, "A1", "D")
        tokens.append(secrets.manage_token(env["SECRET_KEY"], holder.manage_token_salt))
        holder.manage_token_hash = secrets.hash_token(tokens[-1])
    db.session.commit()
    forms = [_load_form(base, event.slug) for _ in range(newcomers)]
    cancels = []
    for token in tokens:
        session = requests.Session()
        session.headers["Connection"] = "close"
        page = session.get(f"{base}/fr/registration/{token}/cancel", timeout=30).text
        found = re.search(r"csrf_token[^>]*value=\"([^\"]*)\"", page)
        assert found, page[:3000]
        csrf = found.group(1)
        cancels.append((session, token, csrf))
    # Plain values for the threads: the test's ORM objects were expired by its commit.
    choice = {f"slot_{a1.slot_id}": str(a1.id), f"slot_{dinner.slot_id}": str(dinner.id)}
    barrier = threading.Barrier(newcomers + holders, timeout=60)

    def act(n: int):
        if n < newcomers:
            session, hidden = forms[n]
            data = {**hidden, "first_name": f"Personne{n}", "last_name": "Test", "email": f"r{n}@example.ch",
                    "organisation": "ORP", "institution_type": "unemployment", "canton": "GE",
                    "language": "fr", "privacy_consent": "y", **choice}
            barrier.wait()
            return session.post(f"{base}/fr/events/{event.slug}/register", data=data, timeout=60).status_code
        session, token, csrf = cancels[n - newcomers]
        barrier.wait()
        return session.post(f"{base}/fr/registration/{token}/cancel",
                            data={"csrf_token": csrf, "confirm": "y"}, timeout=60).status_code

    with ThreadPoolExecutor(newcomers + holders) as pool:
        assert list(pool.map(act, range(newcomers + holders))) == [200] * (newcomers + holders)

    db.session.rollback()
    for item in (a1, dinner):
        bookings = [b for b in db.session.query(Booking).filter(Booking.workshop_id == item.id)
                    if b.registration.status.value != "cancelled"]
        assert sum(b.status is BookingStatus.CONFIRMED for b in bookings) == seats
        assert db.session.get(type(item), item.id).confirmed_count == seats
        tickets = [b.waitlist_ticket for b in bookings if b.status is BookingStatus.WAITLISTED]
        assert len(tickets) == len(set(tickets)) == newcomers - seats
    check = subprocess.run([str(BIN / "cii-events"), "check"], env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


@pytest.mark.server
def test_simultaneous_registrations_for_a_day_with_ten_places(server, cli):
    """Places per day: 50 people post for both days of an event whose second day has 10 places;
    exactly 10 get a place on it, the others its waiting list in one order, and a day-1 workshop
    for everyone; the day-2 workshop is seated only with the day's place."""
    from cii_events.models import Attendance, EventDay
    from cii_events.services import programme

    from .days_event import two_day_event

    base, env = server
    event = two_day_event("race-days", series_a=(100, 100), series_b=(100, 100))
    day1, day2 = event.days
    programme.set_day_places(event, {day2: SEATS}, actor=None)
    db.session.commit()
    a1, b1 = workshop(event, "A1"), workshop(event, "B1")
    forms = [_load_form(base, event.slug) for _ in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)

    def post(n: int):
        session, hidden = forms[n]
        data = {**hidden, "first_name": f"Personne{n}", "last_name": "Test", "email": f"d{n}@example.ch",
                "organisation": "ORP", "institution_type": "unemployment", "canton": "GE", "language": "fr",
                "privacy_consent": "y", "days": [day1.isoformat(), day2.isoformat()],
                f"slot_{a1.slot_id}": str(a1.id), f"slot_{b1.slot_id}": str(b1.id)}
        barrier.wait()
        response = session.post(f"{base}/fr/events/{event.slug}/register", data=data, timeout=60)
        return response.status_code, response.text

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(post, range(CLIENTS)))

    assert [status for status, _ in results] == [200] * CLIENTS
    places = sorted(int(m) for _, page in results
                    for m in re.findall(r"liste d.attente pour ce jour, place (\d+)", page))
    assert places == list(range(1, CLIENTS - SEATS + 1))

    db.session.rollback()
    days = db.session.query(Attendance).filter(Attendance.day == day2).all()
    assert sum(a.waitlist_ticket is None for a in days) == SEATS
    assert sorted(a.waitlist_ticket for a in days if a.waitlist_ticket) == list(range(1, CLIENTS - SEATS + 1))
    assert db.session.query(Attendance).filter(Attendance.day == day1,
                                               Attendance.waitlist_ticket.is_(None)).count() == CLIENTS
    row = db.session.query(EventDay).filter(EventDay.event_id == event.id, EventDay.day == day2).one()
    assert (row.confirmed_count, row.waitlist_counter) == (SEATS, CLIENTS - SEATS)
    assert db.session.get(type(b1), b1.id).confirmed_count == SEATS
    assert db.session.get(type(a1), a1.id).confirmed_count == CLIENTS
    requested = db.session.query(Booking).filter(Booking.workshop_id == b1.id,
                                                 Booking.status == BookingStatus.REQUESTED).count()
    assert requested == CLIENTS - SEATS
    check = subprocess.run([str(BIN / "cii-events"), "check"], env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.server
def test_registrations_racing_cancellations_for_day_places(server, cli):
    """Day places: 30 newcomers post for both days while the 10 people holding the second day's 10
    places cancel; every freed day place passes on once, the day's waiting list keeps one order,
    and the counters equal the rows."""
    from cii_events.models import Attendance, EventDay
    from cii_events.services import programme, tokens as secrets

    from .days_event import sign_up_for_days, two_day_event

    base, env = server
    places, holders, newcomers = 10, 10, 30
    event = two_day_event("race-day-cancel", series_a=(100, 100), series_b=(100, 100))
    day1, day2 = event.days
    programme.set_day_places(event, {day2: places}, actor=None)
    db.session.commit()
    tokens = []
    for n in range(holders):
        holder = sign_up_for_days(event, 100 + n, [day1, day2], "A1", "B1")
        tokens.append(secrets.manage_token(env["SECRET_KEY"], holder.manage_token_salt))
        holder.manage_token_hash = secrets.hash_token(tokens[-1])
    db.session.commit()
    a2, b2 = workshop(event, "A2"), workshop(event, "B2")
    forms = [_load_form(base, event.slug) for _ in range(newcomers)]
    cancels = []
    for token in tokens:
        session = requests.Session()
        session.headers["Connection"] = "close"
        page = session.get(f"{base}/fr/registration/{token}/cancel", timeout=30).text
        cancels.append((session, token, re.search(r"csrf_token[^>]*value=\"([^\"]*)\"", page).group(1)))
    choice = {f"slot_{a2.slot_id}": str(a2.id), f"slot_{b2.slot_id}": str(b2.id),
              "days": [day1.isoformat(), day2.isoformat()]}
    barrier = threading.Barrier(newcomers + holders, timeout=60)

    def act(n: int):
        if n < newcomers:
            session, hidden = forms[n]
            data = {**hidden, "first_name": f"Personne{n}", "last_name": "Test", "email": f"c{n}@example.ch",
                    "organisation": "ORP", "institution_type": "unemployment", "canton": "GE",
                    "language": "fr", "privacy_consent": "y", **choice}
            barrier.wait()
            return session.post(f"{base}/fr/events/{event.slug}/register", data=data, timeout=60).status_code
        session, token, csrf = cancels[n - newcomers]
        barrier.wait()
        return session.post(f"{base}/fr/registration/{token}/cancel",
                            data={"csrf_token": csrf, "confirm": "y"}, timeout=60).status_code

    with ThreadPoolExecutor(newcomers + holders) as pool:
        assert list(pool.map(act, range(newcomers + holders))) == [200] * (newcomers + holders)

    db.session.rollback()
    day_two = [a for a in db.session.query(Attendance).filter(Attendance.day == day2)
               if a.registration.status.value != "cancelled"]
    assert len(day_two) == newcomers
    assert sum(a.waitlist_ticket is None for a in day_two) == places
    tickets = [a.waitlist_ticket for a in day_two if a.waitlist_ticket is not None]
    assert len(tickets) == len(set(tickets)) == newcomers - places
    row = db.session.query(EventDay).filter(EventDay.event_id == event.id, EventDay.day == day2).one()
    assert row.confirmed_count == places
    assert db.session.get(type(b2), b2.id).confirmed_count == places
    assert db.session.get(type(a2), a2.id).confirmed_count == newcomers
    check = subprocess.run([str(BIN / "cii-events"), "check"], env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def _session_with_csrf(url: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    session.headers["Connection"] = "close"
    page = session.get(url, timeout=30).text
    found = re.search(r"csrf_token[^>]*value=\"([^\"]*)\"", page)
    assert found, page[:3000]
    return session, found.group(1)


@pytest.mark.server
def test_transfers_racing_changes_of_workshops_keep_every_seat(server, make_event, cli):
    """Each holder passes their place to a colleague while, through the same (old) link, a change
    of workshops is sent at the same moment: either the change comes first and the colleague gets
    the new workshop, or the transfer does and the change is refused; seats and counters exact."""
    from cii_events.services import tokens as secrets

    from .conftest import sign_up

    base, env = server
    holders = 10
    event = make_event(capacities=(holders, 4), dinner=None)
    a1, a2 = workshop(event, "A1"), workshop(event, "A2")
    tokens = []
    for n in range(holders):
        holder = sign_up(event, 200 + n, "A1")
        tokens.append(secrets.manage_token(env["SECRET_KEY"], holder.manage_token_salt))
        holder.manage_token_hash = secrets.hash_token(tokens[-1])
    waiting = [sign_up(event, 300 + n, "A1") for n in range(3)]  # they move up when A1 seats free up
    db.session.commit()
    waiting_ids = [registration.id for registration in waiting]
    changes = [_session_with_csrf(f"{base}/fr/registration/{token}/") for token in tokens]
    transfers = [_session_with_csrf(f"{base}/fr/registration/{token}/transfer") for token in tokens]
    barrier = threading.Barrier(2 * holders, timeout=60)
    a1_id, a2_id, slot_id = a1.id, a2.id, a1.slot_id

    def act(n: int):
        index, transferring = divmod(n, 2)
        token = tokens[index]
        if transferring:
            session, csrf = transfers[index]
            data = {"csrf_token": csrf, "first_name": f"Collègue{index}", "last_name": "Test",
                    "email": f"colleague{index}@example.ch", "organisation": "ORP", "function": "",
                    "institution_type": "unemployment", "canton": "GE", "language": "it",
                    "privacy_consent": "y"}
            barrier.wait()
            return "transfer", session.post(f"{base}/fr/registration/{token}/transfer", data=data,
                                            timeout=60).status_code
        session, csrf = changes[index]
        barrier.wait()
        return "change", session.post(f"{base}/fr/registration/{token}/",
                                      data={"csrf_token": csrf, f"slot_{slot_id}": str(a2_id)},
                                      timeout=60).status_code

    with ThreadPoolExecutor(2 * holders) as pool:
        results = list(pool.map(act, range(2 * holders)))
    assert [status for kind, status in results if kind == "transfer"] == [200] * holders
    # A change that came first succeeded (or was refused for a full workshop); one that came after
    # found the old link dead: refused (422) or unknown (404), also on the redirect after success.
    assert {status for kind, status in results if kind == "change"} <= {200, 404, 422}

    db.session.rollback()
    colleagues = (db.session.query(Registration)
                  .filter(Registration.email_normalized.like("colleague%")).all())
    assert len(colleagues) == holders
    moved = sum(r.active_bookings[0].workshop_id == a2_id for r in colleagues)
    assert moved <= 4
    for item_id in (a1_id, a2_id):
        bookings = [b for b in db.session.query(Booking).filter(Booking.workshop_id == item_id)
                    if b.status.value != "cancelled"]
        confirmed = sum(b.status is BookingStatus.CONFIRMED for b in bookings)
        assert db.session.get(type(a1), item_id).confirmed_count == confirmed
    promoted = sum(db.session.get(Registration, rid).active_bookings[0].status is BookingStatus.CONFIRMED
                   for rid in waiting_ids)
    assert promoted == min(moved, len(waiting_ids))  # every seat freed in A1 went to someone waiting
    assert db.session.get(type(a1), a1_id).confirmed_count == holders - moved + promoted
    assert db.session.get(type(a2), a2_id).confirmed_count == moved
    check = subprocess.run([str(BIN / "cii-events"), "check"], env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


@pytest.mark.server
def test_waiting_list_swaps_racing_cancellations_keep_every_seat(server, make_event, cli):
    """People holding A1 choose the full A2 (a waiting place beside their seat) while the holders of
    A2 cancel: whichever comes first, each ends with one seat in A2, the seats left in A1 go to the
    people waiting for A1, and the counters equal the rows."""
    from cii_events.services import tokens as secrets

    from .conftest import sign_up

    base, env = server
    seats = 8
    event = make_event(capacities=(seats, seats), dinner=None)
    a1, a2 = workshop(event, "A1"), workshop(event, "A2")

    def link(registration):
        token = secrets.manage_token(env["SECRET_KEY"], registration.manage_token_salt)
        registration.manage_token_hash = secrets.hash_token(token)
        return token

    swappers = [sign_up(event, 400 + n, "A1") for n in range(seats)]
    holders = [sign_up(event, 500 + n, "A2") for n in range(seats)]
    waiting = [sign_up(event, 600 + n, "A1") for n in range(3)]
    swap_tokens, cancel_tokens = [link(r) for r in swappers], [link(r) for r in holders]
    db.session.commit()
    swapper_ids, waiting_ids = [r.id for r in swappers], [r.id for r in waiting]
    a1_id, a2_id, slot_id = a1.id, a2.id, a1.slot_id
    swaps = [(_session_with_csrf(f"{base}/fr/registration/{token}/"), token) for token in swap_tokens]
    cancels = [(_session_with_csrf(f"{base}/fr/registration/{token}/cancel"), token)
               for token in cancel_tokens]
    barrier = threading.Barrier(2 * seats, timeout=60)

    def act(n: int):
        index, cancelling = divmod(n, 2)
        if cancelling:
            (session, csrf), token = cancels[index]
            barrier.wait()
            return session.post(f"{base}/fr/registration/{token}/cancel",
                                data={"csrf_token": csrf, "confirm": "y"}, timeout=60).status_code
        (session, csrf), token = swaps[index]
        barrier.wait()
        return session.post(f"{base}/fr/registration/{token}/",
                            data={"csrf_token": csrf, f"slot_{slot_id}": str(a2_id)}, timeout=60).status_code

    with ThreadPoolExecutor(2 * seats) as pool:
        assert list(pool.map(act, range(2 * seats))) == [200] * (2 * seats)

    db.session.rollback()
    for registration_id in swapper_ids:
        bookings = db.session.get(Registration, registration_id).active_bookings
        assert [(b.workshop_id, b.status) for b in bookings] == [(a2_id, BookingStatus.CONFIRMED)]
    for registration_id in waiting_ids:
        (booking,) = db.session.get(Registration, registration_id).active_bookings
        assert booking.status is BookingStatus.CONFIRMED
    assert db.session.get(type(a1), a2_id).confirmed_count == seats
    assert db.session.get(type(a1), a1_id).confirmed_count == len(waiting_ids)
    check = subprocess.run([str(BIN / "cii-events"), "check"], env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
