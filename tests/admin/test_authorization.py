"""The authorization matrix: every back-office URL for every kind of visitor, with the exact answer.

Rules: without an account, everything but the sign-in page sends you to sign in (302). Pages of
a kind your role may not use are forbidden (403): coordinators change nothing, organizers see only
the events they are assigned to, and only administrators manage accounts and read the audit log.
A registration outside your scope does not exist for you (404), whatever its number.
"""
from __future__ import annotations

import pytest
from werkzeug.exceptions import MethodNotAllowed

from cii_events.extensions import db
from cii_events.models import AuditEntry, OutgoingMail, Registration

from ..conftest import workshop as workshop_of
from .conftest import login

ROLES = ("anonymous", "coordinator_be", "other_organizer", "organizer", "admin")
LOGIN = "login"  # 302 to the sign-in page


def _question(world) -> int:
    from cii_events.models import QuestionKind

    from ..question_event import ask, four

    return ask(world.event, QuestionKind.SHORT_TEXT, four("Remark")).id


def urls(world):
    """(method, url, expected answer per role in ROLES order). An empty POST changes nothing here."""
    e, e2 = world.event.id, world.other_event.id
    be, zh = world.be[0].id, world.zh[0].id
    zh_waiting = world.zh[1].id  # third person for A1 (2 seats): on its waiting list
    a1 = workshop_of(world.event, "A1")
    slot = a1.slot_id
    user = world.other_organizer.id
    mail = db.session.scalars(db.select(OutgoingMail.id).where(OutgoingMail.registration_id == be)).first()
    ev = f"/admin/events/{e}"
    read = (LOGIN, 200, 403, 200, 200)  # the event's pages coordinators may read
    manage_get = (LOGIN, 403, 403, 200, 200)
    manage_post = (LOGIN, 403, 403, 422, 422)
    admin_get = (LOGIN, 403, 403, 403, 200)
    admin_post = (LOGIN, 403, 403, 403, 422)
    question = _question(world)
    return [
        # The event's own questions and the roles (issue 17).
        ("GET", f"{ev}/questions", manage_get),
        ("GET", f"{ev}/questions/new", manage_get),
        ("POST", f"{ev}/questions/new", manage_post),
        ("GET", f"{ev}/questions/{question}/edit", manage_get),
        ("POST", f"{ev}/questions/{question}/edit", manage_post),
        ("POST", f"{ev}/questions/{question}/move", (LOGIN, 403, 403, 303, 303)),
        ("GET", f"{ev}/questions/{question}/delete", manage_get),
        ("GET", f"{ev}/registrations/{be}/role", manage_get),
        ("POST", f"{ev}/registrations/{be}/role", manage_post),
        ("POST", f"{ev}/registrations/roles", (LOGIN, 403, 403, 303, 303)),  # nobody ticked
        ("POST", f"{ev}/logo", manage_post),  # no file
        ("POST", f"{ev}/logo/remove", (LOGIN, 403, 403, 303, 303)),
        ("GET", "/admin/login", (200, 200, 200, 200, 200)),
        ("POST", "/admin/login", (422, 422, 422, 422, 422)),
        ("GET", "/admin/", (LOGIN, 302, 302, 302, 302)),
        ("GET", "/admin/events/", (LOGIN, 200, 200, 200, 200)),
        ("GET", "/admin/account", (LOGIN, 200, 200, 200, 200)),
        ("POST", "/admin/account", (LOGIN, 303, 303, 303, 303)),  # nothing given: nothing changes
        ("GET", "/admin/account/password", (LOGIN, 200, 200, 200, 200)),
        ("POST", "/admin/account/password", (LOGIN, 422, 422, 422, 422)),
        ("GET", "/admin/events/new", (LOGIN, 403, 200, 200, 200)),
        ("POST", "/admin/events/new", (LOGIN, 403, 422, 422, 422)),
        ("GET", f"{ev}/", read),
        ("GET", f"{ev}/registrations/", read),
        ("GET", f"{ev}/registrations/?canton=ZH&q=Z", read),
        ("GET", f"{ev}/registrations/export?format=csv", read),
        ("GET", f"{ev}/registrations/export?format=xlsx&workshop={a1.id}&layout=roster", read),
        ("GET", f"{ev}/registrations/{be}/", read),
        ("GET", f"{ev}/registrations/{zh}/", (LOGIN, 404, 403, 200, 200)),
        ("GET", f"{ev}/registrations/999999/", (LOGIN, 404, 403, 404, 404)),
        ("GET", f"/admin/events/{e2}/registrations/{be}/", (LOGIN, 404, 404, 403, 404)),
        ("GET", f"{ev}/edit", manage_get),
        ("POST", f"{ev}/edit", manage_post),
        ("GET", f"{ev}/copy", manage_get),
        ("GET", f"{ev}/cancel", manage_get),
        ("POST", f"{ev}/cancel", manage_post),  # not confirmed: nothing cancelled
        ("POST", f"{ev}/copy", manage_post),
        ("GET", f"{ev}/programme", manage_get),
        ("GET", f"{ev}/waiting-lists", manage_get),
        ("GET", f"{ev}/slots/new", manage_get),
        ("POST", f"{ev}/slots/new", manage_post),
        ("GET", f"{ev}/slots/{slot}/edit", manage_get),
        ("POST", f"{ev}/slots/{slot}/edit", manage_post),
        ("GET", f"{ev}/slots/{slot}/workshops/new", manage_get),
        ("POST", f"{ev}/slots/{slot}/workshops/new", manage_post),
        ("GET", f"{ev}/workshops/{a1.id}/edit", manage_get),
        ("POST", f"{ev}/workshops/{a1.id}/edit", manage_post),
        ("GET", f"{ev}/workshops/{a1.id}/delete", manage_get),
        ("POST", f"{ev}/workshops/{a1.id}/delete", (LOGIN, 403, 403, 303, 303)),  # refused: booked
        ("GET", f"{ev}/slots/{slot}/delete", manage_get),
        ("POST", f"{ev}/slots/{slot}/delete", (LOGIN, 403, 403, 303, 303)),  # refused: booked
        ("GET", f"{ev}/registrations/{be}/edit", manage_get),
        ("POST", f"{ev}/registrations/{be}/edit", manage_post),
        ("GET", f"{ev}/registrations/{zh}/edit", manage_get),
        ("GET", f"{ev}/registrations/{be}/move", manage_get),
        ("POST", f"{ev}/registrations/{be}/move", manage_post),
        ("GET", f"{ev}/registrations/{be}/cancel", manage_get),
        ("POST", f"{ev}/registrations/{be}/cancel", manage_post),
        ("GET", f"{ev}/registrations/{be}/erase", manage_get),
        ("POST", f"{ev}/registrations/{be}/erase", manage_post),
        ("GET", f"{ev}/registrations/{zh_waiting}/promote/{a1.id}", manage_get),
        ("POST", f"{ev}/registrations/{zh_waiting}/promote/{a1.id}", manage_post),
        ("GET", f"{ev}/registrations/{be}/admit", manage_get),
        ("POST", f"{ev}/registrations/{be}/admit", manage_post),
        ("POST", f"{ev}/registrations/{be}/send-link", (LOGIN, 403, 403, 303, 303)),
        ("GET", f"{ev}/registrations/{be}/send-link", (405, 405, 405, 405, 405)),
        ("GET", f"{ev}/messages/", manage_get),
        ("GET", f"{ev}/messages/new?canton=BE", manage_get),
        ("POST", f"{ev}/messages/new?canton=BE", manage_post),
        ("GET", f"{ev}/checkin/", manage_get),
        ("GET", f"{ev}/checkin/?q=Aebi", manage_get),
        ("POST", f"{ev}/checkin/", (LOGIN, 403, 403, 200, 200)),  # an empty code: "unknown code"
        ("POST", f"{ev}/checkin/{be}/undo", (LOGIN, 403, 403, 200, 200)),  # not checked in: nothing to undo
        ("POST", f"{ev}/checkin/{world.other_event.id}0000/undo", (LOGIN, 403, 403, 404, 404)),
        ("GET", f"{ev}/checkin/counts", manage_get),
        ("GET", f"{ev}/badges/", manage_get),
        ("GET", f"{ev}/allocation/", manage_get),  # a first-come event: the page says so
        ("POST", f"{ev}/allocation/", (LOGIN, 403, 403, 303, 303)),  # refused: not by preference
        ("GET", f"{ev}/allocation/?run=999999", (LOGIN, 403, 403, 404, 404)),
        ("POST", f"{ev}/allocation/999999/discard", (LOGIN, 403, 403, 404, 404)),
        ("GET", f"{ev}/allocation/999999/publish", (LOGIN, 403, 403, 404, 404)),
        ("POST", f"{ev}/allocation/999999/publish", (LOGIN, 403, 403, 404, 404)),
        ("GET", f"/admin/events/{e2}/allocation/", (LOGIN, 403, 200, 403, 200)),
        ("GET", f"{ev}/workshops/{a1.id}/roster.pdf", manage_get),
        ("GET", f"{ev}/certificates/send", manage_get),
        ("POST", f"{ev}/days", (LOGIN, 403, 403, 303, 303)),  # a one-day event: nothing to set
        ("GET", f"{ev}/quotas", manage_get),
        ("POST", f"{ev}/quotas", (LOGIN, 403, 403, 303, 303)),  # empty: no limit, as before
        ("POST", f"{ev}/certificates/send", (LOGIN, 403, 403, 422, 422)),  # not confirmed: asked again
        ("GET", f"{ev}/badges/badges.pdf?layout=a6&canton=BE", manage_get),
        ("GET", f"{ev}/badges/badges.pdf?registration={zh}", manage_get),
        ("GET", f"{ev}/invitations/", read),
        ("GET", f"{ev}/invitations/?canton=ZH&status=pending", read),
        ("POST", f"{ev}/invitations/add", manage_post),
        ("POST", f"{ev}/invitations/import", manage_post),
        ("POST", f"{ev}/invitations/remind", (LOGIN, 403, 403, 303, 303)),  # nobody pending: none sent
        ("POST", f"{ev}/invitations/999999/withdraw", (LOGIN, 403, 403, 404, 404)),
        ("GET", f"/admin/events/{e2}/invitations/", (LOGIN, 200, 200, 403, 200)),
        ("GET", f"{ev}/mail-texts", manage_get),
        ("POST", f"{ev}/mail-texts", (LOGIN, 403, 403, 200, 200)),  # no action: a preview
        ("GET", "/admin/outbox/", (LOGIN, 403, 200, 200, 200)),  # coordinators never see mails
        ("GET", f"/admin/outbox/?event={e}&status=queued", (LOGIN, 403, 403, 200, 200)),
        ("GET", f"/admin/outbox/{mail}/", (LOGIN, 403, 404, 200, 200)),
        ("GET", f"/admin/outbox/{mail}/html", (LOGIN, 403, 404, 200, 200)),
        ("GET", "/admin/outbox/999999/", (LOGIN, 403, 404, 404, 404)),
        ("POST", f"/admin/outbox/{mail}/retry", (LOGIN, 403, 404, 303, 303)),  # refused: not failed
        ("POST", "/admin/outbox/retry-failed", (LOGIN, 403, 303, 303, 303)),  # none failed
        ("POST", f"/admin/outbox/{mail}/cancel", (LOGIN, 403, 404, 303, 303)),
        ("GET", f"/admin/events/{e2}/", (LOGIN, 200, 200, 403, 200)),
        ("GET", f"/admin/events/{e2}/edit", (LOGIN, 403, 200, 403, 200)),
        ("GET", "/admin/events/999999/", (LOGIN, 404, 404, 404, 404)),
        ("GET", "/admin/users/", admin_get),
        ("GET", "/admin/users/new", admin_get),
        ("POST", "/admin/users/new", admin_post),
        ("GET", f"/admin/users/{user}/edit", admin_get),
        ("POST", f"/admin/users/{user}/edit", admin_post),
        ("POST", f"/admin/users/{user}/unlock", (LOGIN, 403, 403, 403, 303)),
        ("GET", f"/admin/users/{user}/unlock", (405, 405, 405, 405, 405)),
        ("GET", "/admin/audit/", admin_get),
        ("GET", "/admin/audit/?action=login.succeeded&since=2020-01-01", admin_get),
        ("GET", "/admin/logout", (405, 405, 405, 405, 405)),
        ("POST", "/admin/logout", (LOGIN, 303, 303, 303, 303)),  # signs out
        ("POST", "/admin/account/sessions/end", (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN)),  # signed out already
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_back_office_url_answers_each_role_exactly(app, client, world, role):
    if role != "anonymous":
        assert login(client, getattr(world, role)).status_code == 303
    rows = urls(world)
    snapshot = _registrations_snapshot()
    failures = []
    for method, url, expected in rows:
        want = expected[ROLES.index(role)]
        response = client.open(url, method=method, data={})
        got = response.status_code
        if want == LOGIN:
            ok = got == 302 and response.headers["Location"].startswith("/admin/login?next=")
        else:
            ok = got == want
        if not ok:
            failures.append(f"{method} {url}: expected {want}, got {got}")
        db.session.rollback()
    assert not failures, "\n".join(failures)
    assert _registrations_snapshot() == snapshot, "an empty or refused request changed a registration"


def _registrations_snapshot():
    def bookings(registration):
        return tuple(sorted((b.workshop_id, b.status.value) for b in registration.bookings))
    registrations = db.session.scalars(db.select(Registration))
    return sorted((r.id, r.status.value, r.email, bookings(r)) for r in registrations)


def test_the_matrix_covers_every_back_office_endpoint(app, world):
    covered = set()
    adapter = app.url_map.bind("localhost")
    for method, url, _expected in urls(world):
        try:
            endpoint, _args = adapter.match(url.split("?")[0], method=method)
        except MethodNotAllowed:
            continue
        covered.add(endpoint)
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("admin.")}
    assert endpoints - covered == set()


def test_anonymous_is_sent_to_sign_in_and_back(client, world):
    response = client.get(f"/admin/events/{world.event.id}/registrations/?canton=BE")
    assert response.status_code == 302
    target = response.headers["Location"]
    assert target.startswith("/admin/login?next=")
    response = login(client, world.organizer, next=f"/admin/events/{world.event.id}/registrations/?canton=BE")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/admin/events/{world.event.id}/registrations/?canton=BE"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/admin/", "/de/", "javascript:x"])
def test_signing_in_never_redirects_away_from_the_back_office(client, world, target):
    response = login(client, world.organizer, next=target)
    assert response.status_code == 303 and response.headers["Location"] == "/admin/events/"


class TestCoordinatorSeesOwnCantonOnly:
    """A BE coordinator never sees a ZH registration: not in lists, searches, counts, exports or by URL."""

    def test_list_search_and_filters(self, world, as_user):
        client = as_user(world.coordinator_be)
        base = f"/admin/events/{world.event.id}/registrations/"
        page = client.get(base + "?lang=en").get_data(as_text=True)
        assert "Aebi" in page and "Bärtschi" in page
        assert "Zürcher" not in page and "Zollinger" not in page and "Ticinese" not in page
        assert ">2 people<" in page
        for query in ("?canton=ZH", "?q=Zürcher", "?q=person3", f"?q={world.zh[0].reference}",
                      "?status=all", "?language=en", f"?workshop={workshop_of(world.event, 'A1').id}"):
            page = client.get(base + query).get_data(as_text=True)
            assert "Zürcher, Zoë" not in page and "Zollinger, Zeno" not in page, query

    def test_counts_on_the_dashboard_and_the_event_list(self, world, as_user):
        client = as_user(world.coordinator_be)
        page = client.get(f"/admin/events/{world.event.id}/").get_data(as_text=True)
        assert '<span class="figure">2</span>' in page  # two confirmed from BE, not five
        assert '<span class="figure">5</span>' not in page
        assert "<title>Zürich: 0</title>" in page and "<title>Bern: 2</title>" in page
        events = client.get("/admin/events/").get_data(as_text=True)
        row = events[events.index(f"/admin/events/{world.event.id}/"):]
        assert '<td class="number">2</td>' in row[:800] and '<td class="number">5</td>' not in row[:800]

    def test_exports(self, world, as_user):
        client = as_user(world.coordinator_be)
        for query in ("format=csv", "format=csv&canton=ZH", "format=csv&status=all",
                      f"format=csv&workshop={workshop_of(world.event, 'A1').id}&layout=roster"):
            data = client.get(f"/admin/events/{world.event.id}/registrations/export?{query}").get_data()
            text = data.decode("utf-8-sig")
            assert "Zürcher" not in text and "Zollinger" not in text and "Ticinese" not in text, query
        full = client.get(f"/admin/events/{world.event.id}/registrations/export?format=csv").get_data()
        assert "Aebi" in full.decode("utf-8-sig")

    def test_guessing_registration_numbers(self, world, as_user):
        client = as_user(world.coordinator_be)
        for registration in world.zh + world.ti:
            response = client.get(f"/admin/events/{world.event.id}/registrations/{registration.id}/")
            assert response.status_code == 404
            assert registration.last_name not in response.get_data(as_text=True)

    def test_a_coordinator_without_canton_sees_nobody(self, world, as_user):
        world.coordinator_be.canton = None
        db.session.commit()
        client = as_user(world.coordinator_be)
        page = client.get(f"/admin/events/{world.event.id}/registrations/?lang=en").get_data(as_text=True)
        assert "Aebi" not in page and ">0 people<" in page


def test_refused_requests_leave_no_trace_but_exports_do(world, as_user):
    client = as_user(world.coordinator_be)
    client.post(f"/admin/events/{world.event.id}/registrations/{world.be[0].id}/cancel",
                data={"confirm": "y"})
    assert db.session.get(Registration, world.be[0].id).status.value == "confirmed"
    client.get(f"/admin/events/{world.event.id}/registrations/export?format=csv")
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "export.downloaded")).one()
    assert entry.actor == "be@iiz.example.ch" and entry.details["rows"] == 2


def test_ids_of_another_event_are_not_found_under_this_one(app, world, as_user):
    """The probe swapped ids between events on every nested route: each is 404 for an administrator
    (who may see both events), and nothing changes."""
    client = as_user(world.admin)
    ev = f"/admin/events/{world.event.id}"
    other = world.other_event
    foreign_workshop = workshop_of(other, "A1")
    foreign_slot = foreign_workshop.slot_id
    foreign_person = db.session.scalars(db.select(Registration)
                                        .where(Registration.event_id == other.id)).one()
    own_waiting = world.zh[1].id
    person = f"{ev}/registrations/{foreign_person.id}"
    routes = [f"{ev}/slots/{foreign_slot}/edit", f"{ev}/slots/{foreign_slot}/delete",
              f"{ev}/slots/{foreign_slot}/workshops/new", f"{ev}/workshops/{foreign_workshop.id}/edit",
              f"{ev}/workshops/{foreign_workshop.id}/delete",
              f"{ev}/workshops/{foreign_workshop.id}/roster.pdf",
              f"{person}/", f"{person}/edit", f"{person}/move", f"{person}/cancel", f"{person}/erase",
              f"{person}/admit", f"{ev}/registrations/{own_waiting}/promote/{foreign_workshop.id}"]
    snapshot = _registrations_snapshot()
    for url in routes:
        assert client.get(url).status_code == 404, url
        if not url.endswith((".pdf", "/")):
            posted = client.post(url, data={"confirm": "y", "reason": "probe", "code": "X1"})
            assert posted.status_code == 404, url
    for url in (f"{ev}/checkin/{foreign_person.id}/undo", f"{person}/send-link"):
        assert client.post(url).status_code == 404, url
    badge = client.get(f"{ev}/badges/badges.pdf?layout=a6&registration={foreign_person.id}")
    assert badge.status_code == 404
    db.session.rollback()
    assert _registrations_snapshot() == snapshot
