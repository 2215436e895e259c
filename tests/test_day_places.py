"""Places per day and waiting lists per day (an event over several days), through the seat kernel."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from cii_events.extensions import db
from cii_events.models import BookingStatus, OutgoingMail, Role
from cii_events.services import capacity, programme, registration as registrations
from cii_events.services.errors import DayFull
from cii_events.services.integrity import find_problems

from .admin.conftest import as_user, make_user  # noqa: F401 (a fixture)
from .conftest import workshop
from .days_event import sign_up_for_days, two_day_event


@pytest.fixture
def limited(app):
    """Day 2 has one place; day 1 no limit of its own."""
    event = two_day_event()
    admin = make_user("admin@iiz.example.ch", Role.ADMIN)
    programme.set_day_places(event, {event.days[1]: 1}, actor=admin)
    db.session.commit()
    return event, admin


def _b_booking(event, registration):
    return registration.booking_for_slot(workshop(event, "B1").slot_id)


def test_a_full_day_puts_people_on_its_waiting_list_and_day_one_people_take_no_day_two_place(limited):
    event, _ = limited
    day1, day2 = event.days
    first = sign_up_for_days(event, 1, [day1, day2], "A1", "B1")
    day_one = sign_up_for_days(event, 2, [day1], "A1")
    second = sign_up_for_days(event, 3, [day1, day2], "A2", "B1")
    assert first.days_with_place == [day1, day2] and day_one.days_with_place == [day1]
    assert second.days == [day1, day2] and second.days_with_place == [day1]
    assert second.attendance_on(day2).waitlist_ticket == 1
    # Its workshop of day 2 waits for the day's place; day 1's is seated.
    assert _b_booking(event, second).status is BookingStatus.REQUESTED
    assert second.booking_for_slot(workshop(event, "A2").slot_id).status is BookingStatus.CONFIRMED
    db.session.expire_all()
    assert (event.day_places[0].day, event.day_places[0].confirmed_count) == (day2, 1)
    assert workshop(event, "B1").confirmed_count == 1
    assert find_problems() == []


def test_a_cancellation_gives_the_day_place_to_the_first_waiting(limited):
    event, _ = limited
    day1, day2 = event.days
    first = sign_up_for_days(event, 1, [day1, day2], "A1", "B1")
    second = sign_up_for_days(event, 2, [day1, day2], "A1", "B2")
    third = sign_up_for_days(event, 3, [day2], "B2")
    registrations.cancel(first)
    db.session.commit()
    db.session.expire_all()
    assert second.days_with_place == [day1, day2]
    assert _b_booking(event, second).workshop.code == "B2"
    assert _b_booking(event, second).status is BookingStatus.CONFIRMED
    assert third.attendance_on(day2).waitlist_ticket == 2
    mails = db.session.scalars(select(OutgoingMail).where(OutgoingMail.registration_id == second.id,
                                                          OutgoingMail.kind == "promoted")).all()
    assert len(mails) == 1 and mails[0].context["admitted_day"] == day2.isoformat()
    assert find_problems() == []


def test_dropping_a_day_frees_its_place_and_adding_a_full_day_waits(limited):
    event, _ = limited
    day1, day2 = event.days
    first = sign_up_for_days(event, 1, [day1, day2], "A1", "B1")
    second = sign_up_for_days(event, 2, [day1], "A1")
    a1 = {workshop(event, "A1").slot_id: workshop(event, "A1").id}
    b2 = {workshop(event, "B2").slot_id: workshop(event, "B2").id}
    registrations.change_days(second, [day1, day2], {**a1, **b2})
    db.session.commit()
    assert second.attendance_on(day2).waitlist_ticket == 1
    assert second.booking_for_slot(workshop(event, "B2").slot_id).status is BookingStatus.REQUESTED
    registrations.change_days(first, [day1], a1)
    db.session.commit()
    db.session.expire_all()
    assert second.days_with_place == [day1, day2]
    assert second.booking_for_slot(workshop(event, "B2").slot_id).status is BookingStatus.CONFIRMED
    assert first.days == [day1] and _b_booking(event, first) is None
    assert find_problems() == []


def test_more_places_move_the_waiting_up_and_fewer_than_taken_are_refused(limited):
    event, admin = limited
    day1, day2 = event.days
    sign_up_for_days(event, 1, [day2], "B1")
    waiting = sign_up_for_days(event, 2, [day2], "B1")
    with pytest.raises(programme.CapacityBelowConfirmed):
        programme.set_day_places(event, {day2: 0}, actor=admin)
    db.session.rollback()
    admitted = programme.set_day_places(event, {day2: 2}, actor=admin)
    db.session.commit()
    assert [a.registration_id for a in admitted] == [waiting.id]
    db.session.expire_all()
    assert waiting.days_with_place == [day2] and _b_booking(event, waiting).status is BookingStatus.CONFIRMED
    # No limit for the day any more: its counter is no longer kept.
    programme.set_day_places(event, {day2: None}, actor=admin)
    db.session.commit()
    assert not event.limits_days and find_problems() == []


def test_without_a_waiting_list_a_full_day_is_refused(limited):
    event, _ = limited
    event.waitlist_enabled = False
    db.session.commit()
    day1, day2 = event.days
    sign_up_for_days(event, 1, [day2], "B1")
    with pytest.raises(DayFull):
        sign_up_for_days(event, 2, [day1, day2], "A1", "B2")
    db.session.rollback()


def test_places_in_all_and_per_day_exclude_each_other(limited, client, as_user):  # noqa: F811
    from .admin.test_programme import event_form

    event, admin = limited
    from dataclasses import replace

    with pytest.raises(programme.BothPlaceLimits):
        programme.update_event(event, replace(programme.EventData.of(event), capacity=50), actor=admin)
    db.session.rollback()
    client = as_user(admin)
    response = client.post(f"/admin/events/{event.id}/edit",
                           data=event_form(event, capacity="50", day_choice="y"))
    assert response.status_code == 422


def test_the_programme_page_sets_the_places_per_day(app, as_user):  # noqa: F811
    event = two_day_event()
    day1, day2 = event.days
    sign_up_for_days(event, 1, [day1, day2], "A1", "B1")
    sign_up_for_days(event, 2, [day2], "B1")
    admin = make_user("admin@iiz.example.ch", Role.ADMIN)
    client = as_user(admin)
    page = client.get(f"/admin/events/{event.id}/programme?lang=en").get_data(as_text=True)
    assert f'name="day_{day2.isoformat()}"' in page and "Places per day" in page
    response = client.post(f"/admin/events/{event.id}/days?lang=en", data={f"day_{day2.isoformat()}": "1"})
    assert response.status_code == 422
    assert "already has 2 confirmed places" in response.get_data(as_text=True)
    response = client.post(f"/admin/events/{event.id}/days", data={f"day_{day2.isoformat()}": "2"})
    assert response.status_code == 303
    db.session.expire_all()
    assert event.day_capacity(day2) == 2 and event.day_capacity(day1) is None and event.limits_days
    page = client.get(f"/admin/events/{event.id}/programme?lang=en").get_data(as_text=True)
    assert "2 confirmed, 0 waiting" in page
    assert capacity.fast_path(event) is False
