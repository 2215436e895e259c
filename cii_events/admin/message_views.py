"""Writing to a group of participants: compose, preview, send through the outbox; the history."""
from __future__ import annotations

from flask import flash, render_template, request
from flask_babel import ngettext
from sqlalchemy import select

from ..extensions import db
from ..i18n import _
from ..models import AuditEntry
from ..services import attendees, messages, programme
from ..services.errors import DomainError
from . import bp
from .outbox_views import queued_message
from .auth import current_account, current_scope, event_to_manage
from .forms.attendees import FilterForm, filter_args
from .forms.messages import MessageForm
from ..saving import saving, see_other, show_error, status_for


def _preview(form, draft, recipients):
    """Which version goes to how many people; None, with the reason on the form, when none can go."""
    try:
        plan = messages.plan(draft, recipients)
        if not recipients:
            raise messages.NoRecipients()
    except DomainError as error:
        show_error(form, error)
        return None
    form.previewed.data = str(len(recipients))
    return plan


@bp.route("/events/<int:event_id>/messages/new", methods=["GET", "POST"])
def write_message(event_id):
    event = programme.load_event(event_to_manage(event_id).id)
    filter_form = FilterForm(event, formdata=request.args)
    filter_form.validate()
    flt = filter_form.attendee_filter()
    recipients = attendees.matching(event, current_scope(), flt)
    form = MessageForm()
    plan = None
    if form.validate_on_submit():
        draft = form.draft()
        sending = request.form.get("action") == "send"
        if sending and form.previewed.data == str(len(recipients)):
            with saving(form) as saved:
                count = messages.send(event, draft, recipients, actor=current_account(),
                                      selection=filter_args(flt))
            if saved:
                flash(queued_message(ngettext("The message goes to %(num)d person.",
                                              "The message goes to %(num)d people.", count),
                                     event_id=event.id), "success")
                return see_other("admin.messages", event_id=event.id)
        else:
            if sending and form.previewed.data:
                form.form_errors.append(_("The group has changed since the preview. Please check the "
                                          "preview again before sending."))
            plan = _preview(form, draft, recipients)
    return render_template("admin/message_form.html", event=event, form=form, filter_form=filter_form,
                           flt=flt, args=filter_args(flt), recipients=recipients, plan=plan,
                           personalise=messages.personalise), status_for(form)


@bp.get("/events/<int:event_id>/messages/", endpoint="messages")
def messages_sent(event_id):
    event = event_to_manage(event_id)
    sent = db.session.scalars(select(AuditEntry).where(AuditEntry.event_id == event.id,
                                                       AuditEntry.action == "message.sent")
                              .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())).all()
    return render_template("admin/messages.html", event=event, sent=sent)
