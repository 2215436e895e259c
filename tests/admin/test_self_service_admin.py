"""What organizers see of the participants' self-service, and the switch for transfers."""
from __future__ import annotations

import re

from cii_events.extensions import db
from cii_events.services import self_service
from cii_events.services.registration import ParticipantDetails

from cii_events.services.registration import personal_token

from .conftest import audit_entry
from .test_programme import event_form


def test_organizers_see_the_participants_own_changes(world, as_user):
    person = world.be[0]
    values = {name: getattr(person, name) for name in (
        "first_name", "last_name", "email", "organisation", "function", "institution_type", "canton",
        "language", "phone", "dietary", "accessibility_needs", "remarks", "list_consent", "photo_consent")}
    self_service.change_details(person, ParticipantDetails(**{**values, "organisation": "Neue Stelle",
                                                              "email": "neu@example.ch"}))
    db.session.commit()
    client = as_user(world.organizer)
    page = client.get(f"/admin/events/{world.event.id}/registrations/{person.id}/").get_data(as_text=True)
    assert 'id="changed-by-participant"' in page and "Neue Stelle" in page
    assert "neu@example.ch" in page  # the address asked for, not yet confirmed
    log = client.get("/admin/audit").get_data(as_text=True)
    assert audit_entry("registration.details_changed").actor == "participant"
    assert "registration.details_changed" not in log  # named, not coded


def test_the_event_form_switches_transfers_off(world, as_user):
    client = as_user(world.admin)
    page = client.get(f"/admin/events/{world.event.id}/edit").get_data(as_text=True)
    box = re.search(r'<input[^>]*name="transfers_enabled"[^>]*>', page).group(0)
    assert "checked" in box
    response = client.post(f"/admin/events/{world.event.id}/edit",
                           data={**event_form(world.event), "transfers_enabled": ""})
    assert response.status_code == 303
    db.session.expire_all()
    assert world.event.transfers_enabled is False
    token = personal_token(world.be[0])
    assert "/transfer" not in client.get(f"/de/registration/{token}/").get_data(as_text=True)
