"""Printing: badges (a page to choose layout and selection, and the PDF) and workshop rosters."""
from __future__ import annotations

from flask import abort, flash, render_template, request

from ..extensions import db
from ..i18n import _, current_language
from ..saving import saving, see_other
from ..services import attendees, audit, badges, exports, logo, programme, rosters
from . import bp
from .auth import current_account, current_scope, event_to_manage
from .forms.accounts import ConfirmForm
from .forms.badges import BadgeForm, LogoForm
from .views import download, status_for, write_from_get


def _event(event_id: int):
    return programme.load_event(event_to_manage(event_id).id)


def _choice(event):
    form = BadgeForm(event, formdata=request.args)
    form.validate()
    # Without any argument the check box is unticked only because nothing was sent.
    return form, form.choice(request.args.get("registration"), submitted="layout" in request.args)


@bp.get("/events/<int:event_id>/badges/")
def badges_page(event_id):
    event = _event(event_id)
    form, choice = _choice(event)
    count = len(badges.registrations_for(event, canton=choice.canton, workshop_id=choice.workshop_id,
                                         day=choice.day))
    return render_template("admin/badges.html", event=event, form=form, count=count,
                           logo_form=LogoForm(formdata=None), confirm=ConfirmForm())


@bp.post("/events/<int:event_id>/logo")
def upload_logo(event_id):
    """The event's logo for badges and certificates: a PNG or SVG file, checked, or a clear refusal."""
    event = _event(event_id)
    form = LogoForm()
    if form.validate():
        with saving(form) as saved:
            logo.set_logo(event, form.file.data.read(logo.MAX_BYTES + 1), actor=current_account())
        if saved:
            flash(_("The logo has been saved: it is printed on the badges and certificates."), "success")
            return see_other("admin.badges_page", event_id=event_id)
        event = _event(event_id)
    choice_form, choice = _choice(event)
    count = len(badges.registrations_for(event, canton=choice.canton, workshop_id=choice.workshop_id,
                                         day=choice.day))
    return render_template("admin/badges.html", event=event, form=choice_form, count=count, logo_form=form,
                           confirm=ConfirmForm()), status_for(form)


@bp.post("/events/<int:event_id>/logo/remove")
def remove_logo(event_id):
    event = _event(event_id)
    if ConfirmForm().validate_on_submit():
        with saving() as saved:
            logo.remove_logo(event, actor=current_account())
        if saved:
            flash(_("The logo has been removed."), "success")
    return see_other("admin.badges_page", event_id=event_id)


@bp.get("/events/<int:event_id>/badges/badges.pdf")
def badges_pdf(event_id):
    write_from_get()
    event = _event(event_id)
    _form, choice = _choice(event)
    people = badges.registrations_for(event, canton=choice.canton, workshop_id=choice.workshop_id,
                                      registration_id=choice.registration_id, sort=choice.sort,
                                      day=choice.day)
    if choice.registration_id and not people:
        abort(404)  # not a confirmed registration of this event
    rows = badges.badges_of(people, lang=choice.canton_lang, with_workshops=choice.with_workshops)
    data = badges.render(rows, choice.layout, title=event.title.get_text(), logo=badges.logo_of(event))
    audit.record("badges.printed", actor=current_account(), object_type="event", object_id=event.id,
                 event_id=event.id, count=len(people), **choice.as_args())
    db.session.commit()
    parts = [event.slug, choice.canton, choice.day, people[0].reference if choice.registration_id else "",
             choice.layout]
    filename = "badges-" + "-".join(part for part in parts if part) + ".pdf"
    return download(data, filename, "application/pdf")


@bp.get("/events/<int:event_id>/workshops/<int:workshop_id>/roster.pdf")
def roster_pdf(event_id, workshop_id):
    """The moderator's roster of one workshop, in the language of the page."""
    write_from_get()
    event = _event(event_id)
    workshop = next((w for slot in event.choice_slots for w in slot.workshops if w.id == workshop_id), None)
    if workshop is None:
        abort(404)
    people = attendees.roster(event, current_scope(), workshop)
    data = rosters.render(rosters.sheet(event, workshop, people, current_language()))
    audit.record("export.downloaded", actor=current_account(), object_type="workshop", object_id=workshop.id,
                 event_id=event.id, format="pdf", layout="roster", rows=len(people))
    db.session.commit()
    return download(data, exports.filename(event, "roster-" + workshop.code, "pdf"), "application/pdf")
