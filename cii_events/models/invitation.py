"""Invitations to an invitation-only event: who was invited, and what became of it."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow


class InvitationStatus(enum.Enum):
    PENDING = "pending"        # invited, no answer yet
    REGISTERED = "registered"  # used to register (one invitation, one registration)
    DECLINED = "declined"      # the invitee said no
    WITHDRAWN = "withdrawn"    # the organizers took it back


class Invitation(Base):
    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("event_id", "email_normalized", name="uq_invitation_event_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    status: Mapped[InvitationStatus] = mapped_column(
        Enum(InvitationStatus, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e],
             validate_strings=True), default=InvitationStatus.PENDING)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    email_normalized: Mapped[str] = mapped_column(String(254))
    canton: Mapped[str] = mapped_column(String(3), index=True)
    language: Mapped[str] = mapped_column(String(2))  # correspondence language
    organisation: Mapped[str] = mapped_column(String(200), default="")
    function: Mapped[str] = mapped_column(String(200), default="")
    # The code in the invitation link is derived from SECRET_KEY and this salt (like personal links),
    # so the mail can be rendered at delivery; only its hash is looked up.
    code_salt: Mapped[str] = mapped_column(String(32))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id", ondelete="SET NULL"))
    invited_by: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminders: Mapped[int] = mapped_column(Integer, default=0)

    event = relationship("Event")
    registration = relationship("Registration")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def __repr__(self) -> str:
        return f"<Invitation {self.id} {self.status.value}>"
