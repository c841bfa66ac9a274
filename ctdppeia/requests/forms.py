"""The data request form."""

from datetime import date

from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, Email, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from ctdppeia import limits
from ctdppeia.formtools import CheckboxesField, CleanForm, MaxLength, select_choices
from ctdppeia.models import REQUEST_STATUSES, REQUESTER_TYPES


class DataRequestForm(CleanForm):
    title = StringField(
        "Title",
        validators=[DataRequired("Give the request a short title."), MaxLength(limits.TITLE)],
        description=(
            "A short name people will recognize, for example “Child care subsidies and earnings”."
        ),
    )
    requesting_org = StringField(
        "Requesting organization",
        validators=[
            DataRequired("Name the organization asking for the data."),
            MaxLength(limits.NAME),
        ],
    )
    contact_name = StringField(
        "Contact person",
        validators=[DataRequired("Name the person we can contact."), MaxLength(limits.NAME)],
    )
    contact_email = EmailField(
        "Contact email",
        validators=[
            DataRequired("Enter the contact's email address."),
            Email("Enter a valid email address."),
            MaxLength(limits.EMAIL),
        ],
    )
    requester_type = SelectField(
        "Who is asking?",
        choices=select_choices(REQUESTER_TYPES.items()),
        validators=[DataRequired()],
    )
    purpose = TextAreaField(
        "Purpose",
        validators=[DataRequired("Say what the data is for."), MaxLength(limits.PURPOSE)],
        description=(
            "What question the project will answer, and why. "
            "You can use Markdown: *italic*, **bold**, lists."
        ),
    )
    data_holders = CheckboxesField(
        "Agencies whose data is asked for",
        coerce=int,
        validators=[DataRequired("Choose at least one agency that holds the data.")],
        description="Check each agency that holds the data. You can check more than one.",
    )
    datasets = TextAreaField(
        "Datasets",
        validators=[Optional(), MaxLength(limits.DATASETS)],
        description="One dataset per line.",
    )
    data_elements = TextAreaField(
        "Data elements",
        validators=[Optional(), MaxLength(limits.DATA_ELEMENTS)],
        description="One data element (field) per line.",
    )
    delivery_date = DateField("Requested delivery date", validators=[Optional()])
    destruction_date = DateField(
        "Date the data will be destroyed or returned", validators=[Optional()]
    )
    version = IntegerField(
        widget=HiddenInput(), validators=[Optional(), NumberRange(1, limits.MAX_ID)]
    )
    submit = SubmitField("Save request")

    def validate_destruction_date(self, field: DateField) -> None:
        delivery: date | None = self.delivery_date.data
        if field.data and delivery and field.data < delivery:
            raise ValidationError("The destruction date must be on or after the delivery date.")


def field_labels() -> dict[str, str]:
    """The label people see for each field of a request, by column name (for the history)."""
    labels = {
        name: str(value.args[0])
        for name, value in vars(DataRequestForm).items()
        if isinstance(value, UnboundField) and value.args and name != "submit"
    }
    labels["requester_type"] = "Who is asking"
    return labels


# The stored values of the fields with a fixed list of answers, in words.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": REQUEST_STATUSES,
    "requester_type": REQUESTER_TYPES,
}
