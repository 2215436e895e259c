"""Domain exceptions; their messages are lazy-translated, shown in the page's language."""
from __future__ import annotations

from ..i18n import _l


class DomainError(Exception):
    message = _l("The request could not be completed.")

    def __init__(self, message=None, *, field: str | None = None):
        super().__init__(message or self.message)
        if message is not None:
            self.message = message
        self.field = field  # the form field the error belongs to, when there is one


class RegistrationClosed(DomainError):
    message = _l("Registration for this event is not open.")


class AlreadyRegistered(DomainError):
    message = _l("This email address is already registered for this event. "
                 "Use the personal link in your confirmation email to change your registration.")

    def __init__(self, message=None, *, field: str | None = None, double_submit: bool = False):
        super().__init__(message, field=field)
        self.double_submit = double_submit  # the same form sent twice: show the first one's result


class EventFull(DomainError):
    message = _l("This event is fully booked.")


class CantonFull(DomainError):
    """The confirmed places open to the person's canton are taken, and the event has no waiting list."""

    def __init__(self, canton: str, *, field: str | None = "canton"):
        from ..cantons import region_name
        from ..i18n import _

        self.canton = canton
        super().__init__(_("%(canton)s: all places for participants from this canton are taken.",
                           canton=region_name(canton)), field=field)


class WorkshopFull(DomainError):
    def __init__(self, workshop, *, field: str | None = None):
        from ..i18n import _

        self.workshop = workshop
        super().__init__(_("%(workshop)s is full. Please choose another workshop.",
                           workshop=str(workshop.title)), field=field)


class InvalidChoice(DomainError):
    message = _l("Please choose one of the offered workshops.")


class NoDayChosen(DomainError):
    message = _l("Please choose at least one day on which you attend the event.")


class DayNotOffered(DomainError):
    message = _l("Please choose among the days of the event.")


class DayFull(DomainError):
    def __init__(self, day, *, field: str | None = None):
        from ..i18n import _, format_day

        self.day = day
        super().__init__(_("%(day)s is fully booked. Please choose other days.", day=format_day(day)),
                         field=field)


class SlotDayNotAttended(DomainError):
    message = _l("This part of the programme takes place on a day you do not attend.")


class CertificatesTooEarly(DomainError):
    message = _l("The certificates can be sent once the last day the people attend has ended.")


class RegistrationCancelled(DomainError):
    message = _l("This registration has been cancelled and can no longer be changed.")


class LinkReplaced(DomainError):
    message = _l("This personal link is no longer valid: the registration has been passed to someone else.")


class AlreadyWaiting(DomainError):
    """One waiting list per slot: choosing another full workshop would give up a waiting place."""

    def __init__(self, workshop, *, field: str | None = None):
        from ..i18n import _

        self.workshop = workshop
        super().__init__(_("You are already on the waiting list for %(workshop)s in this time slot. To wait "
                           "for another workshop, first leave that waiting list.",
                           workshop=str(workshop.title)), field=field)


class PreferencesClosed(DomainError):
    message = _l("The workshops of this event have just been allocated. "
                 "Please reload the page to see the current state.")


# The allocation (organizers' side).

class NotAllocatedByPreference(DomainError):
    message = _l("This event does not allocate its workshops by preference.")


class AllocationAlreadyPublished(DomainError):
    message = _l("The allocation of this event has already been published.")


class RegistrationStillOpen(DomainError):
    message = _l("Registration is still open: participants can still change their preferences. "
                 "Publish the allocation after the registration deadline.")


class AllocationTooEarly(RegistrationStillOpen):
    message = _l("Registration is still open: participants can still change their preferences. "
                 "The workshops can be allocated once the registration deadline has passed.")


class AllocationOutdated(DomainError):
    message = _l("Registrations or seats have changed since this allocation was computed. "
                 "Please compute it again before publishing.")


class AllocationRunNotDraft(DomainError):
    message = _l("Only an allocation that has not been published or discarded can be published.")


# The organizers' own questions.

class OptionTaken(DomainError):
    """A limited option (e.g. a hotel room) was taken by others meanwhile."""

    def __init__(self, option, *, field: str | None = None):
        from ..i18n import _, current_language

        self.option = option
        super().__init__(_("“%(option)s” is no longer available. Please choose another answer.",
                           option=option.label_in(current_language())), field=field)


class AnswerInvalid(DomainError):
    message = _l("Please check this answer.")
