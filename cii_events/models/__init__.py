"""The data model, one module per aggregate."""
from .allocation import AllocationRun, AllocationRunStatus
from .base import Base, utcnow
from .event import AllocationMode, Event, EventKind, EventStatus, Slot, SlotKind, Workshop
from .invitation import Invitation, InvitationStatus
from .mail import MailStatus, OutgoingMail
from .question import Answer, Question, QuestionKind, QuestionOption
from .registration import Booking, BookingStatus, Registration, RegistrationStatus
from .user import (AdminSession, AuditEntry, LoginThrottle, Role, User,
                   event_organizer)

__all__ = [
    "AdminSession", "AllocationMode", "AllocationRun", "AllocationRunStatus", "Answer", "AuditEntry", "Base",
    "Booking", "Question", "QuestionKind", "QuestionOption",
    "BookingStatus", "Event", "EventKind", "EventStatus", "Invitation", "InvitationStatus", "LoginThrottle",
    "MailStatus", "OutgoingMail", "Registration", "RegistrationStatus", "Role", "Slot", "SlotKind", "User",
    "Workshop", "event_organizer", "utcnow",
]
