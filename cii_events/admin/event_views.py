"""The list of events, creating, editing and copying an event, and its dashboard."""
from __future__ import annotations

import re
from datetime import timedelta

from flask import flash, redirect, render_template, url_for
from flask_babel import ngettext
from sqlalchemy import select

from ..extensions import db
from ..i18n import _, current_language
from ..models import Event, EventStatus, Role, User, event_organizer
from ..saving import saving, see_other
from ..services import (attendance, canton_quotas, event_cancellation, mail, outbox, privacy, programme,
                        reminders, stats)
from ..services.errors import DomainError
from . import bp, swissmap
from .outbox_views import queued_message
from .auth import current_account, current_scope, event_to_manage, event_to_read, roles
from .forms.events import CancelEventForm, CopyForm, EventForm
from .views import status_for


@bp.get("/")
def index():
    return redirect(url_for("admin.events"))


@bp.get("/events/")
def events():
    scope = current_scope()
    events = db.session.scalars(select(Event).where(scope.events_condition())
                                .order_by(Event.starts_at.desc(), Event.id.desc())).all()
    counts = stats.event_counts([event.id for event in events], scope)
    return render_template("admin/events.html", events=events, counts=counts,
                           mail_alerts_found=outbox.alerts(scope))


@bp.route("/events/new", methods=["GET", "POST"])
@roles(Role.ADMIN, Role.ORGANIZER)
def new_event():
    form = EventForm()
    if not form.is_submitted():
        form.waitlist_enabled.data = True
        form.transfers_enabled.data = True
        form.languages.data = ["de", "fr"]
        form.privacy_version.data = "1"
        form.retention_days.data = 365
    elif form.validate():
        with saving(form) as saved:
            event = programme.create_event(form.event_data(), actor=current_account())
            reminders.set_days(event, form.reminder_days.data, actor=current_account())
        if saved:
            flash(_("The event has been created. Now add its programme."), "success")
            return see_other("admin.programme", event_id=event.id)
    return render_template("admin/event_form.html", form=form, event=None), status_for(form)


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
def edit_event(event_id):
    event = event_to_manage(event_id)
    form = EventForm(event=event)
    if not form.is_submitted():
        form.fill(event)
    elif form.validate():
        with saving(form) as saved:
            changed = programme.update_event(event, form.event_data(), actor=current_account())
            changed = reminders.set_days(event, form.reminder_days.data, actor=current_account()) or changed
        if saved:
            flash(_("The event has been saved.") if changed else _("Nothing was changed."), "success")
            if mail.queued_in_this_request():  # a raised capacity admitted people from the waiting list
                flash(queued_message(event_id=event_id), "success")
            return see_other("admin.edit_event", event_id=event_id)
        event = event_to_manage(event_id)
    organizers = db.session.scalars(select(User).join(event_organizer, event_organizer.c.user_id == User.id)
                                    .where(event_organizer.c.event_id == event.id).order_by(User.email)).all()
    return render_template("admin/event_form.html", form=form, event=event, organizers=organizers,
                           cancellable=_cancellable(event)), status_for(form)


def _cancellable(event: Event) -> bool:
    try:
        event_cancellation.check_cancellable(event)
    except DomainError:
        return False
    return True


@bp.route("/events/<int:event_id>/cancel", methods=["GET", "POST"])
def cancel_event(event_id):
    """Call the event off: every registration cancelled, every participant told in their language."""
    event = programme.load_event(event_to_manage(event_id).id)
    form = CancelEventForm()
    try:
        event_cancellation.check_cancellable(event)
        if form.validate_on_submit():
            cancelled = event_cancellation.cancel_event(event, reason=form.reason(), actor=current_account())
            db.session.commit()
            flash(queued_message(ngettext("The event has been cancelled; %(num)d participant gets a mail.",
                                          "The event has been cancelled; %(num)d participants get a mail.",
                                          len(cancelled)), event_id=event.id), "success")
            return redirect(url_for("admin.dashboard", event_id=event.id), code=303)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("admin.dashboard", event_id=event_id), code=303)
    participants = event_cancellation.active_registrations(event)
    languages = {}
    for registration in participants:
        languages[registration.language] = languages.get(registration.language, 0) + 1
    return render_template("admin/event_cancel.html", form=form, event=event, participants=participants,
                           languages=languages), status_for(form)


@bp.route("/events/<int:event_id>/copy", methods=["GET", "POST"])
def copy_event(event_id):
    source = event_to_manage(event_id)
    form = CopyForm()
    if not form.is_submitted():
        form.slug.data = next_slug(source.slug)
        form.first_day.data = (source.starts_at + timedelta(days=364)).date()  # same weekday a year on
    elif form.validate():
        with saving(form) as saved:
            event = programme.copy_event(source, slug=form.slug.data, first_day=form.first_day.data,
                                         actor=current_account())
        if saved:
            flash(_("The copy has been created as a draft. Check its dates and texts."), "success")
            return see_other("admin.edit_event", event_id=event.id)
    return render_template("admin/event_copy.html", form=form, event=source), status_for(form)


def next_slug(slug: str) -> str:
    """national-days-2026 -> national-days-2027; anything else gets "-copy"."""
    match = re.search(r"(\d{4})(?!.*\d)", slug)
    if match:
        return slug[:match.start()] + str(int(match.group(1)) + 1) + slug[match.end():]
    return f"{slug}-copy"


@bp.get("/events/<int:event_id>/")
def dashboard(event_id):
    event = event_to_read(event_id)
    event = programme.load_event(event.id)
    board = stats.dashboard(event, current_scope())
    counts = {code: group.total for code, group in board.cantons.items()}
    quotas = canton_quotas.figures(event, current_scope()) if event.has_canton_quotas else None
    return render_template("admin/dashboard.html", event=event, board=board, quotas=quotas,
                           tiles=swissmap.tiles(counts, current_language(), quotas), map_size=swissmap.size(),
                           shades=swissmap.SHADES, statuses=EventStatus,
                           erase_date=privacy.erase_after(event),
                           shortfalls=[] if current_scope().is_coordinator else attendance.shortfalls(event),
                           mail_alerts_found=outbox.alerts(current_scope(), event_id=event.id)
                           if current_scope().can_manage_event(event) else None)
