"""The data request form."""

from datetime import date

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from ctdppeia.formtools import select_choices
from ctdppeia.models import REQUESTER_TYPES


class DataRequestForm(FlaskForm):
    title = StringField(
        "Title",
        validators=[DataRequired("Give the request a short title."), Length(max=200)],
        description=(
            "A short name people will recognise, for example “Child care subsidies and earnings”."
        ),
    )
    requesting_org = StringField(
        "Requesting organisation",
        validators=[DataRequired("Name the organisation asking for the data."), Length(max=200)],
    )
    contact_name = StringField(
        "Contact person",
        validators=[DataRequired("Name the person we can contact."), Length(max=200)],
    )
    contact_email = EmailField(
        "Contact email",
        validators=[
            DataRequired("Enter the contact's email address."),
            Email("Enter a valid email address."),
            Length(max=254),
        ],
    )
    requester_type = SelectField(
        "Who is asking?",
        choices=select_choices(REQUESTER_TYPES.items()),
        validators=[DataRequired()],
    )
    purpose = TextAreaField(
        "Purpose",
        validators=[DataRequired("Say what the data is for."), Length(max=20000)],
        description=(
            "What question the project will answer, and why. "
            "You can use Markdown: *italic*, **bold**, lists."
        ),
    )
    data_holders = SelectMultipleField(
        "Agencies whose data is asked for",
        coerce=int,
        validators=[DataRequired("Choose at least one agency that holds the data.")],
        description="Hold Ctrl (or Cmd) to choose more than one.",
    )
    datasets = TextAreaField(
        "Datasets", validators=[Optional(), Length(max=20000)], description="One dataset per line."
    )
    data_elements = TextAreaField(
        "Data elements",
        validators=[Optional(), Length(max=50000)],
        description="One data element (field) per line.",
    )
    delivery_date = DateField("Requested delivery date", validators=[Optional()])
    destruction_date = DateField(
        "Date the data will be destroyed or returned", validators=[Optional()]
    )
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    submit = SubmitField("Save request")

    def validate_destruction_date(self, field: DateField) -> None:
        delivery: date | None = self.delivery_date.data
        if field.data and delivery and field.data < delivery:
            raise ValidationError("The destruction date must be on or after the delivery date.")
