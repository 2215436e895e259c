"""The participant's self-service on the personal link: own details, a new address confirmed from
its mailbox, and a colleague in one's place (services.self_service)."""
from __future__ import annotations

from flask import abort, flash, render_template, request

from ..extensions import csrf
from ..i18n import _
from ..models import RegistrationStatus, utcnow
from ..saving import saving, see_other, status_for
from ..services import self_service
from . import bp
from .forms import ConfirmAddressForm, DetailsForm, LeaveWaitingListForm, TransferForm
from .views import _registration_or_404, personal_link_limit


def _can_change(registration) -> bool:
    return (registration.status is not RegistrationStatus.CANCELLED
            and registration.event.registration_open_at(utcnow()))


@bp.route("/registration/<token>/details", methods=["GET", "POST"])
@personal_link_limit
@csrf.exempt  # the form checks its own token
def details(token):
    registration = _registration_or_404(token)
    form = DetailsForm() if request.method == "POST" else DetailsForm(obj=registration)
    if request.method != "POST" and registration.pending_email:
        form.email.data = registration.pending_email  # saving again sends no second link
    if form.validate_on_submit():
        with saving(form) as saved:
            change = self_service.change_details(registration, form.participant_details())
        if saved:
            if change.changed or change.address_withdrawn:
                flash(_("Your details have been saved."), "success")
            if change.address_to_confirm:
                flash(_("We have sent a confirmation link to %(address)s. Until you confirm it, we keep "
                        "writing to your previous address.", address=change.address_to_confirm), "success")
            if not change:
                flash(_("Nothing was changed."), "success")
            return see_other("public.personal_page", token=token)
        registration = _registration_or_404(token)
    return render_template("public/details.html", registration=registration, event=registration.event,
                           form=form, token=token, can_change=_can_change(registration)), status_for(form)


@bp.route("/registration/<token>/transfer", methods=["GET", "POST"])
@personal_link_limit
@csrf.exempt  # the form checks its own token
def transfer(token):
    registration = _registration_or_404(token)
    event = registration.event
    form = TransferForm()
    if form.validate_on_submit():
        name = f"{form.first_name.data} {form.last_name.data}"
        with saving(form) as saved:
            self_service.transfer(registration, form.colleague())
        if saved:
            flash(_("Your place has been passed to %(name)s, who has received a confirmation with their own "
                    "personal link. Your link no longer works.", name=name), "success")
            return see_other("public.event", slug=event.slug)
        registration = _registration_or_404(token)
    return render_template("public/transfer.html", registration=registration, event=event, form=form,
                           token=token, can_change=_can_change(registration)), status_for(form)


@bp.route("/confirm-address/<reference>/<code>", methods=["GET", "POST"])
@personal_link_limit
@csrf.exempt  # the form checks its own token
def confirm_email(reference, code):
    registration = self_service.find_email_change(reference, code) or abort(404)
    form = ConfirmAddressForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            address = self_service.confirm_email_change(registration, code)
        if saved:
            flash(_("Thank you: from now on we write to %(address)s. We have sent your personal link there.",
                    address=address), "success")
            return see_other("public.address_confirmed")
    return render_template("public/confirm_address.html", registration=registration,
                           event=registration.event, form=form), status_for(form)


@bp.get("/address-confirmed")
def address_confirmed():
    return render_template("public/address_confirmed.html")


@bp.route("/registration/<token>/waiting/<int:workshop_id>/leave", methods=["GET", "POST"])
@personal_link_limit
@csrf.exempt  # the form checks its own token
def leave_waiting_list(token, workshop_id):
    registration = _registration_or_404(token)
    booking = self_service.waiting_booking(registration, workshop_id) or abort(404)
    form = LeaveWaitingListForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            workshop = self_service.leave_waiting_list(registration, workshop_id)
        if saved:
            flash(_("You have left the waiting list for %(workshop)s.", workshop=workshop.title), "success")
            return see_other("public.personal_page", token=token)
        registration = _registration_or_404(token)
    return render_template("public/leave_waiting_list.html", registration=registration,
                           event=registration.event, booking=booking, form=form, token=token,
                           seat=registration.waiting_beside_seat(booking.workshop.slot_id) and
                           registration.booking_for_slot(booking.workshop.slot_id)), status_for(form)
