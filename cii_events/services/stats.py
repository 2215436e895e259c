"""Numbers for the event dashboard, from aggregate queries within the viewer's scope."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, select

from ..extensions import db
from ..models import (Answer, Attendance, Booking, BookingStatus, Event, Question, QuestionKind,
                      Registration, RegistrationStatus, Workshop)
from ..models.registration import ACTIVE_BOOKING
from . import attendance
from .access import Scope
from ..config import ZURICH

ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


@dataclass
class Group:
    key: str
    confirmed: int = 0
    waiting: int = 0

    @property
    def total(self) -> int:
        return self.confirmed + self.waiting


@dataclass
class WorkshopFigures:
    workshop: Workshop
    confirmed: int = 0
    waiting: int = 0  # on the workshop's waiting list
    requested: int = 0  # chosen by people on the event's waiting list

    @property
    def capacity(self) -> int | None:
        return self.workshop.capacity

    @property
    def fill_percent(self) -> int | None:
        if not self.capacity:
            return None
        return min(round(100 * self.confirmed / self.capacity), 100)


@dataclass
class AnswerFigures:
    """One question's answers: per answer key ("12" an option id, "yes"/"no", "*" answered at all),
    the count per canton."""

    question: Question
    counts: dict[str, Counter] = field(default_factory=dict)

    def rows(self, lang: str) -> list[tuple[str, Counter]]:
        """(the answer in `lang`, its counts per canton), in the question's order of answers."""
        from .questions import answer_filters

        prefix = f"{self.question.id}:"
        choices = answer_filters(self.question.event, lang)
        labels = {value[len(prefix):]: label for value, label, _group in choices if value.startswith(prefix)}
        return [(labels[key], self.counts.get(key, Counter())) for key in labels]

    def total(self, key_counts: Counter) -> int:
        return sum(key_counts.values())


@dataclass
class Dashboard:
    confirmed: int = 0
    waiting: int = 0
    cancelled: int = 0
    workshops: dict[int, WorkshopFigures] = field(default_factory=dict)
    institution_types: list[Group] = field(default_factory=list)
    languages: list[Group] = field(default_factory=list)
    cantons: dict[str, Group] = field(default_factory=dict)
    per_day: list[tuple[date, int]] = field(default_factory=list)
    # An event over several days: confirmed people attending each day, in all and per canton.
    attending: dict[date, int] = field(default_factory=dict)
    cantons_attending: dict[str, dict[date, int]] = field(default_factory=dict)
    # Per question of the event's own: how the active registrations answered, per canton.
    answers: list[AnswerFigures] = field(default_factory=list)

    @property
    def active(self) -> int:
        return self.confirmed + self.waiting

    @property
    def busiest_day(self) -> int:
        return max((count for _day, count in self.per_day), default=0)

    @property
    def largest_canton(self) -> int:
        return max((group.total for group in self.cantons.values()), default=0)


def dashboard(event: Event, scope: Scope) -> Dashboard:
    in_scope = (Registration.event_id == event.id, scope.registrations_condition())
    board = Dashboard()
    for status, count in db.session.execute(
            select(Registration.status, func.count()).where(*in_scope).group_by(Registration.status)):
        setattr(board, {RegistrationStatus.CONFIRMED: "confirmed", RegistrationStatus.WAITLISTED: "waiting",
                        RegistrationStatus.CANCELLED: "cancelled"}[status], count)
    board.institution_types = sorted(_groups(Registration.institution_type, in_scope).values(),
                                     key=lambda group: (-group.total, group.key))
    board.languages = sorted(_groups(Registration.language, in_scope).values(),
                             key=lambda group: (-group.total, group.key))
    board.cantons = _groups(Registration.canton, in_scope)
    board.workshops = _workshops(event, in_scope)
    board.per_day = _per_day(in_scope)
    if len(event.days) > 1:
        board.attending = attendance.confirmed_per_day(event, scope.registrations_condition())
        board.cantons_attending = _cantons_attending(event, in_scope)
    board.answers = _answers(event, in_scope)
    return board


def _cantons_attending(event: Event, in_scope) -> dict[str, dict[date, int]]:
    rows = db.session.execute(
        select(Registration.canton, Attendance.day, func.count()).join(Attendance.registration)
        .where(*in_scope, Registration.status == RegistrationStatus.CONFIRMED)
        .group_by(Registration.canton, Attendance.day))
    found: dict[str, dict[date, int]] = {}
    for canton, day, count in rows:
        found.setdefault(canton, dict.fromkeys(event.days, 0))[day] = count
    return found


def _answers(event: Event, in_scope) -> list[AnswerFigures]:
    """Answers per canton of the active registrations, in one query."""
    if not event.questions:
        return []
    figures = {question.id: AnswerFigures(question) for question in event.questions}
    rows = db.session.execute(
        select(Answer.question_id, Answer.option_id, Answer.value, Registration.canton,
               func.count(func.distinct(Registration.id)))
        .join(Registration, Registration.id == Answer.registration_id)
        .where(*in_scope, Registration.status.in_(ACTIVE), Answer.question_id.in_(list(figures)))
        .group_by(Answer.question_id, Answer.option_id, Answer.value, Registration.canton))
    for question_id, option_id, value, canton, count in rows:
        question = figures[question_id].question
        if option_id is not None:
            key = str(option_id)
        elif question.kind is QuestionKind.YES_NO:
            key = value
        else:
            key = "*"
        figures[question_id].counts.setdefault(key, Counter())[canton] += count
    return list(figures.values())


def _groups(column, in_scope) -> dict[str, Group]:
    confirmed = func.sum(case((Registration.status == RegistrationStatus.CONFIRMED, 1), else_=0))
    waiting = func.sum(case((Registration.status == RegistrationStatus.WAITLISTED, 1), else_=0))
    rows = db.session.execute(select(column, confirmed, waiting)
                              .where(*in_scope, Registration.status.in_(ACTIVE)).group_by(column))
    return {key: Group(key, int(c or 0), int(w or 0)) for key, c, w in rows}


def _workshops(event: Event, in_scope) -> dict[int, WorkshopFigures]:
    figures = {w.id: WorkshopFigures(w) for slot in event.slots for w in slot.workshops}
    rows = db.session.execute(
        select(Booking.workshop_id, Booking.status, func.count(Booking.id)).join(Booking.registration)
        .where(*in_scope, Registration.status.in_(ACTIVE),
               Booking.status.in_(ACTIVE_BOOKING))
        .group_by(Booking.workshop_id, Booking.status))
    attribute = {BookingStatus.CONFIRMED: "confirmed", BookingStatus.WAITLISTED: "waiting",
                 BookingStatus.REQUESTED: "requested"}
    for workshop_id, status, count in rows:
        if workshop_id in figures:
            setattr(figures[workshop_id], attribute[status], count)
    return figures


def _per_day(in_scope) -> list[tuple[date, int]]:
    """Registrations received per Swiss local day (the cancelled ones too: they arrived then)."""
    moments = db.session.scalars(select(Registration.created_at).where(*in_scope))
    days = Counter(moment.astimezone(ZURICH).date() for moment in moments)
    return sorted(days.items())


def event_counts(event_ids: list[int], scope: Scope) -> dict[int, Group]:
    """Confirmed and waiting registrations per event, for the list of events, in one query."""
    if not event_ids:
        return {}
    confirmed = func.sum(case((Registration.status == RegistrationStatus.CONFIRMED, 1), else_=0))
    waiting = func.sum(case((Registration.status == RegistrationStatus.WAITLISTED, 1), else_=0))
    rows = db.session.execute(
        select(Registration.event_id, confirmed, waiting)
        .where(Registration.event_id.in_(event_ids), scope.registrations_condition())
        .group_by(Registration.event_id))
    return {event_id: Group(str(event_id), int(c or 0), int(w or 0)) for event_id, c, w in rows}
