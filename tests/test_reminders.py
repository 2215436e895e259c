"""The reminder before the event: once per confirmed participant, in their language; texts per event."""
from __future__ import annotations

from datetime import timedelta

import pytest

from cii_events.extensions import db
from cii_events.models import OutgoingMail, utcnow
from cii_events.services import mail_texts, reminders
from cii_events.services.mail_delivery import deliver_due
from cii_events.services.mail_worker import one_round

from .conftest import sign_up
from .test_mail import bodies, calendar_of, expected

LANGUAGES = ("de", "fr", "it", "en")


def test_reminder_exactly_once_per_person_in_four_languages(mail_app, smtp_server, make_event, cli):
    event = make_event(event_capacity=4, starts=5)  # starts in 5 days: the 7-day reminder is due
    people = [sign_up(event, n, "A1", language=lang) for n, lang in enumerate(LANGUAGES, start=1)]
    sign_up(event, 9, "A2", language="de")  # on the event's waiting list: no reminder
    deliver_due()
    before = len(smtp_server.messages)

    result = cli.invoke(args=["mail", "remind", event.slug, "--dry-run"])
    assert result.exit_code == 0 and "4 reminders would be queued" in result.output
    assert db.session.query(OutgoingMail).filter_by(kind="reminder").count() == 0

    one_round(mail_app)  # the worker queues the due reminders and sends them
    assert cli.invoke(args=["mail", "remind", event.slug]).output.startswith("0 reminders queued")
    one_round(mail_app)
    sent = smtp_server.messages[before:]
    assert sorted(m["To"] for m in sent) == [f"person{n}@example.ch" for n in (1, 2, 3, 4)]
    for person, message in zip(people, sorted(sent, key=lambda m: m["To"])):
        lang = person.language
        assert message["Subject"] == expected(lang, "Reminder: %(event)s", event=f"Event [{lang}]")
        text, html = bodies(message)
        assert f"Workshop A1 [{lang}]" in text and "/registration/" in text and "Forum" in text
        assert calendar_of(message)["method"] == "PUBLISH"

    late = sign_up(event, 10, "A2", language="fr")  # registered after the reminders went out
    db.session.commit()
    assert cli.invoke(args=["mail", "remind", event.slug]).output.startswith("0 reminders queued")
    reminded = {m.registration_id for m in db.session.query(OutgoingMail).filter_by(kind="reminder")}
    assert late.id not in reminded


def test_no_reminder_before_it_is_due_nor_when_off(app, make_event):
    later = make_event(starts=30)
    off = make_event(starts=3)
    off.reminder_days = 0
    db.session.commit()
    sign_up(later, 1, "A1")
    sign_up(off, 2, "A1")
    assert reminders.queue_due() == 0
    assert reminders.queue_due(now=utcnow() + timedelta(days=24)) == 1  # 6 days before `later`
    assert reminders.queue_due(now=utcnow() + timedelta(days=24)) == 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_custom_paragraphs_in_each_language_with_fallback(mail_app, smtp_server, make_event, lang):
    event = make_event(starts=5)
    event.languages = ["fr", "de"]
    texts = {"confirmed": {"intro": {"de": "Willkommen an der Tagung!", "fr": "Bienvenue aux journées !"},
                           "closing": {"it": "Arrivederci a Berna."}},
             "reminder": {"intro": {lang: f"Rappel spécial [{lang}]"}}}
    assert mail_texts.save(event, texts, actor=None)
    db.session.commit()
    sign_up(event, 1, "A1", language=lang)
    reminders.queue(event)
    db.session.commit()
    deliver_due()
    confirmation, reminder = sorted(smtp_server.messages, key=lambda m: "Rappel" in bodies(m)[0])
    text, html = bodies(confirmation)
    # Italian and English fall back to the event's first language, French.
    intro = "Willkommen an der Tagung!" if lang == "de" else "Bienvenue aux journées !"
    assert intro in text and intro in html.replace("&#39;", "'")
    assert "Arrivederci a Berna." in text  # written in Italian only: everyone gets it
    assert text.index(intro) < text.index(expected(lang, "Reference"))
    assert f"Rappel spécial [{lang}]" in bodies(reminder)[0]
