"""Events over several days: the days people attend, on the form, in the service and the seat kernel."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from cii_events.extensions import db
from cii_events.models import Attendance, Registration
from cii_events.services.errors import DayNotOffered, NoDayChosen, SlotDayNotAttended
from cii_events.services.registration import register

from .conftest import person, workshop
from .days_event import sign_up_for_days, two_day_event
from .test_migration_security import empty_database  # noqa: F401 (fixture)
from .test_public_pages import form_data


def _form(event, n=1, days=None, **choices):
    data = form_data(event, n) | {f"slot_{workshop(event, 'A1').slot_id}": None}
    data = {key: value for key, value in data.items() if value is not None}
    for code in choices.values():
        data[f"slot_{workshop(event, code).slot_id}"] = str(workshop(event, code).id)
    if days is not None:
        data["days"] = [day.isoformat() for day in days]
    return data


def _only(event):
    return db.session.scalars(select(Registration).where(Registration.event_id == event.id)).one()


def test_the_form_asks_for_the_days_and_marks_each_slot_with_its_day(client, app):
    event = two_day_event()
    day1, day2 = event.days
    page = client.get(f"/de/events/{event.slug}/register").get_data(as_text=True)
    assert re.findall(r'name="days"[^>]*value="([0-9-]+)"', page) == [day1.isoformat(), day2.isoformat()]
    for code, day in (("A1", day1), ("B1", day2), ("D", day1)):
        slot_id = workshop(event, code).slot_id
        assert re.search(rf'id="slot_{slot_id}" data-day="{day.isoformat()}"', page)
    assert "Tage, an denen Sie teilnehmen" in page


def test_a_one_day_event_and_an_event_without_the_choice_have_no_days_field(client, app, make_event):
    one_day = make_event()
    page = client.get(f"/de/events/{one_day.slug}/register").get_data(as_text=True)
    assert 'name="days"' not in page
    assert f'data-day="{one_day.days[0].isoformat()}"' in page
    every_day = two_day_event("every-day", day_choice=False)
    assert 'name="days"' not in client.get(f"/de/events/{every_day.slug}/register").get_data(as_text=True)


def test_day_one_only_needs_no_choice_of_day_two_and_takes_none(client, app):
    event = two_day_event()
    day1, _ = event.days
    # A choice posted for day 2 is not taken: the person does not come that day.
    response = client.post(f"/de/events/{event.slug}/register",
                           data=_form(event, days=[day1], a="A2", b="B1"))
    assert response.status_code == 303
    registration = _only(event)
    assert registration.days == [day1]
    assert [b.workshop.code for b in registration.active_bookings] == ["A2"]
    assert workshop(event, "B1").confirmed_count == 0


def test_a_required_slot_of_a_chosen_day_is_still_required(client, app):
    event = two_day_event()
    _, day2 = event.days
    response = client.post(f"/fr/events/{event.slug}/register", data=_form(event, days=[day2]))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    b_field = f"slot_{workshop(event, 'B1').slot_id}"
    a_field = f"slot_{workshop(event, 'A1').slot_id}"
    assert f'id="{b_field}-error"' in page and f'id="{a_field}-error"' not in page
    response = client.post(f"/fr/events/{event.slug}/register", data=_form(event, days=[day2], b="B2"))
    assert response.status_code == 303
    registration = _only(event)
    assert registration.days == [day2] and [b.workshop.code for b in registration.active_bookings] == ["B2"]


@pytest.mark.parametrize("lang, message", [
    ("de", "Bitte wählen Sie mindestens einen Tag"),
    ("fr", "Veuillez choisir au moins un jour"),
    ("it", "Scelga almeno un giorno"),
    ("en", "Please choose at least one day"),
])
def test_no_day_chosen_is_a_clear_translated_error(client, app, lang, message):
    event = two_day_event()
    response = client.post(f"/{lang}/events/{event.slug}/register", data=_form(event, a="A1", b="B1"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="days-error"' in page and message in page
    assert db.session.scalar(select(Registration.id)) is None


def test_a_day_not_of_the_event_is_refused(client, app):
    event = two_day_event()
    data = _form(event, a="A1") | {"days": ["2001-01-01"]}
    assert client.post(f"/de/events/{event.slug}/register", data=data).status_code == 422
    assert db.session.scalar(select(Registration.id)) is None


def test_both_days_need_both_series(client, app):
    event = two_day_event()
    response = client.post(f"/de/events/{event.slug}/register", data=_form(event, days=event.days, a="A1"))
    assert response.status_code == 422
    response = client.post(f"/de/events/{event.slug}/register",
                           data=_form(event, days=event.days, a="A1", b="B1"))
    assert response.status_code == 303
    registration = _only(event)
    assert registration.days == event.days
    assert sorted(b.workshop.code for b in registration.active_bookings) == ["A1", "B1"]


def test_the_service_stores_the_days_on_either_road(app):
    """On PostgreSQL without an event capacity this is the short road (one statement)."""
    event = two_day_event()
    day1, day2 = event.days
    first = sign_up_for_days(event, 1, [day2], "B1")
    both = sign_up_for_days(event, 2, [day2, day1], "A1", "B2")
    db.session.expire_all()
    assert first.days == [day2] and both.days == [day1, day2]
    assert db.session.query(Attendance).count() == 3
    assert (workshop(event, "A1").confirmed_count, workshop(event, "B1").confirmed_count,
            workshop(event, "B2").confirmed_count) == (1, 1, 1)


def test_the_service_refuses_what_the_days_do_not_allow(app):
    event = two_day_event()
    day1, day2 = event.days
    with pytest.raises(NoDayChosen):
        register(event, person(1), {}, days=[])
    db.session.rollback()
    with pytest.raises(DayNotOffered):
        register(event, person(1), {workshop(event, "A1").slot_id: workshop(event, "A1").id},
                 days=[day1, day1.replace(year=2001)])
    db.session.rollback()
    with pytest.raises(SlotDayNotAttended):
        register(event, person(1), {workshop(event, "A1").slot_id: workshop(event, "A1").id,
                                    workshop(event, "B1").slot_id: workshop(event, "B1").id}, days=[day2])
    db.session.rollback()
    assert db.session.scalar(select(Registration.id)) is None


def test_without_the_choice_everyone_attends_every_day(app, make_event):
    event = two_day_event(day_choice=False)
    registration = sign_up_for_days(event, 1, None, "A1", "B1")
    assert registration.days == event.days and len(event.days) == 2
    one_day = make_event()
    assert sign_up_for_days(one_day, 2, None, "A1").days == one_day.days


def test_the_migration_lets_existing_registrations_attend_every_day(
        empty_database, instance_dir):  # noqa: F811
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from cii_events import create_app
    from cii_events.extensions import init_migrations

    from .conftest import _config

    app = create_app(_config(empty_database, str(instance_dir)))
    init_migrations(app)
    with app.app_context():
        upgrade(revision="seat1")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO event (id, slug, kind, status, title, venue, address, starts_at, ends_at, "
                "confirmed_count, waitlist_counter, waitlist_enabled, programme_version, allocation_mode, "
                "access, languages, contact_email, privacy_version, retention_days, reminder_days, "
                "created_at, updated_at) VALUES (1, 'two', 'national_day', 'published', '{}', '', '', "
                # 23:30 UTC is already the next day in Switzerland: the days are Swiss days.
                ":starts, :ends, 0, 0, true, 1, 'first_come', 'open', '[]', '', '1', 365, 7, "
                ":starts, :starts)"),
                {"starts": "2027-02-15 23:30:00", "ends": "2027-02-17 16:00:00"})
            connection.execute(sa.text(
                "INSERT INTO registration (id, event_id, status, salutation, first_name, last_name, email, "
                "email_normalized, phone, organisation, function, institution_type, canton, language, "
                "dietary, accessibility_needs, remarks, privacy_version_accepted, privacy_accepted_at, "
                "list_consent, photo_consent, reference, manage_token_salt, manage_token_hash, checkin_code, "
                "created_at, updated_at, checked_in_at) VALUES (7, 1, 'confirmed', '', 'A', 'B', "
                "'a@example.ch', 'a@example.ch', '', 'O', '', 'disability', 'BE', 'de', '', '', '', "
                "'1', :at, "
                "false, false, 'R1', 's', 'h', 'c', :at, :at, :checked_in)"),
                {"at": "2027-01-01 10:00:00", "checked_in": "2027-02-17 07:42:00"})
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT day, checked_in_at FROM attendance WHERE registration_id = 7 ORDER BY day")).all()
            days = [row.day for row in rows]
            checked_in = [row.checked_in_at for row in rows]
            choice = connection.execute(sa.text("SELECT day_choice FROM event")).scalar()
        db.engine.dispose()
    assert [str(day) for day in days] == ["2027-02-16", "2027-02-17"]
    assert not choice
    # The check-in of before counts for the day it was made on.
    assert checked_in[0] is None and str(checked_in[1]).startswith("2027-02-17 07:42:00")


# What the person sees: the personal page, the mails and the calendar file.

def test_the_personal_page_shows_only_the_days_and_slots_attended(client, app):
    from cii_events.services.registration import personal_token

    event = two_day_event()
    day1, day2 = event.days
    registration = sign_up_for_days(event, 1, [day2], "B2", language="de")
    page = client.get(f"/de/registration/{personal_token(registration)}/").get_data(as_text=True)
    facts = page.split('class="attended-days"', 1)[1].split("</ul>", 1)[0]
    assert "3. Januar 2027" in facts and "2. Januar 2027" not in facts
    # The change form offers the other day, its slots hidden until the day is ticked.
    assert f'data-day="{day2.isoformat()}"' in page and f'data-day="{day2.isoformat()}" hidden' not in page
    assert re.search(rf'data-day="{day1.isoformat()}" hidden', page)
    assert re.findall(r'name="days"[^>]*value="([0-9-]+)"', page) == [day1.isoformat(), day2.isoformat()]
    assert re.search(rf'checked[^>]*value="{day2.isoformat()}"', page)
    assert not re.search(rf'checked[^>]*value="{day1.isoformat()}"', page)


def test_changing_workshops_keeps_to_the_days_attended(client, app):
    from cii_events.services.registration import personal_token

    event = two_day_event()
    day1, _ = event.days
    registration = sign_up_for_days(event, 1, [day1], "A1")
    token = personal_token(registration)
    a_slot = workshop(event, "A1").slot_id
    response = client.post(f"/de/registration/{token}/",
                           data={f"slot_{a_slot}": str(workshop(event, "A2").id), "days": [day1.isoformat()],
                                 f"slot_{workshop(event, 'B1').slot_id}": str(workshop(event, "B1").id)})
    assert response.status_code == 303
    db.session.expire_all()
    assert [b.workshop.code for b in registration.active_bookings] == ["A2"]
    assert workshop(event, "B1").confirmed_count == 0


def _delivered_confirmation(smtp_server):
    from cii_events.services.mail_delivery import deliver_due

    deliver_due()
    (message,) = smtp_server.messages
    return message


def test_the_confirmation_and_its_calendar_hold_only_the_days_attended(mail_app, smtp_server):
    from .test_mail import bodies
    from .test_mail_format import strictly_valid

    event = two_day_event()
    day1, day2 = event.days
    sign_up_for_days(event, 1, [day1], "A1", "D", language="de")
    message = _delivered_confirmation(smtp_server)
    text, html = bodies(message)
    assert "Tage, an denen Sie teilnehmen: Samstag, 2. Januar 2027\r\n" in text
    assert "Workshop A1" in text and "Workshop B" not in text
    assert "Samstag, 2. Januar 2027<br>" in html
    calendar = strictly_valid(message)
    entries = {str(entry["uid"]).split("@")[0].split("-", 1)[1]: entry for entry in calendar.walk("VEVENT")}
    assert set(entries) == {f"day-{day1.isoformat()}", f"slot-{workshop(event, 'A1').slot_id}",
                            f"slot-{workshop(event, 'D').slot_id}"}
    day = entries[f"day-{day1.isoformat()}"]
    assert day["dtstart"].dt.date() == day["dtend"].dt.date() == day1  # never across the night
    assert str(day["summary"]) == "Event [de] – Tag 1 von 2"
    assert str(day["location"]) == "Forum Fribourg, Route du Lac 12, 1763 Granges-Paccot"
    workshop_entry = entries[f"slot-{workshop(event, 'A1').slot_id}"]
    assert str(workshop_entry["location"]) == "Room A1, Forum Fribourg, Route du Lac 12, 1763 Granges-Paccot"


def test_both_days_make_two_day_entries_and_the_venue_is_named_once(mail_app, smtp_server):
    from .test_mail import calendar_of

    event = two_day_event()
    event.address = "Forum Fribourg, Route du Lac 12, 1763 Granges-Paccot"  # the venue repeated
    db.session.commit()
    sign_up_for_days(event, 1, event.days, "A1", "B2", language="fr")
    calendar = calendar_of(_delivered_confirmation(smtp_server))
    days = [entry for entry in calendar.walk("VEVENT") if "-day-" in str(entry["uid"])]
    assert [entry["dtstart"].dt.date() for entry in days] == event.days
    for entry in days:
        assert entry["dtstart"].dt.date() == entry["dtend"].dt.date()
        assert str(entry["location"]) == "Forum Fribourg, Route du Lac 12, 1763 Granges-Paccot"
    assert len(list(calendar.walk("VEVENT"))) == 4


def test_a_one_day_event_keeps_its_one_event_entry(mail_app, smtp_server, make_event):
    from .conftest import sign_up
    from .test_mail import calendar_of

    event = make_event()
    sign_up(event, 1, "A1")
    calendar = calendar_of(_delivered_confirmation(smtp_server))
    uids = sorted(str(entry["uid"]).split("@")[0].split("-", 1)[1] for entry in calendar.walk("VEVENT"))
    assert uids == ["event", f"slot-{workshop(event, 'A1').slot_id}"]


# Changing days from the personal page.

def _change(client, registration, event, days, **choices):
    from cii_events.services.registration import personal_token

    data = {"days": [day.isoformat() for day in days]}
    for code in choices.values():
        data[f"slot_{workshop(event, code).slot_id}"] = str(workshop(event, code).id)
    return client.post(f"/de/registration/{personal_token(registration)}/", data=data)


def test_dropping_a_day_frees_its_seats_for_the_people_waiting(client, app):
    event = two_day_event(series_b=(1, 1))
    day1, day2 = event.days
    leaving = sign_up_for_days(event, 1, [day1, day2], "A1", "B1")
    waiting = sign_up_for_days(event, 2, [day1, day2], "A1", "B1")
    assert waiting.booking_for_slot(workshop(event, "B1").slot_id).status.value == "waitlisted"
    response = _change(client, leaving, event, [day1], a="A1")
    assert response.status_code == 303
    db.session.expire_all()
    assert leaving.days == [day1] and [b.workshop.code for b in leaving.active_bookings] == ["A1"]
    assert waiting.booking_for_slot(workshop(event, "B1").slot_id).status.value == "confirmed"
    assert workshop(event, "B1").confirmed_count == 1


def test_adding_a_day_asks_for_its_required_choice_under_the_seat_rules(client, app):
    event = two_day_event(series_b=(1, 1))
    day1, day2 = event.days
    sign_up_for_days(event, 1, [day2], "B1")
    joining = sign_up_for_days(event, 2, [day1], "A1")
    response = _change(client, joining, event, [day1, day2], a="A1")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="slot_{workshop(event, "B1").slot_id}-error"' in page
    db.session.expire_all()
    assert joining.days == [day1]
    # B1 is full: the added day's choice goes to its waiting list, as at registration.
    assert _change(client, joining, event, [day1, day2], a="A1", b="B1").status_code == 303
    db.session.expire_all()
    assert joining.days == [day1, day2]
    assert joining.booking_for_slot(workshop(event, "B1").slot_id).status.value == "waitlisted"
    assert _change(client, joining, event, [day1, day2], a="A1", b="B2").status_code == 303
    db.session.expire_all()
    assert joining.booking_for_slot(workshop(event, "B2").slot_id).status.value == "confirmed"


def test_no_day_left_is_refused(client, app):
    event = two_day_event()
    day1, _ = event.days
    registration = sign_up_for_days(event, 1, [day1], "A1")
    response = _change(client, registration, event, [], a="A1")
    assert response.status_code == 422 and 'id="days-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert registration.days == [day1]


def test_the_change_mail_withdraws_the_dropped_day_from_the_calendar(mail_app, smtp_server):
    from cii_events.services import registration as registrations
    from cii_events.services.mail_delivery import deliver_due

    from .test_mail import calendar_of

    event = two_day_event()
    day1, day2 = event.days
    registration = sign_up_for_days(event, 1, [day1, day2], "A1", "B1", language="fr")
    deliver_due()
    registrations.change_days(registration, [day1], {workshop(event, "A1").slot_id: workshop(event, "A1").id})
    db.session.commit()
    deliver_due()
    changed = smtp_server.messages[-1]
    entries = {str(e["uid"]).split("@")[0].split("-", 1)[1]: str(e["status"])
               for e in calendar_of(changed).walk("VEVENT")}
    assert entries[f"day-{day1.isoformat()}"] == "CONFIRMED"
    assert entries[f"day-{day2.isoformat()}"] == "CANCELLED"
    assert entries[f"slot-{workshop(event, 'B1').slot_id}"] == "CANCELLED"


def test_the_check_finds_a_place_on_a_day_not_attended(app):
    from cii_events.services.integrity import find_problems

    event = two_day_event()
    day1, day2 = event.days
    registration = sign_up_for_days(event, 1, [day1, day2], "A1", "B1")
    assert find_problems() == []
    registration.attendances.remove(registration.attendance_on(day2))
    db.session.commit()
    assert find_problems() == [f"registration {registration.reference}: workshop B1 on {day2.isoformat()}, "
                               "a day it does not attend"]
    registration.attendances.clear()
    db.session.commit()
    assert f"registration {registration.reference}: attends no day of its event" in find_problems()


def test_the_demo_two_day_event_lets_people_choose_their_days(app):
    from cii_events.demo import load_demo
    from cii_events.models import Event
    from cii_events.services.integrity import find_problems

    load_demo()
    db.session.commit()
    event = db.session.scalars(select(Event).where(Event.slug == "iiz-tagung-2027")).one()
    assert event.offers_day_choice and len(event.days) == 2
    people = db.session.scalars(select(Registration).where(Registration.event_id == event.id)).all()
    day_one_only = [person for person in people if person.days == event.days[:1]]
    assert len(day_one_only) == 4
    assert all(len(person.days) == 2 for person in people if person not in day_one_only)
    assert all(booking.workshop.slot.day == event.days[0]
               for person in day_one_only for booking in person.active_bookings)
    assert find_problems() == []


def test_preferences_rank_only_the_days_attended_and_the_allocation_keeps_to_them(client, app):
    from cii_events.services import allocation

    event = two_day_event(preferences=True)
    day1, day2 = event.days
    a_slot, b_slot = workshop(event, "A1").slot_id, workshop(event, "B1").slot_id
    data = form_data(event) | {f"slot_{a_slot}": str(workshop(event, "A1").id),
                               f"slot_{a_slot}_2": str(workshop(event, "A2").id),
                               "understands": ["de"], "days": [day1.isoformat()]}
    data = {key: value for key, value in data.items() if value is not None}
    page = client.get(f"/de/events/{event.slug}/register").get_data(as_text=True)
    assert f'id="ranking-{b_slot}" data-day="{day2.isoformat()}"' in page
    response = client.post(f"/de/events/{event.slug}/register", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[-3000:]
    registration = _only(event)
    assert registration.days == [day1]
    assert sorted(b.workshop.code for b in registration.preferences) == ["A1", "A2"]
    problems, _ = allocation.build_problems(event)
    by_slot = {problem.id: [p.id for p in problem.participants] for problem in problems}
    assert by_slot[a_slot] == [registration.id] and by_slot[b_slot] == []
    # Both days: the second day's ranking is asked for.
    data2 = data | {"email": "both@example.ch", "nonce": "n2", "days": [day1.isoformat(), day2.isoformat()]}
    response = client.post(f"/de/events/{event.slug}/register", data=data2)
    assert response.status_code == 422 and f'id="slot_{b_slot}-error"' in response.get_data(as_text=True)


# Questions of one day (issue 17): asked, and required, only of the people attending that day.

def test_a_question_of_day_two_is_asked_only_of_the_people_coming_that_day(client, app):
    from cii_events.models import Answer, QuestionKind

    from .question_event import ask, four

    event = two_day_event()
    day1, day2 = event.days
    dinner = ask(event, QuestionKind.YES_NO, four("Dinner on day two"), required=True)
    dinner.day = day2
    db.session.commit()
    field = dinner.field_name

    page = client.get(f"/fr/events/{event.slug}/register").get_data(as_text=True)
    group = re.search(rf'<fieldset class="question[^"]*" id="{field}"([^>]*)>', page, re.S).group(1)
    assert f'data-day="{day2.isoformat()}"' in group
    assert re.search(rf'id="{field}-hint">[^<]*Obligatoire si vous participez ce jour-là\.', page)

    # Day 1 only: not asked, not required, and an answer posted anyway is not kept.
    day_one = client.post(f"/fr/events/{event.slug}/register",
                          data=_form(event, days=[day1], a="A1") | {field: "yes"})
    assert day_one.status_code == 303
    assert db.session.scalar(select(Answer).where(Answer.question_id == dinner.id)) is None

    # Both days: required.
    both = client.post(f"/fr/events/{event.slug}/register",
                       data=_form(event, 2, days=[day1, day2], a="A1", b="B1"))
    assert both.status_code == 422
    assert re.search(rf'id="{field}-error">.*Veuillez répondre à cette question', both.get_data(as_text=True),
                     re.S)
    answered = client.post(f"/fr/events/{event.slug}/register",
                           data=_form(event, 3, days=[day1, day2], a="A1", b="B1") | {field: "yes"})
    assert answered.status_code == 303
    assert db.session.scalar(select(Answer.value).where(Answer.question_id == dinner.id)) == "yes"


def test_the_organizers_ask_a_question_of_one_day(client, app):
    from cii_events.models import Question, Role

    from .admin.conftest import login, make_user

    event = two_day_event()
    _, day2 = event.days
    login(client, make_user("org@example.ch", Role.ADMIN))
    form = client.get(f"/admin/events/{event.id}/questions/new").get_data(as_text=True)
    assert f'<option value="{day2.isoformat()}">' in form
    response = client.post(f"/admin/events/{event.id}/questions/new", data={
        "kind": "short_text", "text_de": "Ankunft am zweiten Tag", "position": "1", "day": day2.isoformat()})
    assert response.status_code == 303
    assert db.session.scalars(select(Question.day)).one() == day2
