"""The email preference form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from ctdppeia.formtools import select_choices

MODE_CHOICES = [
    ("each", _l("Email me each notice")),
    ("daily", _l("Email me one digest a day")),
    ("weekly", _l("Email me one digest a week")),
    ("none", _l("Do not email me. I will read my notices here.")),
]


class EmailPreferenceForm(FlaskForm):
    email_mode = RadioField(
        _l("How should we email your notices?"),
        choices=select_choices(MODE_CHOICES),
        validators=[InputRequired(_l("Choose how we email your notices."))],
    )
    submit = SubmitField(_l("Save"))
