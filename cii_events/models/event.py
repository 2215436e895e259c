"""Events, their programme slots and the workshops (bookable items) offered in a slot."""
from __future__ import annotations

import enum
import secrets
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..i18n import Translated
from .base import Base, TranslatedText, UTCDateTime, utcnow


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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    slots: Mapped[list[Slot]] = relationship(
        back_populates="event", cascade="all, delete-orphan",
        order_by="(Slot.starts_at, Slot.position, Slot.id)")

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
