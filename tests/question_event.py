"""An event that asks one question of each kind (shared by the tests of questions and answers)."""
from __future__ import annotations

from cii_events.extensions import db
from cii_events.i18n import Translated
from cii_events.models import Question, QuestionKind, QuestionOption


def ask(event, kind: QuestionKind, text: dict, *, required=False, options=(), limits=None, help=None,
        position=0) -> Question:
    question = Question(event=event, kind=kind, text=Translated(text), required=required, position=position,
                        help=Translated(help) if help else None)
    for index, label in enumerate(options):
        capacity = (limits or {}).get(index)
        question.options.append(QuestionOption(label=Translated(label), position=index, capacity=capacity))
    db.session.add(question)
    db.session.commit()
    return question


def four(text: str) -> dict:
    return {lang: f"{text} [{lang}]" for lang in ("de", "fr", "it", "en")}


def ask_everything(event) -> dict[str, Question]:
    """One question per kind; the headset language and the hotel night are required, the hotel
    has 2 rooms."""
    return {
        "remark": ask(event, QuestionKind.SHORT_TEXT, four("Remark"), position=1),
        "long": ask(event, QuestionKind.LONG_TEXT, four("Story"), position=2),
        "poster": ask(event, QuestionKind.YES_NO, four("Poster"), required=True, position=3),
        "headset": ask(event, QuestionKind.ONE_CHOICE, four("Headset"), required=True, position=4,
                       options=[four("German"), four("French"), four("Italian")]),
        "arrival": ask(event, QuestionKind.SEVERAL_CHOICES, four("Arrival"), position=5,
                       options=[four("Train"), four("Car"), four("Bicycle")]),
        "hotel": ask(event, QuestionKind.ONE_CHOICE, four("Hotel"), position=6,
                     options=[four("Hotel night"), four("No hotel")], limits={0: 2}),
        "nights": ask(event, QuestionKind.NUMBER, four("Nights"), position=7),
        "arrives": ask(event, QuestionKind.DATE, four("Arrival day"), position=8),
    }
