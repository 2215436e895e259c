"""The workshop allocation in the back office: an organizer sets an event to preferences mode,
people rank workshops, the deadline passes, the organizer computes, compares seeds, publishes."""
from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from flask_babel import gettext

from cii_events.extensions import db
from cii_events.i18n import language_locale
from cii_events.models import (AllocationMode, AllocationRun, AllocationRunStatus, AuditEntry, BookingStatus,
                               Event, OutgoingMail, Role)
from cii_events.services import attendee_changes, mail
from cii_events.services.integrity import find_problems

from ..conftest import at, sign_up
from ..preferences_event import close_registration, sign_up_ranked
from ..test_i18n import _english_fragments, _visible_text
from .conftest import make_user
from .test_programme import event_form

ZURICH = ZoneInfo("Europe/Zurich")
# Who ranks what (A1 has two seats, A2 and A3 one each), their correspondence language and canton.
# Four want A1 first; A2 is the first choice of one: three first choices at most. Of the three left
# for A1, the one from TI ranked A3 second: that seat goes to them, and one person waits for A1.
PEOPLE = [
    (["A1", "A2", "A3"], ("de",), "de", "BE"),
    (["A1", "A2", "A3"], ("fr",), "fr", "VD"),
    (["A1", "A3", "A2"], ("fr",), "it", "TI"),
    (["A2", "A1", "A3"], ("de",), "de", "ZH"),
    (["A1", "A2", "A3"], ("de", "fr"), "en", "GE"),
]


def expected(lang, msgid, **values):
    with language_locale(lang):
        return gettext(msgid, **values)


def local(moment):
    return moment.astimezone(ZURICH).strftime("%Y-%m-%dT%H:%M")


def text_of(response) -> str:
    return " ".join(_visible_text(response.get_data(as_text=True)).split())


def section(page: str, start: str, end: str) -> str:
    return page[page.index(start):page.index(end, page.index(start))]


@pytest.fixture
def setting(app, make_event):
    """A first-come event with three workshops in one slot (2, 1 and 1 seats), and its organizer."""
    event = make_event(capacities=(2, 1, 1), slug="national-days")
    organizer = make_user("orga@iiz.example.ch", Role.ORGANIZER, events=[event])
    return event, organizer


def to_preferences(client, event, **overrides):
    data = event_form(event, allocation_mode="preferences", allocation_at=local(at(22, 14)))
    data.update(overrides)
    return client.post(f"/admin/events/{event.id}/edit", data=data)


def register_everyone(event):
    return [sign_up_ranked(event, n, ranking, languages=followed, language=lang, canton=canton)
            for n, (ranking, followed, lang, canton) in enumerate(PEOPLE, start=1)]


def test_set_up_compute_compare_seeds_publish_and_mail_everyone(setting, as_user):
    event, organizer = setting
    client = as_user(organizer)
    assert "/allocation/" not in client.get(f"/admin/events/{event.id}/").get_data(as_text=True)

    # The organizer chooses allocation by preference in the settings.
    response = to_preferences(client, event)
    assert response.status_code == 303, text_of(response)
    db.session.expire_all()
    assert event.allocation_mode is AllocationMode.PREFERENCES
    assert local(event.allocation_at) == local(at(22, 14))
    nav = client.get(f"/admin/events/{event.id}/?lang=de").get_data(as_text=True)
    assert re.search(rf'href="/admin/events/{event.id}/allocation/"\s*>Zuteilung</a>', nav)
    people = register_everyone(event)
    assert all(b.status is BookingStatus.PREFERENCE for r in people for b in r.bookings)

    # While registration is open, nothing can be allocated: the page says so, a request is refused.
    page = text_of(client.get(f"/admin/events/{event.id}/allocation/"))
    assert "Die Anmeldung ist offen bis" in page and "noch nicht zugeteilt werden" in page
    assert "Zuteilung berechnen" not in page
    response = client.post(f"/admin/events/{event.id}/allocation/", data={"seed": "42"})
    assert response.status_code == 303
    page = text_of(client.get(response.headers["Location"]))
    assert expected("de", "Registration is still open: participants can still change their preferences. "
                          "The workshops can be allocated once the registration deadline has passed.") in page
    assert db.session.scalar(db.select(db.func.count(AllocationRun.id))) == 0

    # The deadline passes: compute with a seed, look at the figures.
    close_registration(event)
    response = client.post(f"/admin/events/{event.id}/allocation/", data={"seed": "42"})
    assert response.status_code == 303
    first = db.session.scalars(db.select(AllocationRun)).one()
    assert response.headers["Location"].endswith(f"/allocation/?run={first.id}")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    page = " ".join(_visible_text(html).split())
    assert "Die Zuteilung wurde mit dem Startwert 42 berechnet." in page
    assert "Zuteilung mit Startwert 42 (Entwurf)" in page
    # Per slot and in all: five placements, three first choices, one second, one waiting.
    total = " ".join(_visible_text(section(html, "<tfoot>", "</tfoot>")).split())
    assert total == "Alle Zeitfenster 5 3 (60%) 1 (20%) 0 (0%) 0 (0%) 1 (20%) 0 (0%)"
    cantons = " ".join(_visible_text(section(html, "Erhaltene Wahl pro Kanton", "</table>")).split())
    assert "Tessin 1 0 (0%) 1 (100%) 0 (0%)" in cantons and "Zürich 1 1 (100%) 0 (0%)" in cantons
    languages = " ".join(_visible_text(section(html, "pro Korrespondenzsprache", "</table>")).split())
    assert "Italienisch 1 0 (0%) 1 (100%)" in languages
    fill = " ".join(_visible_text(section(html, 'id="fill-heading"', 'id="people-heading"')).split())
    assert "A1 Workshop A1 [de] (DE, FR) 2 0 2 0 1 4 2 von 2 Plätzen belegt" in fill
    assert "A3 Workshop A3 [de] (DE, FR) 1 0 1 0 0 0 1 von 1 Plätzen belegt" in fill
    placements = " ".join(_visible_text(section(html, 'id="people-heading"', "</table>")).split())
    assert "Muster, Anna3 Tessin A3 Workshop A3 [de] · 2. Wahl" in placements
    assert "Muster, Anna4 Zürich A2 Workshop A2 [de] · 1. Wahl" in placements
    assert "Warteliste für A1 Workshop A1 [de], Platz 1" in placements

    # Another seed: the same numbers (the optimum), perhaps other people; both drafts are listed.
    response = client.post(f"/admin/events/{event.id}/allocation/", data={"seed": ""})
    assert response.status_code == 303
    second = db.session.scalars(db.select(AllocationRun).where(AllocationRun.id != first.id)).one()
    assert second.statistics["objective"] == first.statistics["objective"] == [3, 1, 0, 0]
    runs = text_of(client.get(f"/admin/events/{event.id}/allocation/?run={second.id}"))
    assert runs.count("Entwurf") >= 2 and f"Zuteilung mit Startwert {second.seed} (Entwurf)" in runs

    # Set the first draft aside; publish the second after confirming.
    response = client.post(f"/admin/events/{event.id}/allocation/{first.id}/discard")
    assert response.status_code == 303
    page = text_of(client.get(response.headers["Location"]))
    assert "Der Entwurf mit Startwert 42 wurde verworfen." in page and "Verworfen" in page
    confirm = client.get(f"/admin/events/{event.id}/allocation/{second.id}/publish")
    assert confirm.status_code == 200
    assert f"Zuteilung mit Startwert {second.seed} veröffentlichen?" in text_of(confirm)
    refused = client.post(f"/admin/events/{event.id}/allocation/{second.id}/publish", data={})
    assert refused.status_code == 422 and "Bitte bestätigen Sie die Veröffentlichung." in text_of(refused)
    mails_before = db.session.scalar(db.select(db.func.max(OutgoingMail.id)))
    response = client.post(f"/admin/events/{event.id}/allocation/{second.id}/publish", data={"confirm": "y"})
    assert response.status_code == 303
    page = text_of(client.get(response.headers["Location"]))
    assert ("Die Zuteilung wurde veröffentlicht. Vergebene Plätze: 4; auf Wartelisten: 1. "
            "5 E-Mails in der Warteschlange; bisher 0 gesendet.") in page
    assert "gilt von nun an die Reihenfolge der Anmeldung" in page
    assert "Zuteilung berechnen" not in page and "veröffentlichen …" not in page
    db.session.expire_all()
    assert db.session.get(AllocationRun, second.id).status is AllocationRunStatus.PUBLISHED
    assert db.session.get(AllocationRun, first.id).status is AllocationRunStatus.DISCARDED

    # Everyone is written to in their own language, whatever the organizer's page was in.
    mails = db.session.scalars(db.select(OutgoingMail).where(OutgoingMail.id > mails_before)).all()
    assert sorted((m.recipient, m.language) for m in mails) == sorted(
        (f"person{n}@example.ch", lang) for n, (_r, _f, lang, _c) in enumerate(PEOPLE, start=1))
    for message in mails:
        lang = message.language
        assert mail.content(message).subject == expected(lang, "Your workshops: %(event)s",
                                                         event=f"Event [{lang}]")
    # Publishing again, in French this time: a clear refusal, nothing changed.
    response = client.post(f"/admin/events/{event.id}/allocation/{second.id}/publish?lang=fr",
                           data={"confirm": "y"})
    assert response.status_code == 303
    assert "L'attribution de cette manifestation a déjà été publiée." in text_of(
        client.get(response.headers["Location"]))
    assert db.session.scalar(db.select(db.func.max(OutgoingMail.id))) == max(m.id for m in mails)

    query = db.select(AuditEntry).where(AuditEntry.object_type == "allocation_run")
    entries = db.session.scalars(query).all()
    assert sorted(entry.action for entry in entries) == [
        "allocation.computed", "allocation.computed", "allocation.discarded", "allocation.published"]
    assert {entry.actor for entry in entries} == {organizer.email}
    assert find_problems() == []

    # The mode cannot go back to first come now.
    response = to_preferences(client, event, allocation_mode="first_come")
    assert response.status_code == 422
    assert "le mode d'attribution ne peut donc plus être modifié" in text_of(response)  # still French


def test_only_organizers_of_the_event_and_admins_allocate(setting, as_user, make_event):
    event, organizer = setting
    event.allocation_mode = AllocationMode.PREFERENCES
    db.session.commit()
    coordinator = make_user("be@iiz.example.ch", Role.COORDINATOR, canton="BE")
    other = make_user("other@iiz.example.ch", Role.ORGANIZER, events=[make_event()])
    admin = make_user("admin@iiz.example.ch", Role.ADMIN)
    for user, answer in ((coordinator, 403), (other, 403), (organizer, 200), (admin, 200)):
        client = as_user(user)
        assert client.get(f"/admin/events/{event.id}/allocation/").status_code == answer, user.email
        if answer == 403:
            assert client.post(f"/admin/events/{event.id}/allocation/", data={}).status_code == 403
            dashboard = client.get(f"/admin/events/{event.id}/").get_data(as_text=True)
            assert "/allocation/" not in dashboard
    assert db.session.scalar(db.select(db.func.count(AllocationRun.id))) == 0


def test_the_settings_check_the_allocation_mode_and_date(setting, as_user):
    event, organizer = setting
    client = as_user(organizer)
    response = to_preferences(client, event, allocation_at="", registration_closes_at="")
    assert response.status_code == 422
    page = text_of(response)
    assert expected("de", "Please give the date of the allocation: participants are told when they learn "
                          "their workshops.") in page
    assert expected("de", "Allocation by preference needs a registration deadline: the workshops are "
                          "allocated after it.") in page
    response = client.post(f"/admin/events/{event.id}/edit?lang=fr", data=event_form(
        event, allocation_mode="preferences", allocation_at=local(at(19))))
    assert response.status_code == 422
    assert "Les ateliers ne peuvent pas être attribués avant le délai d'inscription." in text_of(response)
    response = client.post(f"/admin/events/{event.id}/edit?lang=it", data=event_form(
        event, allocation_mode="preferences", allocation_at=local(at(31))))
    assert response.status_code == 422
    assert "prima dell'inizio dell'evento" in text_of(response)

    # Once somebody holds a seat, the mode stays: their seat would become a ranking, or be lost.
    sign_up(event, 1, "A1")
    response = to_preferences(client, event)
    assert response.status_code == 422
    assert expected("it", "The allocation mode can no longer be changed: participants have already chosen or "
                          "ranked workshops, and their choices would be lost.") in text_of(response)
    db.session.expire_all()
    assert db.session.get(Event, event.id).allocation_mode is AllocationMode.FIRST_COME
    assert find_problems() == []


def test_a_change_after_computing_makes_the_draft_outdated(setting, as_user):
    event, organizer = setting
    client = as_user(organizer)
    assert to_preferences(client, event).status_code == 303
    people = register_everyone(event)
    close_registration(event)
    client.post(f"/admin/events/{event.id}/allocation/", data={"seed": "5"})
    run = db.session.scalars(db.select(AllocationRun)).one()
    attendee_changes.cancel(people[0], actor=organizer, reason="")
    db.session.commit()
    page = text_of(client.get(f"/admin/events/{event.id}/allocation/?lang=it"))
    assert "(Non aggiornata)" in page
    assert "Ricalcolare con un altro valore iniziale" in page and "Pubblicare questa assegnazione" not in page
    response = client.get(f"/admin/events/{event.id}/allocation/{run.id}/publish")
    assert response.status_code == 303
    assert expected("it", "Registrations or seats have changed since this allocation was computed. "
                          "Please compute it again before publishing.") in text_of(
        client.get(response.headers["Location"]))
    response = client.post(f"/admin/events/{event.id}/allocation/{run.id}/publish", data={"confirm": "y"})
    assert response.status_code == 303
    assert db.session.get(AllocationRun, run.id).status is AllocationRunStatus.DRAFT
    assert find_problems() == []


def test_a_seed_must_be_a_whole_number_and_unknown_runs_do_not_exist(setting, as_user):
    event, organizer = setting
    client = as_user(organizer)
    assert to_preferences(client, event).status_code == 303
    close_registration(event)
    response = client.post(f"/admin/events/{event.id}/allocation/?lang=fr", data={"seed": "abc"})
    assert response.status_code == 422
    assert expected("fr", "Please enter a whole number, e.g. 40.") in text_of(response)
    response = client.post(f"/admin/events/{event.id}/allocation/", data={"seed": "-1"})
    assert response.status_code == 422
    assert client.get(f"/admin/events/{event.id}/allocation/?run=999").status_code == 404
    assert client.get(f"/admin/events/{event.id}/allocation/999/publish").status_code == 404
    assert db.session.scalar(db.select(db.func.count(AllocationRun.id))) == 0


@pytest.mark.parametrize("lang", ("de", "fr", "it"))
def test_no_english_is_left_on_the_allocation_pages(setting, as_user, lang):
    event, organizer = setting
    client = as_user(organizer)
    assert to_preferences(client, event).status_code == 303
    register_everyone(event)
    client.get(f"/admin/events/{event.id}/?lang={lang}")
    pages = {"open": client.get(f"/admin/events/{event.id}/allocation/")}
    close_registration(event)
    pages["ready"] = client.get(f"/admin/events/{event.id}/allocation/")
    pages["bad seed"] = client.post(f"/admin/events/{event.id}/allocation/", data={"seed": "x"})
    client.post(f"/admin/events/{event.id}/allocation/", data={"seed": "1"})
    client.post(f"/admin/events/{event.id}/allocation/", data={"seed": "2"})
    first, second = db.session.scalars(db.select(AllocationRun).order_by(AllocationRun.id)).all()
    client.post(f"/admin/events/{event.id}/allocation/{first.id}/discard")
    pages["drafts"] = client.get(f"/admin/events/{event.id}/allocation/?run={first.id}")
    pages["confirm"] = client.get(f"/admin/events/{event.id}/allocation/{second.id}/publish")
    pages["not confirmed"] = client.post(f"/admin/events/{event.id}/allocation/{second.id}/publish", data={})
    response = client.post(f"/admin/events/{event.id}/allocation/{second.id}/publish", data={"confirm": "y"})
    pages["published"] = client.get(response.headers["Location"])
    pages["settings"] = client.get(f"/admin/events/{event.id}/edit")
    fragments = _english_fragments(lang)
    for name, response in pages.items():
        page = response.get_data(as_text=True)
        assert f'<html lang="{lang}">' in page, name
        text = _visible_text(page)
        leftovers = [fragment for fragment in fragments if fragment in text]
        assert not leftovers, f"{lang} {name}: English left: {leftovers}"
        assert not re.search(r"\b(None|Undefined)\b", text), name


def test_the_page_is_accessible_by_structure(setting, as_user):
    """Labels, captions, header scopes and texts beside every colour (axe-core checks the rest)."""
    event, organizer = setting
    client = as_user(organizer)
    assert to_preferences(client, event).status_code == 303
    register_everyone(event)
    close_registration(event)
    response = client.post(f"/admin/events/{event.id}/allocation/", data={"seed": "3"})
    html = client.get(response.headers["Location"] + "&lang=en").get_data(as_text=True)
    assert '<label for="seed">Seed (optional)</label>' in html
    assert 'aria-describedby="seed-hint"' in html
    assert html.count("<table") == html.count("<caption") == 6  # runs, 3 share tables, fill, placements
    assert not re.search(r"<th(?![a-z])(?![^>]*scope=)[^>]*>", html)
    assert '<tr aria-current="true">' in html and "Shown below" in html
    for button in re.findall(r"<button[^>]*>(.*?)</button>", html, flags=re.S):
        assert button.strip(), "a button without text"
    assert "1st choice" in html and "Waiting list for A1" in html  # outcomes in words, not colours
