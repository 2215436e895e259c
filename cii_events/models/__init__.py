"""The data model, one module per aggregate."""
from .allocation import AllocationRun, AllocationRunStatus
from .base import Base, utcnow
from .event import (AllocationMode, Event, EventDay, EventKind, EventStatus, Slot, SlotKind, Workshop,
                    local_day)
from .invitation import Invitation, InvitationStatus
from .mail import MailStatus, OutgoingMail
from .question import Answer, Question, QuestionKind, QuestionOption
from .registration import Attendance, Booking, BookingStatus, Registration, RegistrationStatus
from .user import (AdminSession, AuditEntry, LoginThrottle, Role, User,
                   event_organizer)

__all__ = [
    "AdminSession", "AllocationMode", "AllocationRun", "AllocationRunStatus", "Answer", "Attendance",
    "AuditEntry", "Base", "Booking", "EventDay", "Question", "QuestionKind", "QuestionOption",
    "BookingStatus", "Event", "EventKind", "EventStatus", "Invitation", "InvitationStatus", "LoginThrottle",
    "MailStatus", "OutgoingMail", "Registration", "RegistrationStatus", "Role", "Slot", "SlotKind", "User",
    "Workshop", "event_organizer", "local_day", "utcnow",
]
