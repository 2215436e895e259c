"""The seat kernel (services.capacity): the only writer of seats, and the registration's short road."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event

from cii_events.extensions import db
from cii_events.models import Booking, BookingStatus, OutgoingMail, RegistrationStatus, Workshop
from cii_events.services import capacity, mail, programme_cache, registration as registrations
from cii_events.services.errors import AlreadyRegistered, InvalidChoice, WorkshopFull
from cii_events.services.integrity import find_problems

from .conftest import person, sign_up, text, workshop

PACKAGE = Path(__file__).resolve().parent.parent / "cii_events"
KERNEL = PACKAGE / "services" / "capacity.py"
COUNTERS = {"confirmed_count", "waitlist_counter", "waitlist_ticket"}
SEAT_STATUSES = {"BookingStatus", "RegistrationStatus"}


def _names(node) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _is_zero(node) -> bool:
    return isinstance(node, ast.Constant) and node.value == 0


def seat_writes(source: str) -> list[str]:
    """Every place in `source` that assigns a counter, a waiting ticket or a booking or
    registration status (assignments, augmented assignments, keyword arguments, setattr)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        targets, value = [], None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets, value = [node.target], node.value
        for target in targets:
            elements = target.elts if isinstance(target, ast.Tuple) else [target]
            values = value.elts if isinstance(value, ast.Tuple) and len(value.elts) == len(elements) \
                else [value] * len(elements)
            for element, assigned in zip(elements, values):
                if not isinstance(element, ast.Attribute):
                    continue
                if element.attr in COUNTERS:
                    found.append(f"line {node.lineno}: .{element.attr} =")
                elif element.attr == "status" and assigned is not None and _names(assigned) & SEAT_STATUSES:
                    found.append(f"line {node.lineno}: .status = {ast.unparse(assigned)}")
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in COUNTERS and not _is_zero(keyword.value):
                    found.append(f"line {node.lineno}: {keyword.arg}=")
                elif keyword.arg == "status" and _names(keyword.value) & SEAT_STATUSES:
                    found.append(f"line {node.lineno}: status={ast.unparse(keyword.value)}")
            if isinstance(node.func, ast.Name) and node.func.id == "setattr" and len(node.args) > 1:
                name = node.args[1]
                if isinstance(name, ast.Constant) and name.value in COUNTERS | {"status"}:
                    found.append(f"line {node.lineno}: setattr(..., {name.value!r})")
    return found


def test_only_the_kernel_changes_seats_counters_and_statuses():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == KERNEL:
            continue
        writes = seat_writes(path.read_text())
        if writes:
            offenders[str(path.relative_to(PACKAGE.parent))] = writes
    assert offenders == {}, f"seat changes outside services/capacity.py: {offenders}"


def test_the_scan_finds_what_it_looks_for():
    source = """
workshop.confirmed_count += 1
event.waitlist_counter = event.waitlist_counter + 1
booking.status, booking.waitlist_ticket = BookingStatus.WAITLISTED, 3
registration.status = RegistrationStatus.CANCELLED
Booking(workshop=w, status=BookingStatus.CONFIRMED)
update(Workshop).values(confirmed_count=Workshop.confirmed_count - 1)
setattr(workshop, "confirmed_count", 2)
mail.status = MailStatus.SENT
Workshop(confirmed_count=0, waitlist_counter=0)
"""
    assert len(seat_writes(source)) == 8
    assert seat_writes(KERNEL.read_text())  # the kernel does all of it


@pytest.fixture
def counted_statements(app):
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    def commit(conn):
        statements.append("COMMIT")

    sa_event.listen(db.engine, "before_cursor_execute", count)
    sa_event.listen(db.engine, "commit", commit)
    yield statements
    sa_event.remove(db.engine, "before_cursor_execute", count)
    sa_event.remove(db.engine, "commit", commit)


def form(event, n, *codes):
    data = {"first_name": "Lia", "last_name": "Meier", "email": f"lia{n}@example.ch", "organisation": "IV",
            "institution_type": "disability", "canton": "LU", "language": "de", "privacy_consent": "y",
            "nonce": f"nonce-{n}"}
    for code in codes:
        data[f"slot_{workshop(event, code).slot_id}"] = str(workshop(event, code).id)
    return data


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # the short road is PostgreSQL's
def test_a_registration_post_costs_four_round_trips_on_postgresql(app, client, make_event,
                                                                  counted_statements):
    """Statements and the commit, counted on the engine; psycopg's BEGIN is sent with the first one.

    A warm process: the programme is cached (the first post of a process loads it once)."""
    assert db.engine.dialect.name == "postgresql"
    app.config["MAIL_SEND_AFTER_COMMIT"] = False
    programme_cache.clear()
    event = make_event(capacities=(1, 10))
    path = f"/de/events/{event.slug}/register"
    assert client.get(path).status_code == 200  # loads the programme into the cache
    for n, codes in enumerate((("A1", "D"), ("A1", "D"), ("A2",)), start=1):  # a seat, a waiting place
        data = form(event, n, *codes)
        counted_statements.clear()
        response = client.post(path, data=data)
        assert response.status_code == 303, response.get_data(as_text=True)[:300]
        assert len(counted_statements) <= 4, "\n".join(s[:120] for s in counted_statements)
    db.session.expire_all()
    assert workshop(event, "A1").confirmed_count == 1
    waiting = db.session.query(Booking).filter_by(workshop_id=workshop(event, "A1").id,
                                                  status=BookingStatus.WAITLISTED).one()
    assert waiting.waitlist_ticket == 1
    assert find_problems() == []


def test_the_short_road_takes_seats_then_waiting_places_in_order(app, make_event):
    event = make_event(capacities=(2, 10), dinner=1)
    people = [sign_up(event, n, "A1", "D") for n in range(1, 6)]
    db.session.expire_all()
    a1 = [next(b for b in p.bookings if b.workshop.code == "A1") for p in people]
    assert [b.status for b in a1] == [BookingStatus.CONFIRMED] * 2 + [BookingStatus.WAITLISTED] * 3
    assert [b.waitlist_ticket for b in a1[2:]] == [1, 2, 3]
    assert [capacity.waiting_position(b) for b in a1[2:]] == [1, 2, 3]
    dinner = [next(b for b in p.bookings if b.workshop.code == "D") for p in people]
    assert [b.waitlist_ticket for b in dinner] == [None, 1, 2, 3, 4]
    assert (workshop(event, "A1").confirmed_count, workshop(event, "A1").waitlist_counter) == (2, 3)
    assert all(p.status is RegistrationStatus.CONFIRMED for p in people)
    assert find_problems() == []


def test_a_full_workshop_without_waiting_list_leaves_nothing(app, make_event):
    event = make_event(capacities=(1, 10), waitlist=False)
    sign_up(event, 1, "A1")
    with pytest.raises(WorkshopFull) as raised:
        sign_up(event, 2, "D", "A1")
    db.session.rollback()
    assert raised.value.field == f"slot_{workshop(event, 'A1').slot_id}"
    assert registrations.active_registration(event.id, "person2@example.ch") is None
    assert workshop(event, "D").confirmed_count == 0
    assert db.session.query(OutgoingMail).count() == 1
    assert find_problems() == []


def test_a_stale_cached_programme_takes_the_long_road(app, make_event):
    """The cached copy is older than the programme: nothing is written on the short road, the
    registration is checked against the programme as it is."""
    event = make_event(capacities=(3, 10))
    programme_cache.clear()
    cached = programme_cache.public_event(event.slug)
    a2 = workshop(event, "A2")
    a2.title = text("Renamed")
    db.session.commit()
    assert cached.programme_version < event.programme_version
    choices = {a2.slot_id: a2.id}
    registration = registrations.register(cached, person(1), choices)
    db.session.commit()
    assert registration.status is RegistrationStatus.CONFIRMED
    assert [b.status for b in registration.bookings] == [BookingStatus.CONFIRMED]
    # A workshop removed meanwhile is refused, not booked.
    cached = programme_cache.public_event(event.slug)
    extra = Workshop(code="A9", title=text("Gone soon"), capacity=5, languages=["de"])
    a2.slot.workshops.append(extra)
    db.session.commit()
    stale = programme_cache.public_event(event.slug)
    assert stale is not cached and any(w.code == "A9" for s in stale.slots for w in s.workshops)
    a2.slot.workshops.remove(extra)
    db.session.commit()
    with pytest.raises(InvalidChoice):
        registrations.register(stale, person(2), {a2.slot_id: extra.id})
    db.session.rollback()
    assert find_problems() == []


def test_counters_do_not_change_the_programme_version(app, make_event):
    event = make_event(capacities=(3, 10))
    before = event.programme_version
    sign_up(event, 1, "A1", "D")
    registrations.cancel(registrations.active_registration(event.id, "person1@example.ch"))
    db.session.commit()
    db.session.expire_all()
    assert event.programme_version == before
    workshop(event, "A1").capacity = 4  # read from the database, never from the cache
    db.session.commit()
    assert event.programme_version == before
    workshop(event, "A1").room = "B 12"
    db.session.commit()
    assert event.programme_version == before + 1
    event.capacity = 50  # decides the registration's road
    db.session.commit()
    assert event.programme_version == before + 2


def test_the_same_address_twice_is_already_registered(app, make_event):
    event = make_event()
    sign_up(event, 1, "A1")
    with pytest.raises(AlreadyRegistered) as raised:
        registrations.register(event, person(1), {workshop(event, "A1").slot_id: workshop(event, "A1").id})
    db.session.rollback()
    assert raised.value.field == "email" and not raised.value.double_submit


def test_a_double_submit_is_recognised_by_the_service(app, make_event):
    event = make_event()
    a1 = workshop(event, "A1")
    first = registrations.register(event, person(1), {a1.slot_id: a1.id}, nonce="same-form")
    db.session.commit()
    with pytest.raises(AlreadyRegistered) as raised:
        registrations.register(event, person(1), {a1.slot_id: a1.id}, nonce="same-form")
    db.session.rollback()
    assert raised.value.double_submit or registrations.find_by_submission(
        event, "same-form", "person1@example.ch").id == first.id


def test_the_confirmation_gives_waiting_positions_as_committed(app, make_event):
    event = make_event(capacities=(1, 10))
    sign_up(event, 1, "A1")
    waiting = sign_up(event, 2, "A1")
    queued = db.session.query(OutgoingMail).filter_by(registration_id=waiting.id).one()
    content = mail.render(queued)
    assert "1" in content.text
    facts = mail.committed_facts(waiting)
    assert facts["bookings"][0]["status"] == "waitlisted" and facts["bookings"][0]["position"] == 1
