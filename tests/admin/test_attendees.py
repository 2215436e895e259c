"""Attendee lists and what organizers do with one registration."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import event as sa_event

from cii_events.extensions import db
from cii_events.models import BookingStatus, Registration, RegistrationStatus
from cii_events.services.integrity import find_problems

from ..conftest import sign_up, workshop
from .conftest import audit_entry


def names(page: str) -> list[str]:
    return re.findall(r'/registrations/\d+/">([^<]+)</a>', page)


def listing(client, event, **query):
    response = client.get(f"/admin/events/{event.id}/registrations/", query_string={"lang": "en", **query})
    assert response.status_code == 200
    return response.get_data(as_text=True)


class TestList:
    def test_filters(self, world, as_user):
        client = as_user(world.organizer)
        event = world.event
        assert names(listing(client, event)) == ["Aebi, Béatrice", "Bärtschi, Bruno", "Ticinese, Tiziana",
                                                 "Zollinger, Zeno", "Zürcher, Zoë"]
        assert names(listing(client, event, canton="ZH")) == ["Zollinger, Zeno", "Zürcher, Zoë"]
        assert names(listing(client, event, language="it")) == ["Ticinese, Tiziana"]
        a1 = workshop(event, "A1").id
        assert names(listing(client, event, workshop=a1)) == ["Aebi, Béatrice", "Zollinger, Zeno",
                                                              "Zürcher, Zoë"]
        seated = names(listing(client, event, workshop=a1, seat="confirmed"))
        assert seated == ["Aebi, Béatrice", "Zürcher, Zoë"]
        assert names(listing(client, event, workshop=a1, seat="waiting")) == ["Zollinger, Zeno"]
        assert names(listing(client, event, institution_type="migration")) == []
        assert names(listing(client, event, q="zürcher")) == ["Zürcher, Zoë"]
        assert names(listing(client, event, q="person5@example")) == ["Ticinese, Tiziana"]
        reference = world.be[0].reference
        assert names(listing(client, event, q=f"{reference[:4]}-{reference[4:]}")) == ["Aebi, Béatrice"]
        assert names(listing(client, event, q="100%_")) == []  # wildcards are taken literally
        assert names(listing(client, event, canton="nonsense", workshop="x", status="??")) == names(
            listing(client, event))

    def test_status_filter_and_sorting(self, world, as_user):
        from cii_events.services import registration as registrations

        registrations.cancel(world.ti[0])
        db.session.commit()
        client = as_user(world.organizer)
        assert "Ticinese, Tiziana" not in names(listing(client, world.event))
        assert names(listing(client, world.event, status="cancelled")) == ["Ticinese, Tiziana"]
        assert "Ticinese, Tiziana" in names(listing(client, world.event, status="all"))
        newest = names(listing(client, world.event, sort="-created"))
        assert newest[0] == "Zollinger, Zeno" and newest[-1] == "Aebi, Béatrice"
        assert names(listing(client, world.event, sort="canton")) == ["Aebi, Béatrice", "Bärtschi, Bruno",
                                                                      "Zollinger, Zeno", "Zürcher, Zoë"]

    def test_pages_of_fifty_keep_the_filter(self, app, make_event, as_user):
        from .conftest import make_user
        from cii_events.models import Role

        event = make_event(capacities=(200, 200))
        for n in range(1, 56):
            sign_up(event, n, "A1", last_name=f"Person{n:03d}", canton="VS")
        sign_up(event, 99, "A2", last_name="Other", canton="GE")
        client = as_user(make_user("admin@iiz.example.ch", Role.ADMIN))
        first = listing(client, event, canton="VS")
        assert len(names(first)) == 50 and ">55 people<" in first
        assert f'href="/admin/events/{event.id}/registrations/?page=2&amp;canton=VS"' in first \
            or f'href="/admin/events/{event.id}/registrations/?canton=VS&amp;page=2"' in first
        second = listing(client, event, canton="VS", page=2)
        assert names(second) == [f"Person{n:03d}, Anna{n}" for n in range(51, 56)]
        assert names(listing(client, event, canton="VS", page=99)) == []

    def test_the_list_needs_the_same_number_of_queries_for_5_or_55_people(self, app, make_event, as_user):
        from .conftest import make_user
        from cii_events.models import Role

        event = make_event(capacities=(200, 200))
        client = as_user(make_user("admin@iiz.example.ch", Role.ADMIN))

        def count_queries():
            statements = []

            def remember(conn, cursor, statement, *args):
                statements.append(statement)
            sa_event.listen(db.engine, "before_cursor_execute", remember)
            try:
                listing(client, event)
            finally:
                sa_event.remove(db.engine, "before_cursor_execute", remember)
            return len(statements)

        for n in range(1, 6):
            sign_up(event, n, "A1", "D" if n < 4 else "A2")
        few = count_queries()
        for n in range(6, 56):
            sign_up(event, n, "A2", "D")
        assert count_queries() == few


class TestDetail:
    def test_shows_the_person_and_the_bookings(self, world, as_user):
        client = as_user(world.organizer)
        person = world.zh[1]
        page = client.get(f"/admin/events/{world.event.id}/registrations/{person.id}/?lang=en").get_data(
            as_text=True)
        assert "Zeno Zollinger" in page and "person4@example.ch" in page
        assert "place 1 on the waiting list" in page
        assert f"/registrations/{person.id}/promote/{workshop(world.event, 'A1').id}" in page

    def test_a_coordinator_sees_no_health_data_and_no_actions(self, world, as_user):
        world.be[0].dietary = "Zöliakie"
        db.session.commit()
        client = as_user(world.coordinator_be)
        page = client.get(f"/admin/events/{world.event.id}/registrations/{world.be[0].id}/").get_data(
            as_text=True)
        assert "Aebi" in page and "Zöliakie" not in page and "/cancel" not in page and "/edit" not in page


class TestChanges:
    def test_correct_details(self, world, as_user):
        client = as_user(world.organizer)
        person = world.be[0]
        data = {"first_name": "Béatrice", "last_name": "Aebi-Muster", "email": "b.aebi@example.ch",
                "organisation": "IV-Stelle Bern", "institution_type": "disability", "canton": "BE",
                "language": "fr", "phone": "031 322 21 11", "dietary": "vegetarisch"}
        response = client.post(f"/admin/events/{world.event.id}/registrations/{person.id}/edit", data=data)
        assert response.status_code == 303
        db.session.expire_all()
        assert (person.last_name, person.email, person.email_normalized, person.language, person.phone) == (
            "Aebi-Muster", "b.aebi@example.ch", "b.aebi@example.ch", "fr", "+41313222111")
        entry = audit_entry("registration.edited")
        # names, addresses and health data stay out of the log (issue 19): only that they changed
        assert entry.details["changes"]["last_name"] == {"changed": True}
        assert entry.details["changes"]["dietary"] == {"changed": True}  # health data stays out of the log
        # Another active registration's address is refused.
        response = client.post(f"/admin/events/{world.event.id}/registrations/{person.id}/edit?lang=en",
                               data={**data, "email": "person3@example.ch"})
        assert response.status_code == 422
        assert "Another active registration for this event already uses this email address." in \
            response.get_data(as_text=True)

    def test_move_to_a_free_workshop_gives_the_old_seat_to_the_next_in_line(self, world, as_user, told):
        client = as_user(world.organizer)
        person, waiting = world.be[0], world.zh[1]
        a2 = workshop(world.event, "A2")
        response = client.post(f"/admin/events/{world.event.id}/registrations/{person.id}/move",
                               data={"workshop": str(a2.id)})
        assert response.status_code == 303
        db.session.expire_all()
        bookings = [(b.workshop.code, b.status) for b in person.active_bookings]
        assert bookings == [("A2", BookingStatus.CONFIRMED)]
        assert waiting.bookings[0].status is BookingStatus.CONFIRMED
        assert told == [("booking_promoted", waiting.reference), ("registration_changed", person.reference)]
        assert find_problems() == []

    def test_a_full_workshop_refuses_unless_overridden_with_a_reason(self, world, as_user):
        client = as_user(world.organizer)
        person = world.ti[0]
        a1 = workshop(world.event, "A1")
        url = f"/admin/events/{world.event.id}/registrations/{person.id}/move?lang=de"
        response = client.post(url, data={"workshop": str(a1.id)})
        assert response.status_code == 422
        assert "ist voll" in response.get_data(as_text=True)
        response = client.post(url, data={"workshop": str(a1.id), "override": "y"})
        assert response.status_code == 422  # no reason
        response = client.post(url, data={"workshop": str(a1.id), "override": "y", "reason": "Referentin"})
        assert response.status_code == 303
        db.session.expire_all()
        a1 = workshop(world.event, "A1")
        assert (a1.capacity, a1.confirmed_count) == (3, 3)
        assert find_problems() == []
        entry = audit_entry("registration.moved")
        assert entry.details["override"] is True and entry.details["reason"] == "Referentin"
        assert entry.details["from"] == "A2" and entry.details["to"] == "A1"

    def test_remove_an_optional_item(self, world, as_user):
        client = as_user(world.organizer)
        person = world.ti[0]
        dinner_slot = workshop(world.event, "D").slot_id
        response = client.post(f"/admin/events/{world.event.id}/registrations/{person.id}/move",
                               data={"workshop": "", "slot": str(dinner_slot)})
        assert response.status_code == 303
        db.session.expire_all()
        assert [b.workshop.code for b in person.active_bookings] == ["A2"]
        assert workshop(world.event, "D").confirmed_count == 0
        assert find_problems() == []

    def test_cancel_on_behalf_gives_the_seat_away(self, world, as_user):
        client = as_user(world.organizer)
        url = f"/admin/events/{world.event.id}/registrations/{world.zh[0].id}/cancel"
        assert client.post(url, data={}).status_code == 422
        response = client.post(url, data={"confirm": "y", "reason": "Abgemeldet per Telefon"})
        assert response.status_code == 303
        db.session.expire_all()
        assert world.zh[0].status is RegistrationStatus.CANCELLED
        assert world.zh[1].bookings[0].status is BookingStatus.CONFIRMED
        entry = audit_entry("registration.cancelled")
        assert entry.details["reason"] == "Abgemeldet per Telefon"
        assert find_problems() == []
        assert client.get(url).status_code == 303  # already cancelled

    def test_promote_from_a_workshop_waiting_list_by_hand(self, world, as_user, told):
        client = as_user(world.organizer)
        person = world.zh[1]
        a1 = workshop(world.event, "A1")
        url = f"/admin/events/{world.event.id}/registrations/{person.id}/promote/{a1.id}"
        assert client.post(url, data={}).status_code == 422
        response = client.post(url, data={"reason": "Moderatorin des Workshops"})
        assert response.status_code == 303
        db.session.expire_all()
        assert person.bookings[0].status is BookingStatus.CONFIRMED
        a1 = workshop(world.event, "A1")
        assert (a1.capacity, a1.confirmed_count) == (3, 3)
        assert find_problems() == []
        assert told == [("booking_promoted", person.reference)]
        response = client.post(url, data={"reason": "again"})
        assert response.status_code == 303  # refused with a message: no longer waiting
        assert workshop(world.event, "A1").capacity == 3

    def test_admit_from_the_event_waiting_list_by_hand(self, app, make_event, as_user):
        from .conftest import make_user
        from cii_events.models import Role

        event = make_event(event_capacity=1)
        sign_up(event, 1, "A1")
        second, third = sign_up(event, 2, "A2"), sign_up(event, 3, "A1")
        client = as_user(make_user("orga@iiz.example.ch", Role.ORGANIZER, events=[event]))
        response = client.post(f"/admin/events/{event.id}/registrations/{third.id}/admit",
                               data={"reason": "Referent am Nachmittag"})
        assert response.status_code == 303
        db.session.expire_all()
        assert third.status is RegistrationStatus.CONFIRMED and second.status is RegistrationStatus.WAITLISTED
        assert third.bookings[0].status is BookingStatus.CONFIRMED
        assert (event.capacity, event.confirmed_count) == (2, 2)
        assert find_problems() == []

    def test_waiting_lists_page_shows_the_order(self, world, as_user):
        extra = sign_up(world.event, 30, "A1", last_name="Zweiter")
        client = as_user(world.organizer)
        page = client.get(f"/admin/events/{world.event.id}/waiting-lists?lang=en").get_data(as_text=True)
        assert page.index("Zollinger, Zeno") < page.index("Zweiter, Anna30")
        assert extra.id


@pytest.mark.parametrize("path", ["edit", "move", "cancel"])
def test_changes_to_a_cancelled_registration_are_refused(world, as_user, path):
    from cii_events.services import registration as registrations

    registrations.cancel(world.ti[0])
    db.session.commit()
    client = as_user(world.organizer)
    url = f"/admin/events/{world.event.id}/registrations/{world.ti[0].id}/{path}"
    before = sorted((b.workshop_id, b.status.value) for b in world.ti[0].bookings)
    if path == "edit":
        assert client.get(url).status_code == 200  # details may still be corrected ...
        person = world.ti[0]
        response = client.post(url, data={
            "first_name": "Tiziana", "last_name": "Ticinese-Rossi", "email": person.email,
            "organisation": person.organisation, "institution_type": person.institution_type,
            "canton": person.canton, "language": person.language})
        assert response.status_code == 303
        db.session.expire_all()
        assert person.last_name == "Ticinese-Rossi"  # ... and nothing else changes
    else:
        response = client.post(url, data={"workshop": str(workshop(world.event, "A1").id), "confirm": "y"})
        assert response.status_code == 303
    db.session.expire_all()
    registration = db.session.get(Registration, world.ti[0].id)
    assert registration.status is RegistrationStatus.CANCELLED
    assert sorted((b.workshop_id, b.status.value) for b in registration.bookings) == before
    assert find_problems() == []
