"""The advisory group's forms. Every text is cleaned and limited like the review's own."""

from datetime import date
from typing import Any, cast

from wtforms import DateField, FieldList, FormField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from ctdppeia import limits
from ctdppeia.advisory.conditions import Correction, decision_day, due_date_problem
from ctdppeia.advisory.services import ConditionInput, DecisionInput
from ctdppeia.formtools import CleanForm, CleanSubform, MaxLength, select_choices
from ctdppeia.models import AI_OUTCOMES, AI_RECOMMENDATIONS

TEXT = limits.DECISION_TEXT
CONDITION_ROWS = 3


def _text(label: str, missing: str, description: str = "") -> TextAreaField:
    return TextAreaField(
        label, validators=[DataRequired(missing), MaxLength(TEXT)], description=description
    )


class ConflictForm(CleanForm):
    reason = _text(
        "What is the conflict of interest?",
        "Say what the conflict of interest is.",
        "For example: you helped choose the vendor. Once you declare it, you cannot vote.",
    )


class RecommendationForm(CleanForm):
    recommendation = RadioField(
        "Your recommendation",
        choices=select_choices(AI_RECOMMENDATIONS.items()),
        validators=[InputRequired("Choose a recommendation.")],
    )
    rationale = _text(
        "Why", "Say why you recommend this.", "The group and the signed record show your reasons."
    )


class SubcommitteeForm(CleanForm):
    """Its fields are prefixed ("subcommittee-"): a subcommittee member sees it beside their
    own recommendation form, and ids must be unique on the page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "subcommittee")
        super().__init__(*args, **kwargs)

    recommendation = RadioField(
        "The subcommittee's recommendation",
        choices=select_choices(AI_OUTCOMES.items()),
        validators=[InputRequired("Choose the subcommittee's recommendation.")],
    )
    rationale = _text("The subcommittee's reasons", "Give the subcommittee's reasons.")


class ConditionRow(CleanSubform):
    text = TextAreaField("Condition", validators=[MaxLength(TEXT)])
    owner = StringField("Owner (a person or a team)", validators=[MaxLength(limits.NAME)])
    due_on = DateField("Due by", validators=[Optional()], description="For example 2027-03-31.")

    def filled(self) -> bool:
        typed_date = bool(self.due_on.raw_data and self.due_on.raw_data[0].strip())
        texts = (self.text.data or "").strip() or (self.owner.data or "").strip()
        return bool(texts) or typed_date


class DecisionForm(CleanForm):
    outcome = RadioField(
        "The group's decision",
        choices=select_choices(AI_OUTCOMES.items()),
        validators=[InputRequired("Choose the decision.")],
    )
    basis = _text(
        "The basis of the decision",
        "Give the basis of the decision.",
        "What the decision rests on: the review, the votes, the subcommittee's advice.",
    )
    conditions = FieldList(
        FormField(ConditionRow), min_entries=CONDITION_ROWS, max_entries=CONDITION_ROWS
    )
    departure_reason = TextAreaField(
        "Why the decision differs from the subcommittee's recommendation",
        validators=[MaxLength(TEXT)],
        description="Required when your decision is not the one the subcommittee recommended. "
        "It is shown on the page and in the signed record.",
    )
    # The subcommittee's recommendation in force on a high-tier review (set by the page):
    # a decision that differs from it needs the departure reason.
    subcommittee_says: str | None = None

    def departs(self) -> bool:
        said = self.subcommittee_says
        return said is not None and bool(self.outcome.data) and self.outcome.data != said

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.departs() and not (self.departure_reason.data or "").strip():
            self.departure_reason.errors = [
                *self.departure_reason.errors,
                "Your decision differs from the subcommittee's recommendation: explain why.",
            ]
            valid = False
        rows = [row.form for row in self.conditions if row.form.filled()]
        for row in rows:
            for name in ("text", "owner", "due_on"):
                field = getattr(row, name)
                if not field.data and not field.errors:
                    field.errors = [f"Give the condition's {field.label.text.lower()}."]
                    valid = False
            valid = _due_date_checked(row.due_on, decision_day()) and valid
        if self.outcome.data == "approve-with-conditions" and not rows:
            self.outcome.errors = [*self.outcome.errors, "Write at least one condition."]
            valid = False
        elif self.outcome.data in ("approve", "do-not-approve") and rows:
            self.outcome.errors = [
                *self.outcome.errors,
                "Conditions go only with “Approve with conditions”.",
            ]
            valid = False
        return valid

    def condition_inputs(self) -> list[ConditionInput]:
        rows = [row.form for row in self.conditions if row.form.filled()]
        # validate() has refused a filled row without a date
        return [
            ConditionInput(r.text.data or "", r.owner.data or "", cast(date, r.due_on.data))
            for r in rows
        ]

    def decision_input(self) -> DecisionInput:
        return DecisionInput(
            self.outcome.data or "",
            self.basis.data or "",
            self.condition_inputs(),
            (self.departure_reason.data or "") if self.departs() else "",
        )


def _due_date_checked(due_on: DateField, day: date) -> bool:
    """Put the problem with a due date on its field (AI_CONDITION_MAX_YEARS); False if any."""
    problem = due_date_problem(due_on.data, day) if due_on.data else None
    if problem is not None:
        due_on.errors = [*due_on.errors, problem]
    return problem is None


class CorrectConditionForm(CleanForm):
    """A chair's correction of a condition: the corrected text, owner and due date (the form
    starts from the condition as decided), and why."""

    text = TextAreaField(
        "Condition", validators=[DataRequired("Give the condition."), MaxLength(TEXT)]
    )
    owner = StringField(
        "Owner (a person or a team)",
        validators=[DataRequired("Give the condition's owner."), MaxLength(limits.NAME)],
    )
    due_on = DateField(
        "Due by",
        validators=[InputRequired("Give the due date, for example 2027-03-31.")],
        description="For example 2027-03-31.",
    )
    reason = _text(
        "Why the condition is corrected",
        "Say why the condition is corrected.",
        "For example: the due date was typed wrong. The old condition stays on the record.",
    )
    # The day the condition's decision was made: the due date may not be before it.
    decided_on: date | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "correct")  # apart from the decision's condition rows
        super().__init__(*args, **kwargs)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.due_on.data and self.decided_on is not None:
            valid = _due_date_checked(self.due_on, self.decided_on) and valid
        return valid

    def correction(self) -> Correction:
        due = self.due_on.data
        assert due is not None  # validated: InputRequired
        return Correction(self.text.data or "", self.owner.data or "", due, self.reason.data or "")


class CloseConditionForm(CleanForm):
    evidence = _text(
        "Evidence that the condition is met",
        "Give the evidence that the condition is met.",
        "For example: what was done, and where the document or report is kept.",
    )


class ReassessForm(CleanForm):
    """A button: start the re-assessment (only the CSRF token)."""
