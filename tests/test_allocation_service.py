"""The allocation service: runs with a seed, review data, publishing into seats and waiting lists."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from cii_events.extensions import db
from cii_events.models import (AllocationRun, AllocationRunStatus, AuditEntry, BookingStatus, OutgoingMail,
                               RegistrationStatus)
from cii_events.services import allocation, registration as registrations
from cii_events.services.errors import (AllocationAlreadyPublished, AllocationOutdated,
                                        AllocationRunNotDraft, NotAllocatedByPreference,
                                        RegistrationStillOpen)
from cii_events.services.integrity import find_problems

from .preferences_event import by_code, close_registration, preferences_event, sign_up_ranked


def crowd(event):
    """Eight people. Morning: five follow German only, for the four German seats (M1 2, M2 1,
    M5 1, and M5 is a French speaker's first choice too): six first choices, two wait for M1.
    Afternoon: six people for the five German or Italian seats (P1 3, P2 2): one waits for P2."""
    people = [
        (["M1", "M2", "M5"], ["P2", "P1"], ("de",), "de", "ZH"),
        (["M1", "M5", "M2"], ["P2", "P1"], ("de",), "de", "BE"),
        (["M1", "M2", "M5"], ["P1", "P2"], ("de",), "de", "LU"),
        (["M2", "M1", "M5"], ["P1", "P2"], ("de",), "de", "SG"),
        (["M3", "M5"], ["P3", "P1"], ("fr",), "fr", "VD"),
        (["M4"], ["P1"], ("it",), "it", "TI"),
        (["M5", "M3"], ["P3", "P1"], ("fr",), "fr", "GE"),
        (["M1", "M2", "M5"], ["P2", "P1"], ("de",), "en", "BS"),
    ]
    return [sign_up_ranked(event, n, morning, afternoon, languages=languages, language=lang, canton=canton)
            for n, (morning, afternoon, languages, lang, canton) in enumerate(people, start=1)]


def seats(registration):
    return sorted((b.workshop.code, b.status.value, b.preference_rank) for b in registration.active_bookings)


def test_a_run_is_a_reproducible_draft_with_statistics(app):
    event = preferences_event()
    crowd(event)
    first = allocation.run(event, seed=4242)
    db.session.commit()
    again = allocation.run(event, seed=4242)
    other = allocation.run(event, seed=7)
    db.session.commit()
    assert first.status is AllocationRunStatus.DRAFT and first.created_by == "command line"
    assert first.result["slots"] == again.result["slots"]
    assert other.statistics["objective"] == first.statistics["objective"]
    assert [run.id for run in allocation.runs(event)] == [other.id, again.id, first.id]
    stats = first.statistics
    assert stats["participants"] == 8
    morning = stats["slots"][0]
    assert morning["overall"]["count"] == 8 and morning["overall"]["waiting"] == 2
    assert morning["objective"] == [6, 0, 0, 0]
    assert sum(row["assigned"] for row in morning["workshops"]) == 6
    m3 = next(row for row in morning["workshops"] if row["workshop_id"] == by_code(event, "M3").id)
    assert (m3["assigned"], m3["free"], m3["fill"]) == (1, 1, 0.5)  # French, no use to the Germans
    assert set(stats["by_language"]) == {"de", "en", "fr", "it"} and stats["by_canton"]["TI"]["first"] == 2
    # A dry run stores nothing, and the audit log records each stored run with its seed.
    outcome = allocation.compute(event, 4242)
    assert outcome.result_json()["slots"] == first.result["slots"]
    assert db.session.scalar(select(db.func.count(AllocationRun.id))) == 3
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "allocation.computed")).all()
    assert sorted(entry.details["seed"] for entry in audit) == [7, 4242, 4242]


def test_review_rows_name_who_gets_what(app):
    event = preferences_event()
    people = crowd(event)
    run = allocation.run(event, seed=1)
    rows = allocation.placement_rows(run)
    assert len(rows) == 16  # eight people, two slots
    italian = [row for row in rows if row.registration.id == people[5].id]
    assert [(row.workshop.code, row.outcome) for row in italian] == [("M4", "first"), ("P1", "first")]
    waiting = sorted((row.waiting_for.code, row.ticket) for row in rows if row.outcome == "waiting")
    assert waiting == [("M1", 1), ("M1", 2), ("P2", 1)]


def test_publishing_turns_the_draft_into_seats_waiting_lists_and_mails(app, cli):
    event = preferences_event()
    people = crowd(event)
    run = allocation.run(event, seed=99)
    draft = allocation.run(event, seed=100)
    db.session.commit()
    with pytest.raises(RegistrationStillOpen):
        allocation.publish(run)
    db.session.rollback()
    close_registration(event)
    mails_before = db.session.scalar(select(db.func.count(OutgoingMail.id)))
    report = allocation.publish(run)
    db.session.commit()
    assert (report.seated, report.waiting, report.unplaced, report.mailed) == (13, 3, 0, 8)
    assert event.allocation_published_at is not None and not event.collects_preferences
    assert run.status is AllocationRunStatus.PUBLISHED and draft.status is AllocationRunStatus.DISCARDED
    for code, seats_given in (("M1", 2), ("M2", 1), ("M3", 1), ("M4", 1), ("M5", 1), ("P1", 3), ("P2", 2)):
        assert by_code(event, code).confirmed_count == seats_given
    # Every person: one booking per slot, no wish left; the rank of each seat is kept.
    for registration in people:
        assert registration.preferences == []
        assert len(registration.active_bookings) == 2
    assert seats(people[5]) == [("M4", "confirmed", 1), ("P1", "confirmed", 1)]
    waiting = [b for r in people for b in r.active_bookings if b.status is BookingStatus.WAITLISTED]
    assert sorted((b.workshop.code, b.waitlist_ticket) for b in waiting) == [("M1", 1), ("M1", 2), ("P2", 1)]
    mails = db.session.scalars(select(OutgoingMail).where(OutgoingMail.id > mails_before)).all()
    assert len(mails) == 8 and {m.kind for m in mails} == {"confirmed"}
    assert all(m.context["allocated"] for m in mails)
    assert {m.language for m in mails} == {"de", "fr", "it", "en"}
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "allocation.published")).one()
    assert entry.object_id == run.id and entry.details["seed"] == 99 and entry.details["mailed"] == 8
    assert find_problems() == []
    assert cli.invoke(args=["check"]).exit_code == 0

    with pytest.raises(AllocationAlreadyPublished):
        allocation.publish(draft)
    db.session.rollback()
    with pytest.raises(AllocationAlreadyPublished):
        allocation.run(event)


def test_after_publishing_the_event_works_first_come(app, client):
    event = preferences_event()
    people = crowd(event)
    run = allocation.run(event, seed=99)
    close_registration(event)
    allocation.publish(run)
    db.session.commit()

    def holding(code, status, ticket=None):
        return next(r for r in people for b in r.active_bookings
                    if b.workshop.code == code and b.status is status and b.waitlist_ticket == ticket)

    waiting = holding("M1", BookingStatus.WAITLISTED, 1)
    registrations.cancel(holding("M1", BookingStatus.CONFIRMED))
    db.session.commit()
    db.session.refresh(waiting)
    assert ("M1", "confirmed") in [(b.workshop.code, b.status.value) for b in waiting.active_bookings]
    promoted = db.session.scalars(select(OutgoingMail).where(OutgoingMail.kind == "promoted")).all()
    assert waiting.id in [mail.registration_id for mail in promoted]
    page = client.get(f"/en/registration/{registrations.personal_token(waiting)}/").get_data(as_text=True)
    assert "Seat confirmed" in page and "Preferences received" not in page
    assert find_problems() == []


def test_a_change_after_the_run_makes_it_outdated(app):
    event = preferences_event()
    people = crowd(event)
    run = allocation.run(event, seed=3)
    db.session.commit()
    registrations.cancel(people[0])
    close_registration(event)
    assert not allocation.is_current(run)
    with pytest.raises(AllocationOutdated):
        allocation.publish(run)
    db.session.rollback()
    fresh = allocation.run(event, seed=3)
    allocation.publish(fresh)
    db.session.commit()
    assert people[0].bookings == []  # a cancelled registration's wishes go with the allocation
    assert find_problems() == []


def test_publishing_needs_a_draft_of_a_preferences_event(app, make_event):
    event = preferences_event()
    crowd(event)
    run = allocation.run(event, seed=3)
    allocation.discard(run)
    db.session.commit()
    close_registration(event)
    with pytest.raises(AllocationRunNotDraft):
        allocation.publish(run)
    db.session.rollback()
    with pytest.raises(NotAllocatedByPreference):
        allocation.compute(make_event())


def test_the_event_waiting_list_keeps_the_first_choice_as_a_request(app):
    event = preferences_event(event_capacity=2)
    first, second, third = (sign_up_ranked(event, n, ["M1", "M2", "M5"], ["P1", "P2"]) for n in (1, 2, 3))
    assert third.status is RegistrationStatus.WAITLISTED
    run = allocation.run(event, seed=5)
    assert run.statistics["participants"] == 2
    close_registration(event)
    allocation.publish(run)
    db.session.commit()
    assert [(b.workshop.code, b.status) for b in third.active_bookings] == [
        ("M1", BookingStatus.REQUESTED), ("P1", BookingStatus.REQUESTED)]
    assert third.preferences == []
    assert find_problems() == []
    # A place at the event frees up: the person waiting gets it, and the seats they asked for.
    registrations.cancel(first)
    db.session.commit()
    db.session.refresh(third)
    assert third.status is RegistrationStatus.CONFIRMED
    assert sorted((b.workshop.code, b.status.value) for b in third.active_bookings) == [
        ("M1", "confirmed"), ("P1", "confirmed")]
    assert find_problems() == []


def test_someone_holding_a_seat_keeps_it_and_the_seat_is_not_offered_again(app):
    """A person seated first come (e.g. the mode was switched later) stays; the seat counts as taken."""
    from cii_events.models import AllocationMode

    event = preferences_event()
    event.allocation_mode = AllocationMode.FIRST_COME
    db.session.commit()
    m2 = by_code(event, "M2")
    early = registrations.register(event, registrations.ParticipantDetails(
        first_name="Early", last_name="Bird", email="early@example.ch", organisation="RAV",
        institution_type="unemployment", canton="ZH", language="de"),
        {m2.slot_id: m2.id, by_code(event, "P2").slot_id: by_code(event, "P2").id})
    db.session.commit()
    event.allocation_mode = AllocationMode.PREFERENCES
    db.session.commit()
    late = sign_up_ranked(event, 2, ["M2", "M1", "M5"], ["P2", "P1"])
    run = allocation.run(event, seed=1)
    assert run.statistics["participants"] == 1
    close_registration(event)
    allocation.publish(run)
    db.session.commit()
    assert seats(early) == [("M2", "confirmed", None), ("P2", "confirmed", None)]
    assert seats(late) == [("M1", "confirmed", 2), ("P2", "confirmed", 1)]
    assert by_code(event, "M2").confirmed_count == 1 and by_code(event, "P2").confirmed_count == 2
    assert find_problems() == []
