"""Accounts: signing in, lockout, passwords, sessions, CSRF, language, and the administrators' pages."""
from __future__ import annotations

import re
import time
from datetime import timedelta

from cii_events.extensions import db
from cii_events.models import AdminSession, AuditEntry, Event, LoginThrottle, Role, User, utcnow
from cii_events.services import accounts

from ..conftest import assert_refused
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

    def test_failures_slow_the_next_attempt_down_instead_of_locking_the_account(self, app, client, world):
        app.config.update(LOGIN_DELAY_SECONDS=60, LOGIN_DELAY_MAX_SECONDS=600)
        for _ in range(accounts.FREE_FAILURES):
            page = login(client, world.organizer, "wrong password", lang="en")
            assert page.status_code == 422 and "is not correct" in page.get_data(as_text=True)
        refused = login(client, world.organizer, lang="en")  # too early: even the right password waits
        assert refused.status_code == 422 and "Too many failed sign-ins" in refused.get_data(as_text=True)
        assert actions()[-1] == "login.throttled"
        waits = accounts.throttled_until(world.organizer) - utcnow()
        assert timedelta(seconds=55) < waits <= timedelta(seconds=60)
        self._wait_until_allowed()
        assert login(client, world.organizer).status_code == 303  # never locked
        assert accounts.throttled_until(world.organizer) is None

    def test_the_delay_doubles_up_to_a_cap(self, app):
        app.config.update(LOGIN_DELAY_SECONDS=2, LOGIN_DELAY_MAX_SECONDS=30)
        delays = [accounts.login_delay(n).total_seconds() for n in range(1, 10)]
        assert delays == [0, 0, 2, 4, 8, 16, 30, 30, 30]
        assert accounts.login_delay(10 ** 6).total_seconds() == 30

    def test_throttled_per_client_address_across_accounts(self, app, client, world):
        app.config.update(LOGIN_DELAY_SECONDS=60)
        guesser = {"REMOTE_ADDR": "203.0.113.7"}
        for email in ("a@example.ch", "b@example.ch", world.admin.email):
            client.post("/admin/login", data={"email": email, "password": "guess"}, environ_base=guesser)
        # the address waits, for any account ...
        assert client.post("/admin/login", data={"email": world.organizer.email, "password": PASSWORD},
                           environ_base=guesser).status_code == 422
        # ... while the organizer signs in from elsewhere at once
        assert client.post("/admin/login", data={"email": world.organizer.email, "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": "198.51.100.1"}).status_code == 303

    def test_throttled_per_account_across_addresses(self, app, client, world):
        app.config.update(LOGIN_DELAY_SECONDS=60)
        for n in range(accounts.FREE_FAILURES):
            client.post("/admin/login", data={"email": world.organizer.email, "password": "guess"},
                        environ_base={"REMOTE_ADDR": f"203.0.113.{n}"})
        response = client.post("/admin/login", data={"email": world.organizer.email, "password": PASSWORD},
                               environ_base={"REMOTE_ADDR": "198.51.100.1"})
        assert response.status_code == 422

    def test_unknown_addresses_are_throttled_alike(self, app, client, world):
        app.config.update(LOGIN_DELAY_SECONDS=60)
        answers = {}
        for network, email in enumerate(("nobody@example.ch", world.organizer.email)):
            texts = []
            for n in range(accounts.FREE_FAILURES + 1):  # each from its own address
                page = client.post("/admin/login?lang=en", data={"email": email, "password": "guess"},
                                   environ_base={"REMOTE_ADDR": f"192.0.{network}.{n}"})
                texts.append(re.search(r'<div class="error-summary.*?</div>', page.get_data(as_text=True),
                                       re.S).group(0))
            answers[email] = texts
        assert answers["nobody@example.ch"] == answers[world.organizer.email]
        assert "Too many failed sign-ins" in answers["nobody@example.ch"][-1]

    def test_every_failed_sign_in_takes_the_same_time(self, app, client, world):
        app.config.update(LOGIN_FAILURE_SECONDS=0.3, LOGIN_DELAY_SECONDS=60)
        client.get("/admin/login")  # templates compiled before timing
        timings = {}
        for label, email in (("unknown", "nobody@example.ch"), ("wrong", world.organizer.email),
                             ("wrong again", world.organizer.email), ("refused", world.organizer.email)):
            started = time.monotonic()
            assert login(client, email, "wrong password").status_code == 422
            timings[label] = time.monotonic() - started
        assert actions()[-1] == "login.throttled"  # the last came too early from this address
        # None answers before the set time (the floor is what hides the difference); generous upper
        # bounds, as the machine may be busy
        assert all(0.3 <= took < 1.0 for took in timings.values()), timings
        assert max(timings.values()) - min(timings.values()) < 0.3, timings

    @staticmethod
    def _wait_until_allowed():
        db.session.execute(db.update(LoginThrottle).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()

    def test_an_administrator_lets_a_slowed_account_sign_in_again(self, app, client, world, as_user):
        app.config.update(LOGIN_DELAY_SECONDS=600)
        for _ in range(accounts.FREE_FAILURES):
            app.test_client().post("/admin/login", data={"email": world.organizer.email, "password": "guess"},
                                   environ_base={"REMOTE_ADDR": "203.0.113.9"})
        admin = as_user(world.admin)
        assert "waiting after failed sign-ins" in admin.get("/admin/users/?lang=en").get_data(as_text=True)
        page = admin.get(f"/admin/users/{world.organizer.id}/edit?lang=en").get_data(as_text=True)
        assert "the next attempt for this account has to wait until" in page
        assert admin.post(f"/admin/users/{world.organizer.id}/unlock").status_code == 303
        assert accounts.throttled_until(world.organizer) is None
        assert login(app.test_client(), world.organizer).status_code == 303

    def test_a_deactivated_account_can_no_longer_sign_in_and_its_session_ends(self, client, world):
        login(client, world.organizer)
        world.organizer.active = False
        db.session.commit()
        assert client.get("/admin/events/").status_code == 302
        assert login(client, world.organizer).status_code == 422


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def with_cookie(app, value: str):
    """Another browser that replays a saved session cookie."""
    other = app.test_client()
    other.set_cookie("session", value)
    return other


class TestSessions:
    def test_a_cookie_saved_before_signing_out_is_refused_afterwards(self, app, client, world):
        login(client, world.organizer)
        saved = session_cookie(client)
        assert with_cookie(app, saved).get("/admin/events/").status_code == 200
        assert client.post("/admin/logout").status_code == 303
        replay = with_cookie(app, saved)
        assert replay.get("/admin/events/").status_code == 302
        assert replay.get(f"/admin/events/{world.event.id}/registrations/").status_code == 302

    def test_signing_out_ends_only_that_session(self, app, client, world):
        other_browser = app.test_client()
        login(other_browser, world.organizer)
        login(client, world.organizer)
        client.post("/admin/logout")
        assert other_browser.get("/admin/events/").status_code == 200

    def test_sign_out_everywhere(self, app, client, world):
        other_browser = app.test_client()
        login(other_browser, world.organizer)
        login(client, world.organizer)
        page = client.get("/admin/account?lang=en").get_data(as_text=True)
        assert page.count("Since ") == 2 and "this browser" in page and "Sign out everywhere" in page
        assert client.post("/admin/account/sessions/end").status_code == 303
        assert client.get("/admin/events/").status_code == 302
        assert other_browser.get("/admin/events/").status_code == 302
        assert accounts.open_sessions(world.organizer) == []
        assert actions()[-1] == "logout.everywhere"

    def test_a_new_password_set_by_an_administrator_ends_every_session(self, app, world, as_user):
        organizer = app.test_client()
        login(organizer, world.organizer)
        saved = session_cookie(organizer)
        admin = as_user(world.admin)
        response = admin.post(f"/admin/users/{world.organizer.id}/edit", data={
            "email": world.organizer.email, "role": "organizer", "language": "de", "active": "y",
            "events": [str(world.event.id)], "password": "set by the admin"})
        assert response.status_code == 303
        assert organizer.get("/admin/events/").status_code == 302
        assert with_cookie(app, saved).get("/admin/events/").status_code == 302
        assert admin.get("/admin/events/").status_code == 200

    def test_deactivating_an_account_ends_its_sessions_for_good(self, app, world, as_user):
        organizer = app.test_client()
        login(organizer, world.organizer)
        saved = session_cookie(organizer)
        admin = as_user(world.admin)
        response = admin.post(f"/admin/users/{world.organizer.id}/edit", data={
            "email": world.organizer.email, "role": "organizer", "language": "de",
            "events": [str(world.event.id)]})  # "active" unticked
        assert response.status_code == 303
        world.organizer.active = True  # even once active again, the old session stays ended
        db.session.commit()
        assert with_cookie(app, saved).get("/admin/events/").status_code == 302

    def test_a_session_ends_after_its_absolute_lifetime_even_when_in_use(self, app, client, world):
        app.config["ADMIN_SESSION_MAX_HOURS"] = 12
        login(client, world.organizer)
        for hours in (2, 6, 11):
            db.session.execute(db.update(AdminSession).values(created_at=utcnow() - timedelta(hours=hours)))
            db.session.commit()
            assert client.get("/admin/events/").status_code == 200
        expired = utcnow() - timedelta(hours=12, seconds=1)
        db.session.execute(db.update(AdminSession).values(created_at=expired))
        db.session.commit()
        assert client.get("/admin/events/").status_code == 302

    def test_the_idle_limit_still_applies(self, app, client, world):
        login(client, world.organizer)
        with client.session_transaction() as cookie:
            cookie["admin_seen"] = int(time.time()) - app.config["ADMIN_IDLE_MINUTES"] * 60 - 5
        assert client.get("/admin/events/").status_code == 302

    def test_only_a_hash_of_the_session_secret_is_stored(self, client, world):
        login(client, world.organizer)
        with client.session_transaction() as cookie:
            secret = cookie["_user_id"]
        stored = db.session.scalars(db.select(AdminSession)).one()
        assert len(secret) >= 40 and secret not in stored.token_hash and stored.user_id == world.organizer.id


class TestPassword:
    def test_change_own_password_signs_out_other_sessions(self, app, client, world):
        other_browser = app.test_client()
        login(other_browser, world.organizer)
        login(client, world.organizer)
        saved = session_cookie(client)
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
        assert client.get("/admin/events/").status_code == 200  # this browser goes on, in a new session
        assert other_browser.get("/admin/events/").status_code == 302  # the other one has ended
        assert with_cookie(app, saved).get("/admin/events/").status_code == 302  # and so has the old one
        assert login(other_browser, world.organizer, "a new long password").status_code == 303


WEAK_PASSWORDS = ["          ", "aaaaaaaaaa", "password12", "1234567890", "qwertzuiop", "Passwort2024",
                  "orga@iiz.example.ch", "iiz.example.ch!", "short"]


class TestPasswordStrength:
    def test_the_rule(self, app):
        for weak in WEAK_PASSWORDS:
            try:
                accounts.check_password_policy(weak, "orga@iiz.example.ch", "Olga Organa")
            except accounts.WeakPassword:
                continue
            raise AssertionError(f"{weak!r} was accepted")
        for known in ("organaolga", "Organa2027!"):  # strong enough for others, not with one's own name
            accounts.check_password_policy(known, "someone@example.org", "Anna Muster")
            try:
                accounts.check_password_policy(known, "orga@iiz.example.ch", "Olga Organa")
            except accounts.WeakPassword:
                continue
            raise AssertionError(f"{known!r} was accepted")
        for strong in (PASSWORD, "Tr0ub4dor&3x", "blue cheese elevator",
                       "seven quiet lanterns drift over the lake at dusk " * 4):  # long: scored by its start
            accounts.check_password_policy(strong, "orga@iiz.example.ch", "Olga Organa")

    def test_a_weak_password_is_refused_when_changing_ones_own(self, client, world):
        login(client, world.organizer)
        for weak in ("          ", "aaaaaaaaaa", "password12"):
            response = client.post("/admin/account/password?lang=en", data={
                "current_password": PASSWORD, "password": weak, "confirm": weak})
            assert response.status_code == 422
            assert "This password is too easy to guess." in response.get_data(as_text=True)
        assert login(app_client(client), world.organizer).status_code == 303  # unchanged

    def test_a_weak_password_is_refused_when_an_administrator_sets_one(self, world, as_user):
        admin = as_user(world.admin)
        for weak in ("          ", "aaaaaaaaaa", "password12"):
            response = admin.post("/admin/users/new?lang=en", data={
                "email": "new@iiz.example.ch", "role": "admin", "language": "de", "password": weak,
                "active": "y"})
            assert response.status_code == 422
            assert "This password is too easy to guess." in response.get_data(as_text=True)
            response = admin.post(f"/admin/users/{world.organizer.id}/edit?lang=en", data={
                "email": world.organizer.email, "role": "organizer", "language": "de", "active": "y",
                "events": [str(world.event.id)], "password": weak})
            assert response.status_code == 422
        assert accounts.find_by_email("new@iiz.example.ch") is None
        assert accounts.authenticate(world.organizer.email, PASSWORD) is not None

    def test_ten_spaces_never_sign_in(self, client, world):
        assert login(client, world.organizer, " " * 10).status_code == 422


def app_client(client):
    """A fresh browser of the same application."""
    return client.application.test_client()


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
        weak = "This password is too easy to guess."
        for extra, message in (
                (["--role", "coordinator"], "A cantonal coordinator needs a canton."),
                (["--role", "admin", "--password", "short"], weak),
                (["--role", "admin", "--password", "          "], weak),
                (["--role", "admin", "--password", "aaaaaaaaaa"], weak),
                (["--role", "admin", "--password", "password12"], weak),
                (["--role", "boss"], "Invalid value for '--role'"),
                (["--role", "organizer", "--event", "nope"], "No event with the slug 'nope'.")):
            args = ["users", "create", "--email", "x@iiz.example.ch", "--password", "a long password", *extra]
            result = cli.invoke(args=args)
            assert_refused(result, message, code=2 if "--role'" in message else 1)
        assert db.session.scalars(db.select(User)).all() == []
        cli.invoke(args=["users", "create", "--email", "x@iiz.example.ch", "--password", "a long password",
                         "--role", "admin"])
        result = cli.invoke(args=["users", "create", "--email", "X@iiz.example.ch", "--password",
                                  "a long password", "--role", "admin"])
        assert_refused(result, "Another account already uses this email address.")

    def test_set_password(self, app, cli):
        make_user("x@iiz.example.ch", Role.ADMIN)
        result = cli.invoke(args=["users", "set-password", "--email", "x@iiz.example.ch"],
                            input="password12\npassword12\n")
        assert_refused(result, "This password is too easy to guess.")
        result = cli.invoke(args=["users", "set-password", "--email", "x@iiz.example.ch"],
                            input="another long password\nanother long password\n")
        assert result.exit_code == 0, result.output
        assert accounts.authenticate("x@iiz.example.ch", "another long password") is not None


def test_organizers_list_only_their_events(world, as_user):
    client = as_user(world.other_organizer)
    page = client.get("/admin/events/").get_data(as_text=True)
    assert f"/admin/events/{world.other_event.id}/" in page and f"/admin/events/{world.event.id}/" not in page
    assert db.session.get(Event, world.event.id) is not None


def test_the_retention_run_forgets_old_sessions_and_failed_sign_ins(app, client, world):
    from cii_events.services import privacy

    login(client, world.organizer)
    client.post("/admin/logout")
    login(client, world.admin)  # still open
    login(app.test_client(), "nobody@example.ch", "guess")
    assert db.session.scalars(db.select(LoginThrottle)).all()
    two_days_ago = utcnow() - timedelta(days=2)
    db.session.execute(db.update(LoginThrottle).values(last_failure_at=two_days_ago))
    db.session.execute(db.update(AdminSession).where(AdminSession.ended_at.is_not(None))
                       .values(ended_at=two_days_ago))
    privacy.anonymise_expired()
    db.session.commit()
    assert db.session.scalars(db.select(LoginThrottle)).all() == []
    assert [row.user_id for row in db.session.scalars(db.select(AdminSession))] == [world.admin.id]
    assert client.get("/admin/events/").status_code == 200
