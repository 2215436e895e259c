"""A message to a group of participants: subject and text per language."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField

from ...i18n import _l
from ...services.messages import Draft
from .fields import TranslationsMixin, with_translations


@with_translations(subject=(_l("Subject"), False, 200), body=(_l("Text"), True, 20000))
class MessageForm(TranslationsMixin, FlaskForm):
    # Set by the preview: sending needs a preview of the same number of recipients.
    previewed = HiddenField()

    def draft(self) -> Draft:
        return Draft(subjects=self.translations("subject"), bodies=self.translations("body"))
