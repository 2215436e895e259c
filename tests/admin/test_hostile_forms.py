"""Hostile input on the back office: the probe's 500s, and every form fuzzed (no answer is a 5xx)."""
from __future__ import annotations

import re
from urllib.parse import unquote

from hypothesis import HealthCheck, given, settings, strategies as st

from cii_events.extensions import db
from cii_events.models import Event
from cii_events.services.integrity import find_problems

from ..conftest import workshop
from .conftest import login
from .test_authorization import urls

BLANK = st.sampled_from(["", " ", "   ", "\t", "\u00a0", "\u200b\u200b", " \r\n "])
SPECIAL = st.sampled_from([
    "\x00", "a\x00b", "2026-02-30", "31.12.9999", "0001-01-01", "9999-12-31", "24:00", "99:99", "-1", "0",
    "9" * 30, "1e9", "NaN", "null", "[]", "<script>x</script>", "=1+1", "' OR 1=1 --", "\u202eevil", "工作坊",
    "y", "on", "de", "fr", "BE", "choice", "optional", "talks", "admin", "organizer", "coordinator"])
HOSTILE = st.one_of(BLANK, SPECIAL, st.text(max_size=30),
                    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=200))
# A plausible value for fields a page shows empty, so that posts get past the first check.
TYPICAL = {"day": "2027-11-25", "first_day": "2027-11-25", "start": "10:00", "end": "11:30", "capacity": "20",
           "code": "B9", "email": "someone@example.ch", "title_de": "Titel", "slug": "a-new-event",
           "password": "seven quiet lanterns", "confirm": "y", "first_name": "Anna", "last_name": "Muster"}
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# These end the session the fuzzer works in.
SIGN_OUT = ("/admin/logout", "/admin/account/sessions/end")


def _form_fields(page: str) -> dict[str, list[str]]:
    """The names of a page's form fields, with the values the page offers for them."""
    fields: dict[str, list[str]] = {}
    for tag in re.finditer(r"<(input|select|textarea)\b[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag.group(0))
        if not name or name.group(1) == "csrf_token":
            continue
        value = re.search(r'value="([^"]*)"', tag.group(0))
        fields.setdefault(name.group(1), []).append(value.group(1) if value else "")
    for select in re.finditer(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        offered = re.findall(r'<option[^>]*value="([^"]*)"', select.group(2))
        fields.setdefault(select.group(1), []).extend(offered)
    return fields


def test_whitespace_only_dates_are_refused_like_empty_ones(world, as_user):
    client = as_user(world.organizer)
    event = world.event
    for blank in (" ", "   ", "\t"):
        response = client.post(f"/admin/events/{event.id}/copy?lang=en",
                               data={"slug": "national-days-2027", "first_day": blank})
        assert response.status_code == 422
        assert "Please fill in this field." in response.get_data(as_text=True)
        response = client.post(f"/admin/events/{event.id}/slots/new?lang=en", data={
            "kind": "choice", "day": blank, "start": blank, "end": "16:30", "title_de": "Ateliers II"})
        assert response.status_code == 422
        assert response.get_data(as_text=True).count("Please fill in this field.") >= 2
    assert db.session.scalars(db.select(Event).where(Event.slug == "national-days-2027")).first() is None


def test_a_line_break_in_the_sign_in_target_is_ignored(client, world):
    for target in ("/admin/events/\r\nSet-Cookie: x=1", "/admin/events/%0d%0aX: y", "/admin/\nx",
                   "/admin/ x"):
        response = login(client, world.organizer, next=unquote(target))
        assert response.status_code == 303 and response.headers["Location"] == "/admin/events/"
        client.post("/admin/logout")


def test_downloads_named_after_a_workshop_code_in_any_script(world, as_user):
    client = as_user(world.organizer)
    a1 = workshop(world.event, "A1")
    a1.code = "工作坊Ж"
    db.session.commit()
    ev = f"/admin/events/{world.event.id}"
    for url in (f"{ev}/registrations/export?format=xlsx&workshop={a1.id}&layout=roster",
                f"{ev}/registrations/export?format=csv&workshop={a1.id}&layout=roster",
                f"{ev}/workshops/{a1.id}/roster.pdf"):
        response = client.get(url)
        assert response.status_code == 200, url
        disposition = response.headers["Content-Disposition"]
        disposition.encode("latin-1")  # a valid header
        assert disposition.startswith('attachment; filename="national-days')
        assert "filename*=UTF-8''national-days-" in disposition
        assert "%E5%B7%A5%E4%BD%9C%E5%9D%8A%D0%96." in disposition, disposition  # 工作坊Ж


def test_names_follow_the_same_rules_as_on_the_public_form(world, as_user):
    client = as_user(world.organizer)
    person = world.be[0]
    url = f"/admin/events/{world.event.id}/registrations/{person.id}/edit?lang=en"
    page = client.get(url).get_data(as_text=True)
    assert page
    data = {"first_name": "\u00a0", "last_name": "A\u202eB", "email": person.email,
            "organisation": person.organisation, "institution_type": person.institution_type,
            "canton": person.canton, "language": person.language}
    response = client.post(url, data=data)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Please fill in this field." in text and "change the writing direction" in text
    db.session.expire_all()
    assert person.first_name == "Béatrice" and person.last_name == "Aebi"


def test_every_back_office_form_survives_hostile_posts(app, world, as_user):
    """Each POST route of the back office (from the authorization matrix), posted by an administrator
    with the fields its page shows, filled with valid, hostile, missing or repeated values."""
    client = as_user(world.admin)
    forms = []
    for method, url, _expected in urls(world):
        if method != "POST" or url.split("?")[0] in SIGN_OUT or url == "/admin/login":
            continue
        page = client.get(url)
        fields = _form_fields(page.get_data(as_text=True)) if page.status_code == 200 else {}
        forms.append((url, fields))
    assert len(forms) > 25
    # what ends the event or a registration last, so that the other forms reach their deep checks
    forms.sort(key=lambda form: form[0].split("?")[0].endswith(("/cancel", "/erase", "/delete")))

    @st.composite
    def posts(draw, fields):
        """The page's own values, with one to three fields made blank, hostile, missing or repeated."""
        data = {name: (TYPICAL.get(name) or next((value for value in offered if value), ""))
                for name, offered in fields.items()}
        names = sorted(data) + ["confirm", "extra", "page", "slot_1"]
        for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)):
            change = draw(st.sampled_from(["blank", "hostile", "offered", "missing", "twice"]))
            if change == "missing":
                data.pop(name, None)
            elif change == "blank":
                data[name] = draw(BLANK)
            elif change == "offered" and fields.get(name):
                data[name] = draw(st.sampled_from(fields[name]))
            elif change == "twice":
                data[name] = [data.get(name, ""), draw(HOSTILE)]
            else:
                data[name] = draw(HOSTILE)
        return data

    for url, fields in forms:
        @SETTINGS
        @given(posts(fields))
        def post(data):
            response = client.post(url, data=data)
            assert response.status_code < 500, (url, data, response.get_data(as_text=True)[:300])
            db.session.rollback()
        post()
    assert find_problems() == []


def test_a_search_with_control_characters_is_no_error(world, as_user):
    """Found by the fuzzer below: a NUL in the attendee search was a 500 on PostgreSQL."""
    client = as_user(world.organizer)
    ev = f"/admin/events/{world.event.id}"
    for url in (f"{ev}/registrations/", f"{ev}/registrations/export", f"{ev}/checkin/"):
        response = client.get(url, query_string={"q": "Ae\x00bi\r\n", "format": "csv"})
        assert response.status_code == 200, url
    page = client.get(f"{ev}/registrations/", query_string={"q": "Ae\x00bi"}).get_data(as_text=True)
    assert "Aebi" in page and "Zürcher" not in page  # searched for "Aebi"


def test_every_back_office_search_form_survives_hostile_queries(world, as_user):
    """The GET forms: the attendee list's filters (and its exports), the audit log's, the check-in
    search, the badge selection, the sign-in target."""
    client = as_user(world.admin)
    ev = f"/admin/events/{world.event.id}"
    pages = {
        f"{ev}/registrations/": ["q", "canton", "institution_type", "workshop", "seat", "status", "language",
                                 "sort", "page"],
        f"{ev}/registrations/export": ["format", "layout", "q", "canton", "workshop", "status", "sort"],
        "/admin/audit/": ["user", "action", "object_type", "event", "since", "until", "page"],
        f"{ev}/checkin/": ["q"],
        f"{ev}/badges/": ["layout", "canton", "workshop", "sort", "lang"],
        f"{ev}/badges/badges.pdf": ["layout", "canton", "workshop", "registration", "sort", "lang"],
        f"{ev}/messages/new": ["canton", "workshop", "status", "language", "q"],
    }

    plausible = st.sampled_from(["1", "BE", "csv", "xlsx", "a6", "roster", "2027-11-25", "login.failed"])

    @settings(SETTINGS, max_examples=250)
    @given(st.sampled_from(sorted(pages)), st.data())
    def query(url, data):
        args = {name: data.draw(st.one_of(HOSTILE, plausible))
                for name in data.draw(st.lists(st.sampled_from(pages[url]), max_size=4, unique=True))}
        response = client.get(url, query_string=args)
        assert response.status_code < 500, (url, args, response.get_data(as_text=True)[:300])
        db.session.rollback()
    query()
