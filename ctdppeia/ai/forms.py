"""The AI use case form."""

from collections.abc import Callable

from wtforms import (
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from ctdppeia import limits
from ctdppeia.ai.picker import NumbersRefused, parse_numbers
from ctdppeia.formtools import CleanForm, MaxLength, select_choices
from ctdppeia.models import AI_HOSTING, AI_STAGES


class RequestsField(SelectMultipleField):
    """Data requests, shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AIUseCaseForm(CleanForm):
    name = StringField(
        "Name of the tool or system",
        validators=[DataRequired("Give the tool or system's name."), MaxLength(limits.TITLE)],
        description="The name people will know it by, for example “BenefitsHelp chat”.",
    )
    vendor = StringField(
        "Who makes it",
        validators=[
            DataRequired("Name the company that makes it, or write “built by the state”."),
            MaxLength(limits.NAME),
        ],
    )
    description = TextAreaField(
        "What it does",
        validators=[
            DataRequired("Say what the tool does."),
            MaxLength(limits.AI_DESCRIPTION),
        ],
        description="A few short sentences. You can use Markdown: *italic*, **bold**, lists.",
    )
    intended_use = TextAreaField(
        "What your agency will use it for",
        validators=[
            DataRequired("Say what your agency will use it for."),
            MaxLength(limits.AI_DESCRIPTION),
        ],
        description="Who uses it, for which task, and who is affected.",
    )
    stage = RadioField(
        "Stage",
        choices=select_choices(AI_STAGES.items()),
        validators=[DataRequired("Choose the stage the project is at.")],
    )
    hosting = RadioField(
        "Where it runs",
        choices=select_choices(AI_HOSTING.items()),
        validators=[DataRequired("Choose where the system runs.")],
    )
    hosting_other = StringField(
        "Where else it runs",
        validators=[MaxLength(limits.AI_HOSTING_OTHER)],
        description="Only if you chose “Somewhere else”.",
    )
    technique = StringField(
        "Kind of AI",
        validators=[Optional(), MaxLength(limits.AI_TECHNIQUE)],
        description="In a few words, for example “large language model” or “risk score”.",
    )
    public_contact = StringField(
        "Public contact",
        validators=[Optional(), MaxLength(limits.AI_PUBLIC_CONTACT)],
        description="How the public can reach your agency about this system.",
    )
    requests = RequestsField("Data requests it uses", coerce=int, validators=[Optional()])
    request_numbers = StringField(
        "Other data requests, by number",
        validators=[Optional(), MaxLength(limits.REQUEST_NUMBERS)],
        description=(
            "For a request not listed above, write its number, as shown on the request's page "
            "(for example 1042). Separate several numbers with commas."
        ),
    )
    version = IntegerField(
        widget=HiddenInput(), validators=[Optional(), NumberRange(1, limits.MAX_ID)]
    )
    submit = SubmitField("Save use case")

    # Set by the page: raises NumbersRefused for numbers the user may not link.
    check_numbers: Callable[[list[int]], None] = staticmethod(lambda numbers: None)
    number_ids: tuple[int, ...] = ()  # the numbers typed, once checked

    def validate_request_numbers(self, field: StringField) -> None:
        try:
            numbers = parse_numbers(field.data or "")
            self.check_numbers(numbers)
        except NumbersRefused as refused:
            raise ValidationError(str(refused)) from refused
        self.number_ids = tuple(numbers)

    def validate_hosting_other(self, field: StringField) -> None:
        if self.hosting.data == "other" and not (field.data or "").strip():
            raise ValidationError("Say where the system runs.")
