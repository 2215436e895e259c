"""Domain signals, sent inside the transaction that makes the change.

Receivers (the mail outbox, the audit log) add their rows to the same session, so that a rolled
back change leaves nothing behind.
"""
from blinker import Namespace

_signals = Namespace()

# sender: the Registration
registration_created = _signals.signal("registration-created")
registration_changed = _signals.signal("registration-changed")  # kwargs: changes
registration_cancelled = _signals.signal("registration-cancelled")
registration_admitted = _signals.signal("registration-admitted")  # off the event's waiting list
preferences_changed = _signals.signal("preferences-changed")  # kwargs: changes (first-come slots)
workshops_allocated = _signals.signal("workshops-allocated")  # the allocation was published
event_cancelled = _signals.signal("event-cancelled")  # the whole event was called off; kwargs: reason
# sender: the Booking
booking_promoted = _signals.signal("booking-promoted")  # off a workshop's waiting list
