"""The outbox: every mail is a row written in the transaction of the change that causes it."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow
from .event import _enum
from .registration import Registration


class MailStatus(enum.Enum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # permanently, or after the last attempt
    BOUNCED = "bounced"  # the recipient's address was refused (5xx): retrying needs a changed address
    CANCELLED = "cancelled"  # withdrawn from the outbox by an organizer before it was sent


class OutgoingMail(Base):
    __tablename__ = "outgoing_mail"
    __table_args__ = (Index("ix_outgoing_mail_due", "status", "next_attempt_at"),
                      Index("ix_outgoing_mail_registration_kind", "registration_id", "kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration.id", ondelete="SET NULL"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"), index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    sender: Mapped[str] = mapped_column(String(254), default="")
    reply_to: Mapped[str] = mapped_column(String(254), default="")
    language: Mapped[str] = mapped_column(String(2))
    # The facts of the moment the mail was queued (statuses, waiting positions); the mail is
    # rendered from them, in the recipient's language, by the first delivery attempt.
    context: Mapped[dict | None] = mapped_column(JSON)
    rendered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    subject: Mapped[str] = mapped_column(String(300), default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    # [{"filename": ..., "content_type": ..., "data": base64}]
    attachments: Mapped[list] = mapped_column(JSON, default=list)
    # Message-ID header, fixed when queued: a retried delivery is recognisably the same message.
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[MailStatus] = mapped_column(_enum(MailStatus), default=MailStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration: Mapped[Registration | None] = relationship()

    def __repr__(self) -> str:
        return f"<OutgoingMail {self.id} {self.kind} {self.status.value}>"
