"""The forms of two-step sign-in."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ctdppeia import limits
from ctdppeia.formtools import CleanForm, MaxLength, strip


def _code_field(label: str, description: str) -> StringField:
    return StringField(
        label,
        validators=[DataRequired(_l("Enter the code.")), MaxLength(limits.ONE_TIME_CODE)],
        filters=[strip],
        description=description,
        render_kw={"autocomplete": "one-time-code", "spellcheck": "false", "class": "short"},
    )


class CodeForm(CleanForm):
    """The second step of signing in."""

    code = _code_field(
        _l("Code"),
        _l("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
    )
    submit = SubmitField(_l("Continue"))

    def show_error(self, message: str) -> None:
        self.code.errors = [*self.code.errors, message]


class SetUpForm(CodeForm):
    code = _code_field(_l("Code"), _l("The 6-digit code your app shows for this account."))
    submit = SubmitField(_l("Turn on two-step sign-in"))


class TurnOffForm(CleanForm):
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=limits.PASSWORD)],
        render_kw={"autocomplete": "current-password"},
    )
    code = _code_field(
        _l("Code"),
        _l("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
    )
    submit = SubmitField(_l("Turn off two-step sign-in"))

    def show_error(self, field: str, message: str) -> None:
        self._fields[field].errors = [*self._fields[field].errors, message]


class RenewForm(TurnOffForm):
    """Making new recovery codes: the password and a code from the app."""

    code = _code_field(_l("Code"), _l("The 6-digit code your authenticator app shows now."))
    submit = SubmitField(_l("Make new recovery codes"))


class ResetForm(FlaskForm):
    """An administrator's reset of another account's two-step sign-in: a button, with CSRF."""

    submit = SubmitField("Reset two-step sign-in")
