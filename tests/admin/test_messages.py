"""Messages to a group of participants: each in their language, a stated fallback, preview first."""
from __future__ import annotations

from cii_events.extensions import db
from cii_events.models import AuditEntry, OutgoingMail

from ..conftest import workshop
from .conftest import MESSAGE_TEXTS as TEXTS


def rendered(mail):
    """The mail as it is sent: rendered in its language from the facts queued with it."""
    from cii_events.services.mail import content

    return content(mail)


def messages_to(registration, kind="message"):
    return db.session.scalars(db.select(OutgoingMail).where(OutgoingMail.registration_id == registration.id,
                                                            OutgoingMail.kind == kind)).all()


def test_preview_then_send_to_a_workshop_in_each_language(world, as_user):
    client = as_user(world.organizer)
    a1 = workshop(world.event, "A1")
    url = f"/admin/events/{world.event.id}/messages/new?workshop={a1.id}&seat=confirmed&lang=en"
    page = client.get(url).get_data(as_text=True)
    assert "Recipients: 2 people" in page  # Aebi and Zürcher hold seats; Zollinger waits
    response = client.post(url, data={**TEXTS, "action": "preview"})
    assert response.status_code == 200
    preview = response.get_data(as_text=True)
    assert "Guten Tag Béatrice Aebi" in preview  # placeholders filled for the first reader
    assert 'name="previewed" type="hidden" value="2"' in preview
    assert "Send to 2 people" in preview
    assert messages_to(world.be[0]) == []  # nothing sent by the preview
    response = client.post(url, data={**TEXTS, "action": "send", "previewed": "2"})
    assert response.status_code == 303
    aebi, = messages_to(world.be[0])
    zuercher, = messages_to(world.zh[0])
    assert (aebi.language, rendered(aebi).subject) == ("de", "Wichtig: Raumänderung")
    assert "Guten Tag Béatrice Aebi" in rendered(aebi).text and "Saal 3" in rendered(aebi).text
    assert (zuercher.language, rendered(zuercher).subject) == ("de", "Wichtig: Raumänderung")
    assert messages_to(world.zh[1]) == [] and messages_to(world.ti[0]) == []
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "message.sent")).one()
    assert entry.details["recipients"] == 2
    assert entry.details["selection"] == {"workshop": a1.id, "seat": "confirmed"}
    history = client.get(f"/admin/events/{world.event.id}/messages/?lang=en").get_data(as_text=True)
    assert "Wichtig: Raumänderung" in history and "2 recipients" in history


def test_readers_of_an_empty_language_get_the_stated_fallback(world, as_user):
    client = as_user(world.organizer)
    url = f"/admin/events/{world.event.id}/messages/new?lang=en"
    preview = client.post(url, data={**TEXTS, "action": "preview"}).get_data(as_text=True)
    # German version for de, en (Zollinger), it (Ticinese): German comes first in the fallback order.
    assert "Also sent to readers of Italian, English" in preview
    client.post(url, data={**TEXTS, "action": "send", "previewed": "5"})
    assert messages_to(world.be[1])[0].language == "fr"
    assert rendered(messages_to(world.be[1])[0]).subject == "Important : changement de salle"
    reference = world.be[1].reference
    assert f"Référence {reference[:4]}-{reference[4:]}" in rendered(messages_to(world.be[1])[0]).text
    ticinese, = messages_to(world.ti[0])
    assert rendered(ticinese).subject == "Wichtig: Raumänderung"
    # Only French written: everyone gets French.
    only_french = {"subject_fr": "Rappel", "body_fr": "Texte"}
    client.post(url, data={**only_french, "action": "send", "previewed": "5"})
    assert [rendered(m).subject for m in messages_to(world.zh[0])] == ["Wichtig: Raumänderung", "Rappel"]


def test_sending_needs_a_preview_of_the_same_group(world, as_user):
    client = as_user(world.organizer)
    url = f"/admin/events/{world.event.id}/messages/new?canton=BE&lang=en"
    response = client.post(url, data={**TEXTS, "action": "send"})
    assert response.status_code == 200 and messages_to(world.be[0]) == []  # shown as a preview instead
    response = client.post(url, data={**TEXTS, "action": "send", "previewed": "7"})
    assert "The group has changed since the preview" in response.get_data(as_text=True)
    assert messages_to(world.be[0]) == []


def test_half_written_languages_and_empty_groups_are_refused(world, as_user):
    client = as_user(world.organizer)
    url = f"/admin/events/{world.event.id}/messages/new?lang=en"
    response = client.post(url, data={"subject_it": "Oggetto", "action": "preview"})
    assert response.status_code == 422
    assert "Please write both the subject and the text in this language" in response.get_data(as_text=True)
    response = client.post(url, data={"action": "preview"})
    assert "Please write a subject and a text in at least one language." in response.get_data(as_text=True)
    response = client.post(f"/admin/events/{world.event.id}/messages/new?canton=JU&lang=en",
                           data={**TEXTS, "action": "send", "previewed": "0"})
    assert response.status_code == 422
    assert "nobody would receive the message" in response.get_data(as_text=True)
