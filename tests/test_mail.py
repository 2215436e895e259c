"""Mail: every change of a registration mailed in the participant's language, delivered once."""
from __future__ import annotations

import html as html_module
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from flask_babel import gettext

from cii_events.extensions import db
from cii_events.i18n import language_locale
from cii_events.models import MailStatus, OutgoingMail, utcnow
from cii_events.services import registration as registrations
from cii_events.services.errors import WorkshopFull
from cii_events.services.mail_delivery import deliver_due

from .conftest import sign_up, workshop
from .smtp import SMTPServer, free_port

LANGUAGES = ("de", "fr", "it", "en")
ZURICH = ZoneInfo("Europe/Zurich")
BIN = Path(sys.executable).parent


def delivered(smtp_server, count):
    report = deliver_due(now=utcnow() + timedelta(days=1))
    assert len(report.sent) == count, report
    return smtp_server.messages[-count:] if count else []


def bodies(message):
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


def calendar_of(message):
    parts = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return icalendar.Calendar.from_ical(parts[0].get_content())


def expected(lang, msgid, **values):
    with language_locale(lang):
        return gettext(msgid, **values)


def opens_registration(client, message, registration, lang):
    link = re.search(r"https?://[^\s\"<]+/registration/[A-Za-z0-9_-]+/", bodies(message)[0]).group(0)
    assert f"/{lang}/registration/" in link
    page = client.get(link.split("localhost", 1)[-1]).get_data(as_text=True)
    assert registration.reference[:4] in page
    return link


@pytest.mark.parametrize("lang", LANGUAGES)
def test_confirmation_in_the_participants_language_with_calendar(
        mail_app, smtp_server, client, make_event, lang):
    event = make_event()
    registration = sign_up(event, 1, "A1", "D", language=lang)
    (message,) = delivered(smtp_server, 1)
    assert message["To"] == "person1@example.ch"
    assert message["Subject"] == expected(lang, "Registration confirmed: %(event)s", event=f"Event [{lang}]")
    if lang != "en":
        assert message["Subject"] != f"Registration confirmed: Event [{lang}]"
    text, html = bodies(message)
    assert f"Workshop A1 [{lang}]" in text and f"Workshop A1 [{lang}]" in html
    assert expected(lang, "Seat confirmed") in text
    assert f'<html lang="{lang}">' in html
    assert message["Content-Language"] == lang
    opens_registration(client, message, registration, lang)

    calendar = calendar_of(message)
    entries = {str(entry["uid"]): entry for entry in calendar.walk("VEVENT")}
    assert len(entries) == 3  # the event, workshop A1 and the dinner
    a1 = workshop(event, "A1")
    slot_entry = entries[f"{registration.reference.lower()}-slot-{a1.slot_id}@iiz-cii.example.ch"]
    start = slot_entry.decoded("dtstart")
    assert start.tzinfo is not None and str(start.tzinfo) in ("Europe/Zurich", "CET", "CEST")
    assert start == a1.slot.starts_at.astimezone(ZURICH)
    assert calendar.walk("VTIMEZONE")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_waiting_list_promotion_change_and_cancellation_mails(
        mail_app, smtp_server, client, make_event, lang):
    event = make_event(capacities=(1, 5))
    holder = sign_up(event, 1, "A1", language="de")
    waiting = sign_up(event, 2, "A1", language=lang)
    delivered(smtp_server, 2)

    registrations.cancel(holder)
    db.session.commit()
    cancelled, promoted = sorted(delivered(smtp_server, 2), key=lambda m: m["To"])
    assert cancelled["Subject"] == expected("de", "Registration cancelled: %(event)s", event="Event [de]")
    assert calendar_of(cancelled)["method"] == "CANCEL"
    assert promoted["To"] == "person2@example.ch"
    assert promoted["Subject"] == expected(lang, "You have a seat in %(workshop)s",
                                           workshop=f"Workshop A1 [{lang}]")
    opens_registration(client, promoted, waiting, lang)
    first_calendar = calendar_of(promoted)

    a2 = workshop(event, "A2")
    registrations.change_workshops(waiting, {a2.slot_id: a2.id})
    db.session.commit()
    (changed,) = delivered(smtp_server, 1)
    assert changed["Subject"] == expected(lang, "Registration changed: %(event)s", event=f"Event [{lang}]")
    assert f"Workshop A2 [{lang}]" in bodies(changed)[0]
    # The same UID with a higher sequence: the calendar replaces the A1 entry by the A2 one.
    before = {str(e["uid"]): e for e in first_calendar.walk("VEVENT")}
    after = {str(e["uid"]): e for e in calendar_of(changed).walk("VEVENT")}
    slot_uid = f"{waiting.reference.lower()}-slot-{a2.slot_id}@iiz-cii.example.ch"
    assert "A1" in str(before[slot_uid]["summary"]) and "A2" in str(after[slot_uid]["summary"])
    assert after[slot_uid]["sequence"] > before[slot_uid]["sequence"]  # grows, or calendars keep the old


def test_event_waiting_list_mail_gives_the_position(mail_app, smtp_server, make_event):
    event = make_event(event_capacity=1)
    sign_up(event, 1, "A1")
    sign_up(event, 2, "A1", language="it")
    message = delivered(smtp_server, 2)[-1]
    assert message["Subject"] == expected("it", "Waiting list: %(event)s", event="Event [it]")
    assert expected("it", "Thank you for registering. The event is fully booked: you are on the "
                          "waiting list, place %(num)d.", num=1) in bodies(message)[0]
    assert not list(message.iter_attachments())


def test_a_french_request_mails_the_promoted_german_speaker_in_german(
        mail_app, smtp_server, client, make_event):
    event = make_event(capacities=(1, 5))
    holder = sign_up(event, 1, "A1", language="fr")
    sign_up(event, 2, "A1", language="de")
    delivered(smtp_server, 2)
    token = registrations.personal_token(holder)
    assert client.post(f"/fr/registration/{token}/cancel", data={"confirm": "y"}).status_code == 303
    messages = {m["To"]: m for m in delivered(smtp_server, 2)}
    german = messages["person2@example.ch"]
    assert german["Subject"] == expected("de", "You have a seat in %(workshop)s", workshop="Workshop A1 [de]")
    assert "Platz" in bodies(german)[0] or "Workshop A1 [de]" in bodies(german)[0]
    assert messages["person1@example.ch"]["Subject"] == expected(
        "fr", "Registration cancelled: %(event)s", event="Event [fr]")


def test_a_rolled_back_change_queues_nothing(mail_app, smtp_server, make_event):
    event = make_event(capacities=(1, 5), waitlist=False)
    sign_up(event, 1, "A1")
    with pytest.raises(WorkshopFull):
        sign_up(event, 2, "A1")
    db.session.rollback()
    assert db.session.query(OutgoingMail).count() == 1
    delivered(smtp_server, 1)


def test_registering_while_the_mail_server_is_down(app, make_event, cli):
    port = free_port()
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                      MAIL_SEND_AFTER_COMMIT=False, MAIL_TIMEOUT_SECONDS=2)
    event = make_event()
    sign_up(event, 1, "A1")  # the registration itself succeeds
    report = deliver_due()
    assert len(report.retrying) == 1
    mail = db.session.query(OutgoingMail).one()
    assert mail.status is MailStatus.QUEUED and mail.attempts == 1 and "cannot connect" in mail.last_error
    assert mail.next_attempt_at > utcnow() + timedelta(seconds=30)  # it waits before trying again

    server = SMTPServer(port).start()
    try:
        mail.next_attempt_at = utcnow()
        db.session.commit()
        result = cli.invoke(args=["mail", "send"])
        assert result.exit_code == 0 and "1 sent" in result.output
        assert cli.invoke(args=["mail", "send"]).output.startswith("Mail: 0 sent")
        assert len(server.messages) == 1
    finally:
        server.stop()


def test_temporary_failures_back_off_and_permanent_ones_fail(mail_app, smtp_server, make_event):
    event = make_event()
    sign_up(event, 1, "A1", email="later-1@example.ch")
    sign_up(event, 2, "A1", email="reject-2@example.ch")
    report = deliver_due()
    assert len(report.retrying) == 1 and len(report.failed) == 1
    later = db.session.query(OutgoingMail).filter_by(recipient="later-1@example.ch").one()
    rejected = db.session.query(OutgoingMail).filter_by(recipient="reject-2@example.ch").one()
    assert rejected.status is MailStatus.BOUNCED and "550" in rejected.last_error
    first_wait = later.next_attempt_at - utcnow()
    deliver_due(now=later.next_attempt_at + timedelta(seconds=1))
    db.session.refresh(later)
    assert later.attempts == 2 and later.next_attempt_at - utcnow() > first_wait * 1.5
    mail_app.config["MAIL_MAX_ATTEMPTS"] = 3
    deliver_due(now=later.next_attempt_at + timedelta(seconds=1))
    db.session.refresh(later)
    assert later.status is MailStatus.FAILED and "451" in later.last_error
    assert smtp_server.messages == []


def test_a_mail_left_by_a_dead_worker_is_sent_after_its_lease(mail_app, smtp_server, make_event):
    event = make_event()
    sign_up(event, 1, "A1")
    mail = db.session.query(OutgoingMail).one()
    mail.status, mail.next_attempt_at = MailStatus.SENDING, utcnow() + timedelta(minutes=5)
    db.session.commit()
    assert deliver_due().sent == []  # another worker holds it
    assert len(deliver_due(now=utcnow() + timedelta(minutes=6)).sent) == 1


def test_send_link_answers_the_same_and_mails_only_the_registered(mail_app, smtp_server, client, make_event):
    event = make_event()
    registration = sign_up(event, 1, "A1", language="it")
    delivered(smtp_server, 1)
    answers = []
    for address in ("PERSON1@example.ch", "nobody@example.ch"):
        response = client.post(f"/fr/events/{event.slug}/send-link", data={"email": address},
                               follow_redirects=True)
        answers.append((response.status_code, response.get_data(as_text=True)))
    assert answers[0] == answers[1]
    (message,) = delivered(smtp_server, 1)
    assert message["Subject"] == expected("it", "Your personal link: %(event)s", event="Event [it]")
    opens_registration(client, message, registration, "it")


def test_file_backend_writes_readable_eml_files(app, make_event):
    app.config.update(MAIL_BACKEND="file")
    event = make_event()
    sign_up(event, 1, "A1", language="fr")
    deliver_due()
    folder = Path(app.instance_path) / "mail"
    files = sorted(folder.glob("*-confirmed.eml"))
    assert files and "Subject:" in files[-1].read_text()


@pytest.mark.server
def test_two_workers_deliver_fifty_mails_exactly_once(
        mail_app, smtp_server, make_event, database_url, instance_dir):
    event = make_event(capacities=(100, 100))
    for n in range(50):
        sign_up(event, n, "A1")
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
           "CII_INSTANCE_PATH": str(instance_dir), "MAIL_BACKEND": "smtp",
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_server.port)}
    command = [str(BIN / "cii-events"), "mail", "send"]
    # Small batches so that both workers take turns on the queue.
    workers = [subprocess.Popen(command, env={**env, "MAIL_BATCH_SIZE": "5"}, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers), outputs
    ids = [message["Message-ID"] for message in smtp_server.messages]
    assert len(ids) == 50 and len(set(ids)) == 50
    db.session.rollback()
    assert db.session.query(OutgoingMail).filter_by(status=MailStatus.SENT).count() == 50


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_kind_of_mail_in_every_language(mail_app, smtp_server, client, make_event, lang):
    """Waiting list, promotion, change, cancellation and the link: subject and body in `lang`."""
    event = make_event(event_capacity=1, capacities=(5, 5))
    first = sign_up(event, 1, "A1", language="en")
    second = sign_up(event, 2, "A1", language=lang)
    delivered(smtp_server, 2)
    kinds = {}

    (kinds["waitlisted"],) = [m for m in smtp_server.messages if m["To"] == "person2@example.ch"]
    registrations.cancel(first)
    db.session.commit()
    kinds["promoted"] = [m for m in delivered(smtp_server, 2) if m["To"] == "person2@example.ch"][0]
    a2 = workshop(event, "A2")
    registrations.change_workshops(second, {a2.slot_id: a2.id})
    db.session.commit()
    (kinds["changed"],) = delivered(smtp_server, 1)
    client.post(f"/en/events/{event.slug}/send-link", data={"email": "person2@example.ch"})
    (kinds["link"],) = delivered(smtp_server, 1)
    registrations.cancel(second)
    db.session.commit()
    (kinds["cancelled"],) = delivered(smtp_server, 1)

    title = f"Event [{lang}]"
    subjects = {"waitlisted": ("Waiting list: %(event)s", {"event": title}),
                "promoted": ("A place is free for you: %(event)s", {"event": title}),
                "changed": ("Registration changed: %(event)s", {"event": title}),
                "link": ("Your personal link: %(event)s", {"event": title}),
                "cancelled": ("Registration cancelled: %(event)s", {"event": title})}
    sentences = {"waitlisted": "As soon as a place becomes free, it goes to the first person on the waiting "
                               "list, and we will write to you.",
                 "promoted": "Good news: a place at the event has become free and is now yours. "
                             "Your registration is confirmed.",
                 "changed": "Your registration has been changed. This is how it stands now:",
                 "link": "You asked for the link to your registration. If it was not you, you can ignore "
                         "this message.",
                 "cancelled": "The attached calendar file removes the entries from your calendar. You are "
                              "welcome to register again as long as registration is open."}
    for kind, message in kinds.items():
        msgid, values = subjects[kind]
        assert message["Subject"] == expected(lang, msgid, **values), kind
        text, html = bodies(message)
        sentence = expected(lang, sentences[kind])
        assert sentence in text, kind
        assert sentence in html_module.unescape(html), kind
        assert expected(lang, "Dear %(name)s", name="Anna2 Muster") in text, kind
        if kind != "cancelled":
            opens_registration(client, message, second, lang)


def test_delivery_right_after_the_commit(mail_app, smtp_server, client, make_event):
    mail_app.config["MAIL_SEND_AFTER_COMMIT"] = True
    event = make_event()
    a1 = workshop(event, "A1")
    data = {"first_name": "Ursina", "last_name": "Caduff", "email": "ursina@example.ch",
            "organisation": "Amt für Berufsbildung", "institution_type": "vocational", "canton": "GR",
            "language": "it", "privacy_consent": "y", f"slot_{a1.slot_id}": str(a1.id),
            f"slot_{workshop(event, 'D').slot_id}": ""}
    response = client.post(f"/de/events/{event.slug}/register", data=data)
    assert response.status_code == 303
    response.close()  # what the server does once the response is sent
    assert [m["To"] for m in smtp_server.messages] == ["ursina@example.ch"]
    assert smtp_server.messages[0]["Subject"] == expected("it", "Registration confirmed: %(event)s",
                                                          event="Event [it]")
    db.session.rollback()
    assert db.session.query(OutgoingMail).one().status is MailStatus.SENT
