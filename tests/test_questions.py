"""The organizers' own questions on the registration form: each kind validated, answers stored."""
from __future__ import annotations

import re

import pytest

from cii_events.extensions import db
from cii_events.models import Answer, QuestionKind, Registration
from cii_events.services import questions as questions_service
from cii_events.services.errors import OptionTaken

from .conftest import person, workshop
from .question_event import ask, ask_everything
from .test_public_pages import form_data


def answers_data(q, **overrides):
    data = {q["remark"].field_name: "Vegetarian please", q["long"].field_name: "Line one\nLine two",
            q["poster"].field_name: "yes", q["headset"].field_name: str(q["headset"].options[1].id),
            q["arrival"].field_name: [str(q["arrival"].options[0].id), str(q["arrival"].options[2].id)],
            q["hotel"].field_name: str(q["hotel"].options[0].id), q["nights"].field_name: "2",
            q["arrives"].field_name: "27.11.2026"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def stored(registration_id: int) -> dict:
    registration = db.session.get(Registration, registration_id)
    return questions_service.current_answers(registration)


def test_the_form_asks_each_question_in_the_page_language(client, make_event):
    event = make_event()
    q = ask_everything(event)
    page = client.get(f"/it/events/{event.slug}/register").get_data(as_text=True)
    assert "(ancora 2 posti)" in page
    for question in q.values():
        assert f"{question.text['it']}" in page
        assert f'name="{question.field_name}"' in page
    assert "Train [it]" in page and "Hotel night [it]" in page
    assert "Remark [de]" not in page


def test_every_kind_of_answer_is_stored(client, make_event):
    event = make_event()
    q = ask_everything(event)
    response = client.post(f"/fr/events/{event.slug}/register", data={**form_data(event), **answers_data(q)})
    assert response.status_code == 303, response.get_data(as_text=True)
    registration = db.session.query(Registration).one()
    answers = stored(registration.id)
    assert answers[q["remark"].id] == "Vegetarian please"
    assert answers[q["long"].id] == "Line one\nLine two"
    assert answers[q["poster"].id] == "yes"
    assert answers[q["headset"].id] == [q["headset"].options[1].id]
    assert answers[q["arrival"].id] == sorted([q["arrival"].options[0].id, q["arrival"].options[2].id])
    assert answers[q["nights"].id] == "2"
    assert answers[q["arrives"].id] == "2026-11-27"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "French [fr]" in page and "Train [fr], Bicycle [fr]" in page and "27.11.2026" in page
    data = client.get(response.headers["Location"] + "data").get_data(as_text=True)
    assert "Headset [fr]" in data and "Train [fr], Bicycle [fr]" in data


@pytest.mark.parametrize("name, value, message", [
    ("poster", None, "Veuillez répondre à cette question."),
    ("poster", "maybe", "Veuillez choisir l’une des réponses proposées."),
    ("headset", None, "Veuillez répondre à cette question."),
    ("headset", "99999", "Veuillez choisir l’une des réponses proposées."),
    ("arrival", ["99999"], "Veuillez choisir l’une des réponses proposées."),
    ("nights", "two", "Veuillez saisir un nombre entier, p. ex. 2."),
    ("nights", "99999999999", "Veuillez saisir un nombre plus petit."),
    ("arrives", "31.02.2026", "Veuillez saisir une date, p. ex. 28.11.2026."),
    ("remark", "x" * 301, "300"),
    ("long", "x\x00y", "caractères"),
])
def test_each_kind_is_validated_with_a_translated_message(client, make_event, name, value, message):
    event = make_event()
    q = ask_everything(event)
    field = q[name].field_name
    data = {**form_data(event), **answers_data(q, **{field: value})}
    data = {key: item for key, item in data.items() if item is not None}
    if value is None:
        data.pop(field, None)
    response = client.post(f"/fr/events/{event.slug}/register", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page and message in page
    assert re.search(rf'href="#{field}(-0)?"', page)  # a group of options: its first option
    assert db.session.query(Registration).count() == 0


def test_optional_questions_may_stay_unanswered(client, make_event):
    event = make_event()
    q = ask_everything(event)
    data = {**form_data(event), **answers_data(q)}
    for name in ("remark", "long", "arrival", "hotel", "nights", "arrives"):
        data.pop(q[name].field_name)
    assert client.post(f"/de/events/{event.slug}/register", data=data).status_code == 303
    registration = db.session.query(Registration).one()
    assert set(stored(registration.id)) == {q["poster"].id, q["headset"].id}


def test_a_language_left_empty_falls_back_to_the_events_first_language(client, make_event):
    event = make_event()
    event.languages = ["fr", "de"]
    db.session.commit()
    question = ask(event, QuestionKind.SHORT_TEXT, {"fr": "Votre train", "de": "Ihr Zug"})
    assert question.text_in("it") == "Votre train"
    assert question.missing_languages() == []
    event.languages = ["fr", "de", "it"]
    db.session.commit()
    assert question.missing_languages() == ["it"]
    page = client.get(f"/it/events/{event.slug}/register").get_data(as_text=True)
    assert "Votre train" in page


def test_a_limited_option_is_refused_once_taken(app, make_event):
    event = make_event()
    q = ask_everything(event)
    hotel = q["hotel"]
    room = hotel.options[0]
    base = {q["poster"].id: "no", q["headset"].id: q["headset"].options[0].id, hotel.id: room.id}
    for n in (1, 2):
        questions_service_register(event, n, base)
    with pytest.raises(OptionTaken) as refused:
        questions_service_register(event, 3, base)
    db.session.rollback()
    assert refused.value.field == hotel.field_name
    assert "Hotel night" in refused.value.message
    assert db.session.query(Registration).count() == 2
    # a cancellation frees the room
    from cii_events.services import registration as registrations
    first = db.session.query(Registration).order_by(Registration.id).first()
    registrations.cancel(first)
    db.session.commit()
    questions_service_register(event, 3, base)
    assert questions_service.option_counts(hotel) == {room.id: 2}
    from cii_events.services.integrity import find_problems
    assert find_problems() == []
    # `cii-events check` notices a room given once too often (the cancelled one, revived past the kernel)
    first.status = type(first.status)("confirmed")
    db.session.commit()
    assert f"question option {room.id}: chosen 3 times, limit 2" in find_problems()


def questions_service_register(event, n, answers):
    from cii_events.services.registration import register

    registration = register(event, person(n), {workshop(event, "A1").slot_id: workshop(event, "A1").id},
                            answers=answers)
    db.session.commit()
    return registration


def test_a_taken_option_is_named_on_the_form(client, make_event):
    event = make_event()
    q = ask_everything(event)
    for n in (1, 2):
        assert client.post(f"/fr/events/{event.slug}/register",
                           data={**form_data(event, n), **answers_data(q)}).status_code == 303
    response = client.post(f"/fr/events/{event.slug}/register",
                           data={**form_data(event, 3), **answers_data(q)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Hotel night [fr] <span class=\"option-meta\">(plus disponible)</span>" in page
    assert f'id="{q["hotel"].field_name}-error"' in page
    assert "«\u00a0Hotel night [fr]\u00a0» n’est plus disponible" in page
    assert db.session.query(Registration).count() == 2
    assert db.session.query(Answer).filter(Answer.registration_id.notin_(
        db.session.query(Registration.id))).count() == 0


def test_answers_are_changed_on_the_personal_page_until_the_deadline(client, make_event):
    event = make_event()
    q = ask_everything(event)
    location = client.post(f"/de/events/{event.slug}/register",
                           data={**form_data(event), **answers_data(q)}).headers["Location"]
    token = location.rstrip("/").rsplit("/", 1)[1]
    page = client.get(location).get_data(as_text=True)
    assert 'value="Vegetarian please"' in page  # the form starts from the stored answers
    changed = answers_data(q, **{q["headset"].field_name: str(q["headset"].options[2].id),
                                 q["remark"].field_name: ""})
    response = client.post(f"/de/registration/{token}/answers", data=changed)
    assert response.status_code == 303
    registration = db.session.query(Registration).one()
    answers = stored(registration.id)
    assert answers[q["headset"].id] == [q["headset"].options[2].id] and q["remark"].id not in answers
    # a wrong answer is shown next to its field, nothing changes
    response = client.post(f"/de/registration/{token}/answers",
                           data=answers_data(q, **{q["nights"].field_name: "viele"}))
    assert response.status_code == 422
    assert f'id="{q["nights"].field_name}-error"' in response.get_data(as_text=True)
    # after the deadline, no more changes
    from .conftest import at
    event.registration_closes_at = at(-0.5)
    event.registration_opens_at = at(-2)
    db.session.commit()
    response = client.post(f"/de/registration/{token}/answers", data=answers_data(q))
    assert response.status_code == 422
    assert stored(registration.id)[q["headset"].id] == [q["headset"].options[2].id]


def test_changing_to_a_taken_room_is_refused(client, make_event):
    event = make_event()
    q = ask_everything(event)
    room, no_room = (str(option.id) for option in q["hotel"].options)
    for n in (1, 2):
        client.post(f"/de/events/{event.slug}/register", data={**form_data(event, n), **answers_data(q)})
    location = client.post(f"/de/events/{event.slug}/register", data={
        **form_data(event, 3), **answers_data(q, **{q["hotel"].field_name: no_room})}).headers["Location"]
    token = location.rstrip("/").rsplit("/", 1)[1]
    response = client.post(f"/de/registration/{token}/answers", data=answers_data(q))
    assert response.status_code == 422
    assert "«Hotel night [de]» ist nicht mehr verfügbar" in response.get_data(as_text=True)
    # someone who holds a room keeps it when changing another answer
    first = db.session.query(Registration).order_by(Registration.id).first()
    from cii_events.services.registration import personal_token
    response = client.post(f"/de/registration/{personal_token(first)}/answers",
                           data=answers_data(q, **{q["nights"].field_name: "3"}))
    assert response.status_code == 303
