"""The upload form of the public "Check a review PDF" page."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from ctdppeia.formtools import CleanForm


class VerifyForm(CleanForm):
    pdf = FileField(
        _l("The review PDF"),
        description=_l("The PDF file of a review, as you downloaded or received it."),
        validators=[FileRequired(_l("Choose a PDF file to check."))],
        render_kw={"accept": "application/pdf,.pdf"},
    )
    submit = SubmitField(_l("Check the file"))
