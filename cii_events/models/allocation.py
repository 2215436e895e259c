"""Runs of the workshop allocation (preferences mode): each one reproducible from its seed."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow
from .event import Event, _enum
from .user import User


class AllocationRunStatus(enum.Enum):
    DRAFT = "draft"  # computed, for the organizers to review
    PUBLISHED = "published"  # turned into seats and waiting lists, mailed
    DISCARDED = "discarded"  # another run of the event was published


class AllocationRun(Base):
    __tablename__ = "allocation_run"
    __table_args__ = (
        # One published allocation per event, whatever two organizers click at once.
        Index("uq_allocation_run_published", "event_id", unique=True,
              postgresql_where=text("status = 'published'"), sqlite_where=text("status = 'published'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    # The random seed that broke the ties: the same seed on the same input gives the same result.
    seed: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[AllocationRunStatus] = mapped_column(
        _enum(AllocationRunStatus), default=AllocationRunStatus.DRAFT)
    # SHA-256 of the input (preferences, languages, free seats): publishing checks it is unchanged.
    input_digest: Mapped[str] = mapped_column(String(64))
    # {"slots": [{"slot_id", "placements": [[registration, workshop, rank, waiting workshop, ticket]]}]}
    result: Mapped[dict] = mapped_column(JSON)
    # Shares of first/second/third choices, fallback and waiting per slot, canton and language; fill.
    statistics: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_by: Mapped[str] = mapped_column(String(254), default="")  # email or "command line"
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    published_by: Mapped[str] = mapped_column(String(254), default="")

    event: Mapped[Event] = relationship()
    creator: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    publisher: Mapped[User | None] = relationship(foreign_keys=[published_by_id])

    def __repr__(self) -> str:
        return f"<AllocationRun {self.id} seed={self.seed} {self.status.value}>"
