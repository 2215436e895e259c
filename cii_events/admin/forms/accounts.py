"""Signing in, one's own account, and the administrators' account form."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Optional, ValidationError

from ... import cantons
from ...i18n import LANGUAGE_NAMES, LANGUAGES, _l, current_language
from ...models import Role
from ...services.accounts import MIN_PASSWORD_LENGTH, AccountData
from ..labels import ROLE
from .fields import REQUIRED, CheckboxesField, length, options, strip

EMAIL_MESSAGE = _l("Please enter a valid email address, e.g. name@example.ch.")


def canton_choices() -> list[tuple[str, str]]:
    """The 26 cantons by name in the page's language."""
    return [(code, name) for code, name in cantons.region_choices(current_language())
            if code in cantons.CANTONS]


def _language_choices():
    return options((lang, LANGUAGE_NAMES[lang]) for lang in LANGUAGES)


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), [InputRequired(REQUIRED), length(254)], filters=[strip],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), [InputRequired(REQUIRED), length(200)],
                             render_kw={"autocomplete": "current-password"})


class LogoutForm(FlaskForm):
    pass


class ProfileForm(FlaskForm):
    name = StringField(_l("Name"), [Optional(), length(200)], filters=[strip])
    language = SelectField(_l("Language of the back office"), choices=_language_choices())


def _new_password_hint():
    return _l("At least %(num)d characters, hard to guess: a few unrelated words make a good password.",
              num=MIN_PASSWORD_LENGTH)


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), [InputRequired(REQUIRED)],
                                     render_kw={"autocomplete": "current-password"})
    password = PasswordField(_l("New password"), [InputRequired(REQUIRED), length(200)],
                             description=_new_password_hint(), render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the new password"), [
        InputRequired(REQUIRED), EqualTo("password", message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"})


class UserForm(FlaskForm):
    email = EmailField(_l("Email"), [InputRequired(REQUIRED), length(254),
                                     Email(message=EMAIL_MESSAGE, check_deliverability=False)],
                       filters=[strip])
    name = StringField(_l("Name"), [Optional(), length(200)], filters=[strip])
    role = SelectField(_l("Role"), [InputRequired(REQUIRED)])
    canton = SelectField(_l("Canton (cantonal coordinators only)"), validate_choice=False)
    language = SelectField(_l("Language of the back office"), choices=_language_choices())
    active = BooleanField(_l("Account active"), default=True)
    events = CheckboxesField(_l("Events (organizers only)"), coerce=int, validate_choice=False)
    password = PasswordField(_l("Password"), [Optional(), length(200)], description=_new_password_hint(),
                             render_kw={"autocomplete": "new-password"})

    def __init__(self, *args, events=(), new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.new = new
        # A required select starts with an empty option (valid HTML; nothing chosen by accident).
        self.role.choices = options([("", _l("Please choose"))] + [(role.value, ROLE[role]) for role in Role])
        self.canton.choices = options([("", _l("None"))] + canton_choices())
        self.events.choices = options((event.id, str(event.title)) for event in events)
        if new:
            self.password.validators = [InputRequired(REQUIRED), length(200)]

    def validate_canton(self, field):
        if field.data and field.data not in cantons.CANTONS:
            raise ValidationError(_l("Please choose a canton from the list."))
        if self.role.data == Role.COORDINATOR.value and not field.data:
            raise ValidationError(_l("A cantonal coordinator needs a canton."))

    def account_data(self) -> AccountData:
        return AccountData(email=self.email.data, role=Role(self.role.data), name=self.name.data or "",
                           canton=self.canton.data or None, language=self.language.data,
                           active=self.active.data)


class ConfirmForm(FlaskForm):
    """A button that changes something: the CSRF token is all it carries."""
