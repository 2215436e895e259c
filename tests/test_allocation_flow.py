"""The whole preferences flow: the web form in four languages, the deadline, `cii-events allocate`
(dry run, draft, publish), the mails in each participant's language, `cii-events check`."""
from __future__ import annotations

import re
from datetime import timedelta

from flask_babel import gettext
from sqlalchemy import select

from cii_events.extensions import db
from cii_events.i18n import format_datetime_short, language_locale
from cii_events.models import AllocationRun, AllocationRunStatus, Registration, utcnow
from cii_events.services.mail_delivery import deliver_due

from .conftest import assert_refused
from .preferences_event import by_code, close_registration, preferences_event
from .test_allocation_preferences import form_data

# Who registers, in which language, following which languages, ranking what.
PEOPLE = {
    "de": dict(languages=("de",), morning=("M1", "M2", "M5"), afternoon=("P2", "P1", None)),
    "fr": dict(languages=("fr",), morning=("M3", "M5", None), afternoon=("P3", "P1", None)),
    "it": dict(languages=("it", "fr"), morning=("M4", "M3", "M5"), afternoon=("P1", "P3", None)),
    "en": dict(languages=("de", "fr"), morning=("M1", "M5", "M2"), afternoon=("P2", "P3", "P1")),
}


def expected(lang, msgid, **values):
    with language_locale(lang):
        return gettext(msgid, **values)


def deliver(smtp_server, count):
    report = deliver_due(now=utcnow() + timedelta(minutes=1))
    assert len(report.sent) == count, report
    return {message["To"]: message for message in smtp_server.messages[-count:]}


def text_of(message):
    return message.get_body(("plain",)).get_content()


def test_register_by_preference_allocate_publish_and_mail_everyone_in_their_language(
        mail_app, smtp_server, client, cli):
    event = preferences_event()
    for n, (lang, choice) in enumerate(PEOPLE.items(), start=1):
        response = client.post(f"/{lang}/events/{event.slug}/register",
                               data=form_data(event, n=n, lang=lang, **choice))
        assert response.status_code == 303, (lang, response.get_data(as_text=True)[:2000])
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert expected(lang, "Preferences received") in page

    # Everyone is told, in their language, that the ranking arrived and when the allocation is.
    received = deliver(smtp_server, 4)
    for n, lang in enumerate(PEOPLE, start=1):
        message = received[f"lea{n}@example.ch"]
        subject = expected(lang, "Preferences received: %(event)s", event=f"Event [{lang}]")
        assert message["Subject"] == subject
        body = text_of(message)
        first = PEOPLE[lang]["morning"][0]
        assert f"1. {first} · Workshop {first} [{lang}]" in body
        with language_locale(lang):
            assert format_datetime_short(event.allocation_at) in body

    # Before the deadline the allocation can be looked at, not published.
    dry = cli.invoke(args=["allocate", event.slug, "--dry-run", "--seed", "11"])
    assert dry.exit_code == 0, dry.output
    assert "seed 11 (dry run, nothing stored)" in dry.output and "4 participants" in dry.output
    assert db.session.scalar(select(db.func.count(AllocationRun.id))) == 0
    stored = cli.invoke(args=["allocate", event.slug, "--seed", "11"])
    assert stored.exit_code == 0, stored.output
    run_id = int(re.search(r"--publish (\d+)", stored.output).group(1))
    early = cli.invoke(args=["allocate", event.slug, "--publish", str(run_id)])
    assert_refused(early, "Registration is still open")

    # The deadline passes: the draft can be published; a second draft with another seed is set aside.
    close_registration(event)
    other = cli.invoke(args=["allocate", event.slug, "--seed", "12"])
    assert other.exit_code == 0, other.output
    listed = cli.invoke(args=["allocate", event.slug, "--list"])
    assert listed.exit_code == 0 and listed.output.count("draft") == 2
    published = cli.invoke(args=["allocate", event.slug, "--publish", str(run_id)])
    assert published.exit_code == 0, published.output
    assert "8 seats, 0 on waiting lists, 0 without a workshop; 4 mails queued" in published.output
    db.session.expire_all()
    statuses = {run.id: run.status for run in db.session.scalars(select(AllocationRun))}
    assert statuses[run_id] is AllocationRunStatus.PUBLISHED
    assert [s for i, s in statuses.items() if i != run_id] == [AllocationRunStatus.DISCARDED]
    again = cli.invoke(args=["allocate", event.slug, "--publish", str(run_id)])
    assert_refused(again, "already been published")

    # Everyone gets their workshops, in their language, with the calendar file.
    allocated = deliver(smtp_server, 4)
    for n, lang in enumerate(PEOPLE, start=1):
        message = allocated[f"lea{n}@example.ch"]
        assert message["Subject"] == expected(lang, "Your workshops: %(event)s", event=f"Event [{lang}]")
        assert message["Content-Language"] == lang
        body = text_of(message)
        assert expected(lang, "The workshops have been allocated. Your place at the event remains confirmed; "
                              "these are your workshops.") in body
        assert expected(lang, "your first choice") in body
        for codes in (PEOPLE[lang]["morning"], PEOPLE[lang]["afternoon"]):
            assert f"Workshop {codes[0]} [{lang}]" in body  # enough seats: everyone's first choice
        assert any(part.get_content_type() == "text/calendar" for part in message.iter_attachments())

    query = select(Registration).where(Registration.email == "lea3@example.ch")
    registration = db.session.scalars(query).one()
    assert sorted(b.workshop.code for b in registration.active_bookings) == ["M4", "P1"]
    assert by_code(event, "M4").confirmed_count == 1
    check = cli.invoke(args=["check"])
    assert check.exit_code == 0, check.output


def test_the_command_line_refuses_what_it_cannot_do(app, cli, make_event):
    first_come = make_event()
    result = cli.invoke(args=["allocate", first_come.slug, "--dry-run"])
    assert_refused(result, "This event does not allocate its workshops by preference.")
    assert_refused(cli.invoke(args=["allocate", "nope"]), "No event with the slug 'nope'.")
    event = preferences_event()
    assert "No allocation run" in cli.invoke(args=["allocate", event.slug, "--list"]).output
    assert_refused(cli.invoke(args=["allocate", event.slug, "--publish", "999"]),
                   f"No allocation run 999 for {event.slug}.")
    assert_refused(cli.invoke(args=["allocate", event.slug, "--dry-run", "--list"]),
                   "--dry-run, --publish and --list exclude each other.", code=2)
    shown = cli.invoke(args=["allocate", event.slug, "--dry-run", "--json", "--seed", "3"])
    assert shown.exit_code == 0 and '"participants": 0' in shown.output


def test_someone_on_a_waiting_list_is_told_so_in_their_language(mail_app, smtp_server, cli):
    from cii_events.services import allocation

    from .preferences_event import sign_up_ranked

    event = preferences_event(morning={"M1": (1, ["de", "it"])}, afternoon={"P1": (5, ["de", "it"])})
    sign_up_ranked(event, 1, ["M1"], ["P1"], language="de")
    sign_up_ranked(event, 2, ["M1"], ["P1"], languages=("it",), language="it")
    deliver(smtp_server, 2)
    run = allocation.run(event, seed=1)
    close_registration(event)
    allocation.publish(run)
    db.session.commit()
    mails = deliver(smtp_server, 2)
    waiting = [message for message in mails.values() if expected(
        message["Content-Language"], "Waiting list, place %(num)d", num=1) in text_of(message)]
    assert len(waiting) == 1
    lang = waiting[0]["Content-Language"]
    assert expected(lang, "When a seat becomes free, it goes to the first person on the waiting list, "
                          "and we will write to you.") in text_of(waiting[0])
    assert cli.invoke(args=["check"]).exit_code == 0
