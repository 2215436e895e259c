"""Names of states, roles and logged actions as the back office shows them, in every language."""
from __future__ import annotations

from ..i18n import LANGUAGE_NAMES, _l
from ..services import roles
from ..models import (AllocationMode, AllocationRunStatus, BookingStatus, EventKind, EventStatus,
                      QuestionKind, RegistrationStatus, Role, SlotKind)

EVENT_STATUS = {
    EventStatus.DRAFT: _l("Draft"),
    EventStatus.PUBLISHED: _l("Published"),
    EventStatus.CLOSED: _l("Registration closed"),
    EventStatus.CANCELLED: _l("Cancelled"),
    EventStatus.ARCHIVED: _l("Archived"),
}
EVENT_KIND = {
    EventKind.NATIONAL_DAY: _l("National days"),
    EventKind.SEMINAR: _l("Thematic seminar"),
}
SLOT_KIND = {
    SlotKind.TALKS: _l("Plenary (nothing to choose)"),
    SlotKind.CHOICE: _l("Workshops (one must be chosen)"),
    SlotKind.OPTIONAL: _l("Optional item (dinner, headset …)"),
}
QUESTION_KIND = {
    QuestionKind.SHORT_TEXT: _l("Short text"),
    QuestionKind.LONG_TEXT: _l("Long text"),
    QuestionKind.YES_NO: _l("Yes or no"),
    QuestionKind.ONE_CHOICE: _l("One choice"),
    QuestionKind.SEVERAL_CHOICES: _l("Several choices"),
    QuestionKind.NUMBER: _l("Number"),
    QuestionKind.DATE: _l("Date"),
}
ALLOCATION_MODE = {
    AllocationMode.FIRST_COME: _l("First come, first served"),
    AllocationMode.PREFERENCES: _l("By preference: participants rank workshops, allocated after the "
                                   "deadline"),
}
# The state of an allocation run as the review shows it; "outdated": a draft whose input has changed.
RUN_STATUS = {
    AllocationRunStatus.DRAFT.value: _l("Draft"),
    AllocationRunStatus.PUBLISHED.value: _l("Published"),
    AllocationRunStatus.DISCARDED.value: _l("Discarded"),
    "outdated": _l("Outdated"),
}
REGISTRATION_STATUS = {
    RegistrationStatus.CONFIRMED: _l("Confirmed"),
    RegistrationStatus.WAITLISTED: _l("Waiting list"),
    RegistrationStatus.CANCELLED: _l("Cancelled"),
}
BOOKING_STATUS = {
    BookingStatus.CONFIRMED: _l("Seat confirmed"),
    BookingStatus.WAITLISTED: _l("Waiting list"),
    BookingStatus.REQUESTED: _l("Requested (event waiting list)"),
    BookingStatus.CANCELLED: _l("Cancelled"),
}
ROLE = {
    Role.ADMIN: _l("Administrator"),
    Role.ORGANIZER: _l("Organizer"),
    Role.COORDINATOR: _l("Cantonal coordinator"),
}
STATUS_FILTER = {
    "active": _l("Confirmed and waiting"),
    "confirmed": _l("Confirmed"),
    "waitlisted": _l("Event waiting list"),
    "cancelled": _l("Cancelled"),
    "all": _l("All, cancelled included"),
}
SEAT_FILTER = {
    "": _l("Seat or waiting list"),
    "confirmed": _l("Seat confirmed"),
    "waiting": _l("Waiting list"),
}
SORT = {
    "name": _l("Name"),
    "organisation": _l("Organisation"),
    "canton": _l("Canton"),
    "-created": _l("Newest first"),
    "created": _l("Oldest first"),
}
ACTION = {
    "login.succeeded": _l("Signed in"),
    "login.failed": _l("Failed sign-in"),
    "login.throttled": _l("Sign-in refused: too many failed attempts"),
    "logout": _l("Signed out"),
    "logout.everywhere": _l("Signed out everywhere"),
    "account.profile": _l("Own profile changed"),
    "account.password_changed": _l("Own password changed"),
    "user.created": _l("Account created"),
    "user.updated": _l("Account changed"),
    "user.password_set": _l("Password set by an administrator"),
    "user.unlocked": _l("Account unlocked"),
    "event.created": _l("Event created"),
    "event.updated": _l("Event changed"),
    "event.day_places_changed": _l("Places per day changed"),
    "event.copied": _l("Event copied"),
    "event.cancelled": _l("Event cancelled, mails to the participants queued"),
    "event.mail_texts_changed": _l("Texts of the mails changed"),
    "event.reminder_changed": _l("Reminder setting changed"),
    "event.quotas_changed": _l("Places per canton changed"),
    "mail.retried": _l("Mail queued again"),
    "mail.cancelled": _l("Mail cancelled before it was sent"),
    "reminders.queued": _l("Reminders queued"),
    "event.retention_ended": _l("Retention period ended: personal data erased"),
    "invitation.created": _l("Person invited"),
    "invitation.imported": _l("Invitees imported from a file"),
    "invitation.declined": _l("Invitation declined"),
    "invitation.withdrawn": _l("Invitation withdrawn"),
    "invitation.reminded": _l("Reminders of the invitation queued"),
    "slot.created": _l("Programme slot created"),
    "slot.updated": _l("Programme slot changed"),
    "slot.deleted": _l("Programme slot deleted"),
    "workshop.created": _l("Workshop created"),
    "workshop.updated": _l("Workshop changed"),
    "workshop.deleted": _l("Workshop deleted"),
    "registration.edited": _l("Registration corrected"),
    "registration.moved": _l("Moved to another workshop"),
    "registration.cancelled": _l("Registration cancelled by the organizers"),
    "registration.admitted": _l("Admitted from the event waiting list"),
    "registration.link_sent": _l("Personal link sent again"),
    "registration.consents_changed": _l("Consents changed by the participant"),
    "registration.erased": _l("Personal data erased"),
    "booking.promoted": _l("Given a seat from the waiting list"),
    "export.downloaded": _l("Export downloaded"),
    "message.sent": _l("Message sent"),
    "checkin.done": _l("Checked in at the door"),
    "checkin.repeated": _l("Badge scanned again"),
    "checkin.refused": _l("Check-in refused"),
    "checkin.undone": _l("Check-in undone"),
    "badges.printed": _l("Badges printed"),
    "certificates.sent": _l("Certificates of attendance sent"),
    "allocation.computed": _l("Workshop allocation computed"),
    "allocation.published": _l("Workshop allocation published"),
    "allocation.discarded": _l("Workshop allocation discarded"),
    "question.created": _l("Question added"),
    "question.updated": _l("Question changed"),
    "question.deleted": _l("Question removed with its answers"),
    "registration.answers_changed": _l("Answers changed by the participant"),
    "registration.role_changed": _l("Role changed"),
    "event.logo_changed": _l("Logo changed"),
    "registration.details_changed": _l("Details changed by the participant"),
    "registration.email_change_requested": _l("New address asked for by the participant"),
    "registration.transferred": _l("Place passed to a colleague by the participant"),
}
ACTOR = {
    "participant": _l("the participant (personal link)"),
    "system": _l("the application (retention period)"),
    "command line": _l("the command line"),
}
OBJECT_TYPE = {
    "user": _l("Account"),
    "event": _l("Event"),
    "slot": _l("Programme slot"),
    "workshop": _l("Workshop"),
    "registration": _l("Registration"),
    "allocation_run": _l("Workshop allocation"),
    "question": _l("Question"),
    "mail": _l("Mail"),
}
MAIL_STATUS = {
    "queued": _l("In the queue"),
    "sending": _l("Being sent"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
    "bounced": _l("Bounced"),
    "cancelled": _l("Cancelled"),
}
MAIL_KIND = {
    "confirmed": _l("Confirmation"),
    "waitlisted": _l("Waiting list"),
    "promoted": _l("Place from the waiting list"),
    "changed": _l("Change"),
    "cancelled": _l("Cancellation"),
    "event_cancelled": _l("Event cancelled"),
    "link": _l("Personal link"),
    "preferences": _l("Workshop preferences"),
    "message": _l("Message from the organizers"),
    "certificate": _l("Certificate of attendance"),
    "reminder": _l("Reminder"),
    "invitation": _l("Invitation"),
    "invitation_reminder": _l("Reminder of an invitation"),
    "email_confirm": _l("Confirmation of a new address"),
    "email_change_notice": _l("Notice of a change of address"),
    "email_changed": _l("New address confirmed"),
    "transferred": _l("Place passed on"),
}
LANGUAGE = {"de": _l("German"), "fr": _l("French"), "it": _l("Italian"), "en": _l("English")}


def action(code: str):
    return ACTION.get(code, code)


def details(value) -> str:
    """An audit entry's details as a line of text: key: value; nested values in brackets."""
    if isinstance(value, dict):
        return "; ".join(f"{key}: {details(item)}" for key, item in value.items()
                         if item not in (None, "", [], {}))
    if isinstance(value, list):
        return ", ".join(details(item) for item in value)
    if value is True or value is False:
        return "✓" if value else "–"
    return str(value)


def filters() -> dict:
    """Jinja filters: {{ event.status|event_status }} and the like."""
    return {
        "event_status": EVENT_STATUS.get, "allocation_mode": ALLOCATION_MODE.get,
        "run_status": RUN_STATUS.get, "event_kind": EVENT_KIND.get, "slot_kind": SLOT_KIND.get,
        "registration_status": REGISTRATION_STATUS.get, "booking_status": BOOKING_STATUS.get,
        "role": ROLE.get, "audit_action": action, "question_kind": QUESTION_KIND.get,
        "registration_role": lambda code: roles.ROLES.get(code, code),
        "audit_actor": lambda actor: ACTOR.get(actor, actor),
        "object_type": lambda code: OBJECT_TYPE.get(code, code),
        "language_name": lambda code: LANGUAGE.get(code, code),
        "audit_details": lambda value: details(value or {}),
        "language_autonym": lambda code: LANGUAGE_NAMES.get(code, code),
        "mail_status": lambda code: MAIL_STATUS.get(getattr(code, "value", code), code),
        "mail_kind": lambda code: MAIL_KIND.get(code, code),
    }
