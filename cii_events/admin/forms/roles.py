"""Giving roles (speaker, staff, ...) to one registration or to a selection of the list."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField

from ...i18n import _l
from ...services.roles import ROLES
from .fields import options

EXTRA_SEATS = _l("Their seats do not count against the participants' (each of their workshops gets one "
                 "more seat for them)")


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=options(ROLES.items()))
    extra_seats = BooleanField(EXTRA_SEATS)


class SelectionRoleForm(RoleForm):
    """The list's selection: the registrations ticked (their ids)."""

    selected = SelectMultipleField(_l("Selected"), validate_choice=False)

    def registration_ids(self) -> list[int]:
        return [int(value) for value in self.selected.data or [] if value.isascii() and value.isdigit()
                and len(value) < 10]
