"""The outbox in the back office: counts, the list, a mail as sent, retry and cancel; honest messages
after bulk actions; warnings on the dashboards; texts that would break mail headers refused."""
from __future__ import annotations

from datetime import timedelta

import pytest

from cii_events.extensions import db
from cii_events.models import Event, MailStatus, OutgoingMail, utcnow
from cii_events.services.mail_delivery import deliver_due

from ..conftest import workshop
from .conftest import MESSAGE_TEXTS
from .test_programme import event_form, workshop_form


def mails_of(registration):
    return db.session.scalars(db.select(OutgoingMail).where(OutgoingMail.registration_id == registration.id)
                              .order_by(OutgoingMail.id)).all()


def test_the_outbox_counts_lists_and_shows_a_mail(world, as_user):
    client = as_user(world.organizer)
    page = client.get("/admin/outbox/?lang=en").get_data(as_text=True)
    assert "Outbox" in page and "Event [en]" in page and "Confirmation" in page
    assert "person1@example.ch" in page and "person6@example.ch" not in page  # not the other event's
    confirmation = mails_of(world.be[1])[0]
    shown = client.get(f"/admin/outbox/{confirmation.id}/?lang=en").get_data(as_text=True)
    assert "Workshop A2 [fr]" in shown and "personal-link-secret" in shown  # in the recipient's language
    frame = client.get(f"/admin/outbox/{confirmation.id}/html")
    assert frame.status_code == 200 and "frame-ancestors 'self'" in frame.headers["Content-Security-Policy"]
    assert as_user(world.coordinator_be).get(f"/admin/outbox/{confirmation.id}/").status_code == 403
    assert as_user(world.other_organizer).get(f"/admin/outbox/{confirmation.id}/").status_code == 404


def test_retry_a_failed_mail_and_cancel_a_queued_one_from_the_page(world, as_user):
    client = as_user(world.organizer)
    failed, queued = mails_of(world.be[0])[0], mails_of(world.zh[0])[0]
    failed.status, failed.last_error, failed.attempts = MailStatus.FAILED, "550 no such user", 8
    db.session.commit()
    page = client.get("/admin/outbox/?status=failed&lang=en").get_data(as_text=True)
    assert "550 no such user" in page and "Send again" in page
    response = client.post(f"/admin/outbox/{failed.id}/retry", follow_redirects=True)
    assert "queued again" in response.get_data(as_text=True)
    client.post(f"/admin/outbox/{queued.id}/cancel")
    db.session.expire_all()
    assert (failed.status, failed.attempts) == (MailStatus.QUEUED, 0)
    assert queued.status is MailStatus.CANCELLED
    deliver_due(now=utcnow() + timedelta(minutes=1))
    db.session.expire_all()
    assert failed.status is MailStatus.SENT and queued.status is MailStatus.CANCELLED
    assert client.post(f"/admin/outbox/{queued.id}/cancel", follow_redirects=True).status_code == 200


def test_a_bulk_action_says_what_is_true_with_a_link_to_the_outbox(world, as_user):
    client = as_user(world.organizer)
    url = f"/admin/events/{world.event.id}/messages/new?canton=BE&lang=en"
    client.post(url, data={**MESSAGE_TEXTS, "action": "preview"})
    response = client.post(url, data={**MESSAGE_TEXTS, "action": "send", "previewed": "2"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "2 mails queued; 0 sent so far." in page
    assert f'href="/admin/outbox/?event={world.event.id}"' in page
    assert "on its way" not in page and "informed" not in page


def test_the_dashboards_warn_about_mails_that_wait_or_failed(world, as_user):
    client = as_user(world.organizer)
    assert "mail worker" not in client.get("/admin/events/?lang=en").get_data(as_text=True)
    mail = mails_of(world.be[0])[0]
    mail.created_at = utcnow() - timedelta(minutes=15)
    db.session.commit()
    for url in ("/admin/events/?lang=en", f"/admin/events/{world.event.id}/?lang=en"):
        page = client.get(url).get_data(as_text=True)
        assert "more than 10 minutes" in page and "the mail worker may not be running" in page
    other = as_user(world.other_organizer).get("/admin/events/?lang=en").get_data(as_text=True)
    assert "more than 10 minutes" not in other


@pytest.mark.parametrize("bad", ["Tagung\nBcc: x@example.ch", "Tagung\u2028zwei", "Tagung\x00", "Tab\there"])
def test_texts_that_end_in_mail_headers_refuse_line_breaks_and_control_characters(world, as_user, bad):
    client = as_user(world.organizer)
    event = world.event
    response = client.post(f"/admin/events/{event.id}/edit?lang=de", data=event_form(event, title_de=bad))
    assert response.status_code == 422
    assert "ohne Zeilenumbrüche" in response.get_data(as_text=True)
    response = client.post(f"/admin/events/{event.id}/edit", data=event_form(event, venue=bad))
    assert response.status_code == 422
    a1 = workshop(event, "A1")
    assert client.post(f"/admin/events/{event.id}/workshops/{a1.id}/edit",
                       data=workshop_form(a1, title_fr=bad)).status_code == 422
    response = client.post(f"/admin/events/{event.id}/messages/new?canton=BE",
                           data={**MESSAGE_TEXTS, "subject_de": bad, "action": "preview"})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Event, event.id).title["de"] == "Event [de]"


def test_the_reminder_days_are_set_in_the_event_form(world, as_user):
    client = as_user(world.organizer)
    response = client.post(f"/admin/events/{world.event.id}/edit",
                           data=event_form(world.event, reminder_days="3"))
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Event, world.event.id).reminder_days == 3


def test_mail_texts_are_previewed_in_each_language_then_saved(world, as_user):
    client = as_user(world.organizer)
    url = f"/admin/events/{world.event.id}/mail-texts?lang=en"
    assert client.get(url).status_code == 200
    data = {"confirmed_intro_fr": "Bienvenue à Berne !", "reminder_closing_de": "Bis bald in Bern."}
    preview = client.post(url, data={**data, "action": "preview"}).get_data(as_text=True)
    assert preview.count("Bienvenue à Berne !") >= 4  # every language falls back to the French text
    assert "Bis bald in Bern." in preview
    assert db.session.get(Event, world.event.id).mail_texts is None  # a preview saves nothing
    assert client.post(url, data={**data, "action": "save"}).status_code == 303
    db.session.expire_all()
    saved = db.session.get(Event, world.event.id).mail_texts
    assert saved["confirmed"]["intro"]["fr"] == "Bienvenue à Berne !"
    assert saved["reminder"]["closing"]["de"] == "Bis bald in Bern."
