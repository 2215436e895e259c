"""Erasure and the retention run clean every copy of a person's data, the audit log included;
the audit log has one writer and one vocabulary."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cii_events.admin import labels
from cii_events.extensions import db
from cii_events.models import AllocationRun, AuditEntry, OutgoingMail, Registration, utcnow
from cii_events.services import allocation, audit, privacy
from cii_events.services.registration import personal_token

from ..preferences_event import close_registration, preferences_event, sign_up_ranked

OLD = ("Béatrice", "Aebi", "person1@example.ch")
NEW = {"first_name": "Beatrix", "last_name": "Aebischer-Kunz", "email": "beatrix.kunz@example.ch",
       "phone": "079 555 12 34"}
TRACES = ["Béatrice", "Aebi", "person1@example.ch", "Beatrix", "Aebischer", "beatrix.kunz", "+41795551234",
          "Mother called", "Aebi-search"]


def everything_stored() -> str:
    """Every row of every table, as text."""
    rows = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(db.select(table)):
            rows.append(json.dumps([str(value) for value in row], ensure_ascii=False))
    return "\n".join(rows)


def correct_and_search(world, client):
    """The probe's steps: an organizer corrects name, email and phone (giving a reason elsewhere),
    searches the list for the person and exports it."""
    person = world.be[0]
    ev = f"/admin/events/{world.event.id}/registrations"
    form = {"first_name": NEW["first_name"], "last_name": NEW["last_name"], "email": NEW["email"],
            "phone": NEW["phone"], "organisation": person.organisation,
            "institution_type": person.institution_type, "canton": person.canton, "language": person.language}
    assert client.post(f"{ev}/{person.id}/edit", data=form).status_code == 303
    assert client.get(f"{ev}/export?format=csv&q=Aebi-search").status_code == 200
    client.post(f"{ev}/{person.id}/cancel", data={"reason": "Mother called", "confirm": "y"})
    return person


def test_the_audit_log_never_holds_a_corrected_name_address_or_search(world, as_user):
    client = as_user(world.organizer)
    person = correct_and_search(world, client)
    edited = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "registration.edited")).one()
    assert edited.details["changes"] == {name: {"changed": True} for name in
                                         ("first_name", "last_name", "email", "phone")}
    export = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "export.downloaded")).one()
    assert export.details["selection"]["search"] is True and "q" not in export.details["selection"]
    logged = json.dumps([entry.details for entry in db.session.scalars(db.select(AuditEntry))],
                        ensure_ascii=False)
    for trace in ("Béatrice", "Beatrix", "beatrix.kunz", "+41795551234", "Aebi-search"):
        assert trace not in logged, trace
    assert person.first_name == "Beatrix"  # the registration itself has the correction


def test_erasure_by_the_participant_leaves_no_copy_anywhere(app, world, as_user):
    client = as_user(world.organizer)
    person = correct_and_search(world, client)
    # a mail to the person's address not linked to the registration, and an organizer's reason
    db.session.add(OutgoingMail(kind="link", event_id=world.event.id, recipient=NEW["email"], language="de",
                                subject="Your link", body_text="Hello Beatrix", message_id="<x@example>"))
    db.session.commit()
    token = personal_token(person)
    response = app.test_client().post(f"/de/registration/{token}/delete", data={"confirm": "y"})
    assert response.status_code == 303
    db.session.expire_all()
    stored = everything_stored()
    for trace in TRACES:
        assert trace not in stored, trace
    erased = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "registration.erased")).one()
    assert (erased.actor, erased.user_id, erased.object_id) == ("participant", None, person.id)
    cancelled = db.session.scalars(db.select(AuditEntry)
                                   .where(AuditEntry.action == "registration.cancelled")).one()
    assert cancelled.actor == world.organizer.email and cancelled.details.get("reason_erased") is True
    # the pages of the back office show what happened, and nothing of the person
    admin = as_user(world.admin)
    for page in (admin.get("/admin/audit/?lang=en").get_data(as_text=True),
                 admin.get(f"/admin/events/{world.event.id}/registrations/{person.id}/?lang=en")
                 .get_data(as_text=True)):
        assert "Registration corrected" in page and "Personal data erased" in page
        for trace in TRACES:
            assert trace not in page, trace
    assert "the participant (personal link)" in admin.get("/admin/audit/?lang=en").get_data(as_text=True)


def test_erasure_removes_the_person_from_allocation_runs_and_their_rankings(app):
    event = preferences_event()
    people = [sign_up_ranked(event, n, ["M1", "M2", "M5"], ["P1", "P2"]) for n in range(1, 7)]
    close_registration(event)
    draft = allocation.run(event, seed=7)
    db.session.commit()
    leaving = people[0]
    placed = [placement[0] for slot in draft.result["slots"] for placement in slot["placements"]]
    assert leaving.id in placed
    privacy.erase(leaving)
    db.session.commit()
    db.session.expire_all()
    run = db.session.get(AllocationRun, draft.id)
    placed = [placement[0] for slot in run.result["slots"] for placement in slot["placements"]]
    assert leaving.id not in placed and len(set(placed)) == 5
    assert run.statistics == draft.statistics  # the counts stay
    assert all(booking.preference_rank is None for booking in leaving.bookings)
    assert leaving.understood_languages is None


def test_the_retention_run_cleans_the_audit_log_and_the_exports_of_the_event(app, world, as_user, cli):
    client = as_user(world.organizer)
    correct_and_search(world, client)
    event = world.event
    event.ends_at = utcnow().replace(year=utcnow().year - 3)
    event.starts_at = event.ends_at.replace(hour=0)
    db.session.commit()
    result = cli.invoke(args=["anonymize"])
    assert result.exit_code == 0 and result.exception is None, result.output
    db.session.expire_all()
    stored = everything_stored()
    for trace in TRACES + ["Zürcher", "Zollinger", "Ticinese"]:
        assert trace not in stored, trace
    ended = db.session.scalars(db.select(AuditEntry)
                               .where(AuditEntry.action == "event.retention_ended")).one()
    assert (ended.actor, ended.details) == ("system", {"erased": 5})
    other = db.session.scalars(db.select(Registration).where(Registration.event_id == world.other_event.id))
    assert other.one().last_name == "Other"  # the other event keeps its data


def test_one_vocabulary_named_in_the_back_office():
    assert set(labels.ACTION) == set(audit.ACTIONS)
    with pytest.raises(ValueError):
        audit.record("registration erased", actor=audit.PARTICIPANT, object_type="registration")
    with pytest.raises(ValueError):
        audit.record("registration.erased", actor="someone", object_type="registration")


def test_one_audit_writer():
    """Nothing but services/audit.py makes audit entries, and every action written is known."""
    package = Path(__file__).resolve().parents[2] / "cii_events"
    written = set()
    for path in package.rglob("*.py"):
        source = path.read_text()
        if path.name != "audit.py" and path.parent.name != "models":
            assert "AuditEntry(" not in source, path
        written |= set(re.findall(r'(?:audit\.record|_audit)\(\s*"([^"]+)"', source))
    assert written and written <= set(audit.ACTIONS), written - set(audit.ACTIONS)
