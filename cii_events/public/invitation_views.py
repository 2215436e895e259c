"""Invitation-only events on the public site: the gate of the registration form, and declining."""
from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for

from ..extensions import db, limiter
from ..models import InvitationStatus
from ..services import catalogue, invitations, registration as registrations
from ..services.errors import DomainError
from . import bp
from .forms import DeclineInvitationForm


def invitation_gate(event):
    """(invitation, refusal page): the invitation to register with, or the page that says why not.

    Open events pass with (None, None). Without a usable invitation the form is not offered, and a
    post is refused before anything is stored.
    """
    if not event.by_invitation:
        return None, None
    code = request.args.get("invitation")
    try:
        return invitations.usable(event, code), None
    except invitations.InvitationUsed as error:
        from .views import _nonce_is_ours  # the double-submit nonce belongs to this browser's session

        nonce = request.form.get("nonce", "")
        earlier = request.method == "POST" and _nonce_is_ours(nonce) and registrations.find_by_submission(
            event, nonce, request.form.get("email", ""))
        if earlier:  # the same form sent twice: show what the first submit made
            token = registrations.personal_token(earlier)
            return None, redirect(url_for("public.personal_page", token=token), code=303)
        return None, _refusal(event, error)
    except DomainError as error:
        return None, _refusal(event, error)


def _refusal(event, error):
    page = render_template("public/invitation_required.html", event=event, message=error.message,
                           used=isinstance(error, invitations.InvitationUsed))
    return page, 403


def prefill(form, invitation) -> None:
    for name in ("first_name", "last_name", "email", "organisation", "function", "canton", "language"):
        if getattr(invitation, name):
            form[name].data = getattr(invitation, name)


def invitation_query(invitation) -> dict:
    """What the form's address keeps so that its post carries the invitation."""
    return {"invitation": request.args.get("invitation")} if invitation is not None else {}


@bp.route("/events/<slug>/invitation/<code>/decline", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_PERSONAL_PAGE"])
def decline_invitation(slug, code):
    event = catalogue.public_event(slug) or abort(404)
    invitation = invitations.find_by_code(event, code)
    if invitation is None or invitation.status is InvitationStatus.WITHDRAWN:
        abort(404)
    form = DeclineInvitationForm()
    done = invitation.status is InvitationStatus.DECLINED
    if not done and invitation.status is InvitationStatus.PENDING and form.validate_on_submit():
        invitations.decline(invitation)
        db.session.commit()
        done = True
    return render_template("public/decline_invitation.html", event=event, invitation=invitation, form=form,
                           declined=done, code=code)
