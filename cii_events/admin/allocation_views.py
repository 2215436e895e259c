"""The workshop allocation of a preferences-mode event: compute runs, review them, publish one."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from ..i18n import _
from ..saving import saving
from ..services import allocation, allocation_review, programme
from ..services.errors import DomainError
from . import bp
from .outbox_views import queued_message
from .auth import current_account, event_to_manage
from .forms.accounts import ConfirmForm
from .forms.allocation import ComputeForm, PublishForm
from .views import status_for


def _event(event_id: int):
    # Organizers of the event and admins; coordinators never allocate.
    return programme.load_event(event_to_manage(event_id).id)


def _run(event, run_id: int):
    return allocation.get_run(event, run_id) or abort(404)


def _to_page(event_id: int, run_id: int | None = None):
    return redirect(url_for("admin.allocation_page", event_id=event_id, run=run_id), code=303)


def _page(event, form: ComputeForm | None = None):
    runs = allocation.runs(event)
    run_id = request.args.get("run", type=int)
    selected = allocation_review.chosen(runs, run_id)
    if run_id is not None and selected is None:
        abort(404)
    form = form or ComputeForm()
    return render_template("admin/allocation.html", event=event, form=form, action_form=ConfirmForm(),
                           runs=runs, states=allocation_review.states(event, runs),
                           review=allocation_review.review(selected) if selected else None,
                           published=allocation.published_run(event),
                           can_compute=allocation_review.can_compute(event)), status_for(form)


@bp.get("/events/<int:event_id>/allocation/")
def allocation_page(event_id):
    return _page(_event(event_id))


@bp.post("/events/<int:event_id>/allocation/")
def compute_allocation(event_id):
    event = _event(event_id)
    form = ComputeForm()
    if not form.validate_on_submit():
        return _page(event, form)
    with saving() as saved:
        run = allocation_review.compute(event, seed=form.seed.data, actor=current_account())
    if not saved:
        return _to_page(event_id)
    flash(_("The allocation has been computed with seed %(seed)s. Review it, then publish it.",
            seed=run.seed), "success")
    return _to_page(event_id, run.id)


@bp.post("/events/<int:event_id>/allocation/<int:run_id>/discard")
def discard_allocation(event_id, run_id):
    run = _run(_event(event_id), run_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    seed = run.seed
    with saving() as saved:
        allocation.discard(run, actor=current_account())
    if saved:
        flash(_("The draft with seed %(seed)s has been discarded. It stays in the list for the record.",
                seed=seed), "success")
    return _to_page(event_id, run_id)


@bp.route("/events/<int:event_id>/allocation/<int:run_id>/publish", methods=["GET", "POST"])
def publish_allocation(event_id, run_id):
    """A confirmation step, then the seats, the waiting lists and a mail to everyone."""
    event = _event(event_id)
    run = _run(event, run_id)
    form = PublishForm()
    if form.validate_on_submit():
        with saving() as saved:
            report = allocation.publish(run, actor=current_account())
        if saved:
            flash(queued_message(_("The allocation has been published. Seats given: %(seated)d; on waiting "
                                   "lists: %(waiting)d.", seated=report.seated, waiting=report.waiting),
                                 event_id=event.id, count=report.mailed), "success")
        return _to_page(event_id, run_id)
    try:
        allocation.ensure_publishable(run)  # a check only: nothing to roll back
    except DomainError as error:
        flash(error.message, "error")
        return _to_page(event_id, run_id)
    return render_template("admin/allocation_publish.html", event=event, form=form,
                           review=allocation_review.review(run)), status_for(form)
