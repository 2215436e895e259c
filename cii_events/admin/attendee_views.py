"""Attendee lists, one registration's page and what organizers do with it, and the exports."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from ..extensions import db
from ..i18n import _, current_language
from ..models import OutgoingMail, Registration, RegistrationStatus
from ..saving import saving, see_other
from ..services import attendee_changes, attendees, audit, exports, mail, programme, questions
from . import bp
from .outbox_views import queued_message
from .auth import current_account, current_scope, event_to_manage, event_to_read
from .forms.accounts import ConfirmForm
from .forms.roles import SelectionRoleForm
from .forms.attendees import CancelForm, FilterForm, MoveForm, PromoteForm, RegistrationForm, filter_args
from .views import download, page_number, status_for, write_from_get


def _read(event_id: int):
    return programme.load_event(event_to_read(event_id).id)


def _manage(event_id: int):
    return programme.load_event(event_to_manage(event_id).id)


def _registration(event, registration_id: int) -> Registration:
    """The registration, if the viewer may see it: outside their scope it does not exist (404)."""
    return attendees.get(event, current_scope(), registration_id) or abort(404)


def _filter(event) -> tuple[FilterForm, attendees.AttendeeFilter]:
    form = FilterForm(event, formdata=request.args)
    form.validate()
    return form, form.attendee_filter()


@bp.get("/events/<int:event_id>/registrations/")
def registrations(event_id):
    event = _read(event_id)
    form, flt = _filter(event)
    people = attendees.page(event, current_scope(), flt, page_number())
    workshop = next((w for slot in event.slots for w in slot.workshops if w.id == flt.workshop_id), None)
    manage = current_scope().can_manage_event(event)
    return render_template("admin/registrations.html", event=event, form=form, flt=flt, people=people,
                           args=filter_args(flt), workshop=workshop, manage=manage,
                           answers=_answers_shown(event, people.items, manage),
                           role_form=SelectionRoleForm(formdata=None, prefix="selection") if manage else None)


@bp.get("/events/<int:event_id>/registrations/export")
def export(event_id):
    """The current filter as CSV or XLSX; `layout=roster` gives a workshop's roster."""
    write_from_get()
    event = _read(event_id)
    _form, flt = _filter(event)
    scope = current_scope()
    kind = request.args.get("format", "xlsx")
    if kind not in ("csv", "xlsx"):
        abort(404)
    workshop = next((w for slot in event.slots for w in slot.workshops if w.id == flt.workshop_id), None)
    roster = request.args.get("layout") == exports.ROSTER and workshop is not None
    if roster:
        rows = attendees.roster(event, scope, workshop)
    else:
        rows = attendees.matching(event, scope, flt)
    table = exports.registration_table(
        event, rows, lang=current_language(), layout=exports.ROSTER if roster else exports.FULL,
        include_sensitive=not scope.is_coordinator, workshop_id=workshop.id if workshop else None)
    data = exports.to_csv(table) if kind == "csv" else exports.to_xlsx(table)
    audit.record("export.downloaded", actor=current_account(), object_type="event", object_id=event.id,
                 event_id=event.id, format=kind, layout="roster" if roster else "full",
                 selection=audit.selection_logged(filter_args(flt)), rows=len(rows))
    db.session.commit()
    suffix = ("roster-" + workshop.code) if roster else (flt.canton or "")
    mimetype = ("text/csv; charset=utf-8" if kind == "csv"
                else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return download(data, exports.filename(event, suffix, kind), mimetype)


@bp.get("/events/<int:event_id>/registrations/<int:registration_id>/")
def registration(event_id, registration_id):
    event = _read(event_id)
    person = _registration(event, registration_id)
    scope = current_scope()
    mails = history = []
    if scope.can_manage_event(event):
        mails = db.session.scalars(select(OutgoingMail).where(OutgoingMail.registration_id == person.id)
                                   .order_by(OutgoingMail.created_at.desc(), OutgoingMail.id.desc())).all()
        history = audit.entries_for("registration", person.id)
    answered = [(question, text) for question, text in questions.answered(person, current_language())
                if scope.can_manage_event(event) or question.kind not in questions.FREE_TEXT]
    return render_template("admin/registration.html", event=event, person=person, mails=mails,
                           answered=answered,
                           history=history, can_manage=scope.can_manage_event(event), confirm=ConfirmForm(),
                           positions=_positions(person), mail_subject=mail.subject_of)


def _answers_shown(event, people, manage: bool) -> dict[int, list[tuple[str, str]]]:
    """Per registration of the page, its answers as the list shows them: (question, answer), free
    text shortened, and left out for those who may not read it (like the remarks)."""
    if not event.questions:
        return {}
    lang = current_language()
    shown = {}
    for person in people:
        shown[person.id] = [(question.text_in(lang), text if len(text) <= 80 else text[:79] + "…")
                            for question, text in questions.answered(person, lang)
                            if manage or question.kind not in questions.FREE_TEXT]
    return shown


def _positions(person: Registration) -> dict:
    from ..services.capacity import event_waiting_position, waiting_position

    positions = {booking.id: waiting_position(booking) for booking in person.active_bookings}
    positions["event"] = event_waiting_position(person)
    return positions


@bp.route("/events/<int:event_id>/registrations/<int:registration_id>/edit", methods=["GET", "POST"])
def edit_registration(event_id, registration_id):
    event = _manage(event_id)
    person = _registration(event, registration_id)
    form = RegistrationForm()
    if not form.is_submitted():
        form.fill(person)
    elif form.validate():
        with saving(form) as saved:
            changed = attendee_changes.edit_details(person, form.details(), actor=current_account())
        if saved:
            flash(_("The registration has been saved.") if changed else _("Nothing was changed."), "success")
            return see_other("admin.registration", event_id=event.id, registration_id=person.id)
        person = _registration(_manage(event_id), registration_id)
    return render_template("admin/registration_form.html", form=form, event=event, person=person), \
        status_for(form)


@bp.route("/events/<int:event_id>/registrations/<int:registration_id>/move", methods=["GET", "POST"])
def move_registration(event_id, registration_id):
    event = _manage(event_id)
    person = _registration(event, registration_id)
    if person.status is RegistrationStatus.CANCELLED:
        flash(_("This registration has been cancelled and can no longer be changed."), "error")
        return redirect(url_for("admin.registration", event_id=event.id, registration_id=person.id), code=303)
    form = MoveForm(event)
    if form.validate_on_submit():
        with saving(form) as saved:
            result = attendee_changes.move(
                person, form.slot_id(), form.workshop_id(), actor=current_account(),
                override_reason=(form.reason.data or "") if form.override.data else "")
        if saved:
            flash(_("Nothing was changed.") if result is None else queued_message(
                _("The workshop has been changed."), event_id=event.id), "success")
            return see_other("admin.registration", event_id=event.id, registration_id=person.id)
        event = _manage(event_id)
        person = _registration(event, registration_id)
    seats = {w.id: w for slot in event.slots for w in slot.workshops}
    return render_template("admin/move.html", form=form, event=event, person=person, seats=seats), \
        status_for(form)


@bp.route("/events/<int:event_id>/registrations/<int:registration_id>/cancel", methods=["GET", "POST"])
def cancel_registration(event_id, registration_id):
    event = _manage(event_id)
    person = _registration(event, registration_id)
    form = CancelForm()
    if person.status is RegistrationStatus.CANCELLED:
        flash(_("This registration has been cancelled and can no longer be changed."), "error")
        return redirect(url_for("admin.registration", event_id=event.id, registration_id=person.id), code=303)
    if form.validate_on_submit():
        with saving() as saved:
            attendee_changes.cancel(person, actor=current_account(), reason=form.reason.data or "")
        if saved:
            flash(_("The registration has been cancelled."), "success")
        return see_other("admin.registration", event_id=event_id, registration_id=registration_id)
    return render_template("admin/cancel.html", form=form, event=event, person=person), status_for(form)


@bp.post("/events/<int:event_id>/registrations/<int:registration_id>/send-link")
def send_link(event_id, registration_id):
    event = _manage(event_id)
    person = _registration(event, registration_id)
    if ConfirmForm().validate_on_submit():
        with saving() as saved:
            attendee_changes.send_personal_link(person, actor=current_account())
            email = person.email
        if saved:
            flash(_("The personal link has been sent to %(email)s.", email=email), "success")
    return see_other("admin.registration", event_id=event_id, registration_id=registration_id)


@bp.route("/events/<int:event_id>/registrations/<int:registration_id>/promote/<int:workshop_id>",
          methods=["GET", "POST"])
def promote_booking(event_id, registration_id, workshop_id):
    event = _manage(event_id)
    person = _registration(event, registration_id)
    booking = attendees.booking_in(person, workshop_id) or abort(404)
    return _promote(event, person, lambda reason: attendee_changes.promote_booking(
        booking, actor=current_account(), reason=reason), workshop=booking.workshop)


@bp.route("/events/<int:event_id>/registrations/<int:registration_id>/admit", methods=["GET", "POST"])
def admit_registration(event_id, registration_id):
    event = _manage(event_id)
    person = _registration(event, registration_id)
    return _promote(event, person, lambda reason: attendee_changes.admit(
        person, actor=current_account(), reason=reason), workshop=None)


def _promote(event, person, promote, *, workshop):
    form = PromoteForm()
    back = url_for("admin.registration", event_id=event.id, registration_id=person.id)
    if form.validate_on_submit():
        with saving() as saved:
            overridden = promote(form.reason.data)
        if saved:
            flash(queued_message(_("Done: the person has a place now."), event_id=event.id), "success")
            if overridden:
                flash(_("The capacity has been raised by one place for this."), "success")
        return redirect(back, code=303)
    return render_template("admin/promote.html", form=form, event=event, person=person, workshop=workshop), \
        status_for(form)
