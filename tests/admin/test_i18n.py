"""Every back-office page in German, French, Italian and English: <html lang> right, no English left."""
from __future__ import annotations

import pytest

from cii_events.extensions import db
from cii_events.models import AuditEntry, Registration

from ..conftest import workshop
from ..test_i18n import _english_fragments, _visible_text
from .conftest import MESSAGE_TEXTS as TEXTS, login


# Messages of WTForms itself, which our catalogue does not hold.
WTFORMS_ENGLISH = ["Not a valid", "This field is required", "Invalid input", "Field must be"]


@pytest.fixture
def back_office_pages(app, world, as_user):
    """Every page of the back office, forms with errors and a message preview included."""
    e = world.event.id
    person, waiting = world.be[0], world.zh[1]
    a1 = workshop(world.event, "A1")
    slot = a1.slot_id
    other_person = db.session.scalars(db.select(Registration).where(
        Registration.event_id == world.other_event.id)).one()
    ev = f"/admin/events/{e}"
    admin_pages = {
        "events": "/admin/events/", "new event": "/admin/events/new", "settings": f"{ev}/edit",
        "copy": f"{ev}/copy", "dashboard": f"{ev}/", "programme": f"{ev}/programme",
        "new slot": f"{ev}/slots/new", "slot": f"{ev}/slots/{slot}/edit",
        "new workshop": f"{ev}/slots/{slot}/workshops/new", "workshop": f"{ev}/workshops/{a1.id}/edit",
        "delete workshop": f"{ev}/workshops/{a1.id}/delete", "delete slot": f"{ev}/slots/{slot}/delete",
        "waiting lists": f"{ev}/waiting-lists", "registrations": f"{ev}/registrations/?canton=BE",
        "registration": f"{ev}/registrations/{person.id}/",
        "edit registration": f"{ev}/registrations/{person.id}/edit",
        "move": f"{ev}/registrations/{person.id}/move", "cancel": f"{ev}/registrations/{person.id}/cancel",
        "promote": f"{ev}/registrations/{waiting.id}/promote/{a1.id}",
        "admit": f"{ev}/registrations/{person.id}/admit", "messages": f"{ev}/messages/",
        "write": f"{ev}/messages/new?canton=BE", "users": "/admin/users/", "new user": "/admin/users/new",
        "user": f"/admin/users/{world.coordinator_be.id}/edit", "audit": "/admin/audit/",
        "account": "/admin/account", "password": "/admin/account/password",
        "check-in": f"{ev}/checkin/", "check-in search": f"{ev}/checkin/?q=a", "badges": f"{ev}/badges/",
        "allocation": f"{ev}/allocation/",
    }
    admin_posts = {
        "settings with errors": (f"{ev}/edit", {"slug": "Not A Slug"}),
        "workshop with errors": (f"{ev}/workshops/{a1.id}/edit", {"code": "", "capacity": "1"}),
        "move refused": (f"{ev}/registrations/{world.ti[0].id}/move", {"workshop": str(a1.id)}),
        "message preview": (f"{ev}/messages/new?canton=BE", {**TEXTS, "action": "preview"}),
        "user with errors": ("/admin/users/new", {"role": "coordinator"}),
        "password with errors": ("/admin/account/password", {"password": "x"}),
        "checked in": (f"{ev}/checkin/", {"code": person.checkin_code}),
        "already checked in": (f"{ev}/checkin/", {"code": person.checkin_code}),
        "unknown code": (f"{ev}/checkin/", {"code": "nonsense"}),
        "other event's badge": (f"{ev}/checkin/", {"code": other_person.checkin_code}),
        "check-in undone": (f"{ev}/checkin/{person.id}/undo", {}),
        "slot with errors": (f"{ev}/slots/new", {"kind": "choice", "day": "x", "start": "y", "end": "z"}),
        "event with errors": (f"{ev}/edit", {"starts_at": "x", "capacity": "y", "retention_days": "0"}),
        "preferences without dates": (f"{ev}/edit", {"allocation_mode": "preferences",
                                                     "registration_closes_at": ""}),
    }

    def render(lang: str) -> dict[str, str]:
        anonymous = app.test_client()
        pages = {"login": anonymous.get(f"/admin/login?lang={lang}").get_data(as_text=True),
                 "login failed": login(anonymous, "x@example.ch", "wrong", lang=lang).get_data(as_text=True)}
        client = as_user(world.admin)
        client.get(f"/admin/events/?lang={lang}")  # the switch is remembered for the following pages
        for name, url in admin_pages.items():
            response = client.get(url)
            assert response.status_code == 200, (name, response.status_code)
            pages[name] = response.get_data(as_text=True)
        for name, (url, data) in admin_posts.items():
            pages[name] = client.post(url, data=data).get_data(as_text=True)
        coordinator = as_user(world.coordinator_be)
        coordinator.get(f"/admin/events/?lang={lang}")
        pages["coordinator dashboard"] = coordinator.get(f"{ev}/").get_data(as_text=True)
        pages["forbidden"] = coordinator.get(f"{ev}/edit").get_data(as_text=True)
        pages["not found"] = coordinator.get(f"{ev}/registrations/{world.zh[0].id}/").get_data(as_text=True)
        db.session.rollback()
        return pages
    return render


@pytest.mark.parametrize("lang", ("de", "fr", "it"))
def test_no_english_is_left_on_any_back_office_page(back_office_pages, lang):
    fragments = _english_fragments(lang)
    for name, page in back_office_pages(lang).items():
        assert f'<html lang="{lang}">' in page, name
        text = _visible_text(page)
        leftovers = [fragment for fragment in fragments + WTFORMS_ENGLISH if fragment in text]
        assert not leftovers, f"{lang} {name}: English left: {leftovers}"


def test_english_back_office(back_office_pages):
    pages = back_office_pages("en")
    assert all('<html lang="en">' in page for page in pages.values())
    assert "Participants per canton" in pages["dashboard"]
    assert "Access denied" in pages["forbidden"]


def test_dates_follow_swiss_formats(world, as_user):
    client = as_user(world.organizer)
    page = client.get(f"/admin/events/{world.event.id}/registrations/{world.be[0].id}/?lang=fr").get_data(
        as_text=True)
    created = world.be[0].created_at
    from zoneinfo import ZoneInfo
    local = created.astimezone(ZoneInfo("Europe/Zurich"))
    assert local.strftime("%d.%m.%Y, %H:%M") in page


def test_audit_log_is_browsable_and_filterable_by_admins(world, as_user):
    client = as_user(world.organizer)
    client.get(f"/admin/events/{world.event.id}/registrations/export?format=csv")
    admin = as_user(world.admin)
    page = admin.get("/admin/audit/?lang=en").get_data(as_text=True)
    assert "Export downloaded" in page and "Signed in" in page and "orga@iiz.example.ch" in page
    page = admin.get("/admin/audit/", query_string={"lang": "en", "action": "export.downloaded"}).get_data(
        as_text=True)
    assert ">1 entry<" in page and "Signed in" not in page.split("<tbody>")[1]
    user_filter = admin.get("/admin/audit/", query_string={"user": world.admin.id, "lang": "en"})
    assert "orga@iiz.example.ch" not in user_filter.get_data(as_text=True).split("<tbody>")[1]
    event_filter = admin.get("/admin/audit/", query_string={"event": world.other_event.id, "lang": "en"})
    assert "No entries match this filter." in event_filter.get_data(as_text=True)
    assert db.session.scalars(db.select(AuditEntry)).all()
