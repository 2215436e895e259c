"""Workshop rosters for the moderators: PDF with a signature column, and the same people in XLSX."""
from __future__ import annotations

import io
import re

import openpyxl
from pypdf import PdfReader

from cii_events.extensions import db
from cii_events.models import Workshop

from ..conftest import sign_up, workshop
from .conftest import audit_entry


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def test_the_pdf_roster_lists_the_seated_people_with_a_signature_column(world, as_user):
    a1 = workshop(world.event, "A1")
    db.session.get(Workshop, a1.id).room = "Salle Aar"
    db.session.get(Workshop, a1.id).moderators = "Łucja Ćwikła"
    db.session.commit()
    client = as_user(world.organizer)
    client.get("/admin/events/?lang=fr")
    response = client.get(f"/admin/events/{world.event.id}/workshops/{a1.id}/roster.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'filename="national-days-roster-A1.pdf"' in response.headers["Content-Disposition"]
    text = pdf_text(response.get_data())
    assert "A1 · Workshop A1 [fr]" in text and "Salle Aar" in text and "Łucja Ćwikła" in text
    assert "Signature" in text and "Organisation" in text and "Canton" in text
    # A1 has two seats: Aebi and Zürcher; Zollinger waits and is not on the moderator's sheet.
    assert "Aebi, Béatrice" in text and "Zürcher, Zoë" in text and "Zollinger" not in text
    assert "Berne" in text and "Zurich" in text and "2 participant·e·s" in text
    assert text.index("Aebi") < text.index("Zürcher")
    assert audit_entry("export.downloaded").details["format"] == "pdf"


def test_the_roster_is_in_the_language_of_the_page(world, as_user):
    a1 = workshop(world.event, "A1")
    client = as_user(world.organizer)
    client.get("/admin/events/?lang=de")
    text = pdf_text(client.get(f"/admin/events/{world.event.id}/workshops/{a1.id}/roster.pdf").get_data())
    assert "Unterschrift" in text and "Kanton" in text and "Workshop A1 [de]" in text


def test_a_long_roster_runs_over_pages_with_the_heading_repeated(app, make_event, world, as_user):
    event = make_event(capacities=(60, 10), slug="big")
    world.organizer.events.append(event)
    db.session.commit()
    for n in range(45):
        sign_up(event, 100 + n, "A1", first_name=f"Person{n:02d}", last_name="Müller-Bräuniger von Wattenwyl")
    client = as_user(world.organizer)
    client.get("/admin/events/?lang=en")
    data = client.get(f"/admin/events/{event.id}/workshops/{workshop(event, 'A1').id}/roster.pdf").get_data()
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 2
    assert all("Signature" in page.extract_text() for page in pages)
    assert all(f"Person{n:02d}" in pdf_text(data) for n in range(45))


def test_the_xlsx_roster_has_the_same_people(world, as_user):
    a1 = workshop(world.event, "A1")
    client = as_user(world.organizer)
    response = client.get(f"/admin/events/{world.event.id}/registrations/export",
                          query_string={"format": "xlsx", "layout": "roster", "workshop": a1.id})
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names[:2] == ["Aebi", "Zürcher"]


def test_coordinators_and_other_organizers_get_no_pdf_roster(world, as_user):
    a1 = workshop(world.event, "A1")
    url = f"/admin/events/{world.event.id}/workshops/{a1.id}/roster.pdf"
    assert as_user(world.coordinator_be).get(url).status_code == 403
    assert as_user(world.other_organizer).get(url).status_code == 403
    missing = f"/admin/events/{world.event.id}/workshops/999999/roster.pdf"
    assert as_user(world.organizer).get(missing).status_code == 404
