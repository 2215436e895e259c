"""The organizers' own questions: editing them, and the participants' answers.

An answer is kept as rows of `Answer`: one per chosen option for the choice kinds, else one row
with the value as text ("yes"/"no", a whole number, an ISO date, the text typed). Options that
only so many people may choose (a hotel room) are counted by the seat kernel
(services.capacity.claim_options) under the options' locks.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select

from ..config import ZURICH
from ..extensions import db
from ..i18n import Translated, _, _l, format_numeric_date
from ..models import (Answer, Event, Question, QuestionKind, QuestionOption, Registration,
                      RegistrationStatus, User, utcnow)
from . import audit, capacity
from .errors import AnswerInvalid, DomainError, RegistrationCancelled, RegistrationClosed

# question id -> the answer as the form read it: str (text, "yes"/"no"), int (a number or one
# option id), list[int] (several option ids), date; None or "" or []: not answered.
AnswerValue = str | int | date | list[int] | None
Answers = dict[int, AnswerValue]


class QuestionError(DomainError):
    message = _l("The question could not be saved.")


class KindFixed(QuestionError):
    message = _l("This question has already been answered: its kind can no longer be changed. "
                 "Add a new question instead.")


class OptionsNeeded(QuestionError):
    message = _l("A question with choices needs at least two options.")


class OptionChosen(QuestionError):
    def __init__(self, label: str, count: int):
        super().__init__(_("The option “%(option)s” has been chosen %(num)d times: it cannot be removed. "
                           "Change its text instead.", option=label, num=count))


class LimitBelowTaken(QuestionError):
    def __init__(self, label: str, count: int):
        super().__init__(_("The option “%(option)s” has already been chosen %(num)d times: its limit "
                           "cannot be lower.", option=label, num=count))


@dataclass
class OptionData:
    label: dict[str, str]
    capacity: int | None = None
    id: int | None = None  # an existing option, kept with its answers


@dataclass
class QuestionData:
    kind: QuestionKind
    text: dict[str, str]
    help: dict[str, str] = field(default_factory=dict)
    required: bool = False
    position: int = 0
    options: list[OptionData] = field(default_factory=list)
    day: date | None = None  # asked only of the people attending this day of the event


def _translated(values: dict[str, str] | None) -> Translated | None:
    cleaned = {lang: text.strip() for lang, text in (values or {}).items() if text and text.strip()}
    return Translated(cleaned) if cleaned else None


def answer_count(question: Question) -> int:
    """How many registrations answered the question."""
    return db.session.scalar(select(func.count(func.distinct(Answer.registration_id)))
                             .where(Answer.question_id == question.id)) or 0


def option_counts(question: Question) -> dict[int, int]:
    """Per option: how many registrations that are not cancelled chose it."""
    return capacity.option_takers(option.id for option in question.options)


def places_left(event: Event) -> dict[int, int]:
    """Per limited option of the event's questions: how many may still choose it (shown on the
    forms; the seat kernel decides when an answer is stored)."""
    limited = {option.id: option.capacity for question in event.questions for option in question.options
               if option.capacity is not None}
    taken = capacity.option_takers(limited)
    return {option_id: max(limit - taken.get(option_id, 0), 0) for option_id, limit in limited.items()}


def save_question(event: Event, question: Question | None, data: QuestionData, *, actor: User) -> Question:
    created = question is None
    if created:
        question = Question(event=event)
        db.session.add(question)
    elif data.kind is not question.kind and answer_count(question):
        raise KindFixed(field="kind")
    question.kind = data.kind
    question.text = _translated(data.text) or Translated({})
    question.help = _translated(data.help)
    question.required = data.required
    question.position = data.position
    question.day = data.day if data.day in event.days else None
    if data.kind.has_options:
        _save_options(question, [option for option in data.options if _translated(option.label)])
    elif question.options:
        _save_options(question, [])
    db.session.flush()
    audit.record("question.created" if created else "question.updated", actor=actor, object_type="question",
                 object_id=question.id, event_id=event.id, kind=question.kind.value,
                 required=question.required, options=len(question.options))
    return question


def _save_options(question: Question, options: list[OptionData]) -> None:
    if question.kind.has_options and len(options) < 2:
        raise OptionsNeeded()
    counts = option_counts(question) if question.id else {}
    kept = {option.id for option in options if option.id}
    for existing in list(question.options):
        if existing.id not in kept:
            chosen = _all_choices(existing.id)
            if chosen:
                raise OptionChosen(existing.label.get_text(), chosen)
            question.options.remove(existing)
    by_id = {option.id: option for option in question.options}
    for position, data in enumerate(options, start=1):
        option = by_id.get(data.id) if data.id else None
        if option is None:
            option = QuestionOption()
            question.options.append(option)
        label = _translated(data.label)
        taken = counts.get(option.id, 0) if option.id else 0
        if data.capacity is not None and data.capacity < taken:
            raise LimitBelowTaken(label.get_text(), taken)
        option.label, option.capacity, option.position = label, data.capacity, position


def _all_choices(option_id: int) -> int:
    query = select(func.count()).select_from(Answer).where(Answer.option_id == option_id)
    return db.session.scalar(query) or 0


def copy_questions(source: Event, event: Event) -> None:
    """An event's copy asks the same questions (texts, options, limits), without any answer."""
    shift = (event.starts_at.astimezone(ZURICH).date() - source.starts_at.astimezone(ZURICH).date()
             if event.starts_at and source.starts_at else timedelta(0))
    for question in source.questions:
        copy = Question(kind=question.kind, required=question.required, text=Translated(question.text or {}),
                        help=Translated(question.help) if question.help else None, position=question.position,
                        day=question.day + shift if question.day else None)
        for option in question.options:
            copy.options.append(QuestionOption(label=Translated(option.label or {}), capacity=option.capacity,
                                               position=option.position))
        event.questions.append(copy)


def delete_question(question: Question, *, actor: User) -> int:
    """Remove the question and every answer to it; the log keeps how many, never the answers."""
    answers = answer_count(question)
    event = question.event
    audit.record("question.deleted", actor=actor, object_type="question", object_id=question.id,
                 event_id=event.id, kind=question.kind.value, answers=answers)
    db.session.execute(delete(Answer).where(Answer.question_id == question.id))
    event.questions.remove(question)
    db.session.flush()
    return answers


def move_question(question: Question, step: int, *, actor: User) -> None:
    """One place up (-1) or down (+1) in the event's order; positions are renumbered 1, 2, ..."""
    ordered = list(question.event.questions)
    index = ordered.index(question)
    other = index + step
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        item.position = position
    db.session.flush()
    audit.record("question.updated", actor=actor, object_type="question", object_id=question.id,
                 event_id=question.event_id, position=question.position)


# Answers.

def _rows(question: Question, value: AnswerValue) -> list[Answer]:
    if value is None or value == "" or value == []:
        return []
    if question.kind.has_options:
        chosen = value if isinstance(value, list) else [value]
        if any(question.option(int(option_id)) is None for option_id in chosen):
            raise AnswerInvalid(_("Please choose one of the offered answers."), field=question.field_name)
    if question.kind is QuestionKind.SEVERAL_CHOICES:
        return [Answer(question_id=question.id, option_id=option_id, value="")
                for option_id in sorted(set(value))]
    if question.kind is QuestionKind.ONE_CHOICE:
        chosen = value[0] if isinstance(value, list) else value
        return [Answer(question_id=question.id, option_id=int(chosen), value="")]
    if question.kind is QuestionKind.DATE:
        text = value.isoformat() if isinstance(value, date) else str(value)
        return [Answer(question_id=question.id, value=text)]
    return [Answer(question_id=question.id, value=str(value))]


def _limited_claims(event: Event, rows: list[Answer]) -> tuple[list[int], dict[int, str]]:
    fields = {}
    for question in event.questions:
        for option in question.options:
            if option.capacity is not None:
                fields[option.id] = question.field_name
    ids = [row.option_id for row in rows if row.option_id in fields]
    return ids, fields


def store_answers(event: Event, registration_id: int, answers: Answers) -> None:
    """A new registration's answers (the registration was written in this transaction); the
    limited options are claimed under their locks (OptionTaken: the caller rolls back)."""
    rows = []
    for question in event.questions:
        for row in _rows(question, answers.get(question.id)):
            row.registration_id = registration_id
            rows.append(row)
    if not rows:
        return
    db.session.add_all(rows)
    claimed, fields = _limited_claims(event, rows)
    capacity.claim_options(claimed, fields)


def change_answers(registration: Registration, answers: Answers, *, now: datetime | None = None) -> bool:
    """The participant changes their answers (until the registration closes). Returns whether
    anything changed; a limited option newly chosen is claimed under its lock."""
    now = now or utcnow()
    if registration.status is RegistrationStatus.CANCELLED:
        raise RegistrationCancelled()
    event = registration.event
    if not event.registration_open_at(now):
        raise RegistrationClosed()
    before = current_answers(registration)
    wanted = {question.id: _normalised(question, answers.get(question.id)) for question in event.questions}
    changed = [question for question in event.questions if before.get(question.id) != wanted[question.id]]
    if not changed:
        return False
    new_rows = []
    for question in changed:
        for row in [row for row in registration.answers if row.question_id == question.id]:
            registration.answers.remove(row)
        db.session.flush()
        for row in _rows(question, wanted[question.id]):
            registration.answers.append(row)
            new_rows.append(row)
    previous = {option_id for value in before.values() if isinstance(value, list) for option_id in value}
    claimed, fields = _limited_claims(event, [row for row in new_rows if row.option_id not in previous])
    capacity.claim_options(claimed, fields)
    registration.updated_at = now
    audit.record("registration.answers_changed", actor=audit.PARTICIPANT, object_type="registration",
                 object_id=registration.id, event_id=event.id, questions=[q.id for q in changed])
    return True


def _normalised(question: Question, value: AnswerValue):
    """The value as current_answers gives it, to compare."""
    if value is None or value == "" or value == []:
        return None
    if question.kind.has_options:
        return sorted({int(item) for item in (value if isinstance(value, list) else [value])})
    if question.kind is QuestionKind.DATE:
        return value.isoformat() if isinstance(value, date) else str(value)
    return str(value)


def current_answers(registration: Registration) -> dict[int, object]:
    """question id -> the stored answer: sorted option ids for the choice kinds, else the text."""
    result: dict[int, object] = {}
    for row in registration.answers:
        if row.option_id is not None:
            result.setdefault(row.question_id, []).append(row.option_id)
        else:
            result[row.question_id] = row.value
    return {key: sorted(value) if isinstance(value, list) else value for key, value in result.items()}


def form_data(registration: Registration) -> dict:
    """The stored answers as the form's starting values (`q_<id>`)."""
    data = {}
    for question in registration.event.questions:
        value = current_answers(registration).get(question.id)
        if value is None:
            continue
        if question.kind is QuestionKind.SEVERAL_CHOICES:
            data[question.field_name] = [str(item) for item in value]
        elif question.kind is QuestionKind.ONE_CHOICE:
            data[question.field_name] = str(value[0])
        elif question.kind is QuestionKind.DATE:
            data[question.field_name] = date.fromisoformat(value)
        elif question.kind is QuestionKind.NUMBER:
            data[question.field_name] = int(value)
        else:
            data[question.field_name] = value
    return data


def answer_text(question: Question, stored, lang: str) -> str:
    """A stored answer as people read it in `lang` (the caller renders in that language)."""
    if stored is None or stored == [] or stored == "":
        return ""
    if question.kind.has_options:
        labels = [option.label_in(lang) for option_id in stored if (option := question.option(option_id))]
        return ", ".join(labels)
    if question.kind is QuestionKind.YES_NO:
        return _("Yes") if stored == "yes" else _("No")
    if question.kind is QuestionKind.DATE:
        try:
            return format_numeric_date(date.fromisoformat(stored))
        except ValueError:
            return stored
    return str(stored)


def answered(registration: Registration, lang: str) -> list[tuple[Question, str]]:
    """The registration's answers in the event's order, as (question, text in `lang`)."""
    stored = current_answers(registration)
    return [(question, answer_text(question, stored.get(question.id), lang))
            for question in registration.event.questions if question.id in stored]


def remove_answers(registration: Registration) -> int:
    """Erasure: the answers are personal data too."""
    count = len(registration.answers)
    registration.answers.clear()
    return count


# Exports: one column per question, titled in the export's language.

FREE_TEXT = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)


def exported(event: Event, *, include_sensitive: bool) -> list[Question]:
    """The questions an export shows: free-text answers may hold health data, like the remarks,
    so they are left out where the remarks are (cantonal coordinators' lists)."""
    return [question for question in event.questions if include_sensitive or question.kind not in FREE_TEXT]


def answer_cells(asked: list[Question], lang: str):
    """A function from a registration to its answers' cells in `lang` (the caller renders in it):
    numbers as numbers, dates as dates, yes/no as booleans, options as their labels."""
    labels = {option.id: option.label_in(lang) for question in asked for option in question.options}

    def cell(question: Question, stored):
        if stored is None:
            return None
        if question.kind.has_options:
            return ", ".join(labels[option_id] for option_id in stored if option_id in labels)
        if question.kind is QuestionKind.YES_NO:
            return stored == "yes"
        if question.kind is QuestionKind.NUMBER:
            try:
                return int(stored)
            except ValueError:
                return stored
        if question.kind is QuestionKind.DATE:
            try:
                return date.fromisoformat(stored)
            except ValueError:
                return stored
        return stored

    def cells(registration: Registration) -> list:
        if not asked:
            return []
        stored = current_answers(registration)
        return [cell(question, stored.get(question.id)) for question in asked]

    return cells


def answer_filters(event: Event, lang: str) -> list[tuple[str, str, str]]:
    """The attendee list's filters by answer: (value, label, the question as the group), in `lang`."""
    choices = []
    for question in event.questions:
        title = question.text_in(lang)
        if question.kind.has_options:
            choices += [(f"{question.id}:{option.id}", option.label_in(lang), title)
                        for option in question.options]
        elif question.kind is QuestionKind.YES_NO:
            choices += [(f"{question.id}:yes", _("Yes"), title), (f"{question.id}:no", _("No"), title)]
        else:
            choices.append((f"{question.id}:*", _("Answered"), title))
    return choices
