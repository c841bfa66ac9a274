"""The forms of the risk tier page: a different tier with its reason, and the obligations."""

from wtforms import BooleanField, FieldList, FormField, HiddenField, RadioField, TextAreaField
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
            "Needed when you record a tier other than the questionnaire's. Say which facts make "
            "the use less (or more) risky than the flags say."
        ),
    )

    def __init__(self, computed: str | None, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.computed = computed

    def validate_reason(self, field: TextAreaField) -> None:
        if self.tier.data != self.computed and not (field.data or "").strip():
            raise ValidationError("Give the reason for recording a different tier.")


class ObligationItem(CleanSubform):
    text = HiddenField()
    done = BooleanField("Done")
    explanation = TextAreaField(
        "How it is met, or why not yet",
        validators=[Optional(), MaxLength(limits.OBLIGATION_NOTE)],
    )


class ObligationsForm(CleanForm):
    items = FieldList(FormField(ObligationItem))
