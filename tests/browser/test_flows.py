"""What participants and organizers do, end to end, in Chromium: registering on a phone in French,
the waiting list, the organizer's capacity, filter and export, the check-in desk."""
from __future__ import annotations

import itertools
import re
from types import SimpleNamespace

import openpyxl
from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from cii_events.extensions import db
from cii_events.models import BookingStatus, Event, Registration, RegistrationStatus, User
from cii_events.services.registration import cancel

from ..conftest import person, sign_up, workshop
from .axe import violations
from .conftest import DESKTOP, PHONE, log_in, screenshot


def t(lang: str, message: str, site, **values) -> str:
    """The catalogue's text, as the page shows it."""
    with site.context(), force_locale({"de": "de_CH", "fr": "fr_CH", "it": "it_CH", "en": "en_CH"}[lang]):
        return gettext(message, **values)


_numbers = itertools.count(1)


def _new_event(site, make_event, **options) -> SimpleNamespace:
    with site.context():
        event = make_event(slug=f"browser-{next(_numbers)}", **options)
        organizer = db.session.scalars(db.select(User).where(User.email == site.accounts["organizer"])).one()
        organizer.events.append(event)
        db.session.commit()
        return SimpleNamespace(id=event.id, slug=event.slug)


def _event(event):
    return db.session.get(Event, event.id)


def _registration(site, email: str) -> Registration:
    with site.context():
        registration = db.session.scalars(db.select(Registration).where(Registration.email == email)).one()
        statuses = {booking.workshop.code: booking.status for booking in registration.bookings}
        db.session.expunge(registration)
        registration.statuses = statuses
        return registration


def _fill_registration(page, email: str, *, first_name="Élodie", last_name="Rochat") -> None:
    page.fill("[name=first_name]", first_name)
    page.fill("[name=last_name]", last_name)
    page.fill("[name=email]", email)
    page.fill("[name=organisation]", "Office AI du canton de Neuchâtel")
    page.select_option("[name=institution_type]", "disability")
    page.select_option("[name=canton]", "NE")
    page.select_option("[name=language]", "fr")
    page.check("[name=privacy_consent]")


def test_register_in_french_on_a_phone_change_and_cancel(site, new_page, make_event):
    event = _new_event(site, make_event)
    page = new_page(PHONE)
    page.goto(f"/fr/events/{event.slug}/")
    screenshot(page, "phone-fr-event")
    page.click(f"a[href='/fr/events/{event.slug}/register']")
    page.click("form[method=post] button[type=submit]")
    summary = page.locator(".error-summary")
    assert summary.is_visible() and t("fr", "Please correct the following:", site) in summary.inner_text()
    screenshot(page, "phone-fr-register-errors")

    _fill_registration(page, "elodie.rochat@ne.example.ch")
    page.check("input[type=radio] >> nth=0")  # A1
    screenshot(page, "phone-fr-register-filled")
    page.click("form[method=post] button[type=submit]")
    page.wait_for_url(re.compile(r"/fr/registration/[^/]+/$"))
    assert page.locator("h1").inner_text() == t("fr", "Your registration", site)
    assert "A1" in page.locator("ul.bookings").inner_text()
    assert t("fr", "Seat confirmed", site) in page.locator("ul.bookings").inner_text()
    screenshot(page, "phone-fr-personal-page")

    page.check("form[action$='/'] input[type=radio] >> nth=1")  # A2 instead
    page.click("form[action$='/'] button[type=submit]")
    expect(page.locator("ul.bookings")).to_contain_text("A2")
    expect(page.locator("ul.bookings")).not_to_contain_text("A1")
    assert _registration(site, "elodie.rochat@ne.example.ch").statuses["A2"] is BookingStatus.CONFIRMED

    page.click(f"a:has-text('{t('fr', 'Cancel my registration', site)}')")
    page.check("[name=confirm]")
    page.click("form[method=post] button[type=submit]")
    expect(page.locator(".notice")).to_have_text(t("fr", "Your registration has been cancelled.", site))
    expect(page.locator(".status-cancelled")).to_have_text(t("fr", "Cancelled", site))
    assert page.locator("ul.bookings").count() == 0
    assert _registration(site, "elodie.rochat@ne.example.ch").status is RegistrationStatus.CANCELLED
    screenshot(page, "phone-fr-cancelled")


def test_waiting_list_promotion_shows_on_the_personal_page(site, new_page, make_event):
    event = _new_event(site, make_event, capacities=(1, 10))
    with site.context():
        first = sign_up(_event(event), 900, "A1", email="first.in.line@vd.example.ch")
        first_id = first.id
    page = new_page(PHONE)
    page.goto(f"/fr/events/{event.slug}/register")
    full = t("fr", "Full – waiting list", site)
    assert full in page.locator("main").inner_text()
    _fill_registration(page, "second@ne.example.ch", first_name="Luca", last_name="Bernasconi")
    page.check("input[type=radio] >> nth=0")  # A1, full
    page.click("form[method=post] button[type=submit]")
    page.wait_for_url(re.compile(r"/fr/registration/[^/]+/$"))
    personal = page.url
    assert t("fr", "Waiting list, place %(num)d", site, num=1) in page.locator("ul.bookings").inner_text()

    with site.context():
        cancel(db.session.get(Registration, first_id))
        db.session.commit()
    page.goto(personal)
    bookings = page.locator("ul.bookings").inner_text()
    assert "A1" in bookings and t("fr", "Seat confirmed", site) in bookings
    assert _registration(site, "second@ne.example.ch").statuses["A1"] is BookingStatus.CONFIRMED


def test_organizer_raises_a_capacity_filters_by_canton_and_exports(site, new_page, make_event, tmp_path):
    event = _new_event(site, make_event, capacities=(1, 10))
    with site.context():
        merged = _event(event)
        sign_up(merged, 901, "A1", canton="NE")
        waiting = sign_up(merged, 902, "A1", canton="TI", language="it")
        sign_up(merged, 903, "A2", canton="NE")
        waiting_email = waiting.email
        a1 = workshop(merged, "A1").id
    page = new_page(DESKTOP)
    log_in(page, site.accounts["organizer"], "fr")
    page.goto(f"/admin/events/{event.id}/programme")
    screenshot(page, "desktop-fr-admin-programme")
    page.click(f"a[href='/admin/events/{event.id}/workshops/{a1}/edit']")
    page.fill("[name=capacity]", "2")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(f"**/admin/events/{event.id}/programme")
    assert _registration(site, waiting_email).statuses["A1"] is BookingStatus.CONFIRMED

    page.goto(f"/admin/events/{event.id}/registrations/")
    page.select_option("[name=canton]", "NE")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"canton=NE"))
    rows = page.locator("main table tbody tr")
    assert rows.count() == 2
    assert "TI" not in page.locator("main table tbody").inner_text()
    screenshot(page, "desktop-fr-admin-registrations")

    with page.expect_download() as download_info:
        page.click("a[href*='format=xlsx']:not([href*='roster'])")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    values = [list(row) for row in openpyxl.load_workbook(saved).active.iter_rows(values_only=True)]
    header, body = values[0], values[1:]
    canton = header.index(t("fr", "Canton", site))
    assert [row[canton] for row in body] == ["Neuchâtel", "Neuchâtel"]
    assert {person(901).email, person(903).email} <= {cell for row in body for cell in row}


def test_checkin_by_typing_a_scanned_code(site, new_page, make_event):
    event = _new_event(site, make_event)
    with site.context():
        guest = sign_up(_event(event), 904, "A1", first_name="Mattia", last_name="Pedrazzini")
        code = guest.checkin_code
    page = new_page(DESKTOP)
    log_in(page, site.accounts["organizer"], "fr")
    page.goto(f"/admin/events/{event.id}/checkin/")
    assert page.evaluate("() => document.activeElement.id") == "checkin-code", "the scan field has focus"
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    result = page.locator(".checkin-result")
    result.wait_for()
    assert "Mattia Pedrazzini" in result.inner_text()
    assert t("fr", "Checked in at %(time)s.", site, time="")[:-1].strip() in result.inner_text()
    assert page.evaluate("() => document.activeElement.id") == "checkin-code", "ready for the next badge"
    screenshot(page, "desktop-fr-admin-checkin")
    with site.context():
        assert db.session.get(Registration, guest.id).checked_in_at is not None

    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.locator(".checkin-result").wait_for()
    assert t("fr", "Already checked in today at %(time)s.", site, time="")[:-1].strip() in \
        page.locator(".checkin-result").inner_text()


# Chromium on Linux has no BarcodeDetector: this one "reads" the code that the test puts in
# window.badgeInView from any frame of the (fake) camera.
FAKE_DETECTOR = """
window.BarcodeDetector = class {
  static getSupportedFormats() { return Promise.resolve(['qr_code']); }
  detect() { return Promise.resolve(window.badgeInView ? [{rawValue: window.badgeInView}] : []); }
};
"""


def test_checkin_with_the_camera(site, browser, make_event):
    event = _new_event(site, make_event)
    with site.context():
        guest = sign_up(_event(event), 905, "A1", first_name="Noémie", last_name="Jaquet")
        code = guest.checkin_code
    context = browser.new_context(base_url=site.base_url, permissions=["camera"], **DESKTOP)
    try:
        context.add_init_script(FAKE_DETECTOR)
        page = context.new_page()
        log_in(page, site.accounts["organizer"], "fr")
        page.goto(f"/admin/events/{event.id}/checkin/")
        camera = page.locator("[data-camera]")
        expect(camera).to_be_visible()
        toggle = camera.locator("[data-camera-toggle]")
        toggle.click()
        expect(toggle).to_have_text(t("fr", "Stop camera", site))
        expect(camera.locator("video")).to_be_visible()
        assert violations(page) == [], "the camera controls pass axe too"
        page.evaluate("code => { window.badgeInView = code; }", code)
        result = page.locator(".checkin-result")
        expect(result).to_contain_text("Noémie Jaquet")
        expect(result).to_contain_text(t("fr", "Checked in at %(time)s.", site, time="")[:-1].strip())
        with site.context():
            assert db.session.get(Registration, guest.id).checked_in_at is not None
    finally:
        context.close()


def test_no_camera_button_where_the_browser_cannot_read_codes(site, new_page, make_event):
    event = _new_event(site, make_event)
    page = new_page(DESKTOP)
    log_in(page, site.accounts["organizer"], "de")
    page.goto(f"/admin/events/{event.id}/checkin/")
    assert page.evaluate("() => typeof window.BarcodeDetector") == "undefined"
    expect(page.locator("[data-camera]")).to_be_hidden()
    assert page.evaluate("() => document.activeElement.id") == "checkin-code"
