"""Attendee lists: the registrations of an event as the back office filters, sorts and pages them.

Every query starts from `base_query`, which applies the viewer's Scope: a cantonal coordinator's
lists, counts, exports and messages only ever contain their canton's registrations.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Answer, Booking, BookingStatus, Event, Registration, RegistrationStatus, Workshop
from . import attendance
from .access import Scope

PER_PAGE = 50

STATUS_FILTERS = {
    "active": (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
    "confirmed": (RegistrationStatus.CONFIRMED,),
    "waitlisted": (RegistrationStatus.WAITLISTED,),
    "cancelled": (RegistrationStatus.CANCELLED,),
    "all": tuple(RegistrationStatus),
}
SEAT_FILTERS = {
    "": (BookingStatus.CONFIRMED, BookingStatus.WAITLISTED, BookingStatus.REQUESTED),
    "confirmed": (BookingStatus.CONFIRMED,),
    "waiting": (BookingStatus.WAITLISTED, BookingStatus.REQUESTED),
}
SORTS = {
    "name": (Registration.last_name, Registration.first_name, Registration.id),
    "organisation": (Registration.organisation, Registration.last_name, Registration.id),
    "canton": (Registration.canton, Registration.last_name, Registration.id),
    "created": (Registration.created_at, Registration.id),
    "-created": (Registration.created_at.desc(), Registration.id.desc()),
}


@dataclass
class AttendeeFilter:
    canton: str = ""
    institution_type: str = ""
    workshop_id: int | None = None
    seat: str = ""  # with a workshop: "confirmed" seats only, or the "waiting" list
    status: str = "active"
    language: str = ""
    q: str = ""
    sort: str = "name"
    day: str = ""  # ISO date: the people attending that day of the event
    no_seat: int | None = None  # a required slot's id: the people attending its day without a seat in it
    # An answer to one of the event's questions (services.questions.answer_filters): "12:34" for
    # option 34 of question 12, "12:yes" / "12:no", "12:*" for any answer.
    answer: str = ""
    role: str = ""  # services.roles

    def as_args(self) -> dict:
        """The non-default values, for links that keep the filter."""
        defaults = asdict(AttendeeFilter())
        return {key: value for key, value in asdict(self).items() if value not in (None, "", defaults[key])}

    @property
    def is_default(self) -> bool:
        return not {key for key in self.as_args() if key != "sort"}


def base_query(event: Event, scope: Scope):
    return select(Registration).where(Registration.event_id == event.id, scope.registrations_condition())


def filtered_query(event: Event, scope: Scope, flt: AttendeeFilter):
    query = base_query(event, scope)
    query = query.where(Registration.status.in_(STATUS_FILTERS.get(flt.status, STATUS_FILTERS["active"])))
    if flt.canton:
        query = query.where(Registration.canton == flt.canton)
    if flt.institution_type:
        query = query.where(Registration.institution_type == flt.institution_type)
    if flt.language:
        query = query.where(Registration.language == flt.language)
    if flt.day:
        query = query.where(attendance.attends(date.fromisoformat(flt.day)))
    slot = next((slot for slot in event.slots if slot.id == flt.no_seat), None) if flt.no_seat else None
    if slot is not None:
        query = query.where(attendance.without_seat(slot))
    if flt.workshop_id:
        seat = SEAT_FILTERS.get(flt.seat, SEAT_FILTERS[""])
        query = query.where(exists().where(Booking.registration_id == Registration.id,
                                           Booking.workshop_id == flt.workshop_id, Booking.status.in_(seat)))
    if flt.answer:
        query = query.where(_answer_condition(flt.answer))
    if flt.role:
        query = query.where(Registration.role == flt.role)
    for word in flt.q.split()[:5]:
        query = query.where(
            Registration.first_name.icontains(word, autoescape=True)
            | Registration.last_name.icontains(word, autoescape=True)
            | Registration.email.icontains(word, autoescape=True)
            | Registration.organisation.icontains(word, autoescape=True)
            | Registration.function.icontains(word, autoescape=True)
            | Registration.reference.icontains(word.replace("-", "").upper(), autoescape=True))
    return query.order_by(*SORTS.get(flt.sort, SORTS["name"]))


def _answer_condition(answer: str):
    question, _sep, value = answer.partition(":")
    condition = exists().where(Answer.registration_id == Registration.id, Answer.question_id == int(question))
    if value in ("yes", "no"):
        return condition.where(Answer.value == value)
    if value.isdigit():
        return condition.where(Answer.option_id == int(value))
    return condition


def _with_bookings(query):
    return query.options(selectinload(Registration.bookings).selectinload(Booking.workshop),
                         selectinload(Registration.attendances), selectinload(Registration.answers))


def page(event: Event, scope: Scope, flt: AttendeeFilter, number: int = 1, per_page: int = PER_PAGE):
    """One page of the filtered list, bookings loaded in one extra query."""
    return db.paginate(_with_bookings(filtered_query(event, scope, flt)), page=max(number, 1),
                       per_page=per_page, error_out=False)


def matching(event: Event, scope: Scope, flt: AttendeeFilter) -> list[Registration]:
    """Every registration the filter selects (for exports and messages)."""
    return list(db.session.scalars(_with_bookings(filtered_query(event, scope, flt))))


def roster(event: Event, scope: Scope, workshop: Workshop) -> list[Registration]:
    """A workshop's people for its moderators: confirmed seats first, then the waiting list in order."""
    flt = AttendeeFilter(workshop_id=workshop.id, status="active")
    people = matching(event, scope, flt)

    rank = {BookingStatus.CONFIRMED: 0, BookingStatus.WAITLISTED: 1, BookingStatus.REQUESTED: 2}

    def order(registration):
        booking = booking_in(registration, workshop.id)
        return (rank[booking.status], booking.waitlist_ticket or 0, registration.last_name.lower(),
                registration.first_name.lower())
    return sorted(people, key=order)


def booking_in(registration: Registration, workshop_id: int) -> Booking | None:
    return next((b for b in registration.active_bookings if b.workshop_id == workshop_id), None)


def get(event: Event, scope: Scope, registration_id: int) -> Registration | None:
    """One registration of the event, if the viewer may see it (else None, as if it did not exist)."""
    return db.session.scalars(_with_bookings(base_query(event, scope))
                              .where(Registration.id == registration_id)).first()
