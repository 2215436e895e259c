"""Filtering the audit log."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import Optional

from ...i18n import _l
from ...services.audit import AuditFilter
from ..labels import ACTION, OBJECT_TYPE
from .fields import SwissDateField, options


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    user = SelectField(_l("Who"), validate_choice=False)
    action = SelectField(_l("What"), validate_choice=False)
    object_type = SelectField(_l("Kind of object"), validate_choice=False)
    event = SelectField(_l("Event"), validate_choice=False)
    since = SwissDateField(_l("From"), [Optional()])
    until = SwissDateField(_l("Until"), [Optional()])

    def __init__(self, users, events, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _l("All"))]
        self.user.choices = options(everything + [(str(user.id), user.email) for user in users])
        self.action.choices = options(everything + list(ACTION.items()))
        self.object_type.choices = options(everything + list(OBJECT_TYPE.items()))
        self.event.choices = options(everything + [(str(event.id), str(event.title)) for event in events])

    def audit_filter(self) -> AuditFilter:
        def number(value):
            return int(value) if (value or "").isdigit() else None
        return AuditFilter(user_id=number(self.user.data),
                           action=self.action.data if self.action.data in ACTION else "",
                           object_type=self.object_type.data if self.object_type.data in OBJECT_TYPE else "",
                           event_id=number(self.event.data),
                           since=self.since.data if not self.since.errors else None,
                           until=self.until.data if not self.until.errors else None)
