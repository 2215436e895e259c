"""Back-office fixtures: one account per role, signing in through the login form."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from cii_events.extensions import db
from cii_events.models import Role, User
from cii_events.services import accounts

from ..conftest import sign_up

PASSWORD = "correct horse battery"
# A message written in German and French, with placeholders.
MESSAGE_TEXTS = {
    "subject_de": "Wichtig: Raumänderung",
    "body_de": "Guten Tag {first_name} {last_name}\n\nDer Workshop findet im Saal 3 statt.",
    "subject_fr": "Important : changement de salle",
    "body_fr": "Bonjour {first_name}\n\nL'atelier a lieu en salle 3. Référence {reference}.",
}


def make_user(email: str, role: Role, *, canton: str | None = None, events=(), language: str = "de") -> User:
    user = accounts.create_user(accounts.AccountData(email=email, role=role, canton=canton, language=language,
                                                     name=email.split("@")[0].title()),
                                PASSWORD, actor=None, event_ids=[event.id for event in events])
    db.session.commit()
    return user


def audit_entry(action: str):
    """The one audit entry with this action."""
    from cii_events.models import AuditEntry

    return db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == action)).one()


def login(client, user_or_email, password: str = PASSWORD, **query):
    email = user_or_email if isinstance(user_or_email, str) else user_or_email.email
    return client.post("/admin/login", query_string=query, data={"email": email, "password": password})


@pytest.fixture(autouse=True)
def fast_password_hashing(request):
    """Still scrypt, with a lower work factor: hashing at the production cost dominates the run time."""
    if "app" in request.fixturenames:
        request.getfixturevalue("app").config["PASSWORD_HASH_METHOD"] = "scrypt:4096:8:1"


@dataclass
class World:
    """An event with participants from BE, ZH and TI, another event, and one account per role."""

    event: object
    other_event: object
    be: list
    zh: list
    ti: list
    admin: User
    organizer: User
    other_organizer: User
    coordinator_be: User
    coordinator_zh: User


@pytest.fixture
def world(app, make_event):
    event = make_event(capacities=(2, 10), slug="national-days")
    other_event = make_event(slug="seminar")
    be = [sign_up(event, 1, "A1", first_name="Béatrice", last_name="Aebi", canton="BE", language="de"),
          sign_up(event, 2, "A2", first_name="Bruno", last_name="Bärtschi", canton="BE", language="fr",
                  organisation="=HYPERLINK(\"http://evil\")")]
    zh = [sign_up(event, 3, "A1", first_name="Zoë", last_name="Zürcher", canton="ZH", language="de"),
          sign_up(event, 4, "A1", first_name="Zeno", last_name="Zollinger", canton="ZH", language="en")]
    ti = [sign_up(event, 5, "A2", "D", first_name="Tiziana", last_name="Ticinese", canton="TI",
                  language="it")]
    sign_up(other_event, 6, "A1", first_name="Otto", last_name="Other", canton="BE")
    return World(
        event=event, other_event=other_event, be=be, zh=zh, ti=ti,
        admin=make_user("admin@iiz.example.ch", Role.ADMIN),
        organizer=make_user("orga@iiz.example.ch", Role.ORGANIZER, events=[event]),
        other_organizer=make_user("other@iiz.example.ch", Role.ORGANIZER, events=[other_event]),
        coordinator_be=make_user("be@iiz.example.ch", Role.COORDINATOR, canton="BE"),
        coordinator_zh=make_user("zh@iiz.example.ch", Role.COORDINATOR, canton="ZH", language="fr"),
    )


@pytest.fixture
def told():
    """Who the domain signals announce, in order: what the mail module turns into mails."""
    from cii_events import signals

    heard = []
    receivers = {}
    names = ("booking_promoted", "registration_admitted", "registration_changed", "registration_cancelled")
    for name in names:
        def receiver(sender, _name=name, **_kwargs):
            registration = sender.registration if _name == "booking_promoted" else sender
            heard.append((_name, registration.reference))
        receivers[name] = receiver
        getattr(signals, name).connect(receiver)
    yield heard
    for name, receiver in receivers.items():
        getattr(signals, name).disconnect(receiver)


@pytest.fixture
def as_user(client):
    """Sign the test client in as the given account."""
    def sign_in(user):
        client.get("/admin/login")  # a fresh session
        response = login(client, user)
        assert response.status_code == 303, response.get_data(as_text=True)
        return client
    return sign_in
