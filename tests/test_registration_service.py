"""Seats, waiting lists and the registration rules, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from cii_events.extensions import db
from cii_events.models import BookingStatus, RegistrationStatus
from cii_events.services import registration as registrations
from cii_events.services.capacity import event_waiting_position, waiting_position
from cii_events.services.errors import (AlreadyRegistered, EventFull, InvalidChoice,
                                        RegistrationCancelled, RegistrationClosed, WorkshopFull)
from cii_events.services.integrity import find_problems

from .conftest import person, sign_up, workshop


def statuses(registration):
    return {b.workshop.code: b.status for b in registration.active_bookings}


def test_registration_takes_a_seat_in_each_chosen_workshop(app, make_event):
    event = make_event()
    registration = sign_up(event, 1, "A1", "D")
    assert registration.status is RegistrationStatus.CONFIRMED
    assert statuses(registration) == {"A1": BookingStatus.CONFIRMED, "D": BookingStatus.CONFIRMED}
    assert workshop(event, "A1").confirmed_count == 1
    assert workshop(event, "D").confirmed_count == 1
    assert len(registration.reference) == 8
    assert find_problems() == []


def test_full_workshop_puts_people_on_its_waiting_list_in_order(app, make_event):
    event = make_event(capacities=(2, 10))
    first, second = sign_up(event, 1, "A1"), sign_up(event, 2, "A1")
    third, fourth = sign_up(event, 3, "A1"), sign_up(event, 4, "A1")
    assert statuses(first)["A1"] is statuses(second)["A1"] is BookingStatus.CONFIRMED
    assert statuses(third)["A1"] is BookingStatus.WAITLISTED
    assert [waiting_position(third.bookings[0]), waiting_position(fourth.bookings[0])] == [1, 2]
    assert workshop(event, "A1").confirmed_count == 2
    assert find_problems() == []


def test_full_workshop_without_waiting_list_is_refused_and_nothing_is_kept(app, make_event):
    event = make_event(capacities=(1, 10), waitlist=False)
    sign_up(event, 1, "A1")
    with pytest.raises(WorkshopFull) as raised:
        sign_up(event, 2, "A1", "D")
    db.session.rollback()
    assert raised.value.field == f"slot_{workshop(event, 'A1').slot_id}"
    assert "Workshop A1" in raised.value.message
    assert registrations.active_registration(event.id, "person2@example.ch") is None
    assert workshop(event, "D").confirmed_count == 0
    assert find_problems() == []


def test_cancelling_gives_the_seat_to_the_first_person_waiting(app, make_event):
    event = make_event(capacities=(1, 10))
    holder = sign_up(event, 1, "A1", "D")
    waiting_first, waiting_second = sign_up(event, 2, "A1"), sign_up(event, 3, "A1")
    registrations.cancel(holder)
    db.session.commit()
    assert holder.status is RegistrationStatus.CANCELLED
    assert statuses(waiting_first)["A1"] is BookingStatus.CONFIRMED
    assert waiting_position(waiting_second.bookings[0]) == 1
    assert workshop(event, "D").confirmed_count == 0
    assert find_problems() == []
    with pytest.raises(RegistrationCancelled):
        registrations.cancel(holder)


def test_changing_workshop_frees_the_old_seat_for_the_waiting_list(app, make_event):
    event = make_event(capacities=(1, 5))
    mover = sign_up(event, 1, "A1")
    waiting = sign_up(event, 2, "A1")
    changes = registrations.change_workshops(mover, {workshop(event, "A2").slot_id: workshop(event, "A2").id})
    db.session.commit()
    assert [(c.old.code, c.new.code) for c in changes] == [("A1", "A2")]
    assert statuses(mover) == {"A2": BookingStatus.CONFIRMED}
    assert statuses(waiting)["A1"] is BookingStatus.CONFIRMED
    assert (workshop(event, "A1").confirmed_count, workshop(event, "A2").confirmed_count) == (1, 1)
    assert find_problems() == []


def test_a_confirmed_seat_is_not_given_up_for_a_full_workshop(app, make_event):
    """Without a waiting list, a full workshop is refused; with one, it is waited for beside the
    seat held (tests/test_waiting_swap.py)."""
    event = make_event(capacities=(1, 1), waitlist=False)
    sign_up(event, 1, "A2")
    mover = sign_up(event, 2, "A1")
    slot_id = workshop(event, "A2").slot_id
    with pytest.raises(WorkshopFull):
        registrations.change_workshops(mover, {slot_id: workshop(event, "A2").id})
    db.session.rollback()
    assert statuses(mover) == {"A1": BookingStatus.CONFIRMED}
    assert find_problems() == []


def test_adding_and_dropping_an_optional_item(app, make_event):
    event = make_event(dinner=1)
    guest = sign_up(event, 1, "A1")
    a1, dinner = workshop(event, "A1"), workshop(event, "D")
    registrations.change_workshops(guest, {a1.slot_id: a1.id, dinner.slot_id: dinner.id})
    db.session.commit()
    assert statuses(guest)["D"] is BookingStatus.CONFIRMED
    registrations.change_workshops(guest, {a1.slot_id: a1.id, dinner.slot_id: None})
    db.session.commit()
    assert "D" not in statuses(guest)
    assert dinner.confirmed_count == 0
    assert find_problems() == []


def test_one_active_registration_per_email_and_event(app, make_event):
    event = make_event()
    sign_up(event, 1, "A1", email="Same@Example.ch")
    with pytest.raises(AlreadyRegistered) as raised:
        sign_up(event, 2, "A2", email=" same@example.ch ".strip())
    db.session.rollback()
    assert raised.value.field == "email"
    other_event = make_event()
    assert sign_up(other_event, 3, "A1", email="same@example.ch").status is RegistrationStatus.CONFIRMED


def test_after_cancelling_the_same_address_may_register_again(app, make_event):
    event = make_event()
    first = sign_up(event, 1, "A1")
    registrations.cancel(first)
    db.session.commit()
    assert sign_up(event, 1, "A2").status is RegistrationStatus.CONFIRMED


@pytest.mark.parametrize("window", [{"opens": 1}, {"opens": -5, "closes": -1}])
def test_registration_outside_the_window_is_refused(app, make_event, window):
    event = make_event(**window)
    with pytest.raises(RegistrationClosed):
        sign_up(event, 1, "A1")


def test_a_required_slot_needs_a_choice_and_foreign_workshops_are_refused(app, make_event):
    event, other = make_event(), make_event()
    with pytest.raises(InvalidChoice) as raised:
        registrations.register(event, person(1), {})
    assert raised.value.field == f"slot_{workshop(event, 'A1').slot_id}"
    foreign = workshop(other, "A1")
    with pytest.raises(InvalidChoice):
        registrations.register(event, person(1), {workshop(event, "A1").slot_id: foreign.id})


def test_full_event_waiting_list_admits_in_order_and_seats_requests(app, make_event):
    event = make_event(event_capacity=2, capacities=(1, 5))
    first, second = sign_up(event, 1, "A1"), sign_up(event, 2, "A2")
    later, latest = sign_up(event, 3, "A1", "D"), sign_up(event, 4, "A2")
    assert later.status is RegistrationStatus.WAITLISTED
    assert statuses(later) == {"A1": BookingStatus.REQUESTED, "D": BookingStatus.REQUESTED}
    assert [event_waiting_position(later), event_waiting_position(latest)] == [1, 2]
    assert workshop(event, "A1").confirmed_count == 1
    registrations.cancel(second)
    db.session.commit()
    # `later` gets the event place; A1 is still taken by `first`, so they wait there; dinner is free.
    assert later.status is RegistrationStatus.CONFIRMED
    assert statuses(later) == {"A1": BookingStatus.WAITLISTED, "D": BookingStatus.CONFIRMED}
    assert event_waiting_position(latest) == 1
    assert event.confirmed_count == 2
    registrations.cancel(first)
    db.session.commit()
    assert statuses(later)["A1"] is BookingStatus.CONFIRMED
    assert latest.status is RegistrationStatus.CONFIRMED
    assert find_problems() == []


def test_full_event_without_waiting_list_is_refused(app, make_event):
    event = make_event(event_capacity=1, waitlist=False)
    sign_up(event, 1, "A1")
    with pytest.raises(EventFull):
        sign_up(event, 2, "A1")


def test_personal_token_finds_the_registration_and_nothing_else(app, make_event):
    event = make_event()
    registration = sign_up(event, 1, "A1")
    token = registrations.personal_token(registration)
    assert len(token) >= 22  # at least 128 bits, URL-safe
    assert registrations.find_by_token(token) is registration
    assert registration.manage_token_hash != token and token not in registration.manage_token_salt
    assert registrations.find_by_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert registrations.find_by_token("") is None


def test_check_reports_a_counter_that_disagrees_with_the_bookings(app, make_event, cli):
    event = make_event()
    sign_up(event, 1, "A1")
    workshop(event, "A2").confirmed_count = 3
    db.session.commit()
    result = cli.invoke(args=["check"])
    assert result.exit_code == 1
    assert "workshop A2: seat counter says 3, bookings say 0" in result.output
