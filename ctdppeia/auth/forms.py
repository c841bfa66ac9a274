"""Sign-in and password change forms."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ctdppeia import limits
from ctdppeia.auth.passwords import MIN_PASSWORD_LENGTH, NEW_PASSWORD_FIELD
from ctdppeia.formtools import CleanForm, MaxLength, strip


class LoginForm(CleanForm):
    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Enter your email address.")),
            Email(_l("Enter a valid email address.")),
            MaxLength(limits.EMAIL),
        ],
        filters=[strip],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=limits.PASSWORD)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Sign in"))


def new_password_field() -> PasswordField:
    """A new password, with what a good one looks like (the fields are made in the order of
    each form's body, so each form lists its fields as the page shows them)."""
    return PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a new password.")), Length(max=limits.PASSWORD)],
        description=_l(
            "At least %(count)s characters. Not a common password and not a pattern like aaaa "
            "or 1234: a phrase of a few unrelated words works well.",
            count=MIN_PASSWORD_LENGTH,
        ),
        render_kw=NEW_PASSWORD_FIELD,
    )


def repeat_password_field() -> PasswordField:
    return PasswordField(
        _l("Repeat the new password"),
        validators=[
            DataRequired(_l("Type the new password again.")),
            EqualTo("new_password", _l("The two new passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class ChangePasswordForm(CleanForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[
            DataRequired(_l("Enter your current password.")),
            Length(max=limits.PASSWORD),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = new_password_field()
    repeat_password = repeat_password_field()
    submit = SubmitField(_l("Change my password"))

    def show_error(self, field: str, message: str) -> None:
        self._fields[field].errors = [*self._fields[field].errors, message]


class ForgotPasswordForm(CleanForm):
    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Enter your email address.")),
            Email(_l("Enter a valid email address.")),
            MaxLength(limits.EMAIL),
        ],
        filters=[strip],
        render_kw={"autocomplete": "username"},
    )
    submit = SubmitField(_l("Send me a link"))


class NewPasswordForm(CleanForm):
    new_password = new_password_field()
    repeat_password = repeat_password_field()
    submit = SubmitField(_l("Save my new password"))

    def show_error(self, message: str) -> None:
        self.new_password.errors = [*self.new_password.errors, message]
