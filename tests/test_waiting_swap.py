"""Waiting lists chosen from the personal page: the seat held is kept until a seat is free in the
workshop waited for; then the person moves, and the seat left goes to the next person waiting for it.
Leaving a waiting list is a choice of its own, confirmed on its page (issue 16)."""
from __future__ import annotations

from datetime import timedelta

from cii_events.extensions import db
from cii_events.models import BookingStatus, OutgoingMail, utcnow
from cii_events.services import attendee_changes, programme, registration as registrations
from cii_events.services.integrity import find_problems
from cii_events.services.mail_delivery import deliver_due
from cii_events.services.registration import personal_token

from .conftest import sign_up, workshop


def choose(client, registration, event, code, lang="en"):
    item = workshop(event, code)
    data = {f"slot_{item.slot_id}": str(item.id)}
    dinner = next((w for slot in event.slots for w in slot.workshops if w.code == "D"), None)
    if dinner is not None:
        held = registration.booking_for_slot(dinner.slot_id)
        data[f"slot_{dinner.slot_id}"] = str(held.workshop_id) if held else ""
    return client.post(f"/{lang}/registration/{personal_token(registration)}/", data=data)


def state(registration):
    db.session.expire_all()
    return sorted((b.workshop.code, b.status.value) for b in registration.active_bookings)


def test_a_full_workshop_is_waited_for_beside_the_seat_held(client, make_event):
    event = make_event(capacities=(2, 1))
    person = sign_up(event, 1, "A1")
    sign_up(event, 2, "A2")  # A2 is full
    response = choose(client, person, event, "A2")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is full: you are now on its waiting list" in page
    assert state(person) == [("A1", "confirmed"), ("A2", "waitlisted")]
    assert "Waiting list, place 1" in page and "You keep your seat in Workshop A1 [en]" in page
    assert "/waiting/" in page  # the way to leave it
    assert workshop(event, "A1").confirmed_count == 1 and workshop(event, "A2").waitlist_counter == 1
    assert find_problems() == []


def test_the_person_moves_when_a_seat_is_free_and_the_seat_left_goes_on(mail_app, smtp_server, client,
                                                                        make_event):
    event = make_event(capacities=(1, 1))
    person = sign_up(event, 1, "A1")  # French
    holder = sign_up(event, 2, "A2")
    next_for_a1 = sign_up(event, 3, "A1", language="de")  # waits for A1
    choose(client, person, event, "A2")
    deliver_due(now=utcnow() + timedelta(days=1))
    before = len(smtp_server.messages)
    client.post(f"/en/registration/{personal_token(holder)}/cancel", data={"confirm": "y"})
    assert state(person) == [("A2", "confirmed")]
    assert state(next_for_a1) == [("A1", "confirmed")]
    assert workshop(event, "A1").confirmed_count == 1 and workshop(event, "A2").confirmed_count == 1
    assert find_problems() == []
    deliver_due(now=utcnow() + timedelta(days=1))
    messages = {message["To"]: message for message in smtp_server.messages[before:]}
    moved = messages["person1@example.ch"].get_body(("plain",)).get_content()
    # The move is told: the workshop left is named (a plain promotion names only the new one).
    assert "\u00ab\u00a0Workshop A1 [fr]\u00a0\u00bb" in moved
    assert "Workshop A2 [fr]" in moved
    assert messages["person3@example.ch"]["Content-Language"] == "de"


def test_choosing_the_seat_held_again_keeps_the_waiting_place(client, make_event):
    event = make_event(capacities=(2, 1))
    person = sign_up(event, 1, "A1")
    sign_up(event, 2, "A2")
    choose(client, person, event, "A2")
    response = choose(client, person, event, "A1")
    assert response.status_code == 303
    assert state(person) == [("A1", "confirmed"), ("A2", "waitlisted")]  # never a side effect


def test_one_waiting_list_per_slot(client, make_event):
    event = make_event(capacities=(2, 1, 1))
    person = sign_up(event, 1, "A1")
    sign_up(event, 2, "A2")
    sign_up(event, 3, "A3")
    choose(client, person, event, "A2")
    response = choose(client, person, event, "A3")
    assert response.status_code == 422
    assert "already on the waiting list for Workshop A2 [en]" in response.get_data(as_text=True)
    assert state(person) == [("A1", "confirmed"), ("A2", "waitlisted")]


def test_a_free_seat_chosen_while_waiting_is_taken_and_the_wait_kept(client, make_event):
    event = make_event(capacities=(1, 1, 5))
    sign_up(event, 9, "A1")
    person = sign_up(event, 1, "A1")  # registered when A1 was full: waiting only
    assert state(person) == [("A1", "waitlisted")]
    response = choose(client, person, event, "A3")
    assert response.status_code == 303
    assert state(person) == [("A1", "waitlisted"), ("A3", "confirmed")]
    assert find_problems() == []


def test_leaving_a_waiting_list_is_confirmed_on_its_own_page(mail_app, smtp_server, client, make_event):
    event = make_event(capacities=(2, 1))
    person = sign_up(event, 1, "A1")
    sign_up(event, 2, "A2")
    after = sign_up(event, 3, "A1")
    choose(client, person, event, "A2")
    choose(client, after, event, "A2")
    db.session.expire_all()
    a2 = workshop(event, "A2")
    url = f"/fr/registration/{personal_token(person)}/waiting/{a2.id}/leave"
    page = client.get(url).get_data(as_text=True)
    assert "Workshop A1 [fr]" in page and 'name="confirm"' in page
    assert client.post(url, data={}).status_code == 422  # the box must be ticked
    assert state(person) == [("A1", "confirmed"), ("A2", "waitlisted")]
    queued = db.session.query(OutgoingMail).count()
    response = client.post(url, data={"confirm": "y"})
    assert response.status_code == 303
    assert state(person) == [("A1", "confirmed")]
    assert registrations.capacity.waiting_position(after.waiting_in_slot(a2.slot_id)) == 1  # moved up
    assert db.session.query(OutgoingMail).count() == queued + 1  # a mail with the new state
    assert client.get(url).status_code == 404
    assert find_problems() == []


def test_the_only_place_in_a_required_slot_cannot_be_left(client, make_event):
    event = make_event(capacities=(1, 5))
    sign_up(event, 9, "A1")
    person = sign_up(event, 1, "A1")  # waiting only
    a1 = workshop(event, "A1")
    page = client.get(f"/en/registration/{personal_token(person)}/").get_data(as_text=True)
    assert "/waiting/" not in page
    response = client.post(f"/en/registration/{personal_token(person)}/waiting/{a1.id}/leave",
                           data={"confirm": "y"})
    assert response.status_code == 422
    assert state(person) == [("A1", "waitlisted")]


def test_more_seats_or_an_organizer_move_the_person_too(app, make_event):
    from .admin.conftest import make_user
    from cii_events.models import Role

    event = make_event(capacities=(2, 1, 1))
    person = sign_up(event, 1, "A1")
    other = sign_up(event, 2, "A1")
    sign_up(event, 3, "A2")
    sign_up(event, 4, "A3")
    for registration, code in ((person, "A2"), (other, "A3")):
        item = workshop(event, code)
        dinner = workshop(event, "D")
        registrations.change_workshops(registration, {item.slot_id: item.id, dinner.slot_id: None})
        db.session.commit()
    a2 = workshop(event, "A2")
    capacity_raised(a2, 2)
    assert state(person) == [("A2", "confirmed")]
    booking = other.waiting_in_slot(a2.slot_id)
    attendee_changes.promote_booking(booking, actor=make_user("orga@example.ch", Role.ADMIN), reason="VIP")
    db.session.commit()
    assert state(other) == [("A3", "confirmed")]
    assert workshop(event, "A1").confirmed_count == 0
    assert find_problems() == []


def capacity_raised(item, seats):
    registrations.capacity.lock_event(item.slot.event_id, exclusive=True)
    locked = registrations.capacity.lock_workshops([item.id])[item.id]
    programme.set_workshop_capacity(locked, seats)
    db.session.commit()


def test_bookings_are_listed_in_time_order(client, make_event):
    event = make_event(capacities=(5, 5), dinner=5)
    person = sign_up(event, 1, "A1", "D")
    choose(client, person, event, "A2")  # the booking of the earlier slot is now the newer row
    db.session.expire_all()
    assert [b.workshop.code for b in person.bookings] == ["D", "A2"]
    assert [b.workshop.code for b in person.bookings_in_time_order] == ["A2", "D"]
    page = client.get(f"/en/registration/{personal_token(person)}/").get_data(as_text=True)
    section = page.split('id="bookings-heading"')[1]
    assert section.index("Workshop A2 [en]") < section.index("Dinner [en]")
    assert all(b.status is BookingStatus.CONFIRMED for b in person.bookings)


def test_mails_and_the_back_office_list_bookings_in_time_order(client, make_event):
    from cii_events.services import mail_render

    from .admin.conftest import login, make_user
    from cii_events.models import Role

    event = make_event(capacities=(5, 5), dinner=5)
    person = sign_up(event, 1, "A1", "D")
    choose(client, person, event, "A2")
    db.session.expire_all()
    mail = db.session.query(OutgoingMail).filter(OutgoingMail.kind == "changed").one()
    text = mail_render.render(mail, attachments=False).text
    assert text.index("Workshop A2 [fr]") < text.index("Dinner [fr]")
    admin = make_user("admin@example.ch", Role.ADMIN)
    login(client, admin)
    page = client.get(f"/admin/events/{event.id}/registrations/{person.id}/").get_data(as_text=True)
    section = page.split('id="bookings-heading"')[1]
    assert section.index("Workshop A2") < section.index("Dinner")
    listing = client.get(f"/admin/events/{event.id}/registrations/").get_data(as_text=True)
    row = listing.split("Muster, Anna1")[1].split("</th>", 1)[1]  # after the name and the reference
    assert row.index(">A2") < row.index(">D")
