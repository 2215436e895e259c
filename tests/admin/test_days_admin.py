"""Days of a multi-day event in the back office: seat shortfalls, filters by day, check-in warnings."""
from __future__ import annotations

import re

import pytest

from cii_events.extensions import db
from cii_events.config import ZURICH
from cii_events.models import Role

from ..conftest import workshop
from ..days_event import sign_up_for_days, two_day_event
from .conftest import make_user
from .test_programme import event_form


@pytest.fixture
def short(app):
    """Series A has 2 seats for 3 people on day 1; series B 2 seats for the 2 people of day 2."""
    event = two_day_event(series_a=(1, 1), series_b=(1, 1))
    day1, day2 = event.days
    people = [sign_up_for_days(event, 1, [day1, day2], "A1", "B1", canton="BE", last_name="Aebi"),
              sign_up_for_days(event, 2, [day1, day2], "A2", "B2", canton="ZH", last_name="Bühler"),
              sign_up_for_days(event, 3, [day1], "A1", canton="BE", last_name="Cattaneo")]
    organizer = make_user("orga@iiz.example.ch", Role.ORGANIZER, events=[event])
    return event, people, organizer


def _names(page: str) -> list[str]:
    return sorted(set(re.findall(r"(Aebi|Bühler|Cattaneo)", page)))


def test_the_dashboard_and_the_programme_page_name_the_shortfall(short, as_user):
    event, people, organizer = short
    client = as_user(organizer)
    a_slot = workshop(event, "A1").slot_id
    for url in (f"/admin/events/{event.id}/?lang=en", f"/admin/events/{event.id}/programme?lang=en"):
        page = client.get(url).get_data(as_text=True)
        notice = page.split('id="seat-shortfalls"', 1)[1].split("</section>", 1)[0]
        assert "2 seats for 3 people confirmed for that day, 1 too few." in notice
        assert "Series A [en]" in notice and "Series B" not in notice
        assert f"no_seat={a_slot}" in notice and "1 person without a seat in this slot" in notice
    page = client.get(f"/admin/events/{event.id}/?lang=fr").get_data(as_text=True)
    assert "2\u00a0places pour 3\u00a0personnes" in page or "2 places pour 3 personnes" in page


def test_no_shortfall_no_notice(app, as_user):
    event = two_day_event(series_a=(2, 2), series_b=(1, 1))
    day1, _ = event.days
    sign_up_for_days(event, 1, [day1], "A1")
    organizer = make_user("orga@iiz.example.ch", Role.ORGANIZER, events=[event])
    client = as_user(organizer)
    assert 'id="seat-shortfalls"' not in client.get(f"/admin/events/{event.id}/").get_data(as_text=True)


def test_a_coordinator_sees_no_event_wide_shortfall(short, as_user):
    event, _, _ = short
    coordinator = make_user("be@iiz.example.ch", Role.COORDINATOR, canton="BE")
    page = as_user(coordinator).get(f"/admin/events/{event.id}/").get_data(as_text=True)
    assert 'id="seat-shortfalls"' not in page


def test_the_attendee_list_filters_by_day_and_by_missing_seat(short, as_user):
    event, people, organizer = short
    client = as_user(organizer)
    day1, day2 = event.days
    url = f"/admin/events/{event.id}/registrations/"
    assert _names(client.get(f"{url}?day={day2.isoformat()}").get_data(as_text=True)) == ["Aebi", "Bühler"]
    assert _names(client.get(f"{url}?day={day1.isoformat()}").get_data(as_text=True)) == [
        "Aebi", "Bühler", "Cattaneo"]
    a_slot, b_slot = workshop(event, "A1").slot_id, workshop(event, "B1").slot_id
    assert _names(client.get(f"{url}?no_seat={a_slot}").get_data(as_text=True)) == ["Cattaneo"]
    # Cattaneo does not come on day 2: no seat is missing there.
    page = client.get(f"{url}?no_seat={b_slot}&lang=en").get_data(as_text=True)
    assert _names(page) == [] and "0 people" in page
    # A value that is no day of the event, or no required slot, filters nothing.
    assert len(_names(client.get(f"{url}?day=2001-01-01&no_seat=999999").get_data(as_text=True))) == 3


def test_check_in_warns_about_a_person_without_a_seat_that_day(short, as_user):
    event, people, organizer = short
    client = as_user(organizer)
    client.get("/admin/events/?lang=en")
    url = f"/admin/events/{event.id}/checkin/"
    page = client.post(url, data={"code": people[2].checkin_code}).get_data(as_text=True)
    assert "Checked in at" in page
    warning = re.search(r'<p class="notice notice-warning checkin-no-seat" role="alert">(.*?)</p>',
                        page, re.S)
    assert warning and "No seat in “Series A [en]”" in warning.group(1)
    page = client.post(url, data={"code": people[0].checkin_code}).get_data(as_text=True)
    assert "Checked in at" in page and "checkin-no-seat" not in page


def test_the_event_form_sets_the_choice_of_days(app, as_user):
    event = two_day_event(day_choice=False)
    admin = make_user("admin@iiz.example.ch", Role.ADMIN)
    client = as_user(admin)
    page = client.get(f"/admin/events/{event.id}/edit").get_data(as_text=True)
    assert 'name="day_choice"' in page
    assert 'name="days"' not in client.get(f"/de/events/{event.slug}/register").get_data(as_text=True)
    response = client.post(f"/admin/events/{event.id}/edit", data=event_form(event, day_choice="y"))
    assert response.status_code == 303
    db.session.expire_all()
    assert event.day_choice and event.offers_day_choice
    assert 'name="days"' in client.get(f"/de/events/{event.slug}/register").get_data(as_text=True)


# Check-in per day and certificates of the days attended.

def _at_local(day, hour, minute=0):
    from datetime import datetime

    from cii_events.config import ZURICH

    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZURICH)


def test_check_in_is_per_day(short):
    from cii_events.services import checkin
    from cii_events.services.checkin import Outcome

    event, (both, _, day_one_only), organizer = short
    day1, day2 = event.days
    first = checkin.check_in(event, both, actor=organizer, now=_at_local(day1, 8, 5))
    assert first.outcome is Outcome.CHECKED_IN and first.day == day1
    # Scanning on day 2 records day 2.
    second = checkin.check_in(event, both, actor=organizer, now=_at_local(day2, 8, 42))
    assert second.outcome is Outcome.CHECKED_IN and second.day == day2
    again = checkin.check_in(event, both, actor=organizer, now=_at_local(day2, 9, 30))
    assert again.outcome is Outcome.ALREADY and again.checked_in_at == _at_local(day2, 8, 42)
    assert [a.checked_in_at for a in both.attendances] == [_at_local(day1, 8, 5), _at_local(day2, 8, 42)]
    assert both.checked_in_at == _at_local(day1, 8, 5)  # the first check-in at the event
    # Someone who comes on day 1 only is not checked in on day 2.
    refused = checkin.check_in(event, day_one_only, actor=organizer, now=_at_local(day2, 8, 50))
    assert refused.outcome is Outcome.OTHER_DAY and day_one_only.checked_in_at is None
    db.session.commit()
    assert [(c.day, c.present, c.expected) for c in checkin.counts_per_day(event)] == [
        (day1, 1, 3), (day2, 1, 2)]
    # Undoing on day 2 takes back day 2 only.
    checkin.undo(event, both, actor=organizer, now=_at_local(day2, 10))
    assert [a.checked_in_at is not None for a in both.attendances] == [True, False]
    assert both.checked_in_at == _at_local(day1, 8, 5)


def test_the_desk_says_already_checked_in_today_and_counts_per_day(short, as_user):
    from datetime import datetime, timezone

    event, people, organizer = short
    client = as_user(organizer)
    client.get("/admin/events/?lang=en")
    url = f"/admin/events/{event.id}/checkin/"
    client.post(url, data={"code": people[0].checkin_code})
    people[0].attendances[0].checked_in_at = datetime(2026, 11, 28, 7, 42, tzinfo=timezone.utc)
    db.session.commit()
    page = client.post(url, data={"code": people[0].checkin_code}).get_data(as_text=True)
    assert "Already checked in today at 08:42." in page
    assert "1 present of 3 expected" in page and "0 present of 2 expected" in page
    assert '<span class="figure" data-expected>3</span>' in page
    assert client.get(f"{url}counts").json == {"present": 1, "expected": 3}


def test_a_certificate_lists_only_the_days_attended_and_their_hours(short):
    from cii_events.services import certificates, checkin

    event, (both, _, _), organizer = short
    day1, _ = event.days
    checkin.check_in(event, both, actor=organizer, now=_at_local(day1, 8, 5))
    db.session.commit()
    sheet = certificates.sheet(both, "en")
    assert len(sheet.when) == 1 and sheet.when[0].startswith("Saturday, 2 January 2027")
    # Day 1: the plenary (2 h) and series A (2 h); not series B of day 2, not the dinner.
    assert sheet.hours == "Hours of attendance: 4"
    assert certificates.attendance_hours(event) == 6


def test_certificates_wait_for_the_last_day_attended_and_ask_for_confirmation(short, as_user):
    from datetime import timedelta

    from cii_events.models import OutgoingMail, utcnow
    from cii_events.services import certificates

    event, (both, _, day_one_only), organizer = short
    day1, _ = event.days
    for person in (both, day_one_only):
        person.checked_in_at = utcnow()
    db.session.commit()
    after_day1 = event.day_times(day1)[1] + timedelta(minutes=1)
    found = certificates.pending(event, after_day1)
    assert [p.id for p in found.ready] == [day_one_only.id] and found.too_early == 1
    # Before the event's days ended (now), nothing may be mailed.
    client = as_user(organizer)
    url = f"/admin/events/{event.id}/certificates/send?lang=en"
    page = client.get(url).get_data(as_text=True)
    assert "2 people get theirs later" in page and 'name="confirm"' not in page
    response = client.post(url, data={"confirm": "y"})
    assert response.status_code == 422
    assert "once the last day the people attend has ended" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).where(OutgoingMail.kind == "certificate")) == 0
    assert certificates.queue_for_present(event, actor=organizer, now=after_day1) == 1


# Organizers' figures, exports and badges per day.

def test_the_dashboard_counts_confirmed_per_day_and_per_canton_per_day(short, as_user):
    event, _, organizer = short
    client = as_user(organizer)
    page = client.get(f"/admin/events/{event.id}/?lang=en").get_data(as_text=True)
    figures = page.split('id="confirmed-per-day"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'<span class="figure">(\d+)</span></a> confirmed for (\w+day)', figures) == [
        ("3", "Saturday"), ("2", "Sunday")]
    table = page.split('class="canton-table"', 1)[1].split("</table>", 1)[0]
    assert "Confirmed, 02.01.2027" in table and "Confirmed, 03.01.2027" in table
    bern = table.split(">Bern<", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="number">(\d+)</td>', bern) == ["2", "0", "2", "1"]
    # A cantonal coordinator counts their canton only, per day too.
    coordinator = make_user("zh@iiz.example.ch", Role.COORDINATOR, canton="ZH")
    page = as_user(coordinator).get(f"/admin/events/{event.id}/?lang=en").get_data(as_text=True)
    figures = page.split('id="confirmed-per-day"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'<span class="figure">(\d+)</span>', figures) == ["1", "1"]


def test_exports_have_a_column_per_day(short, as_user):
    from .test_exports import export, read_csv, read_xlsx

    event, _, organizer = short
    client = as_user(organizer)
    rows = read_csv(export(client, event, format="csv", lang="en").get_data())
    header = rows[0]
    first, second = header.index("Attends on 02.01.2027"), header.index("Attends on 03.01.2027")
    by_name = {row[header.index("Last name")]: (row[first], row[second]) for row in rows[1:]}
    assert by_name == {"Aebi": ("yes", "yes"), "Bühler": ("yes", "yes"), "Cattaneo": ("yes", "no")}
    sheet = read_xlsx(export(client, event, format="xlsx", lang="de").get_data())
    header = [cell.value for cell in sheet[1]]
    column = header.index("Nimmt teil am 03.01.2027")
    assert sorted(row[column].value for row in sheet.iter_rows(min_row=2)) == [False, True, True]
    a1 = workshop(event, "A1")
    roster = read_csv(export(client, event, format="csv", lang="en", workshop=a1.id,
                             layout="roster").get_data())
    assert roster[0][-3:-1] == ["Attends on 02.01.2027", "Attends on 03.01.2027"]  # then the role
    assert {tuple(row[-3:-1]) for row in roster[1:]} == {("yes", "yes"), ("yes", "no")}


def test_badges_for_one_days_attendees(short, as_user):
    from .test_badge_downloads import names_in

    event, _, organizer = short
    client = as_user(organizer)
    day1, day2 = event.days
    url = f"/admin/events/{event.id}/badges/badges.pdf"
    text = names_in(client.get(url, query_string={"layout": "a6", "day": day2.isoformat()}).get_data())
    assert "Aebi" in text and "Bühler" in text and "Cattaneo" not in text
    text = names_in(client.get(url, query_string={"layout": "a6", "day": day1.isoformat()}).get_data())
    assert "Cattaneo" in text
    page = client.get(f"/admin/events/{event.id}/badges/?day={day2.isoformat()}").get_data(as_text=True)
    assert 'name="day"' in page


def test_an_organizer_cannot_seat_someone_on_a_day_they_do_not_attend(short):
    from cii_events.services import attendee_changes
    from cii_events.services.errors import SlotDayNotAttended

    event, (_, _, day_one_only), organizer = short
    b2 = workshop(event, "B2")
    with pytest.raises(SlotDayNotAttended):
        attendee_changes.move(day_one_only, b2.slot_id, b2.id, actor=organizer)
    db.session.rollback()
    assert day_one_only.booking_for_slot(b2.slot_id) is None


def test_the_registration_page_lists_the_days_with_their_check_ins(short, as_user):
    from cii_events.services import checkin

    event, (both, _, day_one_only), organizer = short
    day1, _ = event.days
    checkin.check_in(event, both, actor=organizer, now=_at_local(day1, 8, 5))
    db.session.commit()
    client = as_user(organizer)
    page = client.get(f"/admin/events/{event.id}/registrations/{both.id}/?lang=en").get_data(as_text=True)
    days = page.split('class="attended-days"', 1)[1].split("</ul>", 1)[0]
    assert "Saturday, 2 January 2027 – present since 08:05" in days and "Sunday, 3 January 2027" in days
    url = f"/admin/events/{event.id}/registrations/{day_one_only.id}/?lang=en"
    page = client.get(url).get_data(as_text=True)
    assert "Sunday" not in page.split('class="attended-days"', 1)[1].split("</ul>", 1)[0]


def test_an_event_moved_to_other_dates_takes_its_registrations_days_along(short, as_user):
    from datetime import timedelta

    from cii_events.services import programme

    from .test_programme import event_form

    event, (both, _, day_one_only), organizer = short
    day1, day2 = event.days
    programme.set_day_places(event, {day2: 5}, actor=organizer)
    db.session.commit()
    client = as_user(organizer)
    moved = {name: getattr(event, name) + timedelta(days=1)
             for name in ("starts_at", "ends_at")}
    data = event_form(event, day_choice="y")
    for name, value in moved.items():
        data[name] = value.astimezone(ZURICH).strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/admin/events/{event.id}/edit", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    new1, new2 = event.days
    assert (new1, new2) == (day2, day2 + timedelta(days=1))
    assert both.days == [new1, new2] and day_one_only.days == [new1]
    assert event.day_capacity(new2) == 5 and event.day_capacity(new1) is None
    # One day more, with registrations: refused.
    data["ends_at"] = (moved["ends_at"] + timedelta(days=1)).astimezone(ZURICH).strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/admin/events/{event.id}/edit?lang=en", data=data)
    assert response.status_code == 422 and "keeps its number of days" in response.get_data(as_text=True)
