"""Answers to the event's own questions where the organizers read them: the attendee list and its
filter, the registration's page, CSV and XLSX exports, the statistics per canton, the mail; and
erasure and anonymization that remove them."""
from __future__ import annotations

from datetime import date, timedelta

from cii_events.extensions import db
from cii_events.models import Answer, QuestionKind, utcnow
from cii_events.services import privacy
from cii_events.services.registration import register

from ..conftest import person, workshop
from ..question_event import ask, four
from .test_exports import export, read_csv, read_xlsx


def national_questions(event):
    headset = ask(event, QuestionKind.ONE_CHOICE, {"de": "Kopfhörer", "fr": "Casque", "it": "Cuffia",
                                                   "en": "Headset"},
                  options=[{"de": "Deutsch", "fr": "allemand"}, {"de": "Französisch", "fr": "français"}],
                  position=1)
    poster = ask(event, QuestionKind.YES_NO, {"de": "Poster", "fr": "Poster"}, position=2)
    nights = ask(event, QuestionKind.NUMBER, {"de": "Nächte", "fr": "Nuits"}, position=3)
    day = ask(event, QuestionKind.DATE, {"de": "Anreisetag", "fr": "Jour d’arrivée"}, position=4)
    remark = ask(event, QuestionKind.LONG_TEXT, {"de": "Bemerkung", "fr": "Remarque"}, position=5)
    return headset, poster, nights, day, remark


def answer_all(world, headset, poster, nights, day, remark):
    """Béatrice (BE) and Zoë (ZH) answered; the others did not."""
    people = {r.first_name: r for r in world.be + world.zh + world.ti}
    for name, option, yes, count in (("Béatrice", 0, "yes", 2), ("Zoë", 1, "no", 1), ("Zeno", 1, "yes", 0)):
        registration = people[name]
        rows = [Answer(question_id=headset.id, option_id=headset.options[option].id),
                Answer(question_id=poster.id, value=yes), Answer(question_id=nights.id, value=str(count)),
                Answer(question_id=day.id, value="2026-11-27"),
                Answer(question_id=remark.id, value=f"Secret of {name}")]
        registration.answers.extend(rows)
    db.session.commit()
    return people


def test_exports_have_one_column_per_question_in_the_exports_language(world, as_user):
    asked = national_questions(world.event)
    answer_all(world, *asked)
    client = as_user(world.organizer)
    client.get("/admin/events/?lang=fr")
    rows = read_csv(export(client, world.event, format="csv").data)
    header = rows[0]
    for title in ("Casque", "Poster", "Nuits", "Jour d’arrivée", "Remarque"):
        assert title in header
    by_name = {row[header.index("Prénom")]: row for row in rows[1:]}
    beatrice = by_name["Béatrice"]
    assert beatrice[header.index("Casque")] == "allemand"
    assert beatrice[header.index("Poster")] == "oui"
    assert beatrice[header.index("Nuits")] == "2" and beatrice[header.index("Jour d’arrivée")] == "27.11.2026"
    assert beatrice[header.index("Remarque")] == "Secret of Béatrice"
    assert by_name["Bruno"][header.index("Casque")] == ""
    sheet = read_xlsx(export(client, world.event, format="xlsx", lang="de").data)
    titles = [cell.value for cell in sheet[1]]
    client.get("/admin/events/?lang=de")
    sheet = read_xlsx(export(client, world.event, format="xlsx").data)
    titles = [cell.value for cell in sheet[1]]
    assert "Kopfhörer" in titles and "Nächte" in titles
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True)
               if r[titles.index("Vorname")] == "Béatrice")
    assert row[titles.index("Kopfhörer")] == "Deutsch"
    assert row[titles.index("Poster")] is True and row[titles.index("Nächte")] == 2
    assert row[titles.index("Anreisetag")].date() == date(2026, 11, 27)


def test_a_coordinator_gets_the_choices_but_not_the_free_text(world, as_user):
    asked = national_questions(world.event)
    answer_all(world, *asked)
    client = as_user(world.coordinator_be)
    rows = read_csv(export(client, world.event, format="csv").data)
    assert "Kopfhörer" in rows[0] and "Bemerkung" not in rows[0]
    assert "Secret of Béatrice" not in str(rows)


def test_the_attendee_list_filters_by_answer_and_the_page_shows_the_answers(world, as_user):
    headset, poster, *_rest = asked = national_questions(world.event)
    people = answer_all(world, *asked)
    client = as_user(world.organizer)
    url = f"/admin/events/{world.event.id}/registrations/"
    french = f"{headset.id}:{headset.options[1].id}"
    page = client.get(url, query_string={"answer": french}).get_data(as_text=True)
    assert "Zürcher" in page and "Zollinger" in page and "Aebi" not in page and "Bärtschi" not in page
    page = client.get(url, query_string={"answer": f"{poster.id}:yes"}).get_data(as_text=True)
    assert "Aebi" in page and "Zollinger" in page and "Zürcher" not in page
    page = client.get(url, query_string={"answer": "99999:1"}).get_data(as_text=True)  # not on offer: ignored
    assert "Aebi" in page and "Bärtschi" in page
    page = client.get(url, query_string={"lang": "fr"}).get_data(as_text=True)
    assert "Casque\u00a0:</span> allemand" in page and "Secret of Béatrice" in page
    coordinator = as_user(world.coordinator_be)
    page = coordinator.get(url).get_data(as_text=True)
    assert "Casque\u00a0:</span> allemand" in page and "Secret of Béatrice" not in page
    client = as_user(world.organizer)
    page = client.get(f"{url}{people['Béatrice'].id}/", query_string={"lang": "de"}).get_data(as_text=True)
    assert "Kopfhörer" in page and "Deutsch" in page and "Secret of Béatrice" in page


def test_the_dashboard_counts_the_answers_per_canton(world, as_user):
    asked = national_questions(world.event)
    answer_all(world, *asked)
    from cii_events.services import stats
    from cii_events.services.access import Scope

    board = stats.dashboard(world.event, Scope.of(world.admin))
    headset = next(figures for figures in board.answers if figures.question.id == asked[0].id)
    rows = dict(headset.rows("de"))
    assert rows["Deutsch"] == {"BE": 1} and rows["Französisch"] == {"ZH": 2}
    client = as_user(world.organizer)
    page = client.get(f"/admin/events/{world.event.id}/").get_data(as_text=True)
    assert "Antworten nach Kanton" in page and "Kopfhörer" in page


def test_erasure_and_the_retention_run_remove_the_answers(world, app):
    asked = national_questions(world.event)
    people = answer_all(world, *asked)
    beatrice = people["Béatrice"]
    data = privacy.personal_data(beatrice)
    assert {"question": "Kopfhörer", "answer": "Deutsch"} in data["answers"]
    privacy.erase(beatrice)
    db.session.commit()
    assert db.session.query(Answer).filter_by(registration_id=beatrice.id).count() == 0
    assert db.session.query(Answer).count() == 2 * 5
    world.event.starts_at = utcnow() - timedelta(days=800)
    world.event.ends_at = world.event.starts_at + timedelta(hours=8)
    world.event.registration_opens_at = world.event.registration_closes_at = None
    db.session.commit()
    privacy.anonymise_expired()
    db.session.commit()
    assert db.session.query(Answer).count() == 0


def test_the_confirmation_mail_lists_the_answers_in_the_participants_language(app, make_event):
    from cii_events.models import OutgoingMail
    from cii_events.services.mail_render import render

    event = make_event()
    headset = ask(event, QuestionKind.ONE_CHOICE, four("Headset"), options=[four("German"), four("French")])
    poster = ask(event, QuestionKind.YES_NO, four("Poster"))
    register(event, person(1, language="it"), {workshop(event, "A1").slot_id: workshop(event, "A1").id},
             answers={headset.id: headset.options[1].id, poster.id: "yes"})
    db.session.commit()
    mail = db.session.query(OutgoingMail).one()
    content = render(mail, attachments=False)
    assert "Headset [it]: French [it]" in content.text and "Poster [it]: Sì" in content.text
    assert "French [it]" in content.html
