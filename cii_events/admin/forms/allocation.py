"""The workshop allocation: computing a run with an optional seed, confirming the publication."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import InputRequired, NumberRange, Optional

from ...i18n import _l
from .fields import WholeNumberField

MAX_SEED = 999_999_999_999


class ComputeForm(FlaskForm):
    seed = WholeNumberField(
        _l("Seed (optional)"),
        [Optional(), NumberRange(min=0, max=MAX_SEED,
                                 message=_l("Please enter a whole number from 0 to 999’999’999’999."))],
        description=_l("Leave it empty for a random draw. The same seed on the same registrations gives "
                       "the same allocation."))


class PublishForm(FlaskForm):
    confirm = BooleanField(
        _l("Yes, publish this allocation. Every participant receives an email with their workshops."),
        [InputRequired(_l("Please confirm the publication."))])
