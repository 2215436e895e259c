"""Self-service on the personal page: own details, a new address confirmed from its mailbox, and a
colleague in one's place (issue 16)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import or_, select
from sqlalchemy.orm.attributes import set_committed_value

from cii_events.extensions import db
from cii_events.models import AuditEntry, BookingStatus, OutgoingMail, RegistrationStatus, utcnow
from cii_events.services import self_service
from cii_events.services.integrity import find_problems
from cii_events.services.mail_delivery import deliver_due
from cii_events.services.registration import personal_token

from .conftest import sign_up, workshop


def details_data(registration, **overrides):
    data = {"first_name": registration.first_name, "last_name": registration.last_name,
            "email": registration.email, "organisation": registration.organisation, "function": "",
            "institution_type": registration.institution_type, "canton": registration.canton,
            "language": registration.language, "phone": "", "dietary": "", "accessibility_needs": "",
            "remarks": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def colleague_data(**overrides):
    data = {"first_name": "Marco", "last_name": "Rossi", "email": "marco.rossi@example.ch",
            "organisation": "Ufficio AI Ticino", "function": "Consulente", "institution_type": "disability",
            "canton": "TI", "language": "it", "privacy_consent": "y"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def delivered(smtp_server, count):
    report = deliver_due(now=utcnow() + timedelta(days=1))
    assert len(report.sent) == count, report
    return smtp_server.messages[-count:] if count else []


def text_of(message):
    return message.get_body(("plain",)).get_content()


def audit_actions(registration_id):
    query = select(AuditEntry.action).where(AuditEntry.object_id == registration_id,
                                            AuditEntry.object_type == "registration")
    return db.session.scalars(query.order_by(AuditEntry.id)).all()


# Own details.

def test_the_participant_corrects_their_details(client, make_event):
    event = make_event()
    registration = sign_up(event, 1, "A1")
    token = personal_token(registration)
    page = client.get(f"/fr/registration/{token}/details").get_data(as_text=True)
    assert 'value="Anna1"' in page and 'name="dietary"' in page
    response = client.post(f"/fr/registration/{token}/details", data=details_data(
        registration, first_name="Anna-Lena", organisation="Office AI Vaud", canton="VD",
        dietary="Végétarien", accessibility_needs="Boucle magnétique", phone="031 322 21 11",
        list_consent="y"))
    assert response.status_code == 303
    db.session.expire_all()
    assert (registration.first_name, registration.organisation, registration.canton) == (
        "Anna-Lena", "Office AI Vaud", "VD")
    assert registration.dietary == "Végétarien" and registration.phone == "+41313222111"
    assert registration.list_consent and registration.consents_changed_at is not None
    assert registration.details_changed_at is not None
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "registration.details_changed")).one()
    assert entry.actor == "participant"
    assert entry.details["changes"]["first_name"] == {"changed": True}  # no personal data in the log
    assert entry.details["changes"]["canton"] == {"from": "BE", "to": "VD"}
    page = client.get(f"/fr/registration/{token}/").get_data(as_text=True)
    assert "Anna-Lena" in page


@pytest.mark.parametrize("field, value", [
    ("first_name", ""), ("last_name", "x" * 101), ("email", "not-an-address"), ("organisation", ""),
    ("institution_type", "bank"), ("canton", "ZZ"), ("language", "es"), ("phone", "12"),
    ("remarks", "x" * 2001),
])
def test_details_are_checked_as_on_the_registration_form(client, make_event, field, value):
    event = make_event()
    registration = sign_up(event, 1, "A1")
    token = personal_token(registration)
    response = client.post(f"/de/registration/{token}/details",
                           data=details_data(registration, **{field: value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page and 'class="error-summary"' in page and f'href="#{field}"' in page
    db.session.expire_all()
    assert registration.details_changed_at is None and registration.first_name == "Anna1"


def test_details_cannot_be_changed_after_the_deadline_or_once_cancelled(client, make_event):
    event = make_event(closes=-0.01, opens=-2)
    registration = sign_up_before_deadline(event)
    token = personal_token(registration)
    page = client.get(f"/en/registration/{token}/details").get_data(as_text=True)
    assert 'name="first_name"' not in page
    response = client.post(f"/en/registration/{token}/details",
                           data=details_data(registration, first_name="X"))
    assert response.status_code == 422
    assert "Registration for this event is not open." in response.get_data(as_text=True)
    db.session.expire_all()
    assert registration.first_name == "Anna1"


def sign_up_before_deadline(event):
    closes = event.registration_closes_at
    event.registration_closes_at = utcnow() + timedelta(days=1)
    db.session.commit()
    registration = sign_up(event, 1, "A1")
    event.registration_closes_at = closes
    db.session.commit()
    return registration


def test_a_new_address_is_used_once_confirmed_from_its_mailbox(mail_app, smtp_server, client, make_event):
    event = make_event()
    registration = sign_up(event, 1, "A1")  # French
    delivered(smtp_server, 1)
    token = personal_token(registration)
    response = client.post(f"/de/registration/{token}/details",
                           data=details_data(registration, email="anna.neu@example.ch"))
    assert response.status_code == 303
    db.session.expire_all()
    assert registration.email == "person1@example.ch" and registration.pending_email == "anna.neu@example.ch"
    messages = {message["To"]: message for message in delivered(smtp_server, 2)}
    notice, confirm = messages["person1@example.ch"], messages["anna.neu@example.ch"]
    assert "anna.neu@example.ch" in text_of(notice)
    assert notice["Content-Language"] == confirm["Content-Language"] == "fr"
    assert "/registration/" not in text_of(confirm)  # the unconfirmed address gets no personal link
    link = re.search(r"https?://\S+/fr/confirm-address/\S+", text_of(confirm)).group(0)
    path = link.split("localhost", 1)[-1]
    assert "address-confirmation-secret" not in path
    assert "anna.neu@example.ch" in client.get(f"/de/registration/{token}/").get_data(as_text=True)
    assert "anna.neu@example.ch" in client.get(f"/de/registration/{token}/data").get_data(as_text=True)
    assert client.get(path).status_code == 200  # a look (a mail scanner) changes nothing
    db.session.expire_all()
    assert registration.email == "person1@example.ch"
    assert client.post(path).status_code == 303
    db.session.expire_all()
    assert registration.email == registration.email_normalized == "anna.neu@example.ch"
    assert registration.pending_email is None
    (changed,) = delivered(smtp_server, 1)
    assert changed["To"] == "anna.neu@example.ch" and f"/fr/registration/{token}/" in text_of(changed)
    assert client.get(path).status_code == 404  # used once
    assert audit_actions(registration.id) == ["registration.email_change_requested",
                                              "registration.details_changed"]


def test_a_wrong_or_replaced_confirmation_code_changes_nothing(client, make_event):
    event = make_event()
    registration = sign_up(event, 1, "A1")
    self_service.change_details(registration, _details(registration, email="first@example.ch"))
    db.session.commit()
    first_code = self_service.email_change_code(registration)
    self_service.change_details(registration, _details(registration, email="second@example.ch"))
    db.session.commit()
    assert client.get(f"/en/confirm-address/{registration.reference}/{first_code}").status_code == 404
    assert client.post(f"/en/confirm-address/{registration.reference}/{first_code}").status_code == 404
    assert client.get(f"/en/confirm-address/{registration.reference}/x").status_code == 404
    code = self_service.email_change_code(registration)
    assert client.post(f"/en/confirm-address/{registration.reference}/{code}").status_code == 303
    db.session.expire_all()
    assert registration.email == "second@example.ch"


def test_the_form_shows_the_address_asked_for_and_the_old_one_withdraws_it(client, make_event):
    event = make_event()
    registration = sign_up(event, 1, "A1")
    token = personal_token(registration)
    client.post(f"/en/registration/{token}/details", data=details_data(registration, email="new@example.ch"))
    assert 'value="new@example.ch"' in client.get(f"/en/registration/{token}/details").get_data(as_text=True)
    client.post(f"/en/registration/{token}/details", data=details_data(registration, email="new@example.ch"))
    assert db.session.query(OutgoingMail).filter(OutgoingMail.recipient == "new@example.ch").count() == 1
    client.post(f"/en/registration/{token}/details",
                data=details_data(registration, email="person1@example.ch"))
    db.session.expire_all()
    assert registration.pending_email is None and registration.email == "person1@example.ch"


def test_an_address_registered_by_someone_else_is_refused(client, make_event):
    event = make_event()
    registration = sign_up(event, 1, "A1")
    sign_up(event, 2, "A1")
    response = client.post(f"/en/registration/{personal_token(registration)}/details",
                           data=details_data(registration, email="PERSON2@example.ch"))
    assert response.status_code == 422 and 'id="email-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert registration.pending_email is None


def _details(registration, **overrides):
    from cii_events.services.registration import ParticipantDetails

    values = {name: getattr(registration, name) for name in (
        "first_name", "last_name", "email", "organisation", "function", "institution_type", "canton",
        "language", "phone", "dietary", "accessibility_needs", "remarks", "list_consent", "photo_consent")}
    values.update(overrides)
    return ParticipantDetails(**values)


# A colleague in one's place.

def test_a_colleague_takes_the_place_with_seats_and_waiting_places(mail_app, smtp_server, client, make_event):
    event = make_event(capacities=(1, 10))
    holder = sign_up(event, 1, "A1", "D")
    leaving = sign_up(event, 2, "A1")  # waiting for A1, place 1
    delivered(smtp_server, 2)
    old_token = personal_token(leaving)
    old_reference, old_code = leaving.reference, leaving.checkin_code
    response = client.post(f"/fr/registration/{old_token}/transfer", data=colleague_data())
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/fr/events/{event.slug}/")
    db.session.expire_all()
    assert leaving.full_name == "Marco Rossi" and leaving.email_normalized == "marco.rossi@example.ch"
    assert leaving.language == "it" and leaving.canton == "TI"
    assert leaving.reference != old_reference and leaving.checkin_code != old_code
    assert leaving.status is RegistrationStatus.CONFIRMED
    (booking,) = leaving.active_bookings
    assert booking.status is BookingStatus.WAITLISTED and booking.waitlist_ticket == 1
    assert client.get(f"/fr/registration/{old_token}/").status_code == 404  # the old link is dead
    new_token = personal_token(leaving)
    assert new_token != old_token
    messages = {message["To"]: message for message in delivered(smtp_server, 2)}
    welcome, notice = messages["marco.rossi@example.ch"], messages["person2@example.ch"]
    assert welcome["Content-Language"] == "it" and notice["Content-Language"] == "fr"
    assert f"/it/registration/{new_token}/" in text_of(welcome)
    assert "Marco Rossi" in text_of(welcome)
    assert "/registration/" not in text_of(notice) and "Anna2" in text_of(notice)
    page = client.get(f"/it/registration/{new_token}/").get_data(as_text=True)
    assert "Marco Rossi" in page and "Anna2" not in page
    data = client.get(f"/it/registration/{new_token}/data.json").get_data(as_text=True)
    assert "person2@example.ch" not in data and "Anna2" not in data  # the old person's mails went with them
    # The seat moves on as before: the holder leaves, the colleague gets A1.
    client.post(f"/de/registration/{personal_token(holder)}/cancel", data={"confirm": "y"})
    db.session.expire_all()
    assert booking.status is BookingStatus.CONFIRMED
    assert find_problems() == []
    assert "registration.transferred" in audit_actions(leaving.id)


@pytest.mark.parametrize("overrides, field", [
    ({"email": "person2@example.ch"}, "email"),  # registered already
    ({"email": "PERSON1@example.ch"}, "email"),  # one's own address
    ({"privacy_consent": None}, "privacy_consent"),
    ({"language": ""}, "language"),
    ({"first_name": ""}, "first_name"),
    ({"canton": "XX"}, "canton"),
])
def test_a_transfer_is_refused_with_the_reason_next_to_the_field(client, make_event, overrides, field):
    event = make_event()
    leaving = sign_up(event, 1, "A1")
    sign_up(event, 2, "A1")
    token = personal_token(leaving)
    response = client.post(f"/en/registration/{token}/transfer", data=colleague_data(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}-error"' in page, page
    db.session.expire_all()
    assert leaving.first_name == "Anna1" and personal_token(leaving) == token


def test_organizers_can_turn_transfers_off(client, make_event):
    event = make_event()
    event.transfers_enabled = False
    db.session.commit()
    leaving = sign_up(event, 1, "A1")
    token = personal_token(leaving)
    assert "/transfer" not in client.get(f"/de/registration/{token}/").get_data(as_text=True)
    response = client.post(f"/en/registration/{token}/transfer", data=colleague_data())
    assert response.status_code == 422
    assert "do not allow passing a place" in response.get_data(as_text=True)
    db.session.expire_all()
    assert leaving.first_name == "Anna1"


def test_a_change_through_the_old_link_after_a_transfer_is_refused(app, make_event):
    """The race's loser: a change read the registration through the old link, then the transfer
    committed; the change, once it holds the locks, finds another link and changes nothing."""
    from cii_events.services import registration as registrations

    event = make_event()
    leaving = sign_up(event, 1, "A1")
    stale = leaving.manage_token_hash
    self_service.transfer(leaving, self_service.Colleague(
        first_name="Marco", last_name="Rossi", email="marco@example.ch", organisation="AI",
        institution_type="disability", canton="TI", language="it"))
    db.session.commit()
    set_committed_value(leaving, "manage_token_hash", stale)  # as the old request still sees it
    a2 = workshop(event, "A2")
    with pytest.raises(self_service.LinkReplaced):
        registrations.change_workshops(leaving, {a2.slot_id: a2.id, workshop(event, "D").slot_id: None})
    db.session.rollback()
    assert {b.workshop.code for b in leaving.active_bookings} == {"A1"}


def test_a_mail_queued_for_the_old_person_never_carries_the_new_link(mail_app, smtp_server, make_event):
    from cii_events.services import mail_render

    event = make_event()
    leaving = sign_up(event, 1, "A1")
    mail = db.session.scalars(select(OutgoingMail)).one()
    self_service.transfer(leaving, self_service.Colleague(
        first_name="Marco", last_name="Rossi", email="marco@example.ch", organisation="AI",
        institution_type="disability", canton="TI", language="it"))
    db.session.commit()
    assert mail.status.value == "cancelled" and mail.registration_id is None
    mail.registration_id = leaving.id  # even if it were still linked and sent
    mail.created_at = leaving.transferred_at - timedelta(seconds=1)
    with pytest.raises(LookupError):
        mail_render.insert_secrets(mail_render.TOKEN_MARKER, mail)
    db.session.rollback()


# Small things on the personal page.

def test_the_calendar_file_is_downloadable_from_the_personal_page(client, make_event):
    import icalendar

    event = make_event()
    registration = sign_up(event, 1, "A1", "D")
    token = personal_token(registration)
    page = client.get(f"/fr/registration/{token}/").get_data(as_text=True)
    assert f'href="/fr/registration/{token}/calendar.ics"' in page
    response = client.get(f"/fr/registration/{token}/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    entries = [c for c in icalendar.Calendar.from_ical(response.data).walk("VEVENT")]
    summaries = " ".join(str(entry["SUMMARY"]) for entry in entries)
    assert "Workshop A1 [fr]" in summaries and "Dinner [fr]" in summaries
    assert client.get("/fr/registration/unknown-token/calendar.ics").status_code == 404


def test_the_data_page_names_the_languages(client, make_event):
    event = make_event()
    registration = sign_up(event, 1, "A1", language="it")
    page = client.get(f"/fr/registration/{personal_token(registration)}/data").get_data(as_text=True)
    assert "<dd>italien</dd>" in page
    page = client.get(f"/de/events/{event.slug}/").get_data(as_text=True)
    assert 'lang="fr">' not in page and "Französisch" in page  # no lang on a name in the page's language


@pytest.mark.parametrize("lang", ["de", "fr", "it"])
def test_every_new_mail_speaks_the_recipients_language(app, make_event, lang):
    """The mails of this feature, rendered in each language: no English left, the language's typography."""
    from cii_events.services import mail_render, registration as registrations

    from .test_i18n import _english_fragments

    event = make_event(capacities=(1, 1))
    person = sign_up(event, 1, "A1", language=lang)
    sign_up(event, 2, "A2", language=lang)
    a2 = workshop(event, "A2")
    registrations.change_workshops(person, {a2.slot_id: a2.id, workshop(event, "D").slot_id: None})
    db.session.commit()
    self_service.change_details(person, _details(person, email=f"new-{lang}@example.ch"))
    db.session.commit()
    self_service.confirm_email_change(person, self_service.email_change_code(person))
    db.session.commit()
    holder = db.session.scalars(select(OutgoingMail.registration_id).where(
        OutgoingMail.recipient == "person2@example.ch")).first()
    registrations.cancel(db.session.get(type(person), holder))  # person moves from A1 to A2
    db.session.commit()
    rendered = {}  # kind -> content, rendered before the transfer detaches the old person's mails
    for mail in db.session.scalars(select(OutgoingMail).where(OutgoingMail.registration_id == person.id)):
        rendered[mail.kind + str(mail.id)] = mail_render.render(mail, attachments=False)
    self_service.transfer(person, self_service.Colleague(
        first_name="Marco", last_name="Rossi", email="marco@example.ch", organisation="AI",
        institution_type="disability", canton="TI", language=lang))
    db.session.commit()
    after = select(OutgoingMail).where(or_(OutgoingMail.registration_id == person.id,
                                           OutgoingMail.kind == "transferred"))
    for mail in db.session.scalars(after):
        rendered[mail.kind + str(mail.id)] = mail_render.render(mail, attachments=False)
    kinds = {re.sub(r"\d+$", "", key) for key in rendered}
    assert {"email_confirm", "email_change_notice", "email_changed", "transferred", "promoted",
            "confirmed"} <= kinds, kinds
    assert any("Workshop A1" in content.text and "Workshop A2" in content.text
               for key, content in rendered.items() if key.startswith("promoted"))  # the move is told
    fragments = _english_fragments(lang)
    for kind, content in rendered.items():
        for text in (content.subject, content.text):
            leftovers = [fragment for fragment in fragments if fragment in text]
            assert not leftovers, (kind, leftovers)
        if lang == "fr":
            assert " :" not in content.text.replace("\u00a0:", ""), kind
