"""What the mails look like on the wire: calendar files clients obey, encodings, headers, wording."""
from __future__ import annotations

import vobject

from cii_events.extensions import db
from cii_events.models import Event
from cii_events.services import messages, registration as registrations
from cii_events.services.mail_delivery import deliver_due

from .conftest import sign_up, workshop
from .test_mail import bodies, calendar_of, expected


def calendar_part(message):
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part


def strictly_valid(message):
    """The checks of RFC 5545/5546/6047 a strict validator makes, and a second parser reading it."""
    part = calendar_part(message)
    data = part.get_content()
    calendar = calendar_of(message)
    method = str(calendar["method"])
    assert part.get_param("method") == method  # RFC 6047 §2.4
    assert part.get_content_charset() == "utf-8"
    parsed = vobject.readOne(data)
    assert parsed.method.value == method
    for entry in calendar.walk("VEVENT"):
        assert str(entry["organizer"]).startswith("mailto:")  # RFC 5546: PUBLISH and CANCEL
        for name in ("uid", "dtstamp", "dtstart", "sequence", "summary"):
            assert name in entry, name
        if method == "CANCEL":
            assert str(entry["attendee"]).startswith("mailto:") and entry["status"] == "CANCELLED"
        else:
            assert "attendee" not in entry
    return calendar


def test_calendar_files_publish_and_cancel_as_rfc_5546_and_6047_ask(mail_app, smtp_server, make_event):
    event = make_event()
    event.contact_email = "iiz@example.ch"
    db.session.commit()
    person = sign_up(event, 1, "A1", "D", language="fr")
    (confirmation,) = (deliver_due(), smtp_server.messages)[1]
    published = strictly_valid(confirmation)
    assert published["method"] == "PUBLISH"
    assert all(str(e["organizer"]) == "mailto:iiz@example.ch" for e in published.walk("VEVENT"))
    registrations.cancel(person)
    db.session.commit()
    deliver_due()
    cancelled = strictly_valid(smtp_server.messages[-1])
    assert cancelled["method"] == "CANCEL"
    assert all(str(e["attendee"]) == "mailto:person1@example.ch" for e in cancelled.walk("VEVENT"))


def test_organizer_messages_are_quoted_printable_with_a_list_id(mail_app, smtp_server, make_event):
    event = make_event()
    people = [sign_up(event, 1, "A1", language="de"), sign_up(event, 2, "A1", language="fr")]
    deliver_due()
    draft = messages.Draft(subjects={"de": "Änderung\u2028Saal 3"},
                           bodies={"de": "Grüezi {first_name}\n\nSaal 3."})
    messages.send(event, draft, people, actor=None, selection={})
    db.session.commit()
    deliver_due()
    for message in smtp_server.messages[-2:]:
        assert message["List-Id"] == f"<{event.slug}.messages.iiz-cii.example.ch>"
        assert message["Subject"] == "Änderung Saal 3"  # one line, whatever was saved
        for part in message.walk():
            if part.get_content_maintype() == "text":
                assert part["Content-Transfer-Encoding"] in ("quoted-printable", "7bit", "base64")
        assert "Grüezi Anna" in bodies(message)[0]


def test_cancellation_mentions_promotions_only_when_someone_moved_up(mail_app, smtp_server, make_event):
    event = make_event(capacities=(1, 5))
    alone = sign_up(event, 1, "A2", language="en")
    holder = sign_up(event, 2, "A1", language="en")
    sign_up(event, 3, "A1", language="de")  # waiting for A1
    deliver_due()
    given = "Your places have been given to the people on the waiting list."
    registrations.cancel(alone)
    db.session.commit()
    deliver_due()
    assert given not in bodies(smtp_server.messages[-1])[0]
    registrations.cancel(holder)
    db.session.commit()
    deliver_due()
    (to_holder,) = [m for m in smtp_server.messages[-2:] if m["To"] == "person2@example.ch"]
    assert given in bodies(to_holder)[0]
    assert "“Event [en]”" in bodies(to_holder)[0]


def test_a_place_at_the_dinner_is_not_called_a_workshop(mail_app, smtp_server, make_event):
    event = make_event(dinner=1)
    first = sign_up(event, 1, "A1", "D", language="en")
    sign_up(event, 2, "A1", "D", language="de")
    deliver_due()
    dinner = workshop(event, "D")
    a1 = workshop(event, "A1")
    registrations.change_workshops(first, {a1.slot_id: a1.id, dinner.slot_id: None})
    db.session.commit()
    deliver_due()
    (promoted,) = [m for m in smtp_server.messages[-2:] if m["To"] == "person2@example.ch"]
    text = bodies(promoted)[0]
    assert promoted["Subject"] == expected("de", "You have a place: %(item)s", item="Dinner [de]")
    assert "Workshop" not in promoted["Subject"] and "Workshop Dinner" not in text


def test_french_typography_in_mails(mail_app, smtp_server, make_event):
    event = make_event()
    db.session.get(Event, event.id)
    sign_up(event, 1, "A1", language="fr", first_name="Sophie")
    deliver_due()
    text, html = bodies(smtp_server.messages[-1])
    assert "Bonjour Sophie Muster," in text
    assert "Référence\u00a0:" in text and "Référence :" not in text
    assert ", 1" not in text.split("Quand")[1].split("\n")[0][:12]  # "samedi 12 ...", no comma after the day
    weekday = text.split("Quand\u00a0: ")[1].split(" ")[0]
    assert not weekday.endswith(",")
