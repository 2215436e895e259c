"""The demo: the national days ask three questions and have speakers, a moderator, staff and press."""
from __future__ import annotations

from sqlalchemy import select

from cii_events.demo import load_demo
from cii_events.extensions import db
from cii_events.models import Event, QuestionKind, Registration
from cii_events.services import questions
from cii_events.services.integrity import find_problems


def test_the_national_days_ask_their_questions_and_have_roles(app, client):
    load_demo()
    db.session.commit()
    event = db.session.scalars(select(Event).where(Event.slug == "iiz-tagung-2027")).one()
    asked = event.questions
    assert [q.kind for q in asked] == [QuestionKind.ONE_CHOICE, QuestionKind.ONE_CHOICE,
                                       QuestionKind.LONG_TEXT]
    headset, hotel, remark = asked
    assert headset.required and [o.label["it"] for o in headset.options][1] == "Sì, in tedesco"
    assert hotel.options[0].capacity == 20 and all(q.missing_languages() == [] for q in asked)
    assert questions.option_counts(hotel)[hotel.options[0].id] == 5
    people = db.session.scalars(select(Registration).where(Registration.event_id == event.id)).all()
    by_role = {}
    for person in people:
        by_role.setdefault(person.role, []).append(person)
    assert len(by_role["speaker"]) == 2 and len(by_role["staff"]) == 2 and len(by_role["press"]) == 1
    assert all(person.seats_outside_capacity for person in by_role["speaker"])
    assert find_problems() == []
    page = client.get("/fr/events/iiz-tagung-2027/register").get_data(as_text=True)
    assert "hôtel entre les deux journées" in page and "Oui, en italien" in page
    assert load_demo() == []  # loading twice changes nothing
