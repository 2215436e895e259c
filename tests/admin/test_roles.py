"""Roles of registrations: given one by one and for a selection, filtered, exported; a role
whose seats do not count against the participants'."""
from __future__ import annotations

from cii_events.extensions import db
from cii_events.models import BookingStatus, Registration
from cii_events.services import roles
from cii_events.services.integrity import find_problems

from ..conftest import sign_up, workshop
from .conftest import audit_entry
from .test_exports import export, read_csv


def test_a_role_is_given_on_the_registrations_page(world, as_user):
    client = as_user(world.organizer)
    person = world.be[0]
    url = f"/admin/events/{world.event.id}/registrations/{person.id}/role"
    assert "Referierende" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"role": "speaker"})
    assert response.status_code == 303
    db.session.expire_all()
    assert person.role == "speaker" and not person.seats_outside_capacity
    page = client.get(f"/admin/events/{world.event.id}/registrations/{person.id}/?lang=fr")
    page = page.get_data(as_text=True)
    assert "Intervenant·e" in page
    entry = audit_entry("registration.role_changed")
    assert entry.details["role"] == {"from": "participant", "to": "speaker"}
    assert client.post(url, data={"role": "king"}).status_code == 422


def test_a_role_for_a_selection_and_the_list_filtered_by_role(world, as_user):
    client = as_user(world.organizer)
    ids = [str(world.zh[0].id), str(world.zh[1].id), str(world.other_event.id + 1000)]
    response = client.post(f"/admin/events/{world.event.id}/registrations/roles?canton=ZH",
                           data={"selection-selected": ids, "selection-role": "staff"})
    assert response.status_code == 303 and "canton=ZH" in response.headers["Location"]
    db.session.expire_all()
    assert [r.role for r in world.zh] == ["staff", "staff"] and world.be[0].role == "participant"
    page = client.get(f"/admin/events/{world.event.id}/registrations/", query_string={"role": "staff"})
    text = page.get_data(as_text=True)
    assert "Zürcher" in text and "Zollinger" in text and "Aebi" not in text
    assert 'name="selection-selected"' in text and "Personal" in text
    assert text.count('id="role"') == 1 and 'id="selection-role"' in text
    rows = read_csv(export(client, world.event, format="csv").data)
    header = rows[0]
    by_name = {row[header.index("Vorname")]: row for row in rows[1:]}
    assert by_name["Zoë"][header.index("Rolle")] == "Personal"
    assert by_name["Béatrice"][header.index("Rolle")] == "Teilnehmende"
    # a registration of another event is never touched
    other = db.session.query(Registration).filter_by(event_id=world.other_event.id).one()
    assert other.role == "participant"


def test_a_coordinator_cannot_give_roles(world, as_user):
    client = as_user(world.coordinator_be)
    response = client.post(f"/admin/events/{world.event.id}/registrations/roles",
                           data={"selection-selected": [str(world.be[0].id)], "selection-role": "press"})
    assert response.status_code in (403, 404)
    db.session.expire_all()
    assert world.be[0].role == "participant"


def test_a_speakers_seats_do_not_count_against_the_participants(world, as_user):
    event = world.event
    a1 = workshop(event, "A1")  # 2 seats: Béatrice and Zoë hold them, Zeno waits
    zeno = world.zh[1]
    assert zeno.bookings[0].status is BookingStatus.WAITLISTED
    beatrice = world.be[0]
    client = as_user(world.organizer)
    response = client.post(f"/admin/events/{event.id}/registrations/{beatrice.id}/role",
                           data={"role": "speaker", "extra_seats": "y"})
    assert response.status_code == 303
    db.session.expire_all()
    # the speaker keeps her seat, the workshop grew by one, and the first person waiting got it
    assert a1.capacity == 3 and a1.confirmed_count == 3
    assert zeno.bookings[0].status is BookingStatus.CONFIRMED
    assert beatrice.seats_outside_capacity
    # granted once: giving the role again grows nothing
    client.post(f"/admin/events/{event.id}/registrations/{beatrice.id}/role",
                data={"role": "moderator", "extra_seats": "y"})
    db.session.expire_all()
    assert a1.capacity == 3 and beatrice.role == "moderator"
    # someone waiting who becomes staff is seated on top of the participants
    newcomer = sign_up(event, 30, "A1")
    assert newcomer.bookings[0].status is BookingStatus.WAITLISTED
    roles.set_role(event, [newcomer], "staff", extra_seats=True, actor=world.organizer)
    db.session.commit()
    db.session.expire_all()
    assert newcomer.bookings[0].status is BookingStatus.CONFIRMED
    assert a1.capacity == 4 and a1.confirmed_count == 4
    assert find_problems() == []


def test_the_roster_names_the_role(world):
    from cii_events.services import attendees, rosters
    from cii_events.services.access import Scope

    world.be[0].role = "speaker"
    db.session.commit()
    a1 = workshop(world.event, "A1")
    people = attendees.roster(world.event, Scope.of(world.admin), a1)
    sheet = rosters.sheet(world.event, a1, people, "fr")
    assert ("Aebi, Béatrice (Intervenant·e)", "IV-Stelle Bern", "Berne") in sheet.rows
    assert any(row[0] == "Zürcher, Zoë" for row in sheet.rows)


def test_a_speaker_who_cancels_takes_the_extra_seat_along(world, told):
    from cii_events.services.registration import cancel

    event = world.event
    a1 = workshop(event, "A1")  # 2 seats: Béatrice and Zoë; Zeno waits
    beatrice, zeno = world.be[0], world.zh[1]
    roles.set_role(event, [beatrice], "speaker", extra_seats=True, actor=world.organizer)
    db.session.commit()
    waiting = sign_up(event, 31, "A1")
    assert (a1.capacity, a1.confirmed_count) == (3, 3) and zeno.bookings[0].status is BookingStatus.CONFIRMED
    told.clear()
    cancel(beatrice)
    db.session.commit()
    db.session.expire_all()
    # the workshop is back to its participants' seats, all taken; nobody moved up into the speaker's
    assert (a1.capacity, a1.confirmed_count) == (2, 2)
    assert waiting.bookings[0].status is BookingStatus.WAITLISTED and told == [
        ("registration_cancelled", beatrice.reference)]
    assert find_problems() == []


def test_a_speaker_who_moves_takes_the_extra_seat_along(world, as_user):
    from cii_events.services.registration import change_workshops

    event = world.event
    a1, a2 = workshop(event, "A1"), workshop(event, "A2")  # A1: 2 seats, Zeno waits; A2: 10 seats
    beatrice, zeno = world.be[0], world.zh[1]
    roles.set_role(event, [beatrice], "speaker", extra_seats=True, actor=world.organizer)
    db.session.commit()
    assert (a1.capacity, a1.confirmed_count, a2.capacity, a2.confirmed_count) == (3, 3, 10, 2)
    # moved by the organizers to A2: A1 shrinks back, A2 grows by her seat
    client = as_user(world.organizer)
    response = client.post(f"/admin/events/{event.id}/registrations/{beatrice.id}/move",
                           data={"workshop": str(a2.id)})
    assert response.status_code == 303, response.get_data(as_text=True)
    db.session.expire_all()
    assert (a1.capacity, a1.confirmed_count, a2.capacity, a2.confirmed_count) == (2, 2, 11, 3)
    assert zeno.bookings[0].status is BookingStatus.CONFIRMED
    # and back on her personal page
    change_workshops(beatrice, {a1.slot_id: a1.id, workshop(event, "D").slot_id: None})
    db.session.commit()
    db.session.expire_all()
    assert (a1.capacity, a1.confirmed_count, a2.capacity, a2.confirmed_count) == (3, 3, 10, 2)
    assert find_problems() == []


def test_the_desk_sees_the_role_at_check_in(world, as_user):
    person = world.be[0]
    roles.set_role(world.event, [person], "press", actor=world.organizer)
    db.session.commit()
    client = as_user(world.organizer)
    client.get("/admin/events/?lang=it")
    page = client.post(f"/admin/events/{world.event.id}/checkin/", data={"code": person.checkin_code})
    assert "<dt>Ruolo</dt><dd>Stampa</dd>" in page.get_data(as_text=True)
