"""Roles of registrations: one by one from the registration's page, or for a selection of the list."""
from __future__ import annotations

from flask import flash, render_template, request
from flask_babel import ngettext

from ..extensions import db
from ..i18n import _
from ..models import Registration
from ..saving import saving, see_other
from ..services import attendees, programme, roles
from . import bp
from .attendee_views import _registration
from .auth import current_account, current_scope, event_to_manage
from .forms.roles import RoleForm, SelectionRoleForm
from .views import status_for


def _manage(event_id: int):
    return programme.load_event(event_to_manage(event_id).id)


@bp.route("/events/<int:event_id>/registrations/<int:registration_id>/role", methods=["GET", "POST"])
def registration_role(event_id, registration_id):
    event = _manage(event_id)
    person = _registration(event, registration_id)
    form = RoleForm()
    if not form.is_submitted():
        form.role.data = person.role
        form.extra_seats.data = person.seats_outside_capacity
    elif form.validate():
        with saving(form) as saved:
            changes = roles.set_role(event, [person], form.role.data, extra_seats=form.extra_seats.data,
                                     actor=current_account())
        if saved:
            flash(_("The role has been saved.") if changes else _("Nothing was changed."), "success")
            return see_other("admin.registration", event_id=event.id, registration_id=person.id)
    return render_template("admin/role_form.html", form=form, event=event, person=person), status_for(form)


@bp.post("/events/<int:event_id>/registrations/roles")
def selection_role(event_id):
    """The role for the registrations ticked in the list (within the viewer's scope)."""
    event = _manage(event_id)
    form = SelectionRoleForm(prefix="selection")
    back = {key: value for key, value in request.args.items() if key != "page"}
    if not form.validate():
        flash(_("Please choose a role from the list."), "error")
        return see_other("admin.registrations", event_id=event.id, **back)
    ids = form.registration_ids()
    query = attendees.base_query(event, current_scope()).where(Registration.id.in_(ids))
    people = list(db.session.scalars(query.order_by(Registration.id))) if ids else []
    if not people:
        flash(_("Please tick at least one person in the list."), "error")
        return see_other("admin.registrations", event_id=event.id, **back)
    with saving() as saved:
        changes = roles.set_role(event, people, form.role.data, extra_seats=form.extra_seats.data,
                                 actor=current_account())
    if saved:
        flash(ngettext("%(num)d person now has the role %(role)s.",
                       "%(num)d people now have the role %(role)s.",
                       len(changes), role=roles.name(form.role.data)), "success")
    return see_other("admin.registrations", event_id=event.id, **back)
