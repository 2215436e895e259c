"""The event's own questions in the back office: add, order, edit, remove with the answers."""
from __future__ import annotations

import json

from cii_events.extensions import db
from cii_events.models import Answer, Question, QuestionKind

from ..conftest import person, workshop
from ..question_event import ask, four
from .conftest import audit_entry


def question_form(**overrides):
    data = {"kind": "one_choice", "text_de": "Hotelnacht?", "text_fr": "Nuit d’hôtel ?",
            "help_de": "Im Hotel Bern", "help_fr": "À l’hôtel Bern",
            "required": "y", "position": "1",
            "options-0-label_de": "Ja, ein Zimmer", "options-0-label_fr": "Oui, une chambre",
            "options-0-capacity": "20",
            "options-1-label_de": "Nein", "options-1-label_fr": "Non", "options-1-capacity": "",
            "options-2-label_de": "", "options-2-capacity": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def answer(event, question, n, option_index=0):
    from cii_events.services.registration import register

    register(event, person(n), {workshop(event, "A1").slot_id: workshop(event, "A1").id},
             answers={question.id: question.options[option_index].id})
    db.session.commit()


def test_an_organizer_adds_a_question_with_limited_options(world, as_user):
    client = as_user(world.organizer)
    event = world.event
    assert "Hotelnacht?" not in client.get(f"/admin/events/{event.id}/questions").get_data(as_text=True)
    page = client.get(f"/admin/events/{event.id}/questions/new").get_data(as_text=True)
    assert 'name="options-0-label_it"' in page
    response = client.post(f"/admin/events/{event.id}/questions/new", data=question_form())
    assert response.status_code == 303, response.get_data(as_text=True)
    question = db.session.query(Question).one()
    assert question.kind is QuestionKind.ONE_CHOICE and question.required
    assert question.text == {"de": "Hotelnacht?", "fr": "Nuit d’hôtel ?"}
    assert [o.label["de"] for o in question.options] == ["Ja, ein Zimmer", "Nein"]
    assert [o.capacity for o in question.options] == [20, None]
    page = client.get(f"/admin/events/{event.id}/questions").get_data(as_text=True)
    # the organizer sees which languages of the event are missing (the event speaks de and fr)
    assert "Hotelnacht?" in page and "0 von 20 vergeben" in page
    event.languages = ["de", "fr", "it"]
    db.session.commit()
    page = client.get(f"/admin/events/{event.id}/questions").get_data(as_text=True)
    assert "Fehlt: Italienisch" in page
    audit = audit_entry("question.created")
    assert audit.event_id == event.id and audit.details["options"] == 2


def test_a_choice_question_needs_two_options_and_a_text(world, as_user):
    client = as_user(world.organizer)
    response = client.post(f"/admin/events/{world.event.id}/questions/new",
                           data=question_form(**{"options-1-label_de": "", "options-1-label_fr": ""}))
    assert response.status_code == 422
    assert "mindestens zwei Antwortmöglichkeiten" in response.get_data(as_text=True)
    response = client.post(f"/admin/events/{world.event.id}/questions/new",
                           data=question_form(text_de="", text_fr=""))
    assert response.status_code == 422
    assert "in mindestens einer Sprache" in response.get_data(as_text=True)
    response = client.post(f"/admin/events/{world.event.id}/questions/new",
                           data=question_form(**{"options-0-capacity": "-1"}))
    assert response.status_code == 422
    assert db.session.query(Question).count() == 0


def test_an_answered_question_keeps_its_kind_and_its_chosen_options(world, as_user):
    event = world.event
    question = ask(event, QuestionKind.ONE_CHOICE, four("Hotel"), options=[four("Room"), four("None")],
                   limits={0: 5})
    answer(event, question, 20)
    answer(event, question, 21)
    client = as_user(world.organizer)
    url = f"/admin/events/{event.id}/questions/{question.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "2 Personen haben diese Frage beantwortet" in page
    room, none = question.options
    base = question_form(**{"options-0-id": str(room.id), "options-1-id": str(none.id),
                            "options-0-label_de": "Zimmer", "options-1-label_de": "Kein Zimmer",
                            "options-0-capacity": "5"})
    response = client.post(url, data={**base, "kind": "short_text"})
    assert response.status_code == 422
    assert "kann nicht mehr geändert werden" in response.get_data(as_text=True)
    response = client.post(url, data={**base, "options-0-capacity": "1"})
    assert response.status_code == 422 and "2-mal gewählt" in response.get_data(as_text=True)
    response = client.post(url, data={**base, "options-0-label_de": "", "options-0-label_fr": "",
                                      "options-2-label_de": "Vielleicht"})
    assert response.status_code == 422 and "nicht entfernt werden" in response.get_data(as_text=True)
    response = client.post(url, data=base)
    assert response.status_code == 303
    db.session.expire_all()
    assert [o.label["de"] for o in question.options] == ["Zimmer", "Kein Zimmer"]
    assert question.options[0].id == room.id  # the answers keep their option


def test_removing_a_question_asks_first_and_erases_its_answers(world, as_user):
    event = world.event
    question = ask(event, QuestionKind.ONE_CHOICE, four("Hotel"), options=[four("Room"), four("None")])
    answer(event, question, 20)
    answer(event, question, 21, 1)
    client = as_user(world.organizer)
    url = f"/admin/events/{event.id}/questions/{question.id}/delete"
    page = client.get(url).get_data(as_text=True)
    assert "Ihre 2 Antworten werden mit ihr gelöscht" in page
    assert db.session.query(Answer).count() == 2
    response = client.post(url)
    assert response.status_code == 303
    assert db.session.query(Question).count() == 0 and db.session.query(Answer).count() == 0
    entry = audit_entry("question.deleted")
    assert entry.details["answers"] == 2 and entry.object_id == question.id
    assert "Room" not in json.dumps(entry.details)


def test_questions_are_ordered_up_and_down(world, as_user):
    event = world.event
    first = ask(event, QuestionKind.SHORT_TEXT, four("First"), position=1)
    second = ask(event, QuestionKind.YES_NO, four("Second"), position=2)
    client = as_user(world.organizer)
    page = client.get(f"/de/events/{event.slug}/register").get_data(as_text=True)  # cached now
    assert page.index("First [de]") < page.index("Second [de]")
    assert client.post(f"/admin/events/{event.id}/questions/{second.id}/move",
                       data={"direction": "up"}).status_code == 303
    db.session.expire_all()
    assert [q.id for q in db.session.get(type(event), event.id).questions] == [second.id, first.id]
    page = client.get(f"/{ 'de' }/events/{event.slug}/register").get_data(as_text=True)
    assert page.index("Second [de]") < page.index("First [de]")


def test_other_organizers_cannot_touch_the_questions(world, as_user):
    question = ask(world.event, QuestionKind.SHORT_TEXT, four("Mine"))
    client = as_user(world.other_organizer)
    assert client.get(f"/admin/events/{world.event.id}/questions").status_code in (403, 404)
    url = f"/admin/events/{world.event.id}/questions/{question.id}/delete"
    assert client.post(url).status_code in (403, 404)
    assert db.session.query(Question).count() == 1


def test_a_copy_of_the_event_asks_the_same_questions_without_answers(world, as_user):
    from cii_events.models import Event

    event = world.event
    hotel = ask(event, QuestionKind.ONE_CHOICE, four("Hotel"), options=[four("Room"), four("None")],
                limits={0: 20}, help=four("Near the station"), required=True)
    answer(event, hotel, 20)
    client = as_user(world.organizer)
    response = client.post(f"/admin/events/{event.id}/copy",
                           data={"slug": "national-days-2027", "first_day": "2027-11-25"})
    assert response.status_code == 303
    copy = db.session.scalars(db.select(Event).where(Event.slug == "national-days-2027")).one()
    (question,) = copy.questions
    assert question.id != hotel.id and question.text == hotel.text and question.help == hotel.help
    assert question.required and [o.capacity for o in question.options] == [20, None]
    assert [o.label for o in question.options] == [o.label for o in hotel.options]
    assert db.session.query(Answer).filter_by(question_id=question.id).count() == 0
