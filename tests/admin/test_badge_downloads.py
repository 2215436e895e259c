"""Badges from the back office and from the command line: the right people, the audit log, no coordinators."""
from __future__ import annotations

import io
import re

from pypdf import PdfReader

from cii_events.extensions import db
from cii_events.models import Registration

from ..conftest import assert_refused, workshop
from .conftest import audit_entry


def names_in(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", re.sub(r"-\s+", "-", text))


def test_the_organizer_prints_all_confirmed_badges_sorted_by_canton(world, as_user):
    client = as_user(world.organizer)
    page = client.get(f"/admin/events/{world.event.id}/badges/?lang=en")
    assert page.status_code == 200 and "5 confirmed participants get a badge." in page.get_data(as_text=True)
    response = client.get(f"/admin/events/{world.event.id}/badges/badges.pdf",
                          query_string={"layout": "a4-8xa7", "sort": "canton", "workshops": "y"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert 'filename="badges-national-days-a4-8xa7.pdf"' in response.headers["Content-Disposition"]
    text = names_in(response.get_data())
    order = [text.index(name) for name in ("Zoë Zürcher", "Béatrice Aebi", "Tiziana Ticinese")]
    assert order == sorted(order)  # ZH, BE, TI: the order of the Federal Constitution
    assert "Otto" not in text
    entry = audit_entry("badges.printed")
    assert entry.details["count"] == 5 and entry.details["layout"] == "a4-8xa7"


def test_one_canton_one_workshop_one_person(world, as_user):
    client = as_user(world.organizer)
    url = f"/admin/events/{world.event.id}/badges/badges.pdf"
    text = names_in(client.get(url, query_string={"layout": "a6", "canton": "BE"}).get_data())
    assert "Aebi" in text and "Bärtschi" in text and "Zürcher" not in text
    a2 = workshop(world.event, "A2")
    text = names_in(client.get(url, query_string={"layout": "a6", "workshop": a2.id}).get_data())
    seated = {r.last_name for r in db.session.scalars(db.select(Registration)) if any(
        b.workshop_id == a2.id and b.status.value == "confirmed" for b in r.bookings)}
    assert seated and all(name in text for name in seated) and "Zollinger" not in text
    person = world.zh[0]
    response = client.get(url, query_string={"layout": "a6", "registration": person.id})
    assert person.reference in response.headers["Content-Disposition"]
    data = response.get_data()
    assert len(PdfReader(io.BytesIO(data)).pages) == 1 and "Zoë Zürcher" in names_in(data)
    query = db.select(Registration).where(Registration.event_id == world.other_event.id)
    other = db.session.scalars(query).one()
    assert client.get(url, query_string={"registration": other.id}).status_code == 404


def test_the_registration_page_offers_a_replacement_badge(world, as_user):
    client = as_user(world.organizer)
    page = client.get(f"/admin/events/{world.event.id}/registrations/{world.be[0].id}/?lang=en")
    assert f"badges/badges.pdf?registration={world.be[0].id}" in page.get_data(as_text=True)


def test_coordinators_print_no_badges(world, as_user):
    client = as_user(world.coordinator_be)
    assert client.get(f"/admin/events/{world.event.id}/badges/").status_code == 403
    assert client.get(f"/admin/events/{world.event.id}/badges/badges.pdf?canton=BE").status_code == 403


def test_the_command_line(world, cli, tmp_path):
    target = tmp_path / "badges.pdf"
    result = cli.invoke(args=["badges", "national-days", "--layout", "herma-4412", "-o", str(target),
                              "--canton", "zh", "--sort", "name"])
    assert result.exit_code == 0, result.output
    assert "2 badges written" in result.output
    reader = PdfReader(str(target))
    assert len(reader.pages) == 1
    text = names_in(target.read_bytes())
    assert "Zeno Zollinger" in text and "Zoë Zürcher" in text and "Aebi" not in text
    assert text.index("Zollinger") < text.index("Zürcher")
    result = cli.invoke(args=["badges", "national-days", "--layout", "a6", "-o", str(target),
                              "--workshop", "A2"])
    assert result.exit_code == 0, result.output
    result = cli.invoke(args=["badges", "national-days", "--layout", "a6", "-o", str(target),
                              "--reference", world.be[0].reference])
    assert result.exit_code == 0 and "1 badge written" in result.output
    result = cli.invoke(args=["badges", "national-days", "--layout", "a5", "-o", str(target)])
    assert_refused(result, "Invalid value for '--layout': 'a5' is not one of", code=2)
    result = cli.invoke(args=["badges", "nope", "--layout", "a6", "-o", str(target)])
    assert_refused(result, "No event with the slug 'nope'.")
