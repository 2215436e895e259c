"""The organizers' own questions of an event, their options, and the participants' answers."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..i18n import FALLBACK_ORDER, Translated
from .base import Base, TranslatedText, UTCDateTime, utcnow
from .event import Event, _enum


class QuestionKind(enum.Enum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    YES_NO = "yes_no"
    ONE_CHOICE = "one_choice"
    SEVERAL_CHOICES = "several_choices"
    NUMBER = "number"
    DATE = "date"

    @property
    def has_options(self) -> bool:
        return self in (QuestionKind.ONE_CHOICE, QuestionKind.SEVERAL_CHOICES)


def in_event_language(value: Translated | None, lang: str, event: Event) -> str:
    """`value` in `lang`; when it is not written in it, in the event's first language that has it."""
    if not value:
        return ""
    if value.get(lang):
        return value[lang]
    for other in (*(event.languages or ()), *FALLBACK_ORDER):
        if value.get(other):
            return value[other]
    return ""


def missing_languages(value: Translated | None, event: Event) -> list[str]:
    """The event's languages in which `value` is not written (only when it is written in one)."""
    if not value:
        return []
    return [lang for lang in (event.languages or ()) if not value.get(lang)]


class Question(Base):
    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[QuestionKind] = mapped_column(_enum(QuestionKind))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[Translated] = mapped_column(TranslatedText)
    help: Mapped[Translated | None] = mapped_column(TranslatedText)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # An event over several days: asked only of the people attending this day (None: of everyone).
    day: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship(back_populates="questions")
    options: Mapped[list[QuestionOption]] = relationship(
        back_populates="question", cascade="all, delete-orphan",
        order_by="(QuestionOption.position, QuestionOption.id)")

    def asked_of(self, days) -> bool:
        """Whether someone attending `days` (None: every day) is asked the question."""
        return self.day is None or days is None or self.day in days

    @property
    def field_name(self) -> str:
        """The form field of the answer; stable, other sites post to it."""
        return f"q_{self.id}"

    def text_in(self, lang: str) -> str:
        return in_event_language(self.text, lang, self.event)

    def help_in(self, lang: str) -> str:
        return in_event_language(self.help, lang, self.event)

    def missing_languages(self) -> list[str]:
        """The event's languages in which the question, its help or an option is not written."""
        missing = set(missing_languages(self.text, self.event))
        missing |= set(missing_languages(self.help, self.event))
        for option in self.options:
            missing |= set(missing_languages(option.label, self.event))
        return [lang for lang in (self.event.languages or ()) if lang in missing]

    def option(self, option_id: int) -> QuestionOption | None:
        return next((option for option in self.options if option.id == option_id), None)

    def __repr__(self) -> str:
        return f"<Question {self.id} {self.kind.value}>"


class QuestionOption(Base):
    """One answer to choose; `capacity`: how many people may choose it (None: no limit)."""

    __tablename__ = "question_option"
    __table_args__ = (CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    label: Mapped[Translated] = mapped_column(TranslatedText)
    position: Mapped[int] = mapped_column(Integer, default=0)
    capacity: Mapped[int | None] = mapped_column(Integer)

    question: Mapped[Question] = relationship(back_populates="options")

    def label_in(self, lang: str) -> str:
        return in_event_language(self.label, lang, self.question.event)

    def __repr__(self) -> str:
        return f"<QuestionOption {self.id}>"


class Answer(Base):
    """A registration's answer to a question: one row per chosen option for the choice kinds
    (`option_id`), else one row with the value as text (a number, an ISO date, "yes"/"no")."""

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("registration_id", "question_id", "option_id"),
        Index("ix_answer_option_id", "option_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"),
                                                 index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    option_id: Mapped[int | None] = mapped_column(ForeignKey("question_option.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(Text, default="")

    registration = relationship("Registration", back_populates="answers")
    question: Mapped[Question] = relationship()
    option: Mapped[QuestionOption | None] = relationship()

    def __repr__(self) -> str:
        return f"<Answer {self.question_id}>"
