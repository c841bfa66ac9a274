"""The publish and retire forms of a use case's inventory entry."""

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional

from ctdppeia import limits
from ctdppeia.formtools import CleanForm, MaxLength, select_choices
from ctdppeia.inventory.fields import (
    DECISION,
    DECISION_ROLES,
    LABELS,
    STATUSES,
    STATUTORY,
    TIERS,
    YES_NO,
)

CHOOSE = [("", "Choose one")]


class Needed:
    """Marks a field required (the label says so); ``services.check`` refuses it empty, with
    the message of the law or of the decision, so the form and the service agree."""

    field_flags = {"required": True}

    def __call__(self, form: Any, field: Any) -> None:
        return None


ACTIVE = {key: label for key, label in STATUSES.items() if key != "retired"}
TEXT = limits.LONG_TEXT


def _needed(key: str) -> list[Any]:
    return [Needed()] if key in STATUTORY or key in DECISION else []


def _select(key: str, values: dict[str, str], description: str = "") -> Any:
    return SelectField(
        LABELS[key],
        choices=select_choices([*CHOOSE, *values.items()]),
        validators=[*_needed(key), Optional()],
        description=description,
    )


def _line(key: str, description: str = "") -> Any:
    validators = [*_needed(key), MaxLength(limits.NAME)]
    return StringField(LABELS[key], validators=validators, description=description)


def _block(key: str, description: str = "") -> Any:
    validators = [*_needed(key), MaxLength(TEXT)]
    return TextAreaField(LABELS[key], validators=validators, description=description)


class PublishForm(CleanForm):
    """Every public field; the checks that refuse publication are in ``services.check``."""

    name = _line("name", "Law requires it (CGS 4a-2e, item A).")
    vendor = _line(
        "vendor", "The company that makes it, or “None: built by the agency”. Law requires it."
    )
    capabilities_and_uses = _block(
        "capabilities_and_uses", "In plain words. Law requires it (CGS 4a-2e, item B)."
    )
    decision_role = _select("decision_role", DECISION_ROLES, "Law requires it (CGS 4a-2e, item C).")
    impact_assessment_before_use = _select(
        "impact_assessment_before_use", YES_NO, "Law requires it (CGS 4a-2e, item D)."
    )
    status = _select("status", ACTIVE)
    risk_tier = _select("risk_tier", TIERS)
    risk_tier_basis = _block("risk_tier_basis")
    ai_technique = _line("ai_technique")
    data_used = _block("data_used", "The kinds of data, not the records themselves.")
    personal_data = _select("personal_data", YES_NO)
    human_oversight = _block("human_oversight")
    how_to_appeal = _block("how_to_appeal", "How a person asks for a result to be checked.")
    public_contact = _line("public_contact", "A team email address, not a person's own.")
    decision_date = DateField(LABELS["decision_date"], validators=[Needed(), Optional()])
    next_review_date = DateField(LABELS["next_review_date"], validators=[Needed(), Optional()])
    change_note = _block("change_note", "Shown in the entry's public history.")
    submit = SubmitField(_l("Continue to check the entry"))

    def content(self) -> dict[str, Any]:
        """The form's values keyed as the record's fields (yes/no as True/False)."""
        data = {key: value for key, value in self.data.items() if key in LABELS}
        for key in ("impact_assessment_before_use", "personal_data"):
            data[key] = {"yes": True, "no": False}.get(data.get(key) or "")
        return data


def form_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Stored or known fields as the form's starting values (True/False as yes/no)."""
    values = dict(fields)
    for key in ("impact_assessment_before_use", "personal_data"):
        if isinstance(values.get(key), bool):
            values[key] = "yes" if values[key] else "no"
    for key in ("decision_date", "next_review_date"):
        if isinstance(values.get(key), str):
            try:
                values[key] = date.fromisoformat(values[key])
            except ValueError:
                values[key] = None
    if values.get("status") == "retired":
        values["status"] = ""
    values.pop("change_note", None)
    return values


class RetireForm(CleanForm):
    note = TextAreaField(
        "Why is the system retired?",
        validators=[MaxLength(TEXT)],
        description="Shown in the entry's public history.",
    )
    submit = SubmitField("Retire the system")
