"""Events and programme from the back office: texts, copies, slots, workshops and their seats."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from cii_events.extensions import db
from cii_events.models import BookingStatus, Event, EventStatus, RegistrationStatus, SlotKind
from cii_events.services.integrity import find_problems

from ..conftest import sign_up, workshop
from .conftest import audit_entry

ZURICH = ZoneInfo("Europe/Zurich")


def workshop_form(w, **overrides):
    data = {"code": w.code, "title_de": w.title["de"], "title_fr": w.title["fr"], "title_it": w.title["it"],
            "title_en": w.title["en"], "room": w.room, "languages": w.languages, "moderators": w.moderators,
            "capacity": "" if w.capacity is None else str(w.capacity), "position": str(w.position)}
    data.update(overrides)
    return data


def event_form(event, **overrides):
    local = {name: getattr(event, name).astimezone(ZURICH).strftime("%Y-%m-%dT%H:%M")
             for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")}
    texts = {f"{name}_{lang}": text for name in ("title", "summary", "description", "how_to_get_there",
                                                 "privacy_notice")
             for lang, text in (getattr(event, name) or {}).items()}
    data = {"slug": event.slug, "kind": event.kind.value, "status": event.status.value, **local, **texts,
            "venue": event.venue,
            "address": event.address, "host_canton": event.host_canton or "", "languages": ["de", "fr"],
            "capacity": "" if event.capacity is None else str(event.capacity),
            "privacy_version": event.privacy_version, "retention_days": "365"}
    if event.waitlist_enabled:
        data["waitlist_enabled"] = "y"
    if event.transfers_enabled:
        data["transfers_enabled"] = "y"
    data.update(overrides)
    return data


class TestWorkshopCapacity:
    def test_raising_it_gives_the_new_seats_to_the_people_waiting_in_order(self, world, as_user, told):
        client = as_user(world.organizer)
        a1 = workshop(world.event, "A1")
        waiting = [sign_up(world.event, n, "A1", canton="VD", language=lang)
                   for n, lang in ((11, "fr"), (12, "it"), (13, "de"))]
        first_in_line = world.zh[1]  # the third to choose A1, before the three above
        response = client.post(f"/admin/events/{world.event.id}/workshops/{a1.id}/edit",
                               data=workshop_form(a1, capacity="5"))
        assert response.status_code == 303
        db.session.expire_all()
        statuses = [r.bookings[0].status for r in [first_in_line, *waiting]]
        assert statuses == [BookingStatus.CONFIRMED] * 3 + [BookingStatus.WAITLISTED]
        assert workshop(world.event, "A1").confirmed_count == 5
        assert find_problems() == []
        # The three promoted people are told (the mail module writes to each); the last one still waits.
        assert told == [("booking_promoted", r.reference) for r in [first_in_line, *waiting[:2]]]
        entry = audit_entry("workshop.updated")
        assert entry.details["capacity"] == {"from": 2, "to": 5}
        in_order = [first_in_line.reference, waiting[0].reference, waiting[1].reference]
        assert entry.details["promoted"] == in_order
        assert entry.actor == "orga@iiz.example.ch"

    def test_no_limit_admits_everyone_waiting(self, world, as_user):
        client = as_user(world.organizer)
        a1 = workshop(world.event, "A1")
        client.post(f"/admin/events/{world.event.id}/workshops/{a1.id}/edit",
                    data=workshop_form(a1, capacity=""))
        db.session.expire_all()
        assert world.zh[1].bookings[0].status is BookingStatus.CONFIRMED
        assert workshop(world.event, "A1").capacity is None
        assert find_problems() == []

    def test_lowering_it_below_the_confirmed_seats_is_refused_with_an_explanation(self, world, as_user):
        client = as_user(world.organizer)
        a2 = workshop(world.event, "A2")  # 2 confirmed: Bärtschi and Ticinese
        response = client.post(f"/admin/events/{world.event.id}/workshops/{a2.id}/edit?lang=fr",
                               data=workshop_form(a2, capacity="1"))
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert '<html lang="fr">' in page
        assert "ne peut pas être abaissée à 1" in page and "2 places confirmées" in page
        db.session.expire_all()
        assert workshop(world.event, "A2").capacity == 10
        assert find_problems() == []

    def test_lowering_it_to_the_confirmed_seats_is_fine(self, world, as_user):
        client = as_user(world.organizer)
        a2 = workshop(world.event, "A2")
        response = client.post(f"/admin/events/{world.event.id}/workshops/{a2.id}/edit",
                               data=workshop_form(a2, capacity="2"))
        assert response.status_code == 303
        db.session.expire_all()
        assert workshop(world.event, "A2").capacity == 2 and workshop(world.event, "A2").is_full
        assert find_problems() == []
        assert "All seat counts" in cli_check(world)


def cli_check(world):
    from flask import current_app

    result = current_app.test_cli_runner().invoke(args=["check"])
    assert result.exit_code == 0, result.output
    return result.output


class TestEventCapacity:
    def test_raising_it_admits_the_event_waiting_list_and_seats_workshops(
            self, app, make_event, as_user, told):
        from .conftest import make_user
        from cii_events.models import Role

        event = make_event(capacities=(1, 10), event_capacity=2)
        holders = [sign_up(event, 1, "A1"), sign_up(event, 2, "A2")]
        waiting = [sign_up(event, n, "A1", language="it") for n in (3, 4, 5)]
        assert [r.status for r in waiting] == [RegistrationStatus.WAITLISTED] * 3
        organizer = make_user("orga@iiz.example.ch", Role.ORGANIZER, events=[event])
        client = as_user(organizer)
        response = client.post(f"/admin/events/{event.id}/edit", data=event_form(event, capacity="4"))
        assert response.status_code == 303
        db.session.expire_all()
        assert [r.status for r in waiting] == [RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED,
                                               RegistrationStatus.WAITLISTED]
        # A1 has one seat, taken: the admitted people join its waiting list in their order.
        seats = [waiting[0].bookings[0].status, waiting[1].bookings[0].status]
        assert seats == [BookingStatus.WAITLISTED] * 2
        assert waiting[2].bookings[0].status is BookingStatus.REQUESTED
        assert event.confirmed_count == 4
        assert told == [("registration_admitted", waiting[0].reference),
                        ("registration_admitted", waiting[1].reference)]
        assert find_problems() == []
        assert holders[0].status is RegistrationStatus.CONFIRMED

    def test_lowering_it_below_the_confirmed_registrations_is_refused(self, world, as_user):
        client = as_user(world.organizer)
        response = client.post(f"/admin/events/{world.event.id}/edit?lang=de",
                               data=event_form(world.event, capacity="3"))
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "5 bestätigte Plätze" in page and "nicht auf 3" in page
        db.session.expire_all()
        assert db.session.get(Event, world.event.id).capacity is None
        assert find_problems() == []


class TestEventForm:
    def test_create_an_event_as_organizer_assigns_it_to_them(self, world, as_user):
        client = as_user(world.other_organizer)
        response = client.post("/admin/events/new", data={
            "slug": "iiz-seminar-2027", "kind": "seminar", "status": "draft",
            "title_de": "IIZ-Seminar Datenschutz", "title_fr": "Séminaire CII protection des données",
            "starts_at": "2027-05-12T09:00", "ends_at": "2027-05-12T16:30", "languages": ["de", "fr"],
            "waitlist_enabled": "y", "privacy_version": "2027-1", "retention_days": "365", "capacity": "80"})
        assert response.status_code == 303
        event = db.session.scalars(db.select(Event).where(Event.slug == "iiz-seminar-2027")).one()
        assert event.title["fr"] == "Séminaire CII protection des données" and "it" not in event.title
        assert event.starts_at == datetime(2027, 5, 12, 7, 0, tzinfo=timezone.utc)  # 09:00 in Zurich, summer
        assert event.capacity == 80 and event.status is EventStatus.DRAFT
        assert world.other_organizer in [u for u in db.session.scalars(db.select(type(world.admin)))
                                         if event in u.events]
        assert client.get(f"/admin/events/{event.id}/edit").status_code == 200
        # The form warns about the texts missing in Italian and English.
        page = client.get(f"/admin/events/{event.id}/edit?lang=en").get_data(as_text=True)
        assert "Texts missing in: Italian, English" in page

    def test_the_form_shows_each_language_in_its_own_tab(self, world, as_user):
        client = as_user(world.organizer)
        page = client.get(f"/admin/events/{world.event.id}/edit?lang=en").get_data(as_text=True)
        for lang in ("de", "fr", "it", "en"):
            assert f'id="texts-tab-{lang}"' in page and f'id="texts-panel-{lang}"' in page
            assert f'name="title_{lang}"' in page
        assert "/static/js/admin.js" in page
        organizers = page[page.index('id="organizers-heading"'):]
        assert "orga@iiz.example.ch" in organizers and "other@iiz.example.ch" not in organizers

    def test_a_title_in_one_language_is_required_and_slugs_are_unique(self, world, as_user):
        client = as_user(world.organizer)
        data = event_form(world.event, slug="seminar", title_de="", title_fr="", title_it="", title_en="")
        response = client.post(f"/admin/events/{world.event.id}/edit?lang=en", data=data)
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "Please give a title in at least one language." in page
        response = client.post(f"/admin/events/{world.event.id}/edit?lang=en",
                               data=event_form(world.event, slug="seminar"))
        assert response.status_code == 422
        assert "Another event already uses this web address." in response.get_data(as_text=True)

    def test_status_and_registration_window(self, world, as_user):
        client = as_user(world.organizer)
        response = client.post(f"/admin/events/{world.event.id}/edit",
                               data=event_form(world.event, status="closed",
                                               registration_closes_at="2020-01-01T12:00"))
        assert response.status_code == 422  # closing before opening
        response = client.post(f"/admin/events/{world.event.id}/edit",
                               data=event_form(world.event, status="closed"))
        assert response.status_code == 303
        db.session.expire_all()
        assert db.session.get(Event, world.event.id).status is EventStatus.CLOSED
        entry = audit_entry("event.updated")
        assert entry.details["fields"] == ["status"]


class TestCopy:
    def test_copy_last_years_event_moves_the_programme_and_keeps_the_clock_times(self, world, as_user):
        client = as_user(world.organizer)
        source = world.event
        source.reminder_days, source.canton_quota, source.canton_quotas = 3, 12, {"BE": 20}
        source.mail_texts = {"confirmed": {"intro": {"fr": "Bienvenue à Fribourg."}}}
        db.session.commit()
        response = client.get(f"/admin/events/{source.id}/copy")
        assert 'value="national-days-copy"' in response.get_data(as_text=True)
        response = client.post(f"/admin/events/{source.id}/copy",
                               data={"slug": "national-days-2027", "first_day": "2027-11-25"})
        assert response.status_code == 303
        copy = db.session.scalars(db.select(Event).where(Event.slug == "national-days-2027")).one()
        assert copy.status is EventStatus.DRAFT and copy.confirmed_count == 0
        assert copy.starts_at.astimezone(ZURICH).date() == date(2027, 11, 25)
        assert copy.starts_at.astimezone(ZURICH).time() == source.starts_at.astimezone(ZURICH).time()
        assert [s.kind for s in copy.slots] == [s.kind for s in source.slots]
        assert [w.code for s in copy.slots for w in s.workshops] == ["A1", "A2", "D"]
        assert all(w.confirmed_count == 0 for s in copy.slots for w in s.workshops)
        assert copy.title == source.title and copy.allocation_mode is source.allocation_mode
        assert (copy.reminder_days, copy.canton_quota, copy.canton_quotas) == (3, 12, {"BE": 20})
        assert copy.mail_texts == {"confirmed": {"intro": {"fr": "Bienvenue à Fribourg."}}}
        assert world.organizer in [u for u in db.session.scalars(db.select(type(world.admin)))
                                   if copy in u.events]
        assert find_problems() == []

    def test_the_suggested_slug_counts_the_year_up(self):
        from cii_events.admin.event_views import next_slug

        assert next_slug("journees-nationales-2026") == "journees-nationales-2027"
        assert next_slug("seminar-2024-bern") == "seminar-2025-bern"
        assert next_slug("seminar") == "seminar-copy"


class TestSlotsAndWorkshops:
    def test_add_a_slot_and_a_workshop(self, world, as_user):
        client = as_user(world.organizer)
        event = world.event
        response = client.post(f"/admin/events/{event.id}/slots/new", data={
            "kind": "choice", "day": event.starts_at.astimezone(ZURICH).strftime("%Y-%m-%d"),
            "start": "15:00", "end": "16:30", "title_de": "Ateliers II", "title_fr": "Ateliers II",
            "position": "0"})
        assert response.status_code == 303
        db.session.expire_all()
        slot = next(s for s in db.session.get(Event, event.id).slots if s.title.get("de") == "Ateliers II")
        assert slot.kind is SlotKind.CHOICE
        assert slot.starts_at.astimezone(ZURICH).strftime("%H:%M") == "15:00"
        response = client.post(f"/admin/events/{event.id}/slots/{slot.id}/workshops/new", data={
            "code": "B1", "title_de": "Datenaustausch", "title_fr": "Échange de données",
            "title_it": "Scambio di dati", "languages": ["de", "fr"], "capacity": "25",
            "room": "Saal 2", "moderators": "M. Rossi"})
        assert response.status_code == 303
        db.session.expire_all()
        assert [(w.code, w.capacity, w.room) for w in slot.workshops] == [("B1", 25, "Saal 2")]
        response = client.post(f"/admin/events/{event.id}/slots/{slot.id}/workshops/new", data={
            "code": "B1", "title_de": "Doppelt", "languages": ["de"]})
        assert response.status_code == 422  # the code is taken in this slot

    def test_a_booked_workshop_cannot_be_deleted_an_empty_one_can(self, world, as_user):
        client = as_user(world.organizer)
        a1, dinner = workshop(world.event, "A1"), workshop(world.event, "D")
        response = client.post(f"/admin/events/{world.event.id}/workshops/{a1.id}/delete")
        assert response.status_code == 303
        db.session.expire_all()
        assert workshop(world.event, "A1") is not None
        from cii_events.services import registration as registrations
        registrations.cancel(world.ti[0])
        db.session.commit()
        response = client.post(f"/admin/events/{world.event.id}/workshops/{dinner.id}/delete")
        assert response.status_code == 303
        db.session.expire_all()
        codes = [w.code for s in db.session.get(Event, world.event.id).slots for w in s.workshops]
        assert codes == ["A1", "A2"]
        assert find_problems() == []
