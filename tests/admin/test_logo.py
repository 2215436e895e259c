"""The event's logo uploaded in the back office: taken when it is a clean PNG or SVG, refused
with a clear message otherwise, printed on the badges."""
from __future__ import annotations

import io

from cii_events.extensions import db
from cii_events.models import Event

from ..test_badge_roles import SVG, images_on, png
from .conftest import audit_entry


def upload(client, event, data: bytes, filename: str):
    return client.post(f"/admin/events/{event.id}/logo", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def test_an_organizer_uploads_a_png_logo_printed_on_the_badges(world, as_user):
    client = as_user(world.organizer)
    response = upload(client, world.event, png(), "logo.png")
    assert response.status_code == 303
    db.session.expire_all()
    event = db.session.get(Event, world.event.id)
    assert event.logo_type == "png" and event.logo == png()
    assert audit_entry("event.logo_changed").details == {"type": "png", "size": len(png())}
    page = client.get(f"/admin/events/{event.id}/badges/").get_data(as_text=True)
    assert "Ein Logo (PNG) wird auf die Namensschilder" in page
    pdf = client.get(f"/admin/events/{event.id}/badges/badges.pdf?layout=a6")
    assert pdf.status_code == 200 and images_on(pdf.data) >= 1
    assert client.post(f"/admin/events/{event.id}/logo/remove").status_code == 303
    db.session.expire_all()
    assert db.session.get(Event, world.event.id).logo is None


def test_an_svg_logo_is_taken_and_a_wrong_file_is_refused_clearly(world, as_user):
    client = as_user(world.organizer)
    assert upload(client, world.event, SVG, "logo.svg").status_code == 303
    response = upload(client, world.event, b"GIF89a" + b"\0" * 50, "logo.gif")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Bitte laden Sie das Logo als PNG- oder SVG-Datei hoch." in page and 'id="file-error"' in page
    db.session.expire_all()
    assert db.session.get(Event, world.event.id).logo_type == "svg"  # the earlier one stays
    script = b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'
    response = upload(client, world.event, script, "x.svg")
    assert response.status_code == 422 and "keine Skripte" in response.get_data(as_text=True)


def test_coordinators_cannot_change_the_logo(world, as_user):
    client = as_user(world.coordinator_be)
    assert upload(client, world.event, png(), "logo.png").status_code == 403
