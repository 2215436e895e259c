"""What the back office's changes put in the outbox: mails in each recipient's language."""
from __future__ import annotations

from cii_events.extensions import db
from cii_events.models import OutgoingMail

from ..conftest import sign_up, workshop
from .test_programme import workshop_form


def rendered(mail):
    """The mail as it is sent: rendered in its language from the facts queued with it."""
    from cii_events.services.mail import content

    return content(mail)


def mails_for(registration) -> list[OutgoingMail]:
    return db.session.scalars(db.select(OutgoingMail).where(OutgoingMail.registration_id == registration.id)
                              .order_by(OutgoingMail.id)).all()


def test_a_raised_capacity_mails_each_promoted_person_in_their_language(world, as_user):
    client = as_user(world.organizer)
    a1 = workshop(world.event, "A1")
    waiting = [sign_up(world.event, 11, "A1", canton="VD", language="fr"),
               sign_up(world.event, 12, "A1", canton="TI", language="it")]
    people = [world.zh[1], *waiting]  # English, French, Italian
    before = {r.id: len(mails_for(r)) for r in people}
    client.post(f"/admin/events/{world.event.id}/workshops/{a1.id}/edit",
                data=workshop_form(a1, capacity="5"))
    new = {r.id: mails_for(r)[before[r.id]:] for r in people}
    assert [[(m.kind, m.language) for m in new[r.id]] for r in people] == [
        [("promoted", "en")], [("promoted", "fr")], [("promoted", "it")]]
    assert "Workshop A1 [it]" in rendered(new[waiting[1].id][0]).text


def test_a_move_mails_the_person_and_the_one_who_moves_up(world, as_user):
    client = as_user(world.organizer)
    person, waiting = world.be[0], world.zh[1]
    client.post(f"/admin/events/{world.event.id}/registrations/{person.id}/move",
                data={"workshop": str(workshop(world.event, "A2").id)})
    assert (mails_for(person)[-1].kind, mails_for(person)[-1].language) == ("changed", "de")
    assert (mails_for(waiting)[-1].kind, mails_for(waiting)[-1].language) == ("promoted", "en")


def test_a_cancellation_by_the_organizers_is_mailed_too(world, as_user):
    client = as_user(world.organizer)
    client.post(f"/admin/events/{world.event.id}/registrations/{world.be[1].id}/cancel",
                data={"confirm": "y"})
    assert (mails_for(world.be[1])[-1].kind, mails_for(world.be[1])[-1].language) == ("cancelled", "fr")


def test_the_registration_page_lists_the_mails(world, as_user):
    client = as_user(world.organizer)
    page = client.get(f"/admin/events/{world.event.id}/registrations/{world.be[1].id}/?lang=en").get_data(
        as_text=True)
    subject = rendered(mails_for(world.be[1])[0]).subject
    assert subject in page and "Emails to this person" in page


def test_send_the_personal_link_again(world, as_user):
    client = as_user(world.organizer)
    before = len(mails_for(world.ti[0]))
    response = client.post(f"/admin/events/{world.event.id}/registrations/{world.ti[0].id}/send-link")
    assert response.status_code == 303
    link, = mails_for(world.ti[0])[before:]
    assert (link.kind, link.language) == ("link", "it")
    assert "/it/registration/" in rendered(link).text
    from .conftest import audit_entry
    assert audit_entry("registration.link_sent").details["reference"] == world.ti[0].reference
