"""The form of one minimum-practice item."""

from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional

from ctdppeia import limits
from ctdppeia.formtools import CleanForm, MaxLength, select_choices
from ctdppeia.practices.catalogue import PRACTICE_STATUSES
from ctdppeia.practices.services import PracticeInput


class PracticeForm(CleanForm):
    owner = StringField(
        "Owner",
        validators=[MaxLength(limits.NAME)],
        description="The person or team who makes sure it is done.",
    )
    due_on = DateField("Due date", validators=[Optional()])
    status = SelectField(
        "Status", choices=select_choices(PRACTICE_STATUSES.items()), default="not_started"
    )
    evidence = TextAreaField(
        "Evidence",
        validators=[MaxLength(limits.LONG_TEXT)],
        description="What shows it is done: a report, a plan, a link. Needed when it is done.",
    )
    waiver_granted_by = StringField(
        "Waiver granted by",
        validators=[MaxLength(limits.NAME)],
        description="Only the Chief AI Officer may waive a practice. Needed when it is waived.",
    )
    waiver_determination = TextAreaField(
        "Written determination",
        validators=[MaxLength(limits.LONG_TEXT)],
        description="The written, system-specific reasons for the waiver.",
    )
    waiver_granted_on = DateField("Date the waiver was granted", validators=[Optional()])
    waiver_recertify_on = DateField(
        "Recertify the waiver by",
        validators=[Optional()],
        description="A waiver is recertified every year.",
    )
    submit = SubmitField("Save the practice")

    def given(self) -> PracticeInput:
        return PracticeInput(
            owner=self.owner.data or "",
            due_on=self.due_on.data,
            status=self.status.data or "",
            evidence=self.evidence.data or "",
            waiver_granted_by=self.waiver_granted_by.data or "",
            waiver_determination=self.waiver_determination.data or "",
            waiver_granted_on=self.waiver_granted_on.data,
            waiver_recertify_on=self.waiver_recertify_on.data,
        )
