"""WCAG 2.1 A and AA (eCH-0059) on every page, in German, French, Italian and English.

axe-core checks every kind of page the site links to, public and back office, and the pages that
only a form submission shows: forms with their errors, check-in results. Pages are found by
following links, so a new page is checked without being listed here. The HTML the server sent for
every page the crawls reach goes through the W3C Nu HTML Checker too (tests/browser/nu.py): no error.
"""
from __future__ import annotations

import pytest

from cii_events.extensions import db
from cii_events.models import AllocationRun, Event, Registration, RegistrationStatus

from . import nu
from .axe import crawl, describe, page_kind, violations
from .conftest import PHONE, log_in

LANGUAGES = ["de", "fr", "it", "en"]
NARROW = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
ZOOMED = {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2}


def _demo_registration(site) -> Registration:
    with site.context():
        registration = db.session.scalars(db.select(Registration).order_by(Registration.id)).first()
        db.session.expunge(registration)
        return registration


def _demo_event(site) -> Event:
    with site.context():
        event = db.session.scalars(db.select(Event).order_by(Event.id)).first()
        db.session.expunge(event)
        return event


def _variants(site, lang: str | None = None) -> tuple[list[str], list[str]]:
    """Pages whose kind is already met elsewhere but which look different: a waiting list, ranked
    preferences, an allocation to review. (public paths, back-office paths)"""
    public, admin = [], []
    with site.context():
        for slug in ("browser-waiting-list", "browser-preferences", "browser-allocation"):
            event = db.session.scalars(db.select(Event).where(Event.slug == slug)).one()
            people = list(db.session.scalars(db.select(Registration).where(
                Registration.event_id == event.id).order_by(Registration.id)))
            public += [f"/{lang}/events/{slug}/", f"/{lang}/events/{slug}/register"]
            admin += [f"/admin/events/{event.id}/", f"/admin/events/{event.id}/registrations/",
                      f"/admin/events/{event.id}/edit"]
            for registration in people[-2:]:
                admin.append(f"/admin/events/{event.id}/registrations/{registration.id}/")
                public.append(site.personal_url(registration, lang)[len(site.base_url):])
        national = db.session.scalars(db.select(Event).where(Event.slug == "iiz-tagung-2027")).one()
        admin.append(f"/admin/events/{national.id}/questions")  # the demo's own questions
        for run in db.session.scalars(db.select(AllocationRun)):
            admin += [f"/admin/events/{run.event_id}/allocation/?run={run.id}",
                      f"/admin/events/{run.event_id}/allocation/{run.id}/publish"]
    return public, admin


def _check(page, lang: str, report: dict, label: str | None = None) -> None:
    assert page.evaluate("() => document.documentElement.lang") == lang, f"{page.url}: wrong lang"
    found = violations(page)
    if found:
        report[label or page.url] = describe(found)
    if not page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"):
        report[label or page.url] = report.get(label or page.url, "") + "  scrolls sideways (WCAG 1.4.10)"


def _assert_valid(sources: dict) -> None:
    """The W3C Nu HTML Checker finds no error on any page the crawl reached."""
    errors = nu.html_errors(sources)
    assert not errors, f"HTML errors on {len(errors)} of {len(sources)} pages:\n" + nu.describe(errors)


def _assert_clean(report: dict) -> None:
    listing = "\n".join(f"{url}\n{text}" for url, text in report.items())
    assert not report, "WCAG 2.1 A/AA violations:\n" + listing


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages(site, new_page, lang):
    """At 320 CSS pixels, the narrowest width WCAG 1.4.10 asks to reflow without scrolling sideways."""
    page = new_page(NARROW)
    registration = _demo_registration(site)
    start = [site.url(f"/{lang}/"), site.personal_url(registration, lang),
             site.url(f"/{lang}/no-such-page")] + [site.url(path) for path in _variants(site, lang)[0]]
    report, kinds, sources = {}, set(), {}
    for url in crawl(page, start, prefix=f"/{lang}/", sources=sources):
        kinds.add(page_kind(url))
        _check(page, lang, report)
    _assert_clean(report)
    _assert_valid(sources)
    assert {"/LANG/", "/LANG/events/SLUG/", "/LANG/events/SLUG/register", "/LANG/events/SLUG/send-link",
            "/LANG/registration/TOKEN/", "/LANG/registration/TOKEN/cancel", "/LANG/registration/TOKEN/data",
            "/LANG/registration/TOKEN/delete", "/LANG/registration/TOKEN/details",
            "/LANG/registration/TOKEN/transfer", "/LANG/registration/TOKEN/waiting/N/leave"} <= kinds, \
        sorted(kinds)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_back_office_pages(site, new_page, lang):
    """At 200 % zoom of a 1280 px window: 640 CSS pixels."""
    page = new_page(ZOOMED)
    log_in(page, site.accounts["admin"], lang)
    report, kinds, sources = {}, set(), {}
    start = [site.url(f"/admin/?lang={lang}")] + [site.url(path) for path in _variants(site)[1]]
    for url in crawl(page, start, prefix="/admin/", sources=sources):
        kinds.add(page_kind(url))
        _check(page, lang, report)
    _assert_clean(report)
    _assert_valid(sources)
    assert {"/admin/events/", "/admin/events/N/", "/admin/events/N/registrations/",
            "/admin/events/N/registrations/N/", "/admin/events/N/programme", "/admin/events/N/checkin/",
            "/admin/events/N/badges/", "/admin/users/", "/admin/audit/", "/admin/events/N/allocation/",
            "/admin/events/N/allocation/?run", "/admin/events/N/allocation/N/publish",
            "/admin/events/N/registrations/N/promote/N", "/admin/outbox/", "/admin/outbox/N/",
            "/admin/outbox/?event", "/admin/events/N/mail-texts", "/admin/events/N/questions",
            "/admin/events/N/questions/new", "/admin/events/N/questions/N/edit",
            "/admin/events/N/questions/N/delete", "/admin/events/N/quotas",
            "/admin/events/N/registrations/N/role"} <= kinds, sorted(kinds)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_forms_showing_their_errors(site, new_page, lang):
    """Every form once submitted empty or wrong: the error summary and the marked fields pass too."""
    page = new_page(PHONE)
    event = _demo_event(site)
    report = {}

    page.goto(f"/{lang}/events/{event.slug}/register")
    page.click("form[method=post] button[type=submit]")
    page.wait_for_selector(".error-summary")
    _check(page, lang, report, "registration form with errors")

    page.goto(f"/{lang}/events/{event.slug}/send-link")
    page.click("main form[method=post] button[type=submit]")
    _check(page, lang, report, "send-link form with errors")

    personal = site.personal_url(_demo_registration(site), lang)
    page.goto(personal + "details")
    page.fill("input[name=first_name]", "")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_selector(".error-summary")
    _check(page, lang, report, "own details with errors")
    page.goto(personal + "transfer")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_selector(".error-summary")
    _check(page, lang, report, "transfer form with errors")

    page.goto(f"/admin/login?lang={lang}")
    page.fill("input[name=email]", "nobody@example.ch")
    page.fill("input[name=password]", "wrong password")
    page.click("main form button[type=submit]")
    _check(page, lang, report, "login refused")

    log_in(page, site.accounts["admin"], lang)
    for path in ("/admin/events/new", f"/admin/events/{event.id}/slots/new", "/admin/users/new",
                 f"/admin/events/{event.id}/messages/new", f"/admin/events/{event.id}/questions/new"):
        page.goto(path)
        for text_input in page.query_selector_all("main form[method=post] input[type=text]:visible"):
            text_input.fill("")
        page.click("main form[method=post] button[type=submit]")
        _check(page, lang, report, f"{path} with errors")
    _assert_clean(report)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_checkin_results(site, new_page, lang):
    page = new_page()
    event = _demo_event(site)
    with site.context():
        confirmed = db.session.scalars(db.select(Registration).where(
            Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED)).first()
        code = confirmed.checkin_code
    log_in(page, site.accounts["organizer"], lang)
    report = {}
    for value, label in ((code, "checked in"), ("no such code", "unknown"), (code, "already checked in")):
        page.goto(f"/admin/events/{event.id}/checkin/")
        page.fill("#checkin-code", value)
        page.press("#checkin-code", "Enter")
        page.wait_for_selector(".checkin-result")
        _check(page, lang, report, f"check-in: {label}")
    page.click(".checkin-result button[type=submit]")
    page.wait_for_selector(".checkin-result")
    _check(page, lang, report, "check-in undone")
    _assert_clean(report)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mail_pages_with_their_content(site, new_page, lang):
    """The preview of the mail texts, a mail shown in the outbox, a failed mail and the message
    after sending it again."""
    from cii_events.models import MailStatus, OutgoingMail

    page = new_page(ZOOMED)
    event = _demo_event(site)
    with site.context():
        mail = db.session.scalars(db.select(OutgoingMail).where(OutgoingMail.event_id == event.id)
                                  .order_by(OutgoingMail.id)).first()
        mail.status, mail.last_error = MailStatus.FAILED, "550 5.1.1 No such user here"
        db.session.commit()
        mail_id = mail.id
    log_in(page, site.accounts["admin"], lang)
    report = {}
    page.goto(f"/admin/events/{event.id}/mail-texts")
    page.click("#mail-texts-tab-fr")
    page.fill("textarea[name=confirmed_intro_fr]", "Bienvenue à Berne !\n\nÀ bientôt.")
    page.click("main form button[value=preview]")
    page.wait_for_selector("#preview-heading")
    _check(page, lang, report, "mail texts preview")
    page.goto(f"/admin/outbox/?event={event.id}&status=failed")
    _check(page, lang, report, "outbox with a failed mail")
    page.goto(f"/admin/outbox/{mail_id}/")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".notice")
    _check(page, lang, report, "mail queued again")
    _assert_clean(report)


def test_axe_finds_a_violation(site, new_page):
    """The checker itself: an image without a text alternative on a real page is reported."""
    page = new_page()
    page.goto("/fr/")
    assert violations(page) == []
    page.evaluate("""() => {
        const image = document.createElement('img');
        image.src = '/static/fonts/missing.png';
        document.querySelector('main').append(image);
        document.documentElement.lang = '';
    }""")
    assert {violation["id"] for violation in violations(page)} >= {"image-alt", "html-has-lang"}


def test_the_html_checker_finds_errors(site, new_page):
    """The checker itself: a real page is valid, and the same page with a duplicate id and a required
    select without an empty first option is not."""
    page = new_page()
    html = page.goto("/fr/").text()
    assert nu.html_errors({"/fr/": html}) == {}
    broken = html.replace("</main>", '<p id="x"></p><p id="x"></p><select name="s" required>'
                                     '<option value="a">a</option></select></main>')
    (errors,) = nu.html_errors({"/fr/ broken": broken}).values()
    assert any("Duplicate ID" in error for error in errors)
    assert any("first “option”" in error for error in errors)
