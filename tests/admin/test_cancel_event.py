"""Calling an event off: every registration cancelled, every participant told in their language."""
from __future__ import annotations

import html as html_module
from datetime import timedelta

import icalendar
import pytest
from flask_babel import gettext

from cii_events.extensions import db
from cii_events.i18n import Translated, language_locale
from cii_events.models import (AuditEntry, BookingStatus, EventStatus, OutgoingMail, RegistrationStatus, Role,
                               utcnow)
from cii_events.services import event_cancellation, registration as registrations
from cii_events.services.errors import RegistrationClosed
from cii_events.services.integrity import find_problems
from cii_events.services.mail import render
from cii_events.services.mail_delivery import deliver_due

from ..conftest import person, sign_up, workshop
from .conftest import audit_entry, make_user

REASON = {"reason_de": "Der Saal ist überflutet.", "reason_fr": "La salle est inondée.",
          "reason_it": "La sala è allagata."}


def expected(lang, msgid, **values):
    with language_locale(lang):
        return gettext(msgid, **values)


def deliver(smtp_server):
    before = len(smtp_server.messages)
    deliver_due(now=utcnow() + timedelta(days=1))
    return smtp_server.messages[before:]


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


def calendar_of(message):
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return icalendar.Calendar.from_ical(part.get_content())


@pytest.fixture
def called_off(make_event):
    """An event (4 places, A1 with one seat) with people in de, fr, it, en; waiting and cancelled ones."""
    event = make_event(event_capacity=4, capacities=(1, 10))
    people = {
        "de": sign_up(event, 1, "A1", "D", language="de"),  # seat in A1 and at the dinner
        "fr": sign_up(event, 2, "A1", language="fr"),  # a place, waiting for A1
        "it": sign_up(event, 3, "A2", language="it"),
        "en": sign_up(event, 4, "A2", language="en"),
        "waiting": sign_up(event, 5, "A2", language="de"),  # on the event's waiting list
        "gone": sign_up(event, 6, "A2", language="fr"),
    }
    registrations.cancel(people["gone"])  # already cancelled: not told again
    db.session.commit()
    organizer = make_user("orga@iiz.example.ch", Role.ORGANIZER, events=[event])
    return event, people, organizer


def test_cancelling_tells_every_active_participant_in_their_language(
        mail_app, smtp_server, called_off, as_user, told):
    event, people, organizer = called_off
    deliver(smtp_server)  # the confirmations
    client = as_user(organizer)
    url = f"/admin/events/{event.id}/cancel"

    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert "5 participants are informed by email" in page
    assert 'name="reason_it"' in page and 'lang="it"' in page
    assert "<legend>Confirmation</legend>" in page
    refused = client.post(url + "?lang=en", data=REASON)  # not confirmed: nothing happens
    assert refused.status_code == 422 and "error-summary" in refused.get_data(as_text=True)
    assert db.session.get(type(event), event.id).status is EventStatus.PUBLISHED

    response = client.post(url + "?lang=en", data={**REASON, "confirm": "y"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/admin/events/{event.id}/")
    db.session.expire_all()
    assert event.status is EventStatus.CANCELLED
    for name, registration in people.items():
        assert registration.status is RegistrationStatus.CANCELLED, name
        assert all(b.status is BookingStatus.CANCELLED for b in registration.bookings), name
    assert workshop(event, "A1").confirmed_count == 0 and workshop(event, "D").confirmed_count == 0
    assert event.confirmed_count == 0
    assert find_problems() == []
    assert told == []  # no cancellation of one person, and nobody promoted from a waiting list

    messages = {message["To"]: message for message in deliver(smtp_server)}
    assert sorted(messages) == [f"person{n}@example.ch" for n in (1, 2, 3, 4, 5)]  # not person6
    reasons = {"de": REASON["reason_de"], "fr": REASON["reason_fr"], "it": REASON["reason_it"],
               "en": REASON["reason_de"]}  # no English text: the German one, first in the order
    for n, lang in ((1, "de"), (2, "fr"), (3, "it"), (4, "en"), (5, "de")):
        message = messages[f"person{n}@example.ch"]
        assert message["Subject"] == expected(lang, "Event cancelled: %(event)s", event=f"Event [{lang}]")
        text = body(message)
        assert reasons[lang] in text
        assert expected(lang, "The attached calendar file removes the event and your workshops from "
                              "your calendar.") in text
        html = html_module.unescape(message.get_body(("html",)).get_content())
        assert reasons[lang] in html and f'<html lang="{lang}">' in html
        calendar = calendar_of(message)
        assert calendar["method"] == "CANCEL"
        assert {str(entry["status"]) for entry in calendar.walk("VEVENT")} == {"CANCELLED"}
    assert messages["person1@example.ch"]["Subject"] != "Event cancelled: Event [de]"  # translated
    kinds = db.session.scalars(db.select(OutgoingMail.kind).where(OutgoingMail.event_id == event.id)
                               .order_by(OutgoingMail.id.desc()).limit(5)).all()
    assert kinds == ["event_cancelled"] * 5

    entry = audit_entry("event.cancelled")
    assert entry.actor == organizer.email and entry.object_id == event.id
    assert entry.details["participants"] == 5 and entry.details["reason"]["fr"] == REASON["reason_fr"]


def test_without_a_reason_the_mail_says_no_more(app, called_off):
    event, people, organizer = called_off
    event_cancellation.cancel_event(event, reason=Translated({"de": "  "}), actor=organizer)
    db.session.commit()
    mail = db.session.scalars(db.select(OutgoingMail).where(
        OutgoingMail.kind == "event_cancelled", OutgoingMail.registration_id == people["it"].id)).one()
    content = render(mail)
    assert content.subject == expected("it", "Event cancelled: %(event)s", event="Event [it]")
    assert expected("it", "Message from the organizers:") not in content.text
    assert audit_entry("event.cancelled").details["reason"] is None


def test_a_second_cancellation_is_refused_in_the_organizers_language(app, called_off, as_user):
    event, _people, organizer = called_off
    client = as_user(organizer)
    assert client.post(f"/admin/events/{event.id}/cancel", data={"confirm": "y"}).status_code == 303
    mails = db.session.scalar(db.select(db.func.count(OutgoingMail.id)))
    response = client.post(f"/admin/events/{event.id}/cancel?lang=fr", data={"confirm": "y"},
                           follow_redirects=True)
    refusal = expected("fr", "This event has already been cancelled.")
    assert refusal in response.get_data(as_text=True)
    assert refusal != "This event has already been cancelled."  # translated, not the English text
    assert db.session.scalar(db.select(db.func.count(OutgoingMail.id))) == mails
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))
                             .where(AuditEntry.action == "event.cancelled")) == 1
    with pytest.raises(event_cancellation.EventAlreadyCancelled):
        event_cancellation.cancel_event(event, reason=None, actor=organizer)


@pytest.mark.parametrize("status", [EventStatus.ARCHIVED, None])
def test_an_archived_or_past_event_cannot_be_cancelled(app, make_event, status):
    event = make_event(starts=-2) if status is None else make_event(status=status)
    error = event_cancellation.EventArchived if status else event_cancellation.EventAlreadyOver
    with pytest.raises(error):
        event_cancellation.cancel_event(event, reason=None, actor=None)


def test_coordinators_and_other_organizers_are_forbidden(app, called_off, as_user):
    event, people, _organizer = called_off
    for user in (make_user("be@iiz.example.ch", Role.COORDINATOR, canton="BE"),
                 make_user("other@iiz.example.ch", Role.ORGANIZER)):
        client = as_user(user)
        assert client.get(f"/admin/events/{event.id}/cancel").status_code == 403
        assert client.post(f"/admin/events/{event.id}/cancel", data={"confirm": "y"}).status_code == 403
    db.session.expire_all()
    assert event.status is EventStatus.PUBLISHED
    assert people["de"].status is RegistrationStatus.CONFIRMED


def test_after_cancelling_nobody_registers_and_the_personal_page_says_so(app, called_off, client):
    event, people, organizer = called_off
    event_cancellation.cancel_event(event, reason=None, actor=organizer)
    db.session.commit()
    with pytest.raises(RegistrationClosed):
        registrations.register(event, person(7), {})
    db.session.rollback()
    form = client.get(f"/fr/events/{event.slug}/register").get_data(as_text=True)
    assert expected("fr", "This event has been cancelled.") in form
    token = registrations.personal_token(people["it"])
    page = client.get(f"/it/registration/{token}/").get_data(as_text=True)
    assert 'id="event-cancelled"' in page
    assert html_module.escape(expected("it", "This event has been cancelled.")) in page


def test_the_event_form_no_longer_cancels_silently(app, called_off, as_user):
    event, people, organizer = called_off
    client = as_user(organizer)
    page = client.get(f"/admin/events/{event.id}/edit?lang=en").get_data(as_text=True)
    assert 'value="cancelled"' not in page
    assert f'href="/admin/events/{event.id}/cancel"' in page
    from cii_events.services import programme
    from cii_events.services.programme import CancelThroughAction, EventData

    data = EventData.of(event)
    data.status = EventStatus.CANCELLED
    with pytest.raises(CancelThroughAction):
        programme.update_event(event, data, actor=organizer)
    db.session.rollback()
    event_cancellation.cancel_event(event, reason=None, actor=organizer)
    db.session.commit()
    page = client.get(f"/admin/events/{event.id}/edit?lang=en").get_data(as_text=True)
    assert 'value="cancelled"' in page and 'value="published"' not in page
    assert f'href="/admin/events/{event.id}/cancel"' not in page


def test_ranked_wishes_go_too_in_preferences_mode(app):
    from ..preferences_event import preferences_event, sign_up_ranked

    event = preferences_event()
    ranked = sign_up_ranked(event, 1, ["M1", "M3", "M5"], ["P1", "P2", "P3"], languages=("de", "fr"),
                            dinner=True, language="it")
    assert ranked.preferences
    cancelled = event_cancellation.cancel_event(event, reason=Translated({"fr": "Grève"}), actor=None)
    db.session.commit()
    assert cancelled == [ranked]
    assert {b.status for b in ranked.bookings} == {BookingStatus.CANCELLED}
    assert find_problems() == []
    (mail,) = db.session.scalars(db.select(OutgoingMail).where(OutgoingMail.kind == "event_cancelled")).all()
    assert "Grève" in render(mail).text  # only a French text: the Italian reader gets it
    assert audit_entry("event.cancelled").actor == "command line"


def test_the_reason_is_shown_on_the_event_page_and_the_personal_page(app, called_off, client):
    event, people, organizer = called_off
    reason = Translated({"de": "Der Saal ist überflutet.", "fr": "La salle est inondée."})
    event_cancellation.cancel_event(event, reason=reason, actor=organizer)
    db.session.commit()
    public = client.get(f"/fr/events/{event.slug}/").get_data(as_text=True)
    assert "La salle est inondée." in public
    assert html_module.escape(expected("fr", "The organizers' message:")) in public
    # Italian was not written: the reader gets the first language that was (German first).
    token = registrations.personal_token(people["it"])
    personal = client.get(f"/it/registration/{token}/").get_data(as_text=True)
    assert "Der Saal ist überflutet." in personal
    assert html_module.escape(expected("it", "The organizers' message:")) in personal


def test_without_a_reason_the_pages_show_no_message(app, called_off, client):
    event, people, organizer = called_off
    event_cancellation.cancel_event(event, reason=None, actor=organizer)
    db.session.commit()
    assert event.cancellation_reason is None
    public = client.get(f"/de/events/{event.slug}/").get_data(as_text=True)
    assert 'class="cancellation-reason"' not in public
