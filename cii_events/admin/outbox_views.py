"""The outbox: what was sent, what waits, what failed; retry, cancel, read a mail as it is sent.

Admins see every mail, organizers those of their events; cantonal coordinators none at all (a mail
holds a participant's details and the organizers' words).
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from markupsafe import Markup

from ..extensions import db
from ..i18n import _
from ..models import Event, MailStatus, OutgoingMail
from ..saving import saving
from ..services import mail, outbox
from . import bp
from .auth import current_account, current_scope
from .forms.accounts import ConfirmForm
from .views import page_number

# The mail's own HTML is shown in a sandboxed frame: its inline styles allowed, nothing else.
MAIL_FRAME_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"


def _scope():
    scope = current_scope()
    if scope.is_coordinator:
        abort(403)
    return scope


def _mail(mail_id: int) -> OutgoingMail:
    """A mail outside your events does not exist for you (404), like a registration."""
    scope = _scope()
    found = db.session.get(OutgoingMail, mail_id)
    if found is None or not outbox.may_see(scope, found):
        abort(404)
    return found


def _event_filter(scope):
    value = request.args.get("event", "")
    if not value.isdigit():
        return None
    event = db.session.get(Event, int(value)) or abort(404)
    if not scope.can_manage_event(event):
        abort(403)
    return event


@bp.get("/outbox/")
def outbox_page():
    scope = _scope()
    event = _event_filter(scope)
    status = request.args.get("status", "")
    status = status if status in {s.value for s in outbox.STATUSES} else ""
    kind = request.args.get("kind", "")
    kind = kind if kind in mail.KINDS else ""
    page = page_number()
    tallies = outbox.counts(scope, event.id if event else None)
    rows = outbox.mails(scope, event_id=event.id if event else None, status=status or None,
                        kind=kind or None, page=page)
    events = {tally.event_id: tally.event for tally in tallies}
    args = {key: value for key, value in (("event", event.id if event else None), ("status", status),
                                          ("kind", kind)) if value}
    return render_template("admin/outbox.html", event=event, tallies=tallies, totals=outbox.totals(tallies),
                           rows=rows, args=args, status=status, kind=kind, statuses=outbox.STATUSES,
                           kinds=mail.KINDS,
                           events=events, alerts=outbox.alerts(scope, event_id=event.id if event else None),
                           form=ConfirmForm(), retryable=outbox.RETRYABLE)


@bp.get("/outbox/<int:mail_id>/")
def outbox_mail(mail_id):
    found = _mail(mail_id)
    body = error = None
    try:
        body = mail.content(found) if found.rendered_at is not None else mail.render(found, attachments=False)
    except Exception as failure:  # e.g. the registration was erased: the page says so
        db.session.rollback()
        found = _mail(mail_id)
        error = f"{type(failure).__name__}: {failure}"
    return render_template("admin/outbox_mail.html", mail=found, body=body, error=error, form=ConfirmForm(),
                           retryable=outbox.RETRYABLE, event=db.session.get(Event, found.event_id)
                           if found.event_id else None)


@bp.get("/outbox/<int:mail_id>/html")
def outbox_mail_html(mail_id):
    found = _mail(mail_id)
    try:
        body = mail.content(found) if found.rendered_at is not None else mail.render(found, attachments=False)
    except Exception:
        abort(404)
    return body.html or "", 200, {"Content-Security-Policy": MAIL_FRAME_POLICY,
                                  "X-Frame-Options": "SAMEORIGIN"}


def _back(found: OutgoingMail | None = None):
    target = request.form.get("next", "")
    if target.startswith("/admin/outbox/") and "//" not in target and "\\" not in target:
        return redirect(target, code=303)
    if found is not None:
        return redirect(url_for("admin.outbox_mail", mail_id=found.id), code=303)
    return redirect(url_for("admin.outbox_page"), code=303)


@bp.post("/outbox/<int:mail_id>/retry")
def outbox_retry(mail_id):
    found = _mail(mail_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with saving() as saved:
        outbox.retry(found, actor=current_account())
    if saved:
        flash(_("The mail is queued again and will be sent shortly."), "success")
    return _back(found)


@bp.post("/outbox/<int:mail_id>/cancel")
def outbox_cancel(mail_id):
    found = _mail(mail_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with saving() as saved:
        outbox.cancel(found, actor=current_account())
    if saved:
        flash(_("The mail has been cancelled: it will not be sent."), "success")
    return _back(found)


@bp.post("/outbox/retry-failed")
def outbox_retry_failed():
    scope = _scope()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    event = _event_filter(scope)
    count = outbox.retry_failed(scope, event_id=event.id if event else None, actor=current_account())
    db.session.commit()
    flash(queued_message(event_id=event.id if event else None, count=count), "success")
    return redirect(url_for("admin.outbox_page", event=event.id if event else None), code=303)


def queued_message(lead: str | None = None, *, event_id: int | None = None,
                   count: int | None = None) -> Markup:
    """What a bulk action can truthfully say about its mails: how many are queued, how many went out
    yet (none, as a rule: they are sent after the response), and where to follow them."""
    from flask_babel import ngettext

    ids = mail.queued_in_this_request()
    count = len(ids) if count is None else count
    sent = outbox.progress(ids)[MailStatus.SENT.value] if ids else 0
    text = ngettext("%(num)d mail queued; %(sent)d sent so far.",
                    "%(num)d mails queued; %(sent)d sent so far.", count, sent=min(sent, count))
    link = url_for("admin.outbox_page", event=event_id)
    if lead:
        return Markup("{} {} <a href=\"{}\">{}</a>").format(lead, text, link, _("See the outbox"))
    return Markup("{} <a href=\"{}\">{}</a>").format(text, link, _("See the outbox"))
