"""The language form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from ctdppeia.formtools import select_choices
from ctdppeia.i18n import LANGUAGE_NAMES, languages


class LanguageForm(FlaskForm):
    # Each language is named in itself, so anyone can find theirs.
    language = RadioField(
        "Language / Idioma",
        validators=[InputRequired(_l("Choose a language."))],
        validate_choice=False,  # checked below, with a message in plain words
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = select_choices(
            (code, LANGUAGE_NAMES.get(code, code)) for code in languages()
        )

    def validate_language(self, field: Field) -> None:
        if field.data not in languages():
            raise ValidationError(_l("Choose a language."))


class LanguageChoiceForm(FlaskForm):
    """The header's buttons: one submit button per language, named `language`."""

    language = RadioField(validate_choice=False)

    def validate_language(self, field: Field) -> None:
        if field.data not in languages():
            raise ValidationError(_l("Choose a language."))
