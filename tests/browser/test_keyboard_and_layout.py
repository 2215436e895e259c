"""Keyboard only, visible focus, the error summary, and layouts at 320 px and at 200 % zoom."""
from __future__ import annotations

import pytest
from flask_babel import gettext

from cii_events.extensions import db
from cii_events.i18n import language_locale
from cii_events.models import AllocationRun, Event, Registration, RegistrationStatus

from .conftest import DESKTOP, PHONE, log_in, screenshot

LANGUAGES = ["de", "fr", "it", "en"]
# What a keyboard user types into each field of the registration form.
TYPED = {"first_name": "Chiara", "last_name": "Fontana-Keller", "email": "chiara.fontana@ti.example.ch",
         "organisation": "Ufficio dell'assicurazione invalidità", "phone": "+41 91 814 00 00"}

FOCUS_STYLE = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {tag: element.tagName.toLowerCase(), type: element.type || '', name: element.name || '',
          id: element.id || '', text: (element.innerText || element.value || '').slice(0, 40),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          shadow: style.boxShadow !== 'none'};
}"""


def _slug(site) -> str:
    with site.context():
        return db.session.scalars(db.select(Event.slug).order_by(Event.id)).first()


def test_registration_with_the_keyboard_alone_and_focus_always_visible(site, new_page):
    page = new_page(DESKTOP)
    page.goto(f"/it/events/{_slug(site)}/register")
    visited, invisible, chosen_slots = [], [], set()
    for _ in range(200):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        visited.append(focus)
        if not (focus["outline"] or focus["shadow"]):
            invisible.append(focus)
        name, kind = focus["name"], focus["type"]
        if name in TYPED:
            page.keyboard.type(TYPED[name])
        elif focus["tag"] == "select" and name in ("institution_type", "canton"):
            page.keyboard.press("ArrowDown")
        elif kind == "radio" and name not in chosen_slots:
            page.keyboard.press("Space")  # the first workshop of the slot
            chosen_slots.add(name)
        elif name == "privacy_consent":
            page.keyboard.press("Space")
        elif focus["tag"] == "button" and kind == "submit":
            page.keyboard.press("Enter")
            break
    else:
        pytest.fail("the submit button cannot be reached with Tab")
    page.wait_for_url("**/registration/**")
    assert not invisible, f"focus not visible on: {invisible}"
    with site.context():
        registration = db.session.scalars(db.select(Registration).where(
            Registration.email == TYPED["email"])).one()
        assert registration.status is RegistrationStatus.CONFIRMED
        assert registration.language == "it", "the correspondence language defaults to the page's"
        assert registration.privacy_accepted_at is not None and not registration.photo_consent
        assert registration.active_bookings


def test_skip_link_moves_the_focus_to_the_content(site, new_page):
    page = new_page(DESKTOP)
    page.goto("/de/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#main"
    assert page.evaluate(FOCUS_STYLE)["outline"]
    # the whole focus ring (3 px outline 2 px off, then a 5 px shadow) is on screen, not cut at the top
    top = page.evaluate("() => document.activeElement.getBoundingClientRect().top")
    assert top >= 10, top
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_fields_with_errors_have_the_error_border_and_languages_their_names(site, new_page):
    page = new_page(DESKTOP)
    page.goto(f"/fr/events/{_slug(site)}/register")
    page.click("form[method=post] button[type=submit]")
    page.locator(".error-summary").wait_for()
    border = "e => getComputedStyle(e).borderTopColor"
    error = page.evaluate("() => getComputedStyle(document.documentElement).getPropertyValue('--error')")
    assert page.locator("#first_name").evaluate(border) == page.locator("#canton").evaluate(border)
    assert page.locator("#first_name").evaluate(border) != page.locator("#function").evaluate(border)
    assert error.strip()
    # the switcher's links: the visible code, and the language's full name in the accessible name
    for name in ("DE – Deutsch", "FR – Français", "IT – Italiano", "EN – English"):
        assert page.locator("nav.languages").get_by_role("link", name=name, exact=True).count() == 1, name
    assert page.locator("nav.languages a[title]").count() == 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_errors_are_announced_and_linked_from_a_summary_at_the_top(site, new_page, lang):
    page = new_page(PHONE)
    page.goto(f"/{lang}/events/{_slug(site)}/register")
    page.fill("[name=email]", "not an address")
    page.click("form[method=post] button[type=submit]")
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert summary.get_attribute("role") == "alert"
    # the summary takes the focus (waited for: the element can be there a moment before it has it)
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'error-summary'",
                           timeout=5000)
    first_in_main = page.evaluate("() => document.querySelector('main .error-summary, main form')"
                                  ".classList.contains('error-summary')")
    assert first_in_main, "the summary comes before the form"
    with site.context(), language_locale(lang):
        error_word = gettext("Error")
    assert page.title().startswith(f"{error_word}: "), "the tab's title says the form has errors"
    links = summary.locator("a")
    assert links.count() >= 5
    group_links = []
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href")
        assert target.startswith("#") and page.locator(target).count() == 1, target
        field = page.locator(target)
        if field.get_attribute("type") in ("radio", "checkbox") and target.endswith("-0"):
            # a group of options is reached at its first option; the group carries the error
            group_links.append(target)
            field = page.locator(f"fieldset:has({target})").last  # the innermost
            name = field.get_attribute("id")
        else:
            assert field.get_attribute("aria-invalid") == "true", target
            name = target[1:]
        described = field.get_attribute("aria-describedby") or ""
        assert f"{name}-error" in described, f"{target}: the error is not tied to the field"
    assert group_links, "a workshop slot left empty is in the summary"
    summary.locator(f"a[href='{group_links[0]}']").click()
    assert page.evaluate("() => document.activeElement.id") == group_links[0][1:], "focus on the first option"
    email_link = summary.locator("a[href='#email']")
    email_link.click()
    assert page.evaluate("() => document.activeElement.id") == "email"
    assert page.input_value("[name=email]") == "not an address", "nothing typed is lost"


def _no_horizontal_scrolling(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def _public_paths(site, lang: str) -> list[str]:
    with site.context():
        registration = db.session.scalars(db.select(Registration).order_by(Registration.id)).first()
    slug = _slug(site)
    return [f"/{lang}/", f"/{lang}/events/{slug}/", f"/{lang}/events/{slug}/register",
            f"/{lang}/events/{slug}/send-link", site.personal_url(registration, lang)]


def _admin_paths(site) -> list[str]:
    with site.context():
        event = db.session.scalars(db.select(Event).order_by(Event.id)).first()
        registration = db.session.scalars(db.select(Registration).where(
            Registration.event_id == event.id)).first()
    base = f"/admin/events/{event.id}"
    return ["/admin/events/", f"{base}/", f"{base}/programme", f"{base}/registrations/",
            f"{base}/registrations/{registration.id}/", f"{base}/checkin/", f"{base}/badges/",
            f"{base}/edit", f"{base}/waiting-lists", f"{base}/messages/new"]


@pytest.mark.parametrize("lang, device", [
    # WCAG 1.4.10: at 320 CSS pixels the page reflows; only wide data tables scroll, inside a box
    ("de", {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}),
    ("fr", {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}),
    # a 1280 px window at 200 %: 640 CSS pixels, twice the device pixels
    ("it", {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2}),
    ("en", {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2}),
], ids=["de-320px", "fr-320px", "it-200%", "en-200%"])
def test_nothing_scrolls_sideways(site, new_page, lang, device):
    page = new_page(device)
    broken = []
    for index, path in enumerate(_public_paths(site, lang) + _admin_paths(site)):
        if path.startswith("/admin/") and "/admin/" not in page.url:
            log_in(page, site.accounts["organizer"], lang)
        page.goto(path)
        if not _no_horizontal_scrolling(page):
            broken.append(path)
    assert not broken, f"pages scrolling sideways: {broken}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_screenshots(site, new_page, lang):
    """The main pages as their users see them: the public site on a phone, the back office on a laptop
    and the check-in desk on both (`make screenshots` keeps a set in docs/screenshots)."""
    phone = new_page(PHONE)
    public = ["events", "event", "register", "send-link", "personal"]
    for name, path in zip(public, _public_paths(site, lang)):
        phone.goto(path)
        assert phone.evaluate("() => document.documentElement.lang") == lang
        screenshot(phone, f"phone-{lang}-{name}")
    desktop = new_page(DESKTOP)
    log_in(desktop, site.accounts["organizer"], lang)
    for name, path in zip(["admin-events", "admin-dashboard", "admin-programme", "admin-registrations",
                           "admin-registration", "admin-checkin"], _admin_paths(site)):
        desktop.goto(path)
        assert desktop.evaluate("() => document.documentElement.lang") == lang
        screenshot(desktop, f"desktop-{lang}-{name}")
    with site.context():
        run = db.session.scalars(db.select(AllocationRun)).first()
        review = f"/admin/events/{run.event_id}/allocation/?run={run.id}"
    desktop.goto(review)
    screenshot(desktop, f"desktop-{lang}-admin-allocation")
    log_in(phone, site.accounts["organizer"], lang)
    phone.goto(_admin_paths(site)[5])
    screenshot(phone, f"phone-{lang}-admin-checkin")
