"""Invitations of an event: per canton who was invited, registered, declined or has not answered.

Organizers (and admins) import, add, remind and withdraw; coordinators read their canton's part.
"""
from __future__ import annotations

from flask import abort, flash, render_template, request
from flask_babel import ngettext
from sqlalchemy import select

from ..extensions import db
from ..i18n import _, current_language
from ..models import Invitation, InvitationStatus
from ..saving import saving, see_other
from ..services import invitations, invitee_files
from . import bp
from .auth import current_account, current_scope, event_to_manage, event_to_read
from .forms.invitations import ImportForm, InviteForm, RemindForm
from .views import status_for

STATUSES = [status.value for status in InvitationStatus]


def _page(event, *, invite_form=None, import_form=None, reading=None, code=200):
    scope = current_scope()
    canton = scope.canton if scope.is_coordinator else (request.args.get("canton") or "").upper()
    status = request.args.get("status") if request.args.get("status") in STATUSES else ""
    everyone = invitations.invitations_of(event, canton=scope.canton if scope.is_coordinator else None)
    shown = [i for i in everyone
             if (not canton or i.canton == canton) and (not status or i.status.value == status)]
    lang = current_language()
    return render_template(
        "admin/invitations.html", event=event, lines=invitations.by_canton(everyone), shown=shown,
        canton=canton, status=status, manage=scope.can_manage_event(event),
        invite_form=invite_form or InviteForm(page_language=lang), import_form=import_form or ImportForm(),
        remind_form=RemindForm(cantons_present=sorted({i.canton for i in everyone}), page_language=lang),
        reading=reading, pending=sum(1 for i in everyone if i.status is InvitationStatus.PENDING)), code


@bp.get("/events/<int:event_id>/invitations/")
def invitations_page(event_id):
    return _page(event_to_read(event_id))


@bp.post("/events/<int:event_id>/invitations/add")
def add_invitation(event_id):
    event = event_to_manage(event_id)
    form = InviteForm(page_language=current_language())
    if form.validate_on_submit():
        with saving(form) as saved:
            invitation = invitations.invite(event, form.invitee(), actor=current_account())
        if saved:
            flash(_("%(name)s is invited; the invitation mail is queued (see the outbox for its delivery).",
                    name=invitation.full_name), "success")
            return see_other("admin.invitations_page", event_id=event.id)
    return _page(event, invite_form=form, code=status_for(form))


@bp.post("/events/<int:event_id>/invitations/import")
def import_invitations(event_id):
    event = event_to_manage(event_id)
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(event, import_form=form, code=422)
    upload = form.file.data
    reading = invitee_files.parse(upload.filename or "", upload.read())
    if not reading.ok:
        if reading.file_error is None and not reading.invitees and not reading.problems:
            reading.file_error = _("The file holds no invitees.")
        return _page(event, import_form=form, reading=reading, code=422)
    result = invitations.import_invitees(event, reading, actor=current_account())
    db.session.commit()
    message = ngettext("%(num)d invitation queued; 0 sent so far (see the outbox).",
                       "%(num)d invitations queued; 0 sent so far (see the outbox).", len(result.invited))
    if result.skipped:
        message += " " + ngettext("%(num)d address was invited before and left as it was.",
                                  "%(num)d addresses were invited before and left as they were.",
                                  len(result.skipped))
    flash(message, "success")
    return see_other("admin.invitations_page", event_id=event.id)


@bp.post("/events/<int:event_id>/invitations/remind")
def remind_invitees(event_id):
    event = event_to_manage(event_id)
    present = db.session.scalars(select(Invitation.canton).where(Invitation.event_id == event.id).distinct())
    form = RemindForm(cantons_present=sorted(present), page_language=current_language())
    if form.validate_on_submit():
        count = invitations.remind(event, actor=current_account(), canton=form.canton.data or None)
        db.session.commit()
        flash(ngettext("%(num)d reminder queued; 0 sent so far (see the outbox).",
                       "%(num)d reminders queued; 0 sent so far (see the outbox).", count), "success")
    else:
        flash(_("The reminder could not be sent. Please try again."), "error")
    return see_other("admin.invitations_page", event_id=event.id)


@bp.post("/events/<int:event_id>/invitations/<int:invitation_id>/withdraw")
def withdraw_invitation(event_id, invitation_id):
    event = event_to_manage(event_id)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.event_id != event.id:
        abort(404)
    if not RemindForm().validate_on_submit():  # the CSRF token only
        abort(400)
    with saving() as saved:
        invitations.withdraw(invitation, actor=current_account())
    if saved:
        flash(_("The invitation of %(name)s has been withdrawn.", name=invitation.full_name), "success")
    return see_other("admin.invitations_page", event_id=event.id)
