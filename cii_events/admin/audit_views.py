"""The audit log, for administrators."""
from __future__ import annotations

from flask import render_template, request
from sqlalchemy import select

from ..extensions import db
from ..models import Event, Role, User
from ..services import audit
from . import bp
from .auth import roles
from .forms.audit import AuditFilterForm
from .views import page_number


@bp.get("/audit/")
@roles(Role.ADMIN)
def audit_log():
    users = db.session.scalars(select(User).order_by(User.email)).all()
    events = db.session.scalars(select(Event).order_by(Event.starts_at.desc())).all()
    form = AuditFilterForm(users, events, formdata=request.args)
    form.validate()
    entries = db.paginate(audit.entries_query(form.audit_filter()), page=page_number(), per_page=100,
                          error_out=False)
    titles = {event.id: event.title for event in events}
    args = {key: value for key, value in request.args.items() if key not in ("page", "lang") and value}
    return render_template("admin/audit.html", form=form, entries=entries, titles=titles, args=args)
