"""Query counts that must not grow with the programme or the registrations; the page cache."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event as sa_event

from cii_events import page_cache
from cii_events.extensions import db
from cii_events.models import Slot, SlotKind, Workshop

from cii_events.services.registration import register

from .conftest import at, person, sign_up, text, workshop


@contextmanager
def counted():
    statements = []

    def count(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE",
                                                      "PRAGMA")):
            statements.append(statement)
    sa_event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", count)


def grow(event, slots: int, workshops: int) -> None:
    """Add `slots` choice slots of `workshops` workshops each to the event."""
    for number in range(slots):
        slot = Slot(kind=SlotKind.CHOICE, starts_at=at(30, 12), ends_at=at(30, 13),
                    title=text(f"Extra {number}"))
        for index in range(workshops):
            slot.workshops.append(Workshop(code=f"X{number}{index}", title=text("Extra"), capacity=5,
                                           languages=["de"]))
        event.slots.append(slot)
    db.session.commit()


def register_everywhere(event, n):
    """Register person n in the first workshop of every slot that needs a choice."""
    choices = {slot.id: slot.workshops[0].id for slot in event.choice_slots}
    register(event, person(n), choices)
    db.session.commit()


def form(event, n):
    data = {"first_name": "Lia", "last_name": "Meier", "email": f"lia{n}@example.ch", "organisation": "IV",
            "institution_type": "disability", "canton": "LU", "language": "de", "privacy_consent": "y"}
    for slot in event.choice_slots:
        if slot.requires_choice:
            data[f"slot_{slot.id}"] = str(slot.workshops[0].id)
    return data


def test_event_page_queries_do_not_grow_with_workshops_or_registrations(client, make_event):
    event = make_event()
    path = f"/de/events/{event.slug}/"
    with counted() as small:
        assert client.get(path).status_code == 200
    grow(event, 3, 8)
    for n in range(6):
        register_everywhere(event, n)
    db.session.expire_all()
    with counted() as large:
        assert client.get(path).status_code == 200
    assert len(large) == len(small), (len(small), len(large))


def test_registration_post_queries_do_not_grow(client, make_event):
    """The same statements for a full workshop with a long waiting list as for an empty one.

    (Each chosen slot books a seat, so statements follow the number of slots a person books,
    a handful at most; never the number of workshops or of registrations.) The form is loaded
    first, as a browser does: the page load caches the programme the post uses."""
    event = make_event(capacities=(2, 10))
    first, second = form(event, 1), form(event, 2)
    assert client.get(f"/de/events/{event.slug}/register").status_code == 200
    with counted() as small:
        assert client.post(f"/de/events/{event.slug}/register", data=first).status_code == 303
    slot = workshop(event, "A1").slot
    for index in range(12):
        slot.workshops.append(Workshop(code=f"W{index}", title=text("More"), capacity=5, languages=["fr"]))
    db.session.commit()
    for n in range(10, 20):
        sign_up(event, n, "A1", "D")
    second = form(event, 2)
    db.session.expire_all()
    assert client.get(f"/de/events/{event.slug}/register").status_code == 200  # the new programme
    with counted() as large:
        assert client.post(f"/de/events/{event.slug}/register", data=second).status_code == 303
    # One statement more at most: the waiting position of a person who now waits.
    assert len(large) <= len(small) + 1, "\n".join(statement[:150] for statement in large)


def test_public_pages_are_cached_briefly_but_never_with_a_message(app, client, make_event):
    app.config["PAGE_CACHE_SECONDS"] = 60
    page_cache.clear()
    event = make_event(capacities=(3, 10))
    path = f"/en/events/{event.slug}/"
    assert "3 seats left" in client.get(path).get_data(as_text=True)
    sign_up(event, 1, "A1")
    assert "3 seats left" in client.get(path).get_data(as_text=True)  # up to a minute old
    page_cache.clear()
    assert "2 seats left" in client.get(path).get_data(as_text=True)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Only for you")]
    assert "Only for you" in client.get(path).get_data(as_text=True)
    with client.session_transaction() as session:
        session.pop("_flashes", None)
    assert "Only for you" not in client.get(path).get_data(as_text=True)
    assert workshop(event, "A1").confirmed_count == 1
    page_cache.clear()


def test_attendee_list_queries_do_not_grow_with_registrations(client, make_event):
    from cii_events.models import Role

    from .admin.conftest import login, make_user

    event = make_event(capacities=(50, 50))
    login(client, make_user("organizer@example.ch", Role.ADMIN))
    for n in range(3):
        sign_up(event, n, "A1", "D", canton="VD")
    path = f"/admin/events/{event.id}/registrations/"
    with counted() as small:
        assert client.get(path).status_code == 200
    for n in range(3, 30):
        sign_up(event, n, "A2" if n % 2 else "A1", canton="ZH" if n % 3 else "TI")
    db.session.expire_all()
    with counted() as large:
        assert client.get(path).status_code == 200
    # One more at most: the total count, asked only once the list needs more than one page.
    assert len(large) <= len(small) + 1, "\n".join(statement[:150] for statement in large)
