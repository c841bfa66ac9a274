"""The upload form of "Import a review from a file"."""

from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from ctdppeia.formtools import CleanForm


class ImportForm(CleanForm):
    file = FileField(
        "The review exchange file (JSON)",
        description="A file exported with “Export for another installation (JSON)”.",
        validators=[FileRequired("Choose the JSON file to import.")],
        render_kw={"accept": "application/json,.json"},
    )
    submit = SubmitField("Import the review")
