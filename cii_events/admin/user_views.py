"""Accounts and roles: the administrators' pages."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..i18n import _
from ..models import Event, Role, User
from ..saving import saving, see_other
from ..services import accounts
from . import bp
from .auth import current_account, roles
from .forms.accounts import ConfirmForm, UserForm
from .views import status_for


def _all_events():
    return db.session.scalars(select(Event).order_by(Event.starts_at.desc(), Event.id.desc())).all()


@bp.get("/users/")
@roles(Role.ADMIN)
def users():
    people = db.session.scalars(select(User).options(selectinload(User.events))
                                .order_by(User.role, User.email)).all()
    return render_template("admin/users.html", users=people, locked=accounts.throttled_until)


@bp.route("/users/new", methods=["GET", "POST"])
@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@roles(Role.ADMIN)
def edit_user(user_id=None):
    user = (db.session.get(User, user_id) or abort(404)) if user_id else None
    form = UserForm(events=_all_events(), new=user is None)
    if not form.is_submitted():
        if user is not None:
            for name in ("email", "name", "language", "active"):
                form[name].data = getattr(user, name)
            form.role.data = user.role.value
            form.canton.data = user.canton or ""
            form.events.data = [event.id for event in user.events]
        else:
            form.language.data = "de"
    elif form.validate():
        with saving(form) as saved:
            event_ids = form.events.data or []
            if user is None:
                user = accounts.create_user(form.account_data(), form.password.data, actor=current_account(),
                                            event_ids=event_ids)
            else:
                accounts.update_user(user, form.account_data(), actor=current_account(), event_ids=event_ids)
                if form.password.data:
                    accounts.set_password(user, form.password.data, actor=current_account())
        if saved:
            flash(_("The account has been saved."), "success")
            return see_other("admin.users")
        user = db.session.get(User, user_id) if user_id else None
    return render_template("admin/user_form.html", form=form, user=user, unlock=ConfirmForm(),
                           locked=user and accounts.throttled_until(user)), status_for(form)


@bp.post("/users/<int:user_id>/unlock")
@roles(Role.ADMIN)
def unlock_user(user_id):
    user = db.session.get(User, user_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        accounts.unlock(user, actor=current_account())
        db.session.commit()
        flash(_("This account can sign in again at once."), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id), code=303)
