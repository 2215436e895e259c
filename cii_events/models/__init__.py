"""The data model, one module per aggregate."""
from .base import Base, utcnow
from .event import AllocationMode, Event, EventKind, EventStatus, Slot, SlotKind, Workshop
from .registration import Booking, BookingStatus, Registration, RegistrationStatus

__all__ = [
    "AllocationMode", "Base", "Booking", "BookingStatus", "Event", "EventKind", "EventStatus",
    "Registration", "RegistrationStatus", "Slot", "SlotKind", "Workshop", "utcnow",
]
