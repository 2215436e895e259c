"""Check-in at the door: scan or search, mark present, undo; live counts for the page's script."""
from __future__ import annotations

from flask import abort, flash, jsonify, render_template, request
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import InputRequired

from ..extensions import db
from ..i18n import _l
from ..saving import saving, see_other, status_for
from ..services import certificates, checkin, programme
from ..web import CAMERA_PERMISSIONS_POLICY
from . import bp
from .outbox_views import queued_message
from .auth import current_account, event_to_manage
from .forms.fields import search_text


class CheckinForm(FlaskForm):
    """Only the token: the scanned code arrives as a plain field, any text at all."""


def _event(event_id: int):
    # Organizers of the event and admins; coordinators only read lists and never check anyone in.
    return programme.load_event(event_to_manage(event_id).id)


def _page(event, result=None, status: int = 200):
    query = search_text(request.args.get("q", ""))[:100]
    found = checkin.search(event, query) if query else []
    per_day = checkin.counts_per_day(event)
    page = render_template("admin/checkin.html", event=event, form=CheckinForm(), result=result,
                           counts=checkin.counts(event), per_day=per_day, query=query, found=found)
    # The camera scans badges here (static/js/checkin-camera.js); every other page is denied it.
    return page, status, {"Permissions-Policy": CAMERA_PERMISSIONS_POLICY}


@bp.get("/events/<int:event_id>/checkin/")
def checkin_page(event_id):
    return _page(_event(event_id))


@bp.post("/events/<int:event_id>/checkin/")
def checkin_scan(event_id):
    """A scanned code (or a typed reference), or a registration picked from the search."""
    event = _event(event_id)
    if not CheckinForm().validate_on_submit():
        abort(400)
    registration_id = request.form.get("registration", "")
    if registration_id:
        person = checkin.registration_of(event, int(registration_id)) if registration_id.isdigit() else None
        result = checkin.check_in(event, person or abort(404), actor=current_account())
    else:
        result = checkin.scan(event, request.form.get("code", ""), actor=current_account())
    db.session.commit()
    # 200 either way: the page shows the outcome; a refused badge is an answer, not an error.
    return _page(event, result)


@bp.post("/events/<int:event_id>/checkin/<int:registration_id>/undo")
def checkin_undo(event_id, registration_id):
    event = _event(event_id)
    if not CheckinForm().validate_on_submit():
        abort(400)
    person = checkin.registration_of(event, registration_id) or abort(404)
    result = checkin.undo(event, person, actor=current_account())
    db.session.commit()
    return _page(event, result)


@bp.get("/events/<int:event_id>/checkin/counts")
def checkin_counts(event_id):
    """Polled by the page: several doors see each other's check-ins."""
    counts = checkin.counts(_event(event_id))
    return jsonify(present=counts.present, expected=counts.expected)


class SendCertificatesForm(FlaskForm):
    confirm = BooleanField(_l("Yes, send the certificates now."),
                           [InputRequired(_l("Please confirm the sending."))])


@bp.route("/events/<int:event_id>/certificates/send", methods=["GET", "POST"])
def send_certificates(event_id):
    """After the event (each person's last day): everyone checked in gets their certificate by
    mail, once; a confirmation step first, as for every mailing to many people."""
    event = _event(event_id)
    form = SendCertificatesForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            count = certificates.queue_for_present(event, actor=current_account())
        if saved:
            flash(queued_message(ngettext("%(num)d certificate of attendance to send.",
                                          "%(num)d certificates of attendance to send.", count),
                                 event_id=event.id), "success")
            return see_other("admin.checkin_page", event_id=event.id)
    return render_template("admin/certificates_send.html", event=event, form=form,
                           pending=certificates.pending(event)), status_for(form)
