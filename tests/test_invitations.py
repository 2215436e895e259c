"""Invitation-only events: import, invitation mails, the gate of the form, decline, remind, scope."""
from __future__ import annotations

import io
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from cii_events.extensions import db
from cii_events.models import (Invitation, InvitationStatus, OutgoingMail, Registration, Role,
                               utcnow)
from cii_events.services import invitations, invitee_files
from cii_events.services.invitee_files import Invitee
from cii_events.services.mail_delivery import deliver_due

from .admin.conftest import login, make_user
from .test_public_pages import form_data

HEADERS = {
    "de": ["Vorname", "Nachname", "E-Mail", "Kanton", "Korrespondenzsprache", "Organisation", "Funktion"],
    "fr": ["Prénom", "Nom", "Courriel", "Canton", "Langue de correspondance", "Organisation", "Fonction"],
    "it": ["Nome", "Cognome", "Posta elettronica", "Cantone", "Lingua", "Organizzazione", "Funzione"],
    "en": ["First name", "Last name", "Email", "Canton", "Language", "Organisation", "Function"],
}
ROWS = [["Laura", "Cattaneo", "laura.cattaneo@ti.example.ch", "Tessin", "italiano", "DSS",
         "Coordinatrice IIZ"],
        ["Jean", "Oberson", "jean.oberson@fr.example.ch", "FR", "fr", "SPE", ""],
        ["Anna", "Keller", "anna.keller@be.example.ch", "Bern", "Deutsch", "", ""],
        ["Tom", "Smith", "tom.smith@ch.example.ch", "Zurich", "en", "", ""]]


def _csv(header, rows, delimiter=";", encoding="utf-8-sig") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    return "\r\n".join(lines).encode(encoding)


def _xlsx(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


@pytest.fixture
def seminar(app, make_event):
    event = make_event(slug="seminar-datenschutz")
    event.access = "invitation"
    event.contact_email = "iiz@example.ch"
    db.session.commit()
    return event


def _invite(event, email="laura@example.ch", language="it", canton="TI", **more) -> Invitation:
    invitation = invitations.invite(event, Invitee(first_name="Laura", last_name="Cattaneo", email=email,
                                                   canton=canton, language=language, organisation="DSS",
                                                   **more), actor=None)
    db.session.commit()
    return invitation


# -- the file ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["de", "fr", "it", "en"])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_headers_in_each_language_are_recognised(lang, kind):
    data = _csv(HEADERS[lang], ROWS) if kind == "csv" else _xlsx(HEADERS[lang], ROWS)
    reading = invitee_files.parse(f"invitees.{kind}", data)
    assert reading.ok, (reading.file_error, [p.text() for p in reading.problems])
    assert [(i.first_name, i.email, i.canton, i.language) for i in reading.invitees] == [
        ("Laura", "laura.cattaneo@ti.example.ch", "TI", "it"),
        ("Jean", "jean.oberson@fr.example.ch", "FR", "fr"),
        ("Anna", "anna.keller@be.example.ch", "BE", "de"), ("Tom", "tom.smith@ch.example.ch", "ZH", "en")]
    assert reading.invitees[0].organisation == "DSS" and reading.invitees[0].function == "Coordinatrice IIZ"


def test_a_windows_csv_with_commas_reads_too():
    rows = [["Hélène", "Défago", "h@vd.example.ch", "Vaud", "français", "", ""]]
    reading = invitee_files.parse("liste.csv", _csv(HEADERS["fr"], rows, delimiter=",", encoding="cp1252"))
    assert reading.ok and reading.invitees[0].first_name == "Hélène" and reading.invitees[0].canton == "VD"


def test_every_bad_row_is_listed_with_its_reason(app):
    rows = ROWS + [["", "Leer", "leer@example.ch", "BE", "de", "", ""],
                   ["Max", "Muster", "not-an-address", "BE", "de", "", ""],
                   ["Eva", "Ost", "eva@example.ch", "Bayern", "de", "", ""],
                   ["Ugo", "Rossi", "ugo@example.ch", "TI", "spagnolo", "", ""],
                   ["Laura", "Again", "LAURA.CATTANEO@ti.example.ch", "TI", "it", "", ""]]
    reading = invitee_files.parse("invitees.csv", _csv(HEADERS["de"], rows))
    assert not reading.ok
    with app.test_request_context("/en/"):
        problems = [(p.row, p.text()) for p in reading.problems]
    assert [row for row, _text in problems] == [6, 7, 8, 9, 10]
    assert "“first name” is empty" in problems[0][1]
    assert "not-an-address" in problems[1][1] and "Bayern" in problems[2][1] and "spagnolo" in problems[3][1]
    assert "already in row 2" in problems[4][1]


@pytest.mark.parametrize("data, name, expected", [
    (b"\x89PNG\r\n\x1a\n\x00\x00", "photo.png", "could not be read"),
    (b"PK\x03\x04broken", "list.xlsx", "could not be read"),
    (b"", "empty.csv", "empty"),
    ("Name;Telefon\r\nMuster;031".encode(), "list.csv", "missing: first name, email, canton, language"),
])
def test_an_unreadable_file_says_why(app, data, name, expected):
    reading = invitee_files.parse(name, data)
    with app.test_request_context("/en/"):
        assert expected in str(reading.file_error)


def test_the_back_office_imports_nothing_from_a_file_with_a_bad_row(client, seminar):
    admin = make_user("admin@iiz.example.ch", Role.ADMIN)
    login(client, admin)
    bad = _csv(HEADERS["fr"], ROWS + [["Max", "Muster", "nope", "BE", "de", "", ""]])
    page = client.post(f"/admin/events/{seminar.id}/invitations/import",
                       data={"file": (io.BytesIO(bad), "liste.csv")}, content_type="multipart/form-data")
    assert page.status_code == 422
    assert "Zeile 6" in page.get_data(as_text=True)  # the account's language: German
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0

    good = _xlsx(HEADERS["it"], ROWS)
    done = client.post(f"/admin/events/{seminar.id}/invitations/import",
                       data={"file": (io.BytesIO(good), "elenco.xlsx")}, content_type="multipart/form-data",
                       follow_redirects=True)
    assert done.status_code == 200
    assert "4 Einladungen in der Warteschlange; bisher 0 versandt" in done.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 4
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail).where(
        OutgoingMail.kind == "invitation")) == 4


# -- mails ---------------------------------------------------------------------------------------

def test_the_invitation_mail_goes_out_in_each_invitees_language_with_a_working_link(mail_app, smtp_server,
                                                                                    seminar, client):
    subjects = {"de": "Einladung", "fr": "Invitation", "it": "Invito", "en": "Invitation"}
    for lang in subjects:
        _invite(seminar, email=f"{lang}@example.ch", language=lang)
    report = deliver_due(now=utcnow() + timedelta(minutes=1))
    assert len(report.sent) == 4
    by_recipient = {message["To"]: message for message in smtp_server.messages}
    for lang, word in subjects.items():
        message = by_recipient[f"{lang}@example.ch"]
        assert message["Subject"].startswith(word)
        text = message.get_body(("plain",)).get_content()
        assert "invitation-code-secret" not in text
        link = re.search(rf"http://\S+/{lang}/events/seminar-datenschutz/register\?invitation=(\S+)", text)
        assert link, text
        address = urlsplit(link.group(0))
        assert client.get(f"{address.path}?{address.query}").status_code == 200
    stored = db.session.scalars(select(OutgoingMail.body_text)).all()
    assert all("invitation=invitation-code-secret" in body for body in stored)  # the outbox keeps no code


def test_the_code_is_long_and_stored_only_as_a_hash(seminar):
    invitation = _invite(seminar)
    code = invitations.code_for(invitation)
    assert len(code) == 32 and code not in (invitation.code_hash, invitation.code_salt)
    assert invitations.find_by_code(seminar, code) == invitation
    for wrong in (code[:-1], code[:20], code + "x", code[:-1] + ("A" if code[-1] != "A" else "B"), "", None):
        assert invitations.find_by_code(seminar, wrong) is None


# -- the form ------------------------------------------------------------------------------------

def test_without_an_invitation_the_form_is_not_offered_and_a_post_stores_nothing(client, seminar):
    event_page = client.get("/fr/events/seminar-datenschutz/").get_data(as_text=True)
    assert "sur invitation" in event_page and "/register" not in event_page
    form = client.get("/fr/events/seminar-datenschutz/register")
    assert form.status_code == 403 and "sur invitation" in form.get_data(as_text=True)
    assert 'name="first_name"' not in form.get_data(as_text=True)
    refused = client.post("/fr/events/seminar-datenschutz/register", data=form_data(seminar))
    assert refused.status_code == 403
    forged = client.post("/fr/events/seminar-datenschutz/register?invitation=" + "A" * 32,
                         data=form_data(seminar))
    assert forged.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_the_invitation_opens_a_prefilled_form_and_gives_one_registration(client, seminar):
    invitation = _invite(seminar, language="it", function="Coordinatrice IIZ")
    code = invitations.code_for(invitation)
    page = client.get(f"/it/events/seminar-datenschutz/register?invitation={code}")
    html = page.get_data(as_text=True)
    nonce = re.search(r'id="nonce" name="nonce" type="hidden" value="([^"]+)"', html).group(1)
    assert page.status_code == 200
    assert 'value="Laura"' in html and 'value="laura@example.ch"' in html
    assert 'value="Coordinatrice IIZ"' in html
    assert f"invitation={code}" in html  # the form posts back with its invitation

    data = form_data(seminar, first_name="Laura", last_name="Cattaneo-Rossi", email="laura@example.ch",
                     canton="TI", language="it", nonce=nonce)
    done = client.post(f"/it/events/seminar-datenschutz/register?invitation={code}", data=data)
    assert done.status_code == 303 and "/registration/" in done.headers["Location"]
    db.session.expire_all()
    registration = db.session.scalars(select(Registration)).one()
    assert registration.last_name == "Cattaneo-Rossi"  # the invitee may correct what was prefilled
    assert invitation.status is InvitationStatus.REGISTERED and invitation.registration_id == registration.id

    again = client.post(f"/it/events/seminar-datenschutz/register?invitation={code}",
                        data={**data, "email": "someone.else@example.ch", "nonce": "another"})
    assert again.status_code == 403 and "già stato utilizzato" in again.get_data(as_text=True)
    double = client.post(f"/it/events/seminar-datenschutz/register?invitation={code}", data=data)
    assert double.status_code == 303 and double.headers["Location"] == done.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1


def test_declining_is_recorded_once_and_the_person_may_still_register(client, seminar):
    invitation = _invite(seminar, language="fr")
    code = invitations.code_for(invitation)
    page = client.get(f"/fr/events/seminar-datenschutz/invitation/{code}/decline")
    assert page.status_code == 200 and "Décliner l’invitation" in page.get_data(as_text=True)
    done = client.post(f"/fr/events/seminar-datenschutz/invitation/{code}/decline")
    assert "Merci de nous avoir informés" in done.get_data(as_text=True)
    db.session.expire_all()
    assert invitation.status is InvitationStatus.DECLINED and invitation.answered_at is not None
    assert client.get(f"/fr/events/seminar-datenschutz/register?invitation={code}").status_code == 200
    assert client.get(f"/fr/events/seminar-datenschutz/invitation/{code[:-1]}x/decline").status_code == 404


def test_a_withdrawn_invitation_opens_nothing_and_its_queued_mail_is_dropped(client, seminar):
    invitation = _invite(seminar)
    code = invitations.code_for(invitation)
    invitations.withdraw(invitation, actor=None)
    db.session.commit()
    assert client.get(f"/de/events/seminar-datenschutz/register?invitation={code}").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 0


# -- the organizers ------------------------------------------------------------------------------

def test_reminders_go_once_per_click_to_those_who_have_not_answered(client, seminar):
    pending = _invite(seminar, email="pending@example.ch", canton="BE", language="de")
    declined = _invite(seminar, email="declined@example.ch", canton="BE", language="fr")
    registered = _invite(seminar, email="registered@example.ch", canton="ZH", language="it")
    invitations.decline(declined)
    client.post(f"/it/events/seminar-datenschutz/register?invitation={invitations.code_for(registered)}",
                data=form_data(seminar, email="registered@example.ch", canton="ZH", language="it"))
    db.session.commit()
    organizer = make_user("orga@iiz.example.ch", Role.ORGANIZER, events=[seminar])
    login(client, organizer)
    page = client.get(f"/admin/events/{seminar.id}/invitations/").get_data(as_text=True)
    assert "1 eingeladene Person hat noch nicht geantwortet." in page
    client.post(f"/admin/events/{seminar.id}/invitations/remind", data={"canton": ""})
    client.post(f"/admin/events/{seminar.id}/invitations/remind", data={"canton": ""})
    reminders = db.session.scalars(select(OutgoingMail).where(
        OutgoingMail.kind == "invitation_reminder")).all()
    assert [mail.recipient for mail in reminders] == ["pending@example.ch", "pending@example.ch"]
    db.session.expire_all()
    assert pending.reminders == 2 and declined.reminders == 0 and registered.reminders == 0


def test_the_organizers_see_each_canton_and_a_coordinator_only_hers(client, seminar):
    for n, canton in enumerate(["BE", "BE", "ZH", "TI"]):
        _invite(seminar, email=f"p{n}@example.ch", canton=canton, language="de")
    coordinator = make_user("zh@iiz.example.ch", Role.COORDINATOR, canton="ZH", language="fr")
    login(client, coordinator)
    page = client.get(f"/admin/events/{seminar.id}/invitations/").get_data(as_text=True)
    assert "p2@example.ch" in page and "p0@example.ch" not in page and "p3@example.ch" not in page
    assert "Importer" not in page  # read-only
    assert client.post(f"/admin/events/{seminar.id}/invitations/add",
                       data={"first_name": "X", "last_name": "Y", "email": "x@example.ch", "canton": "ZH",
                             "language": "fr"}).status_code == 403
    assert client.post(f"/admin/events/{seminar.id}/invitations/remind").status_code == 403


def test_inviting_the_same_address_twice_is_refused_with_a_clear_error(client, seminar):
    _invite(seminar, email="laura@example.ch")
    admin = make_user("admin@iiz.example.ch", Role.ADMIN, language="fr")
    login(client, admin)
    page = client.post(f"/admin/events/{seminar.id}/invitations/add",
                       data={"first_name": "Laura", "last_name": "C", "email": "Laura@example.ch",
                             "canton": "TI", "language": "it"})
    assert page.status_code == 422 and "déjà été invitée" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 1


def test_the_command_line_checks_a_file_and_invites(cli, seminar, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv(HEADERS["en"], ROWS + [["A", "B", "nope", "BE", "de", "", ""]]))
    refused = cli.invoke(args=["invite", seminar.slug, "--file", str(bad)])
    assert refused.exit_code == 1 and isinstance(refused.exception, SystemExit)
    assert "Row 6: “nope” is not a valid email address." in refused.output
    assert "nothing was imported" in refused.output
    good = tmp_path / "good.xlsx"
    good.write_bytes(_xlsx(HEADERS["de"], ROWS))
    dry = cli.invoke(args=["invite", seminar.slug, "--file", str(good), "--dry-run"])
    assert dry.exit_code == 0 and "4 would be invited" in dry.output
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    done = cli.invoke(args=["invite", seminar.slug, "--file", str(good)])
    assert done.exit_code == 0 and "4 invited (0 invited before" in done.output
    again = cli.invoke(args=["invite", seminar.slug, "--file", str(good)])
    assert "0 invited (4 invited before" in again.output
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 4


def test_erasing_a_registration_erases_its_invitation(client, seminar):
    from cii_events.services import privacy

    invitation = _invite(seminar)
    client.post(f"/it/events/seminar-datenschutz/register?invitation={invitations.code_for(invitation)}",
                data=form_data(seminar, email="laura@example.ch", canton="TI", language="it"))
    registration = db.session.scalars(select(Registration)).one()
    privacy.erase(registration)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail).where(
        OutgoingMail.kind == "invitation")) == 0


def test_the_organizers_make_an_event_invitation_only_in_its_settings(client, make_event):
    from .admin.test_programme import event_form

    event = make_event(slug="seminar-2")
    organizer = make_user("orga@iiz.example.ch", Role.ORGANIZER, events=[event])
    login(client, organizer)
    assert "Wer sich anmelden kann" in client.get("/admin/events/new").get_data(as_text=True)
    settings = client.get(f"/admin/events/{event.id}/edit").get_data(as_text=True)
    assert 'value="invitation"' in settings
    saved = client.post(f"/admin/events/{event.id}/edit", data=event_form(event, access="invitation"))
    assert saved.status_code == 303
    db.session.expire_all()
    assert event.by_invitation
    nav = client.get(f"/admin/events/{event.id}/").get_data(as_text=True)
    assert f"/admin/events/{event.id}/invitations/" in nav
    refused = client.post(f"/admin/events/{event.id}/edit", data=event_form(event, access="everyone"))
    assert refused.status_code == 422 and db.session.get(type(event), event.id).access == "invitation"
