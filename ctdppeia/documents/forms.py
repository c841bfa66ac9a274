"""The upload form of the public "Check a review PDF" page."""

from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from ctdppeia.formtools import CleanForm


class VerifyForm(CleanForm):
    pdf = FileField(
        "The review PDF",
        description="The PDF file of a review, as you downloaded or received it.",
        validators=[FileRequired("Choose a PDF file to check.")],
        render_kw={"accept": "application/pdf,.pdf"},
    )
    submit = SubmitField("Check the file")
