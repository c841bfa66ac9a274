"""Sign-in form."""

from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from ctdppeia import limits
from ctdppeia.formtools import CleanForm, MaxLength, strip


class LoginForm(CleanForm):
    email = EmailField(
        "Email address",
        validators=[
            DataRequired("Enter your email address."),
            Email("Enter a valid email address."),
            MaxLength(limits.EMAIL),
        ],
        filters=[strip],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=limits.PASSWORD)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Sign in")
