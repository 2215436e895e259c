"""Events, their programme slots and the workshops (bookable items) offered in a slot."""
from __future__ import annotations

import enum
import secrets
from datetime import date, datetime, timedelta

from sqlalchemy import (JSON, CheckConstraint, Date, Enum, ForeignKey, Integer, LargeBinary, String,
                        UniqueConstraint)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..config import ZURICH
from ..i18n import Translated
from .base import Base, TranslatedText, UTCDateTime, utcnow


def local_day(moment: datetime) -> date:
    """The calendar day in Switzerland: an event's and its slots' days."""
    return moment.astimezone(ZURICH).date()


def _enum(kind):
    return Enum(kind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e],
                validate_strings=True)


class EventKind(enum.Enum):
    NATIONAL_DAY = "national_day"
    SEMINAR = "seminar"


class EventStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"  # registration closed by the organizers
    CANCELLED = "cancelled"
    ARCHIVED = "archived"


class AllocationMode(enum.Enum):
    FIRST_COME = "first_come"
    PREFERENCES = "preferences"


class SlotKind(enum.Enum):
    TALKS = "talks"  # plenary, nothing to choose
    CHOICE = "choice"  # exactly one workshop must be chosen
    OPTIONAL = "optional"  # optional items (dinner, headset): none or one


class Event(Base):
    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR confirmed_count <= capacity", name="within_capacity"),
        CheckConstraint("confirmed_count >= 0", name="count_not_negative"),
        CheckConstraint("ends_at >= starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind))
    status: Mapped[EventStatus] = mapped_column(_enum(EventStatus), default=EventStatus.DRAFT)
    title: Mapped[Translated] = mapped_column(TranslatedText)
    summary: Mapped[Translated | None] = mapped_column(TranslatedText)
    description: Mapped[Translated | None] = mapped_column(TranslatedText)
    venue: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    how_to_get_there: Mapped[Translated | None] = mapped_column(TranslatedText)
    host_canton: Mapped[str | None] = mapped_column(String(3))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    capacity: Mapped[int | None] = mapped_column(Integer)
    # Confirmed registrations, kept only while the event has a capacity (equal to the count of
    # confirmed rows, see `cii-events check`); whoever sets a capacity counts them first.
    confirmed_count: Mapped[int] = mapped_column(Integer, default=0)
    # Ticket dispenser for the event-level waiting list: arrival order under the row lock.
    waitlist_counter: Mapped[int] = mapped_column(Integer, default=0)
    waitlist_enabled: Mapped[bool] = mapped_column(default=True)
    # Confirmed places per canton: one number for every canton (None: no limit) and exceptions
    # {canton code: places}. Only the 26 cantons are limited, never the non-cantonal choices.
    # Counted from the confirmed rows under the event's exclusive lock (services.capacity).
    canton_quota: Mapped[int | None] = mapped_column(Integer)
    canton_quotas: Mapped[dict | None] = mapped_column(JSON)
    # An event spanning several days: whether people choose the days they attend (else every day).
    day_choice: Mapped[bool] = mapped_column(default=False, server_default="0")
    # Whether some day has a number of places of its own (`day_places`); set by the seat kernel.
    limits_days: Mapped[bool] = mapped_column(default=False, server_default="0")
    # Whether a participant may hand their place to a colleague from the personal page.
    transfers_enabled: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    # Incremented by every change of the event or its programme (slots, workshops), never by a seat
    # taken: the processes' cached programme is current while this number is (services.programme_cache).
    # It starts at a random number, so that a copy cached from another event (or database) that
    # had the same id and slug never passes for current.
    programme_version: Mapped[int] = mapped_column(Integer, default=lambda: secrets.randbelow(2 ** 30) + 1,
                                                   server_default="0")
    allocation_mode: Mapped[AllocationMode] = mapped_column(
        _enum(AllocationMode), default=AllocationMode.FIRST_COME)
    # Preferences mode: when the organizers mean to allocate the workshops (shown to participants),
    # and when they published the allocation; from then on the event works first come, first served.
    allocation_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    allocation_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the organizers told the participants when they called the event off (shown on its pages).
    cancellation_reason: Mapped[Translated | None] = mapped_column(TranslatedText)
    # "open": anyone with the link registers; "invitation": only with a personal invitation code.
    access: Mapped[str] = mapped_column(String(20), default="open", server_default="open")
    languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["de", "fr"])
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    privacy_notice: Mapped[Translated | None] = mapped_column(TranslatedText)
    privacy_version: Mapped[str] = mapped_column(String(40), default="1")
    retention_days: Mapped[int] = mapped_column(Integer, default=365)
    # Mail: the reminder goes out this many days before the start (0: none), once; when it went out.
    reminder_days: Mapped[int] = mapped_column(Integer, default=7, server_default="7")
    reminders_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The organizers' own paragraphs: {kind: {"intro"|"closing": {lang: text}}} (services.mail_texts).
    mail_texts: Mapped[dict | None] = mapped_column(JSON)
    # The event's logo on badges and certificates (services.logo checks it): the file and its type.
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    logo_type: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    slots: Mapped[list[Slot]] = relationship(
        back_populates="event", cascade="all, delete-orphan",
        order_by="(Slot.starts_at, Slot.position, Slot.id)")
    day_places: Mapped[list[EventDay]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventDay.day")
    # The organizers' own questions (models.question), in their order.
    questions: Mapped[list["Question"]] = relationship(  # noqa: F821
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(Question.position, Question.id)")

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed_count, 0)

    def registration_open_at(self, moment: datetime) -> bool:
        if self.status is not EventStatus.PUBLISHED:
            return False
        if self.registration_opens_at and moment < self.registration_opens_at:
            return False
        if self.registration_closes_at and moment >= self.registration_closes_at:
            return False
        return moment < self.ends_at

    @property
    def days(self) -> list[date]:
        """The calendar days the event spans, first to last."""
        first, last = local_day(self.starts_at), local_day(self.ends_at)
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    @property
    def offers_day_choice(self) -> bool:
        """Whether the registration asks which days the person attends."""
        return self.day_choice and len(self.days) > 1

    def day_times(self, day: date) -> tuple[datetime, datetime]:
        """When the programme of `day` begins and ends: its first slot's start and its last slot's
        end; for a day without slots, the event's times of day (within the event's start and end)."""
        slots = self.slots_on([day])
        if slots:
            return min(slot.starts_at for slot in slots), max(slot.ends_at for slot in slots)
        start, end = self.starts_at.astimezone(ZURICH), self.ends_at.astimezone(ZURICH)
        begins = datetime.combine(day, start.timetz()) if day != start.date() else start
        ends = datetime.combine(day, end.timetz()) if day != end.date() else end
        return begins, max(ends, begins)

    def day_capacity(self, day: date) -> int | None:
        """The places of `day` (None: no limit of its own)."""
        return next((row.capacity for row in self.day_places if row.day == day), None)

    def slots_on(self, days) -> list[Slot]:
        """The slots held on the given days."""
        chosen = set(days)
        return [slot for slot in self.slots if slot.day in chosen]

    @property
    def choice_slots(self) -> list[Slot]:
        return [slot for slot in self.slots if slot.kind is not SlotKind.TALKS]

    @property
    def collects_preferences(self) -> bool:
        """Participants rank workshops; no seat is taken until the allocation is published."""
        return (self.allocation_mode is AllocationMode.PREFERENCES
                and self.allocation_published_at is None)

    @property
    def ranked_slots(self) -> list[Slot]:
        """The slots whose workshops are ranked now (optional items stay first come, first served)."""
        if not self.collects_preferences:
            return []
        return [slot for slot in self.slots if slot.kind is SlotKind.CHOICE]

    @property
    def first_come_slots(self) -> list[Slot]:
        """The slots where a choice takes a seat at once."""
        ranked = self.ranked_slots
        return [slot for slot in self.choice_slots if slot not in ranked]

    @property
    def by_invitation(self) -> bool:
        return self.access == "invitation"

    @property
    def has_canton_quotas(self) -> bool:
        return self.canton_quota is not None or bool(self.canton_quotas)

    def quota_for(self, canton: str) -> int | None:
        """The confirmed places open to `canton`; None: no limit."""
        from ..cantons import CANTONS

        if canton not in CANTONS:
            return None
        return (self.canton_quotas or {}).get(canton, self.canton_quota)

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class Slot(Base):
    __tablename__ = "slot"
    __table_args__ = (CheckConstraint("ends_at >= starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[SlotKind] = mapped_column(_enum(SlotKind), default=SlotKind.TALKS)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    title: Mapped[Translated] = mapped_column(TranslatedText)
    description: Mapped[Translated | None] = mapped_column(TranslatedText)
    position: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="slots")
    workshops: Mapped[list[Workshop]] = relationship(
        back_populates="slot", cascade="all, delete-orphan",
        order_by="(Workshop.position, Workshop.code, Workshop.id)")

    @property
    def requires_choice(self) -> bool:
        return self.kind is SlotKind.CHOICE

    @property
    def day(self) -> date:
        """The calendar day (in Switzerland) on which the slot begins."""
        return local_day(self.starts_at)

    def __repr__(self) -> str:
        return f"<Slot {self.id} {self.kind.value}>"


class Workshop(Base):
    """A bookable item of a slot: a workshop, or an optional item such as the dinner."""

    __tablename__ = "workshop"
    __table_args__ = (
        UniqueConstraint("slot_id", "code"),
        CheckConstraint("capacity IS NULL OR confirmed_count <= capacity", name="within_capacity"),
        CheckConstraint("confirmed_count >= 0", name="count_not_negative"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slot.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[Translated] = mapped_column(TranslatedText)
    description: Mapped[Translated | None] = mapped_column(TranslatedText)
    room: Mapped[str] = mapped_column(String(120), default="")
    languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["de"])
    moderators: Mapped[str] = mapped_column(String(300), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    # Confirmed bookings; kept equal to the count of confirmed rows (see `cii-events check`).
    confirmed_count: Mapped[int] = mapped_column(Integer, default=0)
    # Ticket dispenser for this workshop's waiting list: arrival order under the row lock.
    waitlist_counter: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)

    slot: Mapped[Slot] = relationship(back_populates="workshops")

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed_count, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.confirmed_count >= self.capacity

    def __repr__(self) -> str:
        return f"<Workshop {self.code}>"


class EventDay(Base):
    """A day of an event with places of its own: its counter and its waiting list's dispenser."""

    __tablename__ = "event_day"
    __table_args__ = (
        UniqueConstraint("event_id", "day"),
        CheckConstraint("capacity IS NULL OR confirmed_count <= capacity", name="within_capacity"),
        CheckConstraint("confirmed_count >= 0", name="count_not_negative"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    capacity: Mapped[int | None] = mapped_column(Integer)
    # Confirmed registrations with a place on this day, kept while the day has a capacity.
    confirmed_count: Mapped[int] = mapped_column(Integer, default=0)
    # Ticket dispenser for the day's waiting list: arrival order under the row lock.
    waitlist_counter: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="day_places")

    def __repr__(self) -> str:
        return f"<EventDay {self.event_id} {self.day.isoformat()}>"
