"""The browser suite: Debian's Chromium, driven by Playwright, against the app on a real HTTP server.

One server per run of this folder: the app on a SQLite file, loaded with the demo events and one
back-office account per role, served by werkzeug's threaded server in this process (so that a test
can prepare data in the same database). Chromium is the system's (`CHROMIUM`, default
`/usr/bin/chromium`); `scripts/ensure-chromium` installs it. Without it the suite fails: it is never
skipped silently.
"""
from __future__ import annotations

import logging
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from cii_events import create_app
from cii_events.demo import load_demo
from cii_events.extensions import db
from cii_events.models import Event, Registration, Role
from cii_events.services import accounts, allocation
from cii_events.services.registration import change_workshops, personal_token, register

from ..conftest import new_event, person, sign_up
from ..preferences_event import close_registration, preferences_event, ranking

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Headless, and nothing that calls out: this machine has no internet.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage",
                 # a camera that shows a test pattern, for the check-in page's camera scanning
                 "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
PASSWORD = "correct horse battery staple"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "build" / "screenshots")


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


class _ErrorLog(logging.Handler):
    """Keeps what the app logs at ERROR: a browser test must not hide a crash behind a 500 page."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@dataclass
class Site:
    app: object
    base_url: str
    errors: _ErrorLog
    accounts: dict = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base_url + path

    def context(self):
        """An app context for preparing or reading data in the server's database."""
        return self.app.app_context()

    def personal_url(self, registration: Registration, lang: str | None = None) -> str:
        with self.context():
            token = personal_token(registration)
        return self.url(f"/{lang or registration.language}/registration/{token}/")


def _pages_of_every_state() -> None:
    """Beside the demo: a full workshop with its waiting list, an event taking ranked preferences,
    and one past its deadline with an allocation to review, so that the crawl meets those pages."""
    full = new_event("browser-waiting-list", capacities=(1, 10), event_capacity=2)
    sign_up(full, 1, "A1", canton="NE")
    waiting = sign_up(full, 2, "A1", canton="TI", language="it")
    # a seat in A2 taken while waiting for A1: the personal page offers to leave that waiting list
    a2, dinner = (next(w for slot in full.slots for w in slot.workshops if w.code == code)
                  for code in ("A2", "D"))
    change_workshops(waiting, {a2.slot_id: a2.id, dinner.slot_id: None})
    db.session.commit()
    sign_up(full, 3, "A2", canton="GE")
    ranking_event = preferences_event("browser-preferences")
    wishes = ranking(ranking_event, ["M1", "M2", "M5"], ["P1", "P2"])
    register(ranking_event, person(4), {}, preferences=wishes)
    allocated = preferences_event("browser-allocation")
    for n, (lang, languages, morning, afternoon) in enumerate((
            ("de", ("de",), ["M1", "M2", "M5"], ["P2", "P1"]),
            ("fr", ("fr",), ["M3", "M5"], ["P3", "P1"]),
            ("it", ("it", "fr"), ["M4", "M3", "M5"], ["P1", "P3"])), start=5):
        register(allocated, person(n, language=lang, canton={"de": "BE", "fr": "VD", "it": "TI"}[lang]), {},
                 preferences=ranking(allocated, morning, afternoon, languages=languages))
    db.session.commit()
    close_registration(allocated)
    allocation.run(allocated, seed=2027)
    db.session.commit()


@pytest.fixture(scope="package")
def site(tmp_path_factory, sqlite_template, instance_dir):
    folder = tmp_path_factory.mktemp("browser")
    database = folder / "site.sqlite"
    shutil.copy(sqlite_template, database)
    app = create_app({
        "SECRET_KEY": "browser-secret", "DATABASE_URL": f"sqlite:///{database}", "RATELIMIT_ENABLED": False,
        "PAGE_CACHE_SECONDS": 0, "SQLITE_BUSY_TIMEOUT_SECONDS": 30, "MAIL_BACKEND": "file",
        "MAIL_SEND_AFTER_COMMIT": False, "LOGIN_FAILURE_SECONDS": 0,
        "LOGIN_DELAY_SECONDS": 0,  # the pages with errors show a refused sign-in in every language
        "PASSWORD_HASH_METHOD": "scrypt:4096:8:1"})
    errors = _ErrorLog()
    app.logger.addHandler(errors)
    with app.app_context():
        load_demo()
        db.session.commit()
        _pages_of_every_state()
        events = list(db.session.scalars(db.select(Event).order_by(Event.id)))
        people = {}
        for email, role, canton in (("admin@cii.example.ch", Role.ADMIN, None),
                                    ("organizer@cii.example.ch", Role.ORGANIZER, None),
                                    ("coordinator@ne.example.ch", Role.COORDINATOR, "NE")):
            accounts.create_user(accounts.AccountData(email=email, role=role, canton=canton, language="fr",
                                                      name=email.split("@")[0].title()),
                                 PASSWORD, actor=None, event_ids=[event.id for event in events])
            people[role.value] = email
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="browser-site", daemon=True)
    thread.start()
    try:
        yield Site(app=app, base_url=f"http://127.0.0.1:{server.server_port}", errors=errors,
                   accounts=people)
    finally:
        server.shutdown()
        thread.join(10)
        with app.app_context():
            db.engine.dispose()
    assert not errors.records, "the app logged errors: " + "; ".join(r.getMessage() for r in errors.records)


@pytest.fixture(scope="package")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium is not installed ({CHROMIUM}): run scripts/ensure-chromium, or set CHROMIUM "
                    "to its path. The browser suite is part of `make test` and is not skipped.",
                    pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, site):
    """Pages in fresh browser contexts (own cookies); phone or desktop sized."""
    contexts = []

    def open_page(device: dict | None = None, **options):
        context = browser.new_context(base_url=site.base_url, accept_downloads=True,
                                      **{**(device or DESKTOP), **options})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, email: str, lang: str = "fr"):
    page.goto(f"/admin/login?lang={lang}")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/admin/**")
    assert "/admin/login" not in page.url, "login failed"


def screenshot(page, name: str) -> Path:
    """Saves a full-page screenshot for the reviewers (build/screenshots, or SCREENSHOT_DIR).

    One image pixel per CSS pixel, as JPEG: small enough to keep a current set in the repository.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.jpg"
    page.screenshot(path=str(path), full_page=True, scale="css", type="jpeg", quality=60)
    return path
