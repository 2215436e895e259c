"""A person's registration for an event and their bookings of workshops."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow
from .event import Event, Workshop, _enum


class RegistrationStatus(enum.Enum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"  # the event itself is full
    CANCELLED = "cancelled"


class BookingStatus(enum.Enum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    # Chosen by a person on the event's waiting list: takes a seat once they are admitted.
    REQUESTED = "requested"
    CANCELLED = "cancelled"
    # A ranked wish (preferences mode, `preference_rank` 1..3): holds no seat; the allocation
    # turns it into a seat or a waiting-list place, or removes it.
    PREFERENCE = "preference"


ACTIVE_BOOKING = (BookingStatus.CONFIRMED, BookingStatus.WAITLISTED, BookingStatus.REQUESTED)


class Registration(Base):
    __tablename__ = "registration"
    __table_args__ = (
        # One active registration per email address and event.
        Index("uq_registration_active_email", "event_id", "email_normalized", unique=True,
              postgresql_where=text("status <> 'cancelled'"),
              sqlite_where=text("status <> 'cancelled'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(_enum(RegistrationStatus))
    salutation: Mapped[str] = mapped_column(String(40), default="")
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    email_normalized: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(20), default="")  # E.164
    organisation: Mapped[str] = mapped_column(String(200))
    function: Mapped[str] = mapped_column(String(200), default="")
    institution_type: Mapped[str] = mapped_column(String(30))
    canton: Mapped[str] = mapped_column(String(3), index=True)
    language: Mapped[str] = mapped_column(String(2))  # correspondence language
    # What the person is at the event (services.roles): participant, speaker, moderator, ...
    role: Mapped[str] = mapped_column(String(20), default="participant", server_default="participant")
    # Given with a role by the organizers: this person's seats do not count against the
    # participants' (each of their workshops grew by one seat for them, services.capacity).
    seats_outside_capacity: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    # Languages the person follows in a workshop (preferences mode); None: only `language`.
    understood_languages: Mapped[list[str] | None] = mapped_column(JSON)
    dietary: Mapped[str] = mapped_column(Text, default="")
    accessibility_needs: Mapped[str] = mapped_column(Text, default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
    privacy_version_accepted: Mapped[str] = mapped_column(String(40))
    privacy_accepted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    list_consent: Mapped[bool] = mapped_column(default=False)
    photo_consent: Mapped[bool] = mapped_column(default=False)
    # Short public reference for people and the desk.
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    # The personal link's secret is derived from this salt and the server key (services.tokens);
    # only its SHA-256 is stored, for the lookup.
    manage_token_salt: Mapped[str] = mapped_column(String(32))
    manage_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # What the badge QR code holds: lets the desk check someone in, never change the registration.
    checkin_code: Mapped[str] = mapped_column(String(32), unique=True)
    # Hash of the form's one-time nonce: a double submit finds the first registration.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    waitlist_ticket: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The first check-in at the event (present at all); each day's is in `attendances`.
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the personal data was erased (on request, or when the retention period ended).
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consents_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Self-service (services.self_service): when the person last changed their own details, and
    # when the place last passed to someone else (mails queued before it carry no personal link).
    details_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    transferred_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A new address waiting for its confirmation link; the link's secret is derived from the salt.
    pending_email: Mapped[str | None] = mapped_column(String(254))
    email_change_salt: Mapped[str | None] = mapped_column(String(32))
    email_change_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()
    bookings: Mapped[list[Booking]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", order_by="Booking.id")
    # Answers to the event's own questions (models.question).
    answers: Mapped[list["Answer"]] = relationship(  # noqa: F821
        back_populates="registration", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Answer.id")

    attendances: Mapped[list[Attendance]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", order_by="Attendance.day")

    @property
    def days(self) -> list[date]:
        """The days the person attends, first to last."""
        return sorted(attendance.day for attendance in self.attendances)

    def attends(self, day: date) -> bool:
        return day in self.days

    @property
    def days_with_place(self) -> list[date]:
        """The days attended with a place (not on a day's waiting list)."""
        return sorted(a.day for a in self.attendances if a.waitlist_ticket is None)

    def has_place_on(self, day: date) -> bool:
        return day in self.days_with_place

    def attendance_on(self, day: date) -> Attendance | None:
        return next((attendance for attendance in self.attendances if attendance.day == day), None)

    @property
    def present_days(self) -> list[date]:
        """The days the person was checked in (all days attended for a check-in recorded before
        days were kept)."""
        days = [attendance.day for attendance in self.attendances if attendance.checked_in_at is not None]
        return days or (self.days if self.checked_in_at is not None else [])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def active_bookings(self) -> list[Booking]:
        return [booking for booking in self.bookings if booking.status in ACTIVE_BOOKING]

    @property
    def bookings_in_time_order(self) -> list[Booking]:
        """The active bookings by the start of their slot (then the programme's order), a seat
        before a waiting place kept beside it: how every list shows them."""
        return sorted(self.active_bookings, key=booking_order)

    def booking_for_slot(self, slot_id: int) -> Booking | None:
        """The person's place in the slot: their seat (or request), else a place on a waiting list."""
        waiting = None
        for booking in self.active_bookings:
            if booking.workshop.slot_id == slot_id:
                if booking.status is not BookingStatus.WAITLISTED:
                    return booking
                waiting = waiting or booking
        return waiting

    def waiting_in_slot(self, slot_id: int) -> Booking | None:
        """The person's place on a waiting list in the slot, with or without a seat there beside it."""
        return next((booking for booking in self.active_bookings
                     if booking.status is BookingStatus.WAITLISTED and booking.workshop.slot_id == slot_id),
                    None)

    def waiting_beside_seat(self, slot_id: int) -> Booking | None:
        """A waiting place kept next to a seat in the same slot (chosen on the personal page): the
        person moves once a seat is free for them."""
        held = self.booking_for_slot(slot_id)
        if held is None or held.status is BookingStatus.WAITLISTED:
            return None
        return self.waiting_in_slot(slot_id)

    @property
    def languages_followed(self) -> list[str]:
        return list(self.understood_languages or [self.language])

    @property
    def preferences(self) -> list[Booking]:
        """The ranked wishes, best first (preferences mode, before the allocation)."""
        wishes = [booking for booking in self.bookings if booking.status is BookingStatus.PREFERENCE]
        return sorted(wishes, key=lambda booking: (booking.preference_rank or 0, booking.id or 0))

    def preferences_for_slot(self, slot_id: int) -> list[Booking]:
        return [booking for booking in self.preferences if booking.workshop.slot_id == slot_id]

    def __repr__(self) -> str:
        return f"<Registration {self.reference} {self.status.value}>"


class Booking(Base):
    __tablename__ = "booking"
    __table_args__ = (
        UniqueConstraint("registration_id", "workshop_id"),
        Index("ix_booking_workshop_status", "workshop_id", "status", "waitlist_ticket"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    status: Mapped[BookingStatus] = mapped_column(_enum(BookingStatus))
    waitlist_ticket: Mapped[int | None] = mapped_column(Integer)
    preference_rank: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    registration: Mapped[Registration] = relationship(back_populates="bookings")
    workshop: Mapped[Workshop] = relationship()

    def __repr__(self) -> str:
        return f"<Booking {self.workshop_id} {self.status.value}>"


class Attendance(Base):
    """A day of the event the registration attends (every day of an event without a choice of days)."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("registration_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    # When the person was checked in on this day (services.checkin).
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # On the day's waiting list (a day with places of its own that is full): the ticket; None: a place.
    waitlist_ticket: Mapped[int | None] = mapped_column(Integer)

    registration: Mapped[Registration] = relationship(back_populates="attendances")

    def __repr__(self) -> str:
        return f"<Attendance {self.registration_id} {self.day.isoformat()}>"


def booking_order(booking: Booking) -> tuple:
    slot, workshop = booking.workshop.slot, booking.workshop
    return (slot.starts_at, slot.position, slot.id, booking.status is BookingStatus.WAITLISTED,
            workshop.position, workshop.id)
