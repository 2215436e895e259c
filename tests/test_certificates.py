"""Attendance certificates: in the participant's language, only once checked in, and mailed once."""
from __future__ import annotations

import base64
import io
import re

import pytest
from pypdf import PdfReader

from cii_events.extensions import db
from cii_events.models import OutgoingMail, Role, utcnow
from cii_events.services import certificates, mail, registration as registrations

from .admin.conftest import login, make_user
from .conftest import at, person as details, sign_up, workshop

WORDS = {"de": ("Teilnahmebestätigung", "Stunden"), "fr": ("Attestation de participation", "Heures"),
         "it": ("Attestato di partecipazione", "Ore"), "en": ("Certificate of attendance", "Hours")}


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.mark.parametrize("lang", ["de", "fr", "it", "en"])
def test_the_certificate_is_in_the_participants_language(app, make_event, lang):
    event = make_event()
    person = sign_up(event, 1, "A1", first_name="Anne-Françoise", last_name="Müller-Bräuniger von Wattenwyl",
                     language=lang)
    text = pdf_text(certificates.render(certificates.sheet(person)))
    title, hours = WORDS[lang]
    assert title in text and hours in text
    assert "Anne-Françoise Müller-Bräuniger von Wattenwyl" in text
    assert f"Event [{lang}]" in text and "Forum, Bern" in text
    # Welcome 1 h and workshops 2 h; the dinner is not attendance.
    assert re.search(r": 3\b", text)
    office = {"de": "Nationale IIZ-Fachstelle", "fr": "Bureau national CII", "it": "Ufficio nazionale CII",
              "en": "National CII office"}[lang]
    assert office in text


def test_the_personal_page_offers_it_only_once_checked_in(app, client, make_event):
    event = make_event()
    person = sign_up(event, 1, "A1", language="fr")
    token = registrations.personal_token(person)
    assert "certificate.pdf" not in client.get(f"/fr/registration/{token}/").get_data(as_text=True)
    assert client.get(f"/fr/registration/{token}/certificate.pdf").status_code == 404
    person.checked_in_at = utcnow()
    db.session.commit()
    assert "certificate.pdf" in client.get(f"/de/registration/{token}/").get_data(as_text=True)
    response = client.get(f"/de/registration/{token}/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "Attestation de participation" in pdf_text(response.get_data())  # her language, not the page's
    assert client.get("/fr/registration/nonsense/certificate.pdf").status_code == 404


def signed_up_before(event, n, *codes, **overrides):
    """Register person n while the registration of the (now past) event was open."""
    choices = {workshop(event, code).slot_id: workshop(event, code).id for code in codes}
    registration = registrations.register(event, details(n, **overrides), choices, now=at(-6))
    db.session.commit()
    return registration


def test_organizers_mail_the_certificates_to_everyone_present_once(app, make_event, client):
    event = make_event(opens=-10, closes=-5, starts=-3)
    present = [signed_up_before(event, 1, "A1", language="it"),
               signed_up_before(event, 2, "A2", language="de")]
    absent = signed_up_before(event, 3, "A1")
    for one in present:
        one.checked_in_at = utcnow()
    organizer = make_user("orga@iiz.example.ch", Role.ORGANIZER, events=[event])
    assert login(client, organizer).status_code == 303
    page = client.get(f"/admin/events/{event.id}/certificates/send", query_string={"lang": "en"})
    assert "2 people checked in whose last day has ended get their certificate" in page.get_data(as_text=True)
    # Like every mailing to many people, it asks for a confirmation first.
    response = client.post(f"/admin/events/{event.id}/certificates/send", query_string={"lang": "en"})
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).where(OutgoingMail.kind == "certificate")) == 0
    response = client.post(f"/admin/events/{event.id}/certificates/send", query_string={"lang": "en"},
                           data={"confirm": "y"})
    assert response.status_code == 303
    sent = db.session.scalars(db.select(OutgoingMail).where(OutgoingMail.kind == "certificate")).all()
    assert sorted(m.registration_id for m in sent) == sorted(p.id for p in present)
    assert absent.id not in [m.registration_id for m in sent]
    italian = next(m for m in sent if m.registration_id == present[0].id)
    content = mail.content(italian)
    assert "attestato di partecipazione" in content.subject
    [attachment] = content.attachments
    assert attachment["content_type"] == "application/pdf"
    assert "Attestato di partecipazione" in pdf_text(base64.b64decode(attachment["data"]))
    assert "Certificate of attendance" not in content.text
    # A second click sends nothing twice.
    client.post(f"/admin/events/{event.id}/certificates/send", data={"confirm": "y"})
    assert db.session.scalar(db.select(db.func.count()).where(OutgoingMail.kind == "certificate")) == 2


def test_coordinators_cannot_send_certificates(app, make_event, client):
    event = make_event()
    coordinator = make_user("be@iiz.example.ch", Role.COORDINATOR, canton="BE")
    login(client, coordinator)
    response = client.post(f"/admin/events/{event.id}/certificates/send", data={"confirm": "y"})
    assert response.status_code == 403
