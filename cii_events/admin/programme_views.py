"""The programme of an event: slots and workshops with their seats, and the waiting lists."""
from __future__ import annotations

from flask import abort, flash, render_template
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..i18n import _
from ..models import Booking, BookingStatus, Registration, RegistrationStatus, Slot, SlotKind, Workshop
from ..saving import saving, see_other
from ..services import attendance, capacity, programme
from . import bp
from .outbox_views import queued_message
from .auth import current_account, event_to_manage
from .forms.accounts import ConfirmForm
from .forms.events import SlotForm, WorkshopForm, day_places_form
from .views import status_for


def _slot_of(event, slot_id: int) -> Slot:
    return next((slot for slot in event.slots if slot.id == slot_id), None) or abort(404)


def _workshop_of(event, workshop_id: int) -> Workshop:
    found = [w for slot in event.slots for w in slot.workshops if w.id == workshop_id]
    return found[0] if found else abort(404)


def _managed(event_id: int):
    return programme.load_event(event_to_manage(event_id).id)


@bp.get("/events/<int:event_id>/programme", endpoint="programme")
def programme_page(event_id):
    event = _managed(event_id)
    waiting = capacity.waiting_counts(w.id for slot in event.slots for w in slot.workshops)
    return render_template("admin/programme.html", event=event, waiting=waiting, confirm=ConfirmForm(),
                           shortfalls=attendance.shortfalls(event),
                           day_places=day_places_form(event) if len(event.days) > 1 else None,
                           day_waiting=attendance.waiting_per_day(event),
                           confirmed_per_day=attendance.confirmed_per_day(event))


@bp.post("/events/<int:event_id>/days", endpoint="day_places")
def day_places(event_id):
    """Places per day of an event over several days; people waiting for a day move up."""
    event = _managed(event_id)
    form = day_places_form(event)
    if form.validate():
        with saving(form) as saved:
            admitted = programme.set_day_places(event, form.places(), actor=current_account())
        if saved:
            flash(_("The places per day have been saved.") + (" " + ngettext(
                "%(num)d person moved up from a day's waiting list.",
                "%(num)d people moved up from a day's waiting list.", len(admitted)) if admitted else ""),
                "success")
            return see_other("admin.programme", event_id=event_id)
        event = _managed(event_id)
    waiting = capacity.waiting_counts(w.id for slot in event.slots for w in slot.workshops)
    return render_template("admin/programme.html", event=event, waiting=waiting, confirm=ConfirmForm(),
                           shortfalls=attendance.shortfalls(event), day_places=form,
                           day_waiting=attendance.waiting_per_day(event),
                           confirmed_per_day=attendance.confirmed_per_day(event)), status_for(form)


@bp.route("/events/<int:event_id>/slots/new", methods=["GET", "POST"])
@bp.route("/events/<int:event_id>/slots/<int:slot_id>/edit", methods=["GET", "POST"])
def edit_slot(event_id, slot_id=None):
    event = _managed(event_id)
    slot = _slot_of(event, slot_id) if slot_id else None
    form = SlotForm()
    if not form.is_submitted():
        if slot is not None:
            form.fill(slot)
        else:
            form.kind.data = SlotKind.CHOICE.value
            form.day.data = event.starts_at.astimezone(programme.ZURICH).date()
    elif form.validate():
        with saving(form) as saved:
            programme.save_slot(event, slot, form.slot_data(), actor=current_account())
        if saved:
            flash(_("The programme slot has been saved."), "success")
            return see_other("admin.programme", event_id=event_id)
        event = _managed(event_id)
    return render_template("admin/slot_form.html", form=form, event=event, slot=slot), status_for(form)


@bp.route("/events/<int:event_id>/slots/<int:slot_id>/delete", methods=["GET", "POST"])
def delete_slot(event_id, slot_id):
    event = _managed(event_id)
    slot = _slot_of(event, slot_id)
    return _delete(event, slot, programme.delete_slot, _("The programme slot has been deleted."),
                   title=slot.title.get_text())


@bp.route("/events/<int:event_id>/slots/<int:slot_id>/workshops/new", methods=["GET", "POST"])
@bp.route("/events/<int:event_id>/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
def edit_workshop(event_id, slot_id=None, workshop_id=None):
    event = _managed(event_id)
    workshop = _workshop_of(event, workshop_id) if workshop_id else None
    slot = workshop.slot if workshop else _slot_of(event, slot_id)
    form = WorkshopForm()
    if not form.is_submitted():
        if workshop is not None:
            form.fill(workshop)
        else:
            form.languages.data = [lang for lang in event.languages][:1] or ["de"]
            form.position.data = len(slot.workshops) + 1
    elif form.validate():
        with saving(form) as saved:
            _workshop, promoted = programme.save_workshop(slot, workshop, form.workshop_data(),
                                                          actor=current_account())
        if saved:
            flash(_("The workshop has been saved."), "success")
            if promoted:
                moved = ngettext("%(num)d person moved up from the waiting list.",
                                 "%(num)d people moved up from the waiting list.", len(promoted))
                flash(queued_message(moved, event_id=event.id), "success")
            return see_other("admin.programme", event_id=event_id)
        event = _managed(event_id)
    return render_template("admin/workshop_form.html", form=form, event=event, slot=slot,
                           workshop=workshop), status_for(form)


@bp.route("/events/<int:event_id>/workshops/<int:workshop_id>/delete", methods=["GET", "POST"])
def delete_workshop(event_id, workshop_id):
    event = _managed(event_id)
    workshop = _workshop_of(event, workshop_id)
    return _delete(event, workshop, programme.delete_workshop, _("The workshop has been deleted."),
                   title=f"{workshop.code} {workshop.title.get_text()}")


def _delete(event, thing, delete, done: str, *, title: str):
    form = ConfirmForm()
    if form.validate_on_submit():
        event_id = event.id
        with saving() as saved:
            delete(thing, actor=current_account())
        if saved:
            flash(done, "success")
        return see_other("admin.programme", event_id=event_id)
    return render_template("admin/confirm_delete.html", form=form, event=event, title=title)


@bp.get("/events/<int:event_id>/waiting-lists")
def waiting_lists(event_id):
    """Who waits for the event and for each workshop, in the order they will move up."""
    event = _managed(event_id)
    event_queue = db.session.scalars(
        select(Registration).where(Registration.event_id == event.id,
                                   Registration.status == RegistrationStatus.WAITLISTED)
        .options(selectinload(Registration.bookings).selectinload(Booking.workshop))
        .order_by(Registration.waitlist_ticket, Registration.id)).all()
    queue = db.session.scalars(
        select(Booking).join(Booking.registration).join(Booking.workshop)
        .where(Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED,
               Booking.status == BookingStatus.WAITLISTED)
        .options(selectinload(Booking.registration))
        .order_by(Workshop.id, Booking.waitlist_ticket, Booking.id)).all()
    by_workshop: dict[int, list[Booking]] = {}
    for booking in queue:
        by_workshop.setdefault(booking.workshop_id, []).append(booking)
    return render_template("admin/waiting_lists.html", event=event, event_queue=event_queue,
                           by_workshop=by_workshop)
