"""Accounts: signing in, lockout, passwords, sessions, CSRF, language, and the administrators' pages."""
from __future__ import annotations

import re
from datetime import timedelta

from cii_events.extensions import db
from cii_events.models import AuditEntry, Event, Role, User, utcnow
from cii_events.services import accounts

from .conftest import PASSWORD, login, make_user


def actions():
    return [entry.action for entry in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id))]


class TestSignIn:
    def test_passwords_are_hashed_with_scrypt(self, world):
        assert world.admin.password_hash.startswith("scrypt:")
        assert PASSWORD not in world.admin.password_hash

    def test_the_production_default_is_werkzeugs_scrypt_work_factor(self, app):
        app.config.pop("PASSWORD_HASH_METHOD")
        assert accounts.hash_password("a long password").startswith("scrypt:32768:8:1$")

    def test_sign_in_and_out(self, client, world):
        assert client.get("/admin/events/").status_code == 302
        response = login(client, "ORGA@iiz.example.ch ")
        assert response.status_code == 303 and response.headers["Location"] == "/admin/events/"
        assert client.get("/admin/events/").status_code == 200
        assert client.post("/admin/logout").status_code == 303
        assert client.get("/admin/events/").status_code == 302
        assert actions()[-2:] == ["login.succeeded", "logout"]

    def test_wrong_password_and_unknown_account_get_the_same_answer(self, client, world):
        wrong = login(client, world.organizer, "wrong password", lang="en")
        unknown = login(client, "nobody@example.ch", "wrong password", lang="en")
        assert wrong.status_code == unknown.status_code == 422
        message = "The email address or the password is not correct."
        assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)

    def test_five_failures_lock_the_account_for_a_while(self, client, world):
        for _ in range(accounts.MAX_FAILED_LOGINS):
            assert login(client, world.organizer, "wrong password").status_code == 422
        assert login(client, world.organizer).status_code == 422  # locked: even the right password fails
        db.session.expire_all()
        assert accounts.is_locked(world.organizer)
        assert "login.locked" in actions() and actions()[-1] == "login.refused_locked"
        world.organizer.locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert login(client, world.organizer).status_code == 303

    def test_an_administrator_unlocks(self, client, world, as_user):
        world.organizer.locked_until = utcnow() + timedelta(minutes=10)
        db.session.commit()
        admin = as_user(world.admin)
        page = admin.get(f"/admin/users/{world.organizer.id}/edit?lang=en").get_data(as_text=True)
        assert "This account is locked" in page
        assert admin.post(f"/admin/users/{world.organizer.id}/unlock").status_code == 303
        db.session.expire_all()
        assert not accounts.is_locked(world.organizer)

    def test_a_deactivated_account_can_no_longer_sign_in_and_its_session_ends(self, client, world):
        login(client, world.organizer)
        world.organizer.active = False
        db.session.commit()
        assert client.get("/admin/events/").status_code == 302
        assert login(client, world.organizer).status_code == 422


class TestPassword:
    def test_change_own_password_signs_out_other_sessions(self, app, client, world):
        other_browser = app.test_client()
        login(other_browser, world.organizer)
        login(client, world.organizer)
        url = "/admin/account/password?lang=en"
        response = client.post(url, data={"current_password": "wrong", "password": "a new long password",
                                          "confirm": "a new long password"})
        assert "The current password is not correct." in response.get_data(as_text=True)
        response = client.post(url, data={"current_password": PASSWORD, "password": "short",
                                          "confirm": "short"})
        assert response.status_code == 422
        response = client.post(url, data={"current_password": PASSWORD, "password": "a new long password",
                                          "confirm": "another long password"})
        assert "The two passwords are not the same." in response.get_data(as_text=True)
        response = client.post(url, data={"current_password": PASSWORD, "password": "a new long password",
                                          "confirm": "a new long password"})
        assert response.status_code == 303
        assert client.get("/admin/events/").status_code == 200  # this session goes on
        assert other_browser.get("/admin/events/").status_code == 302  # the other one has ended
        assert login(other_browser, world.organizer, "a new long password").status_code == 303


class TestCsrf:
    def test_every_form_needs_its_token(self, app, client, world):
        app.config["WTF_CSRF_ENABLED"] = True
        assert login(client, world.organizer).status_code == 400  # no token
        page = client.get("/admin/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post("/admin/login", data={"email": world.organizer.email, "password": PASSWORD,
                                                     "csrf_token": token})
        assert response.status_code == 303
        assert client.post("/admin/logout").status_code == 400
        events = client.get("/admin/events/").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', events).group(1)
        assert client.post(f"/admin/events/{world.event.id}/registrations/{world.be[0].id}/cancel",
                           data={"confirm": "y"}).status_code == 400
        assert client.post("/admin/logout", data={"csrf_token": token}).status_code == 303


class TestLanguage:
    def test_the_accounts_language_then_the_switch(self, client, world):
        login(client, world.coordinator_zh)  # her language: French
        page = client.get("/admin/events/").get_data(as_text=True)
        assert '<html lang="fr">' in page and "Manifestations" in page
        page = client.get("/admin/events/?lang=it").get_data(as_text=True)
        assert '<html lang="it">' in page
        assert '<html lang="it">' in client.get("/admin/account").get_data(as_text=True)  # remembered
        assert 'href="/admin/account?lang=de"' in client.get("/admin/account").get_data(as_text=True)

    def test_saving_the_profile_language(self, client, world):
        login(client, world.organizer)
        client.get("/admin/events/?lang=en")
        client.post("/admin/account", data={"name": "Orga", "language": "it"})
        db.session.expire_all()
        assert world.organizer.language == "it"
        assert '<html lang="it">' in client.get("/admin/events/").get_data(as_text=True)

    def test_the_sign_in_page_follows_the_browser(self, client, world):
        browser = {"Accept-Language": "it-CH,it;q=0.9,de;q=0.5"}
        page = client.get("/admin/login", headers=browser).get_data(as_text=True)
        assert '<html lang="it">' in page and "Login all'area di gestione" in page


class TestAccountsAdministration:
    def test_create_a_coordinator_and_an_organizer(self, world, as_user):
        client = as_user(world.admin)
        response = client.post("/admin/users/new?lang=en", data={
            "email": "ti@iiz.example.ch", "role": "coordinator", "language": "it",
            "password": "a long enough password", "active": "y"})
        assert response.status_code == 422
        assert "A cantonal coordinator needs a canton." in response.get_data(as_text=True)
        response = client.post("/admin/users/new", data={
            "email": "ti@iiz.example.ch", "role": "coordinator", "canton": "TI", "language": "it",
            "password": "a long enough password", "active": "y"})
        assert response.status_code == 303
        response = client.post("/admin/users/new", data={
            "email": "orga2@iiz.example.ch", "role": "organizer", "language": "de", "active": "y",
            "events": [str(world.event.id), str(world.other_event.id)], "password": "a long enough password"})
        assert response.status_code == 303
        coordinator = accounts.find_by_email("ti@iiz.example.ch")
        assert (coordinator.role, coordinator.canton, coordinator.events) == (Role.COORDINATOR, "TI", [])
        organizer = accounts.find_by_email("orga2@iiz.example.ch")
        assert sorted(event.slug for event in organizer.events) == ["national-days", "seminar"]
        page = client.get("/admin/users/?lang=en").get_data(as_text=True)
        assert "ti@iiz.example.ch" in page and "Ticino" in page
        response = client.post("/admin/users/new?lang=en", data={
            "email": "TI@iiz.example.ch", "role": "admin", "language": "it", "password": "another password"})
        assert "Another account already uses this email address." in response.get_data(as_text=True)

    def test_change_role_and_events_and_set_a_password(self, world, as_user):
        client = as_user(world.admin)
        user = world.other_organizer
        response = client.post(f"/admin/users/{user.id}/edit", data={
            "email": user.email, "role": "organizer", "language": "fr", "active": "y",
            "events": [str(world.event.id)], "password": "set by the admin"})
        assert response.status_code == 303
        db.session.expire_all()
        assert [event.slug for event in user.events] == ["national-days"] and user.language == "fr"
        assert accounts.authenticate(user.email, "set by the admin") is not None
        changes = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "user.updated")).one()
        assert changes.details["changes"]["events"] == {"from": ["seminar"], "to": ["national-days"]}
        assert "user.password_set" in actions()

    def test_an_administrator_cannot_demote_or_deactivate_themselves(self, world, as_user):
        client = as_user(world.admin)
        response = client.post(f"/admin/users/{world.admin.id}/edit?lang=en", data={
            "email": world.admin.email, "role": "organizer", "language": "de", "active": "y"})
        assert response.status_code == 422
        assert "You cannot take away your own administrator rights" in response.get_data(as_text=True)
        db.session.expire_all()
        assert world.admin.role is Role.ADMIN


class TestCommandLine:
    def test_users_create(self, app, cli, make_event):
        make_event(slug="national-days")
        result = cli.invoke(args=["users", "create", "--email", "Admin@IIZ.example.ch", "--password",
                                  "a long password", "--role", "admin", "--name", "Ada Admin"])
        assert result.exit_code == 0, result.output
        result = cli.invoke(args=["users", "create", "--email", "be@iiz.example.ch", "--password",
                                  "a long password", "--role", "coordinator", "--canton", "be"])
        assert result.exit_code == 0, result.output
        result = cli.invoke(args=["users", "create", "--email", "o@iiz.example.ch", "--password",
                                  "a long password", "--role", "organizer", "--event", "national-days"])
        assert result.exit_code == 0, result.output
        users = {user.email: user for user in db.session.scalars(db.select(User))}
        assert users["admin@iiz.example.ch"].name == "Ada Admin"
        assert users["admin@iiz.example.ch"].password_hash.startswith("scrypt:")
        assert users["be@iiz.example.ch"].canton == "BE"
        assert [e.slug for e in users["o@iiz.example.ch"].events] == ["national-days"]
        listing = cli.invoke(args=["users", "list"]).output
        assert "be@iiz.example.ch\tcoordinator\tBE\tactive" in listing

    def test_users_create_refuses_bad_input(self, app, cli):
        for extra in (["--role", "coordinator"], ["--role", "admin", "--password", "short"],
                      ["--role", "boss"], ["--role", "organizer", "--event", "nope"]):
            args = ["users", "create", "--email", "x@iiz.example.ch", "--password", "a long password", *extra]
            result = cli.invoke(args=args)
            assert result.exit_code != 0, extra
        assert db.session.scalars(db.select(User)).all() == []
        cli.invoke(args=["users", "create", "--email", "x@iiz.example.ch", "--password", "a long password",
                         "--role", "admin"])
        result = cli.invoke(args=["users", "create", "--email", "X@iiz.example.ch", "--password",
                                  "a long password", "--role", "admin"])
        assert result.exit_code != 0 and "already uses this email address" in result.output

    def test_set_password(self, app, cli):
        make_user("x@iiz.example.ch", Role.ADMIN)
        result = cli.invoke(args=["users", "set-password", "--email", "x@iiz.example.ch"],
                            input="another long password\nanother long password\n")
        assert result.exit_code == 0, result.output
        assert accounts.authenticate("x@iiz.example.ch", "another long password") is not None


def test_organizers_list_only_their_events(world, as_user):
    client = as_user(world.other_organizer)
    page = client.get("/admin/events/").get_data(as_text=True)
    assert f"/admin/events/{world.other_event.id}/" in page and f"/admin/events/{world.event.id}/" not in page
    assert db.session.get(Event, world.event.id) is not None
