"""Demo events and invented participants; loading twice changes nothing."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from .extensions import db
from .i18n import Translated
from .models import (Event, EventKind, EventStatus, Invitation, InvitationStatus, Question, QuestionKind,
                     QuestionOption, Registration, Slot, SlotKind, Workshop, utcnow)
from .services import tokens
from .services.registration import ParticipantDetails, register
from .config import ZURICH


def _local(day: date, clock: str) -> datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=ZURICH)


def _day(today: date, offset: int) -> date:
    return today + timedelta(days=offset)


def _text(value):
    return Translated(value) if value else None


def build_event(data: dict, today: date) -> Event:
    first_day = today + timedelta(days=data["start_offset_days"])
    event = Event(
        slug=data["slug"], kind=EventKind(data["kind"]), status=EventStatus.PUBLISHED,
        title=_text(data["title"]), summary=_text(data["summary"]),
        description=_text(data["description"]), venue=data["venue"], address=data["address"],
        how_to_get_there=_text(data["how_to_get_there"]), host_canton=data["host_canton"],
        registration_opens_at=_local(_day(today, data["registration_opens_offset_days"]), "08:00"),
        registration_closes_at=_local(_day(today, data["registration_closes_offset_days"]), "23:59"),
        capacity=data["capacity"], waitlist_enabled=data["waitlist"], languages=data["languages"],
        contact_email=data["contact_email"], privacy_notice=_text(data["privacy_notice"]),
        privacy_version=data["privacy_version"], retention_days=data["retention_days"],
        access=data.get("access", "open"), canton_quota=data.get("canton_quota"),
        day_choice=data.get("day_choice", False),
    )
    for position, slot_data in enumerate(data["slots"]):
        day = first_day + timedelta(days=slot_data["day"])
        slot = Slot(kind=SlotKind(slot_data["kind"]), position=position,
                    starts_at=_local(day, slot_data["start"]), ends_at=_local(day, slot_data["end"]),
                    title=_text(slot_data["title"]), description=_text(slot_data.get("description")))
        for item_position, item in enumerate(slot_data["items"]):
            slot.workshops.append(Workshop(
                code=item["code"], title=_text(item["title"]), description=_text(item.get("description")),
                room=item.get("room", ""), languages=item["languages"], moderators=item.get("moderators", ""),
                capacity=item.get("capacity"), position=item_position))
        event.slots.append(slot)
    event.starts_at = min(slot.starts_at for slot in event.slots)
    event.ends_at = max(slot.ends_at for slot in event.slots)
    return event


def load_demo(today: date | None = None) -> list[str]:
    """Create the demo events that do not exist yet, with their participants. Returns the new slugs."""
    from .demo_data import EVENTS, PARTICIPANTS, QUESTIONS

    today = today or utcnow().astimezone(ZURICH).date()
    existing = set(db.session.scalars(select(Event.slug)))
    created = []
    for data in EVENTS:
        if data["slug"] in existing:
            continue
        event = build_event(data, today)
        db.session.add(event)
        db.session.flush()
        keys = _ask_questions(event, QUESTIONS.get(event.slug, []))
        _register_participants(event, [p for p in PARTICIPANTS if p["event"] == event.slug], keys)
        if event.by_invitation:
            _invite(event)
        created.append(event.slug)
    return created


def _invite(event: Event) -> None:
    """The registered participants were invited (and answered); the others are invited now, by mail."""
    from .demo_data import INVITEES
    from .services import invitations
    from .services.invitee_files import Invitee

    for registration in db.session.scalars(select(Registration).where(Registration.event_id == event.id)):
        invitation = Invitation(event_id=event.id, first_name=registration.first_name,
                                last_name=registration.last_name, email=registration.email,
                                email_normalized=registration.email_normalized, canton=registration.canton,
                                language=registration.language, organisation=registration.organisation,
                                function=registration.function, code_salt=tokens.new_token_salt(),
                                status=InvitationStatus.REGISTERED, registration_id=registration.id,
                                invited_by="demo", reminders=0, answered_at=registration.created_at)
        invitation.code_hash = tokens.hash_token(invitations.code_for(invitation))
        db.session.add(invitation)
    for first, last, canton, language, organisation, answer in INVITEES:
        email = f"{first}.{last}@{canton.lower()}.example.ch".lower().replace("ü", "ue").replace("ä", "ae") \
            .replace("ö", "oe").replace("é", "e")
        invitation = invitations.invite(event, Invitee(first_name=first, last_name=last, email=email,
                                                       canton=canton, language=language,
                                                       organisation=organisation), actor=None)
        if answer == "declined":
            invitations.decline(invitation)


def _ask_questions(event: Event, questions: list[dict]) -> dict:
    """The event's own questions; returns {question key: (question, {option key: option})}."""
    keys = {}
    for position, data in enumerate(questions, start=1):
        question = Question(event=event, kind=QuestionKind(data["kind"]), required=data["required"],
                            text=_text(data["text"]), help=_text(data.get("help")), position=position)
        options = {}
        for option_position, item in enumerate(data.get("options", []), start=1):
            option = QuestionOption(label=_text(item["label"]), capacity=item.get("capacity"),
                                    position=option_position)
            question.options.append(option)
            options[item["key"]] = option
        db.session.add(question)
        keys[data["key"]] = (question, options)
    db.session.flush()
    return keys


def _answers(person: dict, keys: dict) -> dict:
    from .demo_data import ANSWERS

    answers = {}
    for key, value in ANSWERS.get(person["email"], {}).items():
        question, options = keys[key]
        answers[question.id] = options[value].id if options else value
    return answers


def _register_participants(event: Event, people: list[dict], keys: dict | None = None) -> None:
    from .demo_data import ROLES
    from .services import roles

    by_code = {w.code: w for slot in event.slots for w in slot.workshops}
    now = max(utcnow(), event.registration_opens_at)
    for person in people:
        details = ParticipantDetails(**{key: person[key] for key in (
            "first_name", "last_name", "email", "organisation", "function", "institution_type",
            "canton", "language")})
        choices = {by_code[code].slot_id: by_code[code].id for code in person["choices"]}
        offsets = person.get("days")  # days of the event by number, from 0; every day when not given
        days = event.days if offsets is None else [event.days[offset] for offset in offsets]
        registration = register(event, details, choices, days=days, answers=_answers(person, keys or {}),
                                now=now)
        if person["email"] in ROLES:
            roles.set_role(event, [registration], ROLES[person["email"]], extra_seats=True, actor=None)
