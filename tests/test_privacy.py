"""Data protection: what a person can see, take along and delete; retention; hardening."""
from __future__ import annotations

import json
import os
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa

from cii_events import create_app
from cii_events.extensions import db, limiter
from cii_events.models import (AuditEntry, BookingStatus, MailStatus, OutgoingMail, Registration,
                               RegistrationStatus, utcnow)
from cii_events.services import registration as registrations
from cii_events.services.integrity import find_problems
from cii_events.services.mail_delivery import deliver_due

from .conftest import _config, sign_up, workshop


def test_data_export_holds_everything_stored_with_purposes_and_retention(app, client, make_event):
    event = make_event()
    registration = sign_up(event, 1, "A1", "D", language="fr", dietary="Végétarien", phone="+41313222111")
    token = registrations.personal_token(registration)
    response = client.get(f"/fr/registration/{token}/data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["registration"]["email"] == "person1@example.ch"
    assert data["registration"]["dietary"] == "Végétarien"
    assert data["registration"]["phone"] == "+41313222111"
    assert {b["workshop"] for b in data["bookings"]} == {"A1", "D"}
    assert data["consents"]["privacy_notice_version"] == "v1"
    assert data["consents"]["participant_list"] is False
    assert [m["kind"] for m in data["mails"]] == ["confirmed"]
    assert data["purposes"] == [  # in the reader's language
        "Organisation de la manifestation\u00a0: admission, places dans les ateliers, listes d'attente, "
        "badges et accueil.",
        "Vous écrire au sujet de votre inscription et de la manifestation.",
        "Décompte des participantes et participants par canton, institution et langue, sans noms, pour le "
        "rapport du Bureau national CII."]
    expected_end = (event.ends_at + timedelta(days=event.retention_days)).isoformat()
    assert data["retention"]["erased_at_latest"] == expected_end
    readable = client.get(f"/fr/registration/{token}/data").get_data(as_text=True)
    assert "Végétarien" in readable and "person1@example.ch" in readable


def test_consents_can_be_given_and_withdrawn(app, client, make_event):
    event = make_event()
    registration = sign_up(event, 1, "A1")
    token = registrations.personal_token(registration)
    assert client.post(f"/de/registration/{token}/consents", data={"list_consent": "y"}).status_code == 303
    db.session.expire_all()
    assert registration.list_consent is True and registration.photo_consent is False
    assert registration.consents_changed_at is not None
    client.post(f"/de/registration/{token}/consents", data={})
    db.session.expire_all()
    assert registration.list_consent is False
    actions = [e.action for e in db.session.query(AuditEntry).filter_by(object_id=registration.id)]
    assert actions == ["registration.consents_changed", "registration.consents_changed"]


def test_deleting_frees_the_seat_promotes_and_leaves_nothing_personal(app, client, make_event):
    event = make_event(capacities=(1, 5))
    leaving = sign_up(event, 1, "A1", "D", first_name="Giulia", last_name="Bernasconi",
                      email="giulia@example.ch", remarks="Arrivo in ritardo", language="it")
    waiting = sign_up(event, 2, "A1")
    token = registrations.personal_token(leaving)
    assert client.post(f"/it/registration/{token}/delete", data={}).status_code == 422  # confirmation
    response = client.post(f"/it/registration/{token}/delete", data={"confirm": "y"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/it/deleted")
    db.session.expire_all()
    assert waiting.active_bookings[0].status is BookingStatus.CONFIRMED
    assert leaving.status is RegistrationStatus.CANCELLED and leaving.erased_at is not None
    assert client.get(f"/it/registration/{token}/").status_code == 404
    assert find_problems() == []
    # Nothing that names the person is left anywhere in the database.
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)):
            flat = json.dumps([str(value) for value in row], ensure_ascii=False)
            for personal in ("Giulia", "Bernasconi", "giulia@example.ch", "Arrivo in ritardo"):
                assert personal not in flat, (table.name, personal)
    # Counts without names remain.
    assert leaving.canton == "BE" and leaving.institution_type == "disability"
    kinds = [m.kind for m in db.session.query(OutgoingMail)]
    assert "cancelled" not in kinds and kinds.count("promoted") == 1


def test_the_retention_run_erases_past_events_and_empties_old_mails(app, cli, make_event):
    old = make_event(starts=-400, opens=-500, closes=-401)
    current = make_event()
    app.config["MAIL_BACKEND"] = "file"
    with_app_time = utcnow()
    registration = sign_up(current, 1, "A1")
    deliver_due()
    # An event that ended 400 days ago: registrations put there directly (registration is closed).
    past = Registration(event=old, status=RegistrationStatus.CONFIRMED, first_name="Old", last_name="Timer",
                        email="old@example.ch", email_normalized="old@example.ch", organisation="X",
                        institution_type="other", canton="ZH", language="de", privacy_version_accepted="v1",
                        privacy_accepted_at=with_app_time, reference="OLDREF22", manage_token_salt="s",
                        manage_token_hash="h" * 64, checkin_code="c")
    db.session.add(past)
    mail = db.session.query(OutgoingMail).one()
    mail.created_at = utcnow() - timedelta(days=31)
    db.session.commit()
    result = cli.invoke(args=["anonymize"])
    assert result.exit_code == 0
    assert "Registrations erased: 1; delivered mails emptied: 1." in result.output
    db.session.expire_all()
    assert past.first_name == "" and past.email == f"erased-{past.id}@invalid" and past.erased_at
    assert registration.first_name == "Anna1"  # the coming event keeps its data
    assert mail.body_text == "" and mail.recipient == "" and mail.status is MailStatus.SENT
    assert cli.invoke(args=["anonymize"]).output.startswith("Registrations erased: 0;")


@pytest.mark.parametrize("path", ["/fr/", "/fr/events/event-1/", "/fr/events/event-1/register"])
def test_security_headers(client, make_event, path):
    make_event(slug="event-1")
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in headers
    secure = client.get(path, base_url="https://localhost").headers
    assert secure["Strict-Transport-Security"].startswith("max-age=")


def test_the_whole_header_set_on_personal_and_back_office_pages(client, make_event):
    event = make_event()
    token = registrations.personal_token(sign_up(event, 1, "A1"))
    for path in (f"/de/registration/{token}/", f"/de/registration/{token}/data", "/admin/login",
                 f"/de/events/{event.slug}/register"):
        headers = client.get(path).headers
        assert headers["Cache-Control"] == "no-store", path
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
        assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "same-origin", path
        assert headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()", path


def test_pages_carry_no_inline_script(client, make_event):
    event = make_event()
    for path in ("/de/", f"/de/events/{event.slug}/", f"/de/events/{event.slug}/register"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page and " onclick=" not in page and " style=" not in page


@contextmanager
def other_app(database_url, instance_dir, **overrides):
    """A second app on the same database, configured differently from the test default."""
    app = create_app({**_config(database_url, str(instance_dir)), **overrides})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_session_cookie_is_httponly_and_samesite(database_url, instance_dir, make_event):
    with other_app(database_url, instance_dir, WTF_CSRF_ENABLED=True, SESSION_COOKIE_SECURE=True) as app:
        event = make_event()
        response = app.test_client().get(f"/de/events/{event.slug}/register", base_url="https://localhost")
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_tokens_are_stored_only_as_hashes(app, make_event):
    event = make_event()
    registration = sign_up(event, 1, "A1")
    token = registrations.personal_token(registration)
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)):
            assert token not in json.dumps([str(value) for value in row])


def test_a_forged_csrf_token_keeps_what_was_typed(database_url, instance_dir, make_event):
    with other_app(database_url, instance_dir, WTF_CSRF_ENABLED=True) as app:
        event = make_event()
        a1 = workshop(event, "A1")
        client = app.test_client()
        response = client.post(f"/fr/events/{event.slug}/register", data={
            "csrf_token": "forged", "first_name": "Élodie", "last_name": "Rossier",
            "email": "elodie@example.ch", f"slot_{a1.slot_id}": str(a1.id)})
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert 'value="Élodie"' in page
        assert db.session.query(Registration).count() == 0


def test_rate_limit_on_registration_shared_through_redis(database_url, instance_dir, make_event, redis_url):
    limits = dict(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=redis_url,
                  RATELIMIT_KEY_PREFIX=f"cii-test-{os.getpid()}", RATELIMIT_REGISTRATION="3 per minute")
    second = create_app({**_config(database_url, str(instance_dir)), **limits})
    with other_app(database_url, instance_dir, **limits) as first:
        apps = [first, second]  # two instances, one counter in Redis
        limiter.reset()
        event = make_event()
        codes = []
        for n in range(5):
            client = apps[n % 2].test_client()
            codes.append(client.post(f"/de/events/{event.slug}/register", data={"email": "x"}).status_code)
        assert codes[:3] == [422, 422, 422]
        assert codes[3:] == [429, 429]
        page = apps[1].test_client().post(f"/fr/events/{event.slug}/register", data={})
        assert page.status_code == 429 and "Trop de" in page.get_data(as_text=True)
        assert apps[0].test_client().get(f"/de/events/{event.slug}/register").status_code == 200
        limiter.reset()
    with second.app_context():
        db.engine.dispose()


TOKEN_ROUTES = [("GET", "/de/registration/{token}/"), ("POST", "/de/registration/{token}/"),
                ("GET", "/de/registration/{token}/cancel"), ("POST", "/de/registration/{token}/cancel"),
                ("GET", "/de/registration/{token}/data"), ("GET", "/de/registration/{token}/data.json"),
                ("POST", "/de/registration/{token}/consents"), ("GET", "/de/registration/{token}/delete"),
                ("POST", "/de/registration/{token}/delete"),
                ("GET", "/de/registration/{token}/certificate.pdf"),
                ("GET", "/de/registration/{token}/details"), ("POST", "/de/registration/{token}/details"),
                ("GET", "/de/registration/{token}/transfer"), ("POST", "/de/registration/{token}/transfer"),
                ("GET", "/de/registration/{token}/calendar.ics"),
                ("GET", "/de/registration/{token}/waiting/1/leave"),
                ("POST", "/de/registration/{token}/waiting/1/leave")]


@pytest.mark.parametrize("method, route", TOKEN_ROUTES)
def test_every_personal_link_route_is_rate_limited(database_url, instance_dir, method, route):
    with other_app(database_url, instance_dir, RATELIMIT_ENABLED=True,
                   RATELIMIT_PERSONAL_PAGE="3 per minute") as app:
        limiter.reset()
        client = app.test_client()
        guesses = [route.format(token=f"guess{n}x" * 4) for n in range(4)]
        codes = [client.open(url, method=method).status_code for url in guesses]
        assert codes == [404, 404, 404, 429]
        limiter.reset()


def test_the_personal_link_routes_share_one_limit(database_url, instance_dir, make_event):
    with other_app(database_url, instance_dir, RATELIMIT_ENABLED=True,
                   RATELIMIT_PERSONAL_PAGE="4 per minute") as app:
        limiter.reset()
        event = make_event()
        token = registrations.personal_token(sign_up(event, 1, "A1"))
        client = app.test_client()
        codes = [client.get(f"/de/registration/{token}/{path}").status_code
                 for path in ("", "data", "data.json", "cancel", "delete")]
        assert codes == [200, 200, 200, 200, 429]
        limiter.reset()


def test_a_crash_after_the_seat_was_taken_leaves_nothing(app, client, make_event):
    """Fault injection: the mail receiver fails after the seat is taken, inside the request."""
    from cii_events import signals

    event = make_event(capacities=(1, 5))
    a1 = workshop(event, "A1")

    def explode(registration, **_):
        raise RuntimeError("injected failure after the seat was taken")

    signals.registration_created.connect(explode, weak=False)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.post(f"/de/events/{event.slug}/register", data={
            "first_name": "Jonas", "last_name": "Keller", "email": "jonas@example.ch", "organisation": "RAV",
            "institution_type": "unemployment", "canton": "ZH", "language": "de", "privacy_consent": "y",
            f"slot_{a1.slot_id}": str(a1.id), f"slot_{workshop(event, 'D').slot_id}": ""})
    finally:
        signals.registration_created.disconnect(explode)
    assert response.status_code == 500
    db.session.rollback()
    assert db.session.query(Registration).count() == 0
    assert db.session.query(OutgoingMail).count() == 0
    assert db.session.get(type(a1), a1.id).confirmed_count == 0
    assert find_problems() == []


def test_an_organizer_erases_on_request_and_the_audit_log_keeps_only_the_fact(app, client, make_event):
    from cii_events.models import Role

    from .admin.conftest import login, make_user

    event = make_event(capacities=(1, 5))
    person = sign_up(event, 1, "A1", first_name="Reto", last_name="Zgraggen", email="reto@example.ch")
    waiting = sign_up(event, 2, "A1")
    admin = make_user("admin@example.ch", Role.ADMIN)
    login(client, admin)
    url = f"/admin/events/{event.id}/registrations/{person.id}/erase"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"confirm": "y"}).status_code == 422  # how the request came is required
    response = client.post(url, data={"reason": "Letter of 3 March", "confirm": "y"})
    assert response.status_code == 303
    db.session.expire_all()
    assert person.erased_at is not None and person.last_name == ""
    assert waiting.active_bookings[0].status is BookingStatus.CONFIRMED
    entry = db.session.query(AuditEntry).filter_by(action="registration.erased").one()
    assert entry.actor == "admin@example.ch" and entry.user_id == admin.id
    assert entry.details == {"reason": "Letter of 3 March"}
    assert "Zgraggen" not in json.dumps(entry.details)
    assert find_problems() == []


def test_back_office_sessions_end_after_idle_time(app, client, make_event):
    from cii_events.models import Role

    from .admin.conftest import login, make_user

    login(client, make_user("idle@example.ch", Role.ADMIN))
    assert client.get("/admin/events/").status_code == 200
    with client.session_transaction() as session:
        session["admin_seen"] = int(session["admin_seen"]) - app.config["ADMIN_IDLE_MINUTES"] * 60 - 5
    response = client.get("/admin/events/")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_login_is_rate_limited(database_url, instance_dir, make_event):
    with other_app(database_url, instance_dir, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="2 per minute",
                   RATELIMIT_STORAGE_URI="memory://") as app:
        limiter.reset()
        client = app.test_client()
        codes = [client.post("/admin/login", data={"email": "x@example.ch", "password": "wrong"}).status_code
                 for _ in range(3)]
        assert codes == [422, 422, 429]
        limiter.reset()
