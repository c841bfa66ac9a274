"""The forms of the risk tier page: a different tier with its reason, the written determination
that sets aside a presumption of high impact, and the obligations."""

from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Optional, ValidationError

from ctdppeia import limits, words
from ctdppeia.formtools import CleanForm, CleanSubform, MaxLength, select_choices


class TierForm(CleanForm):
    tier = RadioField(
        "Risk tier to record",
        choices=select_choices(words.RATING.items()),
        validators=[DataRequired("Choose a risk tier.")],
    )
    reason = TextAreaField(
        "Why this tier",
        validators=[MaxLength(limits.TIER_REASON)],
        description=(
            "Needed when you record a tier other than the rules'. Say which facts make "
            "the use less (or more) risky than the flags say."
        ),
    )

    def __init__(self, computed: str | None, presumed: str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.computed = computed
        self.presumed = presumed  # the refusal, when a presumption of high impact stands

    def validate_tier(self, field: RadioField) -> None:
        if self.presumed and field.data != "high":
            raise ValidationError(self.presumed)

    def validate_reason(self, field: TextAreaField) -> None:
        if self.tier.data != self.computed and not (field.data or "").strip():
            raise ValidationError("Give the reason for recording a different tier.")


class RebuttalForm(CleanForm):
    decided_by = StringField(
        "Who decided: name and title of the official",
        validators=[
            DataRequired("Name the official who made the determination."),
            MaxLength(limits.REBUTTAL_DECIDED_BY),
        ],
        description="For example: Dana Whitfield, Deputy Commissioner of Social Services.",
    )
    reason = TextAreaField(
        "The written determination: why the use is not high-impact",
        validators=[
            DataRequired("Give the reason the presumption does not hold."),
            MaxLength(limits.REBUTTAL_REASON),
        ],
        description=(
            "Say why the output is not a principal basis for a decision or action with a "
            "significant effect on people's rights or safety, with the facts that show it."
        ),
    )


class ObligationItem(CleanSubform):
    text = HiddenField()
    done = BooleanField("Done")
    explanation = TextAreaField(
        "How it is met, or why not yet",
        validators=[Optional(), MaxLength(limits.OBLIGATION_NOTE)],
    )


class ObligationsForm(CleanForm):
    items = FieldList(FormField(ObligationItem))


class WithdrawForm(CleanForm):
    """Only the form token: withdrawing the determination takes no input."""
