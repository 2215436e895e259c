"""Places per canton: one number for every canton, and exceptions."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.validators import NumberRange, Optional

from ... import cantons
from ...i18n import _l
from .fields import WholeNumberField

NUMBER_MESSAGE = _l("Please enter a whole number of at least %(min)s.")


def _places(label, description=None):
    return WholeNumberField(label, [Optional(), NumberRange(min=0, message=NUMBER_MESSAGE)],
                            description=description)


class QuotasForm(FlaskForm):
    general = _places(_l("Places for each canton"),
                      _l("The most confirmed participants from one canton. Leave empty for no limit."))

    def canton_fields(self, lang: str):
        """(canton name, field) in the order of the names in the page's language."""
        return [(name, self[f"quota_{code}"]) for code, name in cantons.region_choices(lang)
                if code in cantons.CANTONS]

    def exceptions(self) -> dict[str, int]:
        return {code: self[f"quota_{code}"].data for code in cantons.CANTONS
                if self[f"quota_{code}"].data is not None}

    def fill(self, general: int | None, exceptions: dict[str, int] | None) -> None:
        self.general.data = general
        for code, places in (exceptions or {}).items():
            if f"quota_{code}" in self:
                self[f"quota_{code}"].data = places


for _code in cantons.CANTONS:
    setattr(QuotasForm, f"quota_{_code}", _places(_l("Places"), None))
