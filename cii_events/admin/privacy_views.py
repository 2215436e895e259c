"""Erasing a person's data on their request (nFADP art. 32), recorded in the audit log."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import InputRequired, Length

from ..extensions import db
from ..i18n import _, _l
from ..services import privacy
from . import bp
from .attendee_views import _manage, _registration
from .auth import current_account
from .views import status_for


class EraseForm(FlaskForm):
    reason = StringField(_l("Request received (how and when)"), [
        InputRequired(_l("Please note how the person asked for the erasure.")),
        Length(max=300, message=_l("Please use at most %(max)d characters."))])
    confirm = BooleanField(_l("Yes, erase this person's data. Their seats go to the people waiting; "
                              "this cannot be undone."),
                           [InputRequired(_l("Please confirm the deletion."))])


@bp.route("/events/<int:event_id>/registrations/<int:registration_id>/erase", methods=["GET", "POST"])
def erase_registration(event_id, registration_id):
    event = _manage(event_id)
    person = _registration(event, registration_id)
    if person.erased_at is not None:
        flash(_("The personal data of this registration has already been erased."), "error")
        return redirect(url_for("admin.registrations", event_id=event.id), code=303)
    form = EraseForm()
    if form.validate_on_submit():
        account = current_account()
        privacy.erase(person, actor=account, reason=form.reason.data.strip())
        db.session.commit()
        flash(_("The personal data has been erased."), "success")
        return redirect(url_for("admin.registrations", event_id=event.id), code=303)
    return render_template("admin/erase.html", form=form, event=event, person=person), status_for(form)
