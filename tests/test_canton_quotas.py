"""Places per canton: the seat kernel keeps each canton within its places, in arrival order."""
from __future__ import annotations

import re
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from cii_events.extensions import db
from cii_events.models import AuditEntry, OutgoingMail, Registration, RegistrationStatus, Role
from cii_events.services import attendee_changes, canton_quotas, capacity, registration as registrations
from cii_events.services.errors import CantonFull, DomainError
from cii_events.services.integrity import find_problems

from .admin.conftest import login, make_user
from .conftest import sign_up, workshop
from .test_concurrency import BIN, _load_form, server  # noqa: F401  (the racing server fixture)
from .test_public_pages import form_data

CONFIRMED, WAITING = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED


def limited(make_event, places=2, exceptions=None, **options):
    event = make_event(**options)
    admin = make_user("quotas@example.ch", Role.ADMIN)
    canton_quotas.save(event, places, exceptions or {}, actor=admin)
    db.session.commit()
    return event


def statuses(event) -> dict[str, RegistrationStatus]:
    db.session.expire_all()
    rows = db.session.execute(select(Registration.email, Registration.status)
                              .where(Registration.event_id == event.id))
    return {email.split("@")[0]: status for email, status in rows}


def test_a_canton_over_its_places_waits_while_other_cantons_still_get_in(app, make_event):
    event = limited(make_event)
    for n in (1, 2, 3):
        sign_up(event, n, "A1", canton="BE")
    sign_up(event, 4, "A1", canton="ZH")
    sign_up(event, 5, "A1", canton="CH")  # federal offices are never limited
    sign_up(event, 6, "A1", canton="CH")
    sign_up(event, 7, "A1", canton="CH")
    assert statuses(event) == {"person1": CONFIRMED, "person2": CONFIRMED, "person3": WAITING,
                               "person4": CONFIRMED, "person5": CONFIRMED, "person6": CONFIRMED,
                               "person7": CONFIRMED}
    third = db.session.scalars(select(Registration).where(Registration.email == "person3@example.ch")).one()
    assert capacity.waits_for_canton(third) and capacity.event_waiting_position(third) == 1
    assert workshop(event, "A1").confirmed_count == 6  # the waiting person holds no seat
    assert capacity.full_cantons(event) == ["BE"]
    assert find_problems() == []


def test_without_a_waiting_list_a_full_canton_is_refused_and_nothing_is_kept(app, make_event, client):
    event = limited(make_event, waitlist=False)
    sign_up(event, 1, "A1", canton="VD")
    sign_up(event, 2, "A1", canton="VD")
    with pytest.raises(CantonFull):
        sign_up(event, 3, "A1", canton="VD")
    db.session.rollback()

    response = client.post(f"/fr/events/{event.slug}/register", data=form_data(event, 9, canton="VD"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vaud\u00a0: toutes les places pour les participants de ce canton sont prises." in page
    assert db.session.scalar(select(func.count()).select_from(Registration)
                             .where(Registration.event_id == event.id)) == 2
    assert workshop(event, "A1").confirmed_count == 2


def test_a_freed_place_goes_to_the_first_person_of_that_canton(app, make_event):
    event = limited(make_event)
    first, second = sign_up(event, 1, "A1", canton="BE"), sign_up(event, 2, "A1", canton="BE")
    sign_up(event, 3, "A1", canton="BE")
    sign_up(event, 4, "A1", canton="BE")
    registrations.cancel(first)
    db.session.commit()
    assert statuses(event)["person3"] is CONFIRMED and statuses(event)["person4"] is WAITING
    registrations.cancel(second)
    db.session.commit()
    assert statuses(event)["person4"] is CONFIRMED
    assert workshop(event, "A1").confirmed_count == 2
    assert find_problems() == []


def test_with_a_capacity_a_freed_place_skips_people_whose_canton_is_full(app, make_event):
    event = limited(make_event, event_capacity=3)
    sign_up(event, 1, "A1", canton="BE")
    sign_up(event, 2, "A1", canton="BE")
    sign_up(event, 3, "A1", canton="BE")  # waits: Bern's places are taken
    zh = sign_up(event, 4, "A1", canton="ZH")  # the event's last place
    sign_up(event, 5, "A1", canton="ZH")  # waits: the event is full
    registrations.cancel(zh)
    db.session.commit()
    # The first in line (person3) still has no place of Bern: person5 of Zurich moves up.
    assert statuses(event) == {"person1": CONFIRMED, "person2": CONFIRMED, "person3": WAITING,
                               "person4": RegistrationStatus.CANCELLED, "person5": CONFIRMED}
    db.session.expire_all()
    assert db.session.get(type(event), event.id).confirmed_count == 3
    assert find_problems() == []


def test_exceptions_per_canton_and_raising_places_admits_in_order(app, make_event):
    event = limited(make_event, places=1, exceptions={"GE": 2})
    for n in (1, 2, 3):
        sign_up(event, n, "A1", canton="GE")
    for n in (4, 5, 6):
        sign_up(event, n, "A1", canton="TI")
    assert [statuses(event)[f"person{n}"] for n in range(1, 7)] == [
        CONFIRMED, CONFIRMED, WAITING, CONFIRMED, WAITING, WAITING]
    organizer = make_user("organizer@example.ch", Role.ADMIN)
    admitted = canton_quotas.save(event, 2, {"GE": 2}, actor=organizer)
    db.session.commit()
    assert [r.email for r in admitted] == ["person5@example.ch"]
    assert statuses(event)["person6"] is WAITING and statuses(event)["person3"] is WAITING
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "event.quotas_changed")
                               .order_by(AuditEntry.id.desc())).first()
    assert entry.details["quotas"]["to"] == {"all": 2, "cantons": {"GE": 2}}
    # Admitted people are told by mail, in their language.
    told = db.session.scalars(select(OutgoingMail).where(OutgoingMail.kind == "promoted")).all()
    assert [(mail.registration.email, mail.context["admitted"]) for mail in told] == [
        ("person5@example.ch", True)]


def test_places_never_go_below_the_confirmed_people_of_a_canton(app, make_event):
    event = limited(make_event, places=3)
    for n in (1, 2, 3):
        sign_up(event, n, "A1", canton="SG")
    organizer = make_user("organizer@example.ch", Role.ADMIN)
    with pytest.raises(DomainError) as refused:
        canton_quotas.save(event, 3, {"SG": 2}, actor=organizer)
    assert "3" in refused.value.message and refused.value.field == "quota_SG"
    db.session.rollback()
    with pytest.raises(DomainError):
        canton_quotas.save(event, 2, {}, actor=organizer)
    db.session.rollback()
    assert db.session.get(type(event), event.id).canton_quota == 3


def test_an_organizer_admitting_someone_gives_the_canton_one_more_place(app, make_event):
    event = limited(make_event, places=1)
    sign_up(event, 1, "A1", canton="LU")
    waiting = sign_up(event, 2, "A1", canton="LU")
    organizer = make_user("organizer@example.ch", Role.ADMIN)
    assert attendee_changes.admit(waiting, actor=organizer, reason="Speaker of the afternoon") is True
    db.session.commit()
    assert statuses(event)["person2"] is CONFIRMED
    assert db.session.get(type(event), event.id).canton_quotas == {"LU": 2}
    assert find_problems() == []


def test_a_corrected_canton_needs_a_place_there_and_frees_one_at_home(app, make_event):
    event = limited(make_event, places=1)
    be = sign_up(event, 1, "A1", canton="BE")
    sign_up(event, 2, "A1", canton="FR")
    waiting = sign_up(event, 3, "A1", canton="BE")
    organizer = make_user("organizer@example.ch", Role.ADMIN)
    values = {name: getattr(be, name) for name in attendee_changes.EDITABLE_FIELDS}
    with pytest.raises(CantonFull):
        attendee_changes.edit_details(be, {**values, "canton": "FR"}, actor=organizer)
    db.session.rollback()
    be = db.session.get(Registration, be.id)
    attendee_changes.edit_details(be, {**values, "canton": "JU"}, actor=organizer)
    db.session.commit()
    assert statuses(event) == {"person1": CONFIRMED, "person2": CONFIRMED, "person3": CONFIRMED}
    assert db.session.get(Registration, waiting.id).canton == "BE"
    assert find_problems() == []


def test_the_check_finds_a_canton_over_its_places(app, make_event):
    event = limited(make_event, places=2)
    for n in (1, 2):
        sign_up(event, n, "A1", canton="NE")
    event.canton_quota = 1  # behind the kernel's back
    db.session.commit()
    assert find_problems() == [f"event {event.slug}: 2 confirmed from NE for 1 places"]


def test_the_form_names_the_cantons_without_a_place_before_submitting(app, make_event, client):
    event = limited(make_event, places=1)
    sign_up(event, 1, "A1", canton="VS")
    sign_up(event, 2, "A1", canton="GR")
    page = client.get(f"/fr/events/{event.slug}/register").get_data(as_text=True)
    notice = re.search(r'<p class="notice" id="cantons-full">(.*?)</p>', page, re.S).group(1)
    assert "Grisons, Valais" in notice and "liste d'attente" in notice
    german = client.get(f"/de/events/{event.slug}/register").get_data(as_text=True)
    assert "Graubünden, Wallis" in german


def test_the_waiting_person_reads_why_in_their_language(app, make_event, client):
    event = limited(make_event, places=1)
    sign_up(event, 1, "A1", canton="TI", language="it")
    sign_up(event, 2, "A1", canton="TI", language="it")
    facts = db.session.scalars(select(OutgoingMail).where(OutgoingMail.kind == "waitlisted")).one().context
    assert facts["canton_wait"] is True and facts["event_position"] == 1
    from cii_events.services.mail_render import content
    mail = db.session.scalars(select(OutgoingMail).where(OutgoingMail.kind == "waitlisted")).one()
    body = content(mail).text
    assert "(Ticino)" in body and "lista d'attesa del Suo cantone, al posto 1" in body


def test_organizers_set_places_and_the_dashboard_shows_used_of_places(app, make_event, client):
    event = make_event()
    organizer = make_user("org@example.ch", Role.ORGANIZER, events=[event])
    login(client, organizer)
    response = client.post(f"/admin/events/{event.id}/quotas",
                           data={"general": "2", "quota_BE": "3", "quota_ZH": ""})
    assert response.status_code == 303
    db.session.expire_all()
    assert (event.canton_quota, event.canton_quotas) == (2, {"BE": 3})
    sign_up(event, 1, "A1", canton="BE")
    board = client.get(f"/admin/events/{event.id}/").get_data(as_text=True)
    assert ">1/3<" in board and ">0/2<" in board

    refused = client.post(f"/admin/events/{event.id}/quotas", data={"general": "-1", "quota_BE": "0"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert re.search(r'id="general-error">.*Bitte geben Sie eine ganze Zahl von mindestens 0 ein\.', page)
    db.session.expire_all()
    assert event.canton_quota == 2


def test_coordinators_cannot_set_places(app, make_event, client):
    event = make_event()
    coordinator = make_user("coord@example.ch", Role.COORDINATOR, canton="BE")
    login(client, coordinator)
    assert client.get(f"/admin/events/{event.id}/quotas").status_code == 403
    assert client.post(f"/admin/events/{event.id}/quotas", data={"general": "9"}).status_code == 403
    db.session.expire_all()
    assert event.canton_quota is None


def race(base: str, env: dict, event, cantons: list[str]) -> list:
    """Everyone loads the form, then all post at once (person n from cantons[n]) for workshop A1
    through the server; afterwards `cii-events check` must be clean. Returns the rows committed:
    (canton, status, waiting ticket)."""
    a1, dinner_slot = workshop(event, "A1"), workshop(event, "D").slot_id
    a1_slot, a1_id, slug = a1.slot_id, a1.id, event.slug
    forms = [_load_form(base, slug) for _ in cantons]
    barrier = threading.Barrier(len(cantons))

    def post(n: int):
        session, hidden = forms[n]
        data = {**hidden, "first_name": f"Personne{n}", "last_name": "Test", "email": f"p{n}@example.ch",
                "organisation": "OCE", "institution_type": "unemployment", "canton": cantons[n],
                "language": "fr", "privacy_consent": "y", f"slot_{a1_slot}": str(a1_id),
                f"slot_{dinner_slot}": ""}
        barrier.wait()
        return session.post(f"{base}/fr/events/{slug}/register", data=data, timeout=60).status_code

    with ThreadPoolExecutor(len(cantons)) as pool:
        assert list(pool.map(post, range(len(cantons)))) == [200] * len(cantons)  # each on its page
    db.session.rollback()  # see what the server committed
    check = subprocess.run([str(BIN / "cii-events"), "check"], env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    return db.session.execute(select(Registration.canton, Registration.status, Registration.waitlist_ticket)
                              .where(Registration.event_id == event.id)).all()


@pytest.mark.server
def test_simultaneous_registrations_of_one_canton_take_exactly_its_places(server, make_event):  # noqa: F811
    event = limited(make_event, places=3, capacities=(100, 100))
    rows = race(*server, event, ["GE" if n % 2 else "VD" for n in range(20)])
    for canton in ("GE", "VD"):
        assert sum(1 for c, s, _ in rows if c == canton and s is CONFIRMED) == 3
        assert sum(1 for c, s, _ in rows if c == canton and s is WAITING) == 7
    assert sorted(t for _, s, t in rows if s is WAITING) == list(range(1, 15))  # one ticket each
    assert workshop(event, "A1").confirmed_count == 6


@pytest.mark.server
def test_simultaneous_registrations_for_an_event_with_a_capacity_neither_deadlock_nor_overbook(
        server, make_event):  # noqa: F811
    """The event's lock is exclusive from the start when the event has a capacity: a shared lock
    upgraded by every request at once deadlocked on PostgreSQL."""
    event = make_event(capacities=(100, 100), event_capacity=5)
    rows = race(*server, event, ["TI"] * 16)
    assert [s for _, s, _ in rows].count(CONFIRMED) == 5
    assert sorted(t for _, s, t in rows if s is WAITING) == list(range(1, 12))


def test_a_participant_moving_to_a_full_canton_is_refused_and_a_freed_place_moves_up(app, make_event):
    from cii_events.services import self_service
    from .conftest import person

    event = limited(make_event, places=1)
    zh = sign_up(event, 1, "A1", canton="ZH")
    sign_up(event, 2, "A1", canton="GE")
    waiting = sign_up(event, 3, "A1", canton="ZH")
    with pytest.raises(CantonFull) as refused:
        self_service.change_details(zh, person(1, canton="GE"))
    assert refused.value.field == "canton"
    db.session.rollback()
    zh = db.session.get(Registration, zh.id)
    self_service.change_details(zh, person(1, canton="SZ"))  # her office moved: Zurich's place frees
    db.session.commit()
    assert statuses(event) == {"person1": CONFIRMED, "person2": CONFIRMED, "person3": CONFIRMED}
    assert db.session.get(Registration, waiting.id).canton == "ZH"
    assert find_problems() == []


def test_a_colleague_takes_the_place_only_with_a_place_of_their_canton(app, make_event):
    from cii_events.services import self_service

    event = limited(make_event, places=1)
    leaving = sign_up(event, 1, "A1", canton="BE")
    sign_up(event, 2, "A1", canton="FR")
    waiting = sign_up(event, 3, "A1", canton="BE")

    def colleague(canton):
        return self_service.Colleague(first_name="Nora", last_name="Widmer", email="nora@example.ch",
                                      organisation="RAV", institution_type="unemployment", canton=canton,
                                      language="de")

    with pytest.raises(CantonFull):
        self_service.transfer(leaving, colleague("FR"))
    db.session.rollback()
    self_service.transfer(db.session.get(Registration, leaving.id), colleague("AG"))
    db.session.commit()
    assert statuses(event) == {"nora": CONFIRMED, "person2": CONFIRMED, "person3": CONFIRMED}
    assert db.session.get(Registration, waiting.id).status is CONFIRMED
    assert find_problems() == []
