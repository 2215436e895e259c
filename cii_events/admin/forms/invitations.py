"""Invitations: one person, a file of invitees, a reminder."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import Email, InputRequired, Optional

from ... import cantons
from ...i18n import LANGUAGE_NAMES, LANGUAGES, _l
from ...services.invitee_files import Invitee
from .fields import REQUIRED, length, options, strip


class InviteForm(FlaskForm):
    first_name = StringField(_l("First name"), [InputRequired(REQUIRED), length(100)], filters=[strip])
    last_name = StringField(_l("Last name"), [InputRequired(REQUIRED), length(100)], filters=[strip])
    email = EmailField(_l("Email"), [
        InputRequired(REQUIRED), length(254),
        Email(message=_l("Please enter a valid email address, e.g. name@example.ch."),
              check_deliverability=False)], filters=[strip])
    canton = SelectField(_l("Canton"), [InputRequired(REQUIRED)])
    language = SelectField(_l("Language for correspondence"), [InputRequired(REQUIRED)])
    organisation = StringField(_l("Organisation"), [Optional(), length(200)], filters=[strip])
    function = StringField(_l("Function"), [Optional(), length(200)], filters=[strip])

    def __init__(self, *args, page_language: str = "de", **kwargs):
        super().__init__(*args, **kwargs)
        self.canton.choices = options([("", _l("Please choose"))] + [
            (code, name) for code, name in cantons.region_choices(page_language) if code in cantons.REGIONS])
        self.language.choices = options([("", _l("Please choose"))] + [
            (code, LANGUAGE_NAMES[code]) for code in LANGUAGES])

    def invitee(self) -> Invitee:
        return Invitee(first_name=self.first_name.data, last_name=self.last_name.data, email=self.email.data,
                       canton=self.canton.data, language=self.language.data,
                       organisation=self.organisation.data or "", function=self.function.data or "")


class ImportForm(FlaskForm):
    file = FileField(_l("File (CSV or XLSX)"), [FileRequired(_l("Please choose a file."))])


class RemindForm(FlaskForm):
    canton = SelectField(_l("Canton"), [Optional()])

    def __init__(self, *args, cantons_present=(), page_language: str = "de", **kwargs):
        super().__init__(*args, **kwargs)
        self.canton.choices = options([("", _l("All cantons"))] + [
            (code, cantons.region_name(code, page_language)) for code in cantons_present])
