"""Check-in at the door: scanned codes, typed references, refusals, undo, and who may do it."""
from __future__ import annotations

import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from PIL import Image

from cii_events.extensions import db
from cii_events.models import AuditEntry, Registration
from cii_events.services import attendee_changes, badges

from ..conftest import sign_up
from .conftest import audit_entry, login


def actions() -> list[str]:
    return list(db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.action.startswith("checkin"))
                                   .order_by(AuditEntry.id)))


@pytest.fixture
def door(world, as_user):
    """The organizer's check-in page in English; returns a function that scans one code."""
    client = as_user(world.organizer)
    client.get("/admin/events/?lang=en")
    url = f"/admin/events/{world.event.id}/checkin/"

    def scan(code: str, expected_status: int = 200) -> str:
        response = client.post(url, data={"code": code})
        assert response.status_code == expected_status
        return response.get_data(as_text=True)
    scan.client = client
    scan.url = url
    return scan


def other_event_person(world) -> Registration:
    query = db.select(Registration).where(Registration.event_id == world.other_event.id)
    return db.session.scalars(query).one()


def fresh(registration: Registration) -> Registration:
    db.session.expire_all()
    return db.session.get(Registration, registration.id)


def test_the_page_keeps_the_scan_field_focused_and_counts(world, door):
    page = door.client.get(door.url).get_data(as_text=True)
    assert 'name="code"' in page and "autofocus" in page
    assert "js/checkin.js" in page and "<script>" not in page and "style=" not in page
    assert '<span class="figure" data-present>0</span>' in page
    assert '<span class="figure" data-expected>5</span>' in page


def test_a_valid_code_checks_the_person_in_with_the_time(world, door):
    person = world.be[0]
    page = door(f"  {person.checkin_code}\n")  # scanners may add white space
    checked_in_at = fresh(person).checked_in_at
    assert checked_in_at is not None
    local = checked_in_at.astimezone(ZoneInfo("Europe/Zurich")).strftime("%H:%M")
    assert f"Checked in at {local}." in page
    assert "Béatrice Aebi" in page and "IV-Stelle Bern" in page and "Bern" in page
    assert "A1 Workshop A1 [en]" in page
    assert '<span class="figure" data-present>1</span>' in page
    entry = audit_entry("checkin.done")
    assert entry.object_id == person.id and entry.user_id == world.organizer.id
    assert door.client.get(f"{door.url}counts").json == {"present": 1, "expected": 5}


def test_a_second_scan_says_when_the_person_was_checked_in(world, door):
    person = world.be[0]
    door(person.checkin_code)
    fixed = datetime(2026, 11, 28, 7, 42, tzinfo=timezone.utc)  # 08:42 in Zurich
    (today,) = fresh(person).attendances
    today.checked_in_at = fixed
    db.session.commit()
    page = door(person.checkin_code)
    assert "Already checked in today at 08:42." in page
    assert fresh(person).attendances[0].checked_in_at == fixed
    assert actions() == ["checkin.done", "checkin.repeated"]


def test_the_reference_typed_at_the_desk_works_too(world, door):
    person = world.zh[0]
    page = door(f"{person.reference[:4].lower()}-{person.reference[4:]}")
    assert "Checked in at" in page and fresh(person).checked_in_at is not None


def test_a_cancelled_registration_is_not_checked_in(world, door):
    person = world.be[1]
    attendee_changes.cancel(person, actor=None, reason="")
    db.session.commit()
    page = door(person.checkin_code)
    assert "Cancelled registration: not checked in." in page
    assert "Bruno Bärtschi" in page
    assert fresh(person).checked_in_at is None
    assert audit_entry("checkin.refused").details["outcome"] == "cancelled"


def test_someone_on_the_waiting_list_is_not_checked_in(app, make_event, world, as_user):
    small = make_event(event_capacity=1, slug="small")
    world.organizer.events.append(small)
    db.session.commit()
    sign_up(small, 21, "A1")
    waiting = sign_up(small, 22, "A1", first_name="Wanda", last_name="Warteliste")
    assert waiting.status.value == "waitlisted"
    client = as_user(world.organizer)
    client.get("/admin/events/?lang=en")
    page = client.post(f"/admin/events/{small.id}/checkin/", data={"code": waiting.checkin_code})
    text = page.get_data(as_text=True)
    assert "On the waiting list, no place: not checked in." in text and "Wanda Warteliste" in text
    assert fresh(waiting).checked_in_at is None


def test_a_badge_of_another_event_is_refused_without_showing_the_person(world, door):
    other = other_event_person(world)
    page = door(other.checkin_code)
    assert "This badge belongs to another event: not checked in." in page
    assert "Otto" not in page
    assert fresh(other).checked_in_at is None


@pytest.mark.parametrize("garbage", ["", "   ", "hello", "x" * 5000, "'; DROP TABLE registration; --",
                                     "%", "\u202e\u0000"])
def test_garbage_is_answered_as_an_unknown_code(world, door, garbage):
    page = door(garbage)
    assert "Unknown code: not checked in." in page
    assert db.session.scalar(db.select(db.func.count()).where(Registration.checked_in_at.is_not(None))) == 0
    assert audit_entry("checkin.refused").details["outcome"] == "unknown"


def test_search_by_name_and_check_in_from_the_list(world, door):
    page = door.client.get(door.url, query_string={"q": "zür"}).get_data(as_text=True)
    assert "Zürcher, Zoë" in page and "Aebi" not in page
    person = world.zh[0]
    page = door.client.post(door.url, data={"registration": str(person.id)}).get_data(as_text=True)
    assert "Checked in at" in page and fresh(person).checked_in_at is not None
    other = other_event_person(world)
    assert door.client.post(door.url, data={"registration": str(other.id)}).status_code == 404


def test_undo_takes_the_check_in_back(world, door):
    person = world.be[0]
    door(person.checkin_code)
    response = door.client.post(f"{door.url}{person.id}/undo")
    assert response.status_code == 200
    assert "Check-in undone." in response.get_data(as_text=True)
    assert fresh(person).checked_in_at is None
    assert actions() == ["checkin.done", "checkin.undone"]
    assert "Checked in at" in door(person.checkin_code)  # and in again


def test_a_coordinator_cannot_check_anyone_in(world, as_user):
    person = world.be[0]  # from the coordinator's own canton
    client = as_user(world.coordinator_be)
    base = f"/admin/events/{world.event.id}/checkin/"
    assert client.get(base).status_code == 403
    assert client.post(base, data={"code": person.checkin_code}).status_code == 403
    assert client.post(base, data={"registration": str(person.id)}).status_code == 403
    assert client.post(f"{base}{person.id}/undo").status_code == 403
    assert client.get(f"{base}counts").status_code == 403
    assert fresh(person).checked_in_at is None
    assert actions() == []


def test_an_organizer_of_another_event_cannot_either(world, as_user):
    client = as_user(world.other_organizer)
    assert client.post(f"/admin/events/{world.event.id}/checkin/",
                       data={"code": world.be[0].checkin_code}).status_code == 403


def test_concurrent_doors_check_in_once(world, app):
    """Two doors, each its own browser session and database session, scan the same badge at the
    same moment (as the concurrency test races registrations): one checks in, the other says
    "already"."""
    doors = [app.test_client(), app.test_client()]
    for door in doors:
        assert login(door, world.organizer).status_code == 303
    url = f"/admin/events/{world.event.id}/checkin/?lang=en"
    for person in (world.be[0], world.zh[0], world.ti[0]):
        barrier = threading.Barrier(2)

        def scan(door, code=person.checkin_code):
            barrier.wait()
            response = door.post(url, data={"code": code})
            return response.status_code, response.get_data(as_text=True)

        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(scan, doors))
        assert [status for status, _page in answers] == [200, 200]
        said = sorted("Already checked in" in page for _status, page in answers)
        assert said == [False, True], [page[:200] for _status, page in answers]
        db.session.rollback()  # a fresh look at what both doors committed
        entries = db.session.scalars(db.select(AuditEntry.action).where(
            AuditEntry.object_id == person.id, AuditEntry.action.startswith("checkin."))).all()
        assert sorted(entries) == ["checkin.done", "checkin.repeated"]
    db.session.expire_all()
    assert all(person.checked_in_at is not None for person in (world.be[0], world.zh[0], world.ti[0]))


# ---------------------------------------------------------------------------------------------
# Scanning with the camera (static/js/checkin-camera.js): the page offers it, the script does it.

class _Elements(HTMLParser):
    """The attributes of every element on a page, by tag."""

    def __init__(self, page: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def one(self, tag: str, marker: str) -> dict:
        [attrs] = [attrs for name, attrs in self.found if name == tag and marker in attrs]
        return attrs


CAMERA_TEXTS = {
    "en": ("Start camera", "Stop camera", "Camera preview", "No camera was found on this device."),
    "de": ("Kamera starten", "Kamera ausschalten", "Kamerabild",
           "Auf diesem Gerät wurde keine Kamera gefunden."),
    "fr": ("Démarrer la caméra", "Arrêter la caméra", "Image de la caméra",
           "Aucune caméra n'a été trouvée sur cet appareil."),
    "it": ("Avvia la fotocamera", "Spegni la fotocamera", "Immagine della fotocamera",
           "Su questo dispositivo non è stata trovata alcuna fotocamera."),
}
CAMERA_ENGLISH = {
    "data-label-start": "Start camera",
    "data-label-stop": "Stop camera",
    "data-msg-scanning": "Hold the QR code of the badge in front of the camera.",
    "data-msg-read": "Code read, checking in…",
    "data-msg-denied": ("The browser may not use the camera. Allow it in the site settings, or use the "
                        "handheld scanner."),
    "data-msg-no-camera": "No camera was found on this device.",
    "data-msg-failed": "The camera could not be started; another app may be using it.",
}


@pytest.mark.parametrize("lang", CAMERA_TEXTS)
def test_the_camera_button_is_hidden_until_the_script_finds_support(world, as_user, lang):
    client = as_user(world.organizer)
    client.get(f"/admin/events/?lang={lang}")
    response = client.get(f"/admin/events/{world.event.id}/checkin/")
    page = response.get_data(as_text=True)
    elements = _Elements(page)
    start, stop, preview, no_camera = CAMERA_TEXTS[lang]
    block = elements.one("div", "data-camera")
    assert "hidden" in block  # browsers without BarcodeDetector or a camera never see the button
    assert block["data-label-start"] == start and block["data-label-stop"] == stop
    assert block["data-msg-no-camera"] == no_camera
    for name, english in CAMERA_ENGLISH.items():
        assert block[name].strip() and (block[name] == english) == (lang == "en"), (name, block[name])
    toggle = elements.one("button", "data-camera-toggle")
    assert toggle["type"] == "button"  # it must not submit the code form
    assert f">{start}</button>" in page
    status = elements.one("p", "data-camera-status")
    assert status["role"] == "status" and status["aria-live"] == "polite"
    video = elements.one("video", "data-camera-video")
    assert {"muted", "playsinline", "hidden"} <= set(video) and video["aria-label"] == preview
    assert '<script src="/static/js/checkin-camera.js" defer></script>' in page
    assert "<script>" not in page and " style=" not in page and " onclick=" not in page
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "camera=(self)" in response.headers["Permissions-Policy"]


def test_the_camera_script_is_served_from_the_app_and_holds_no_english(world, as_user, client):
    script = client.get("/static/js/checkin-camera.js")
    assert script.status_code == 200 and "javascript" in script.content_type
    code = script.get_data(as_text=True)
    script.close()
    for needle in ("BarcodeDetector", '"qr_code"', "getUserMedia", '"environment"', "requestSubmit"):
        assert needle in code, needle
    assert "http://" not in code and "https://" not in code  # nothing fetched from elsewhere
    as_user(world.organizer).get("/admin/events/?lang=en")
    block = _Elements(client.get(f"/admin/events/{world.event.id}/checkin/").get_data(as_text=True)).one(
        "div", "data-camera")
    for name, english in CAMERA_ENGLISH.items():
        assert block[name] == english
        assert english not in code, f"{name} is hard-coded in the script"


def test_only_the_check_in_page_may_use_the_camera(world, door, client):
    assert door.client.get(door.url).headers["Permissions-Policy"].startswith("camera=(self)")
    # The page answering a scan (where the camera comes back on) and an undo too.
    assert door.client.post(door.url, data={"code": "x"}).headers["Permissions-Policy"].startswith(
        "camera=(self)")
    person = world.be[0]
    undo = door.client.post(f"{door.url}{person.id}/undo")
    assert undo.headers["Permissions-Policy"].startswith("camera=(self)")
    for other in (f"/admin/events/{world.event.id}/", f"/admin/events/{world.event.id}/badges/",
                  f"{door.url}counts"):
        policy = door.client.get(other).headers["Permissions-Policy"]
        assert "camera=()" in policy and "microphone=()" in policy, other
    assert "camera=()" in client.get(f"/de/events/{world.event.slug}/").headers["Permissions-Policy"]


def test_the_text_a_camera_reads_from_a_printed_badge_checks_the_person_in(world, door, tmp_path, pdftoppm):
    """What the script puts in the code field is the QR code's text, as a decoder reads it."""
    person = world.zh[0]
    pdf = badges.render([badges.badge_of(person)], "a6", title="Nationale IIZ-Tagung")
    (tmp_path / "badge.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(tmp_path / "badge.pdf"), str(tmp_path / "page")],
                   check=True)
    [read] = zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("page*.png"))))
    assert read.text == person.checkin_code  # the check-in code, never the personal link's secret
    page = door(read.text)
    assert "Checked in at" in page and "Zoë Zürcher" in page
    assert fresh(person).checked_in_at is not None
