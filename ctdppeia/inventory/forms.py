"""The publish and retire forms of a use case's inventory entry."""

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Optional

from ctdppeia import limits
from ctdppeia.formtools import CleanForm, MaxLength, select_choices
from ctdppeia.inventory.fields import (
    ALWAYS,
    BY_KEY,
    DECISION_ROLES,
    DEVELOPMENT_STAGES,
    LABELS,
    TIERS,
    WITHHOLDABLE,
    YES_NO,
)
from ctdppeia.inventory.validator import WITHHOLD_REASON_MAX

CHOOSE = [("", "Choose one")]


class Needed:
    """Marks a field required (the label says so); ``services.check`` refuses it empty, with
    the message of the law or of the decision, so the form and the service agree."""

    field_flags = {"required": True}

    def __call__(self, form: Any, field: Any) -> None:
        return None


STAGES = {key: label for key, label in DEVELOPMENT_STAGES.items() if key != "retired"}
TEXT = limits.LONG_TEXT


def _needed(key: str) -> list[Any]:
    return [Needed()] if BY_KEY[key].required == ALWAYS else []


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
    development_stage = _select(
        "development_stage",
        STAGES,
        "OMB's stages. “Deployed” needs a signed review and, for a high-impact use, every "
        "minimum practice done or waived.",
    )
    date_first_used = DateField(
        LABELS["date_first_used"],
        validators=[Optional()],
        description="The first day of real use, even as a pilot. Needed for a pilot or a "
        "deployed system.",
    )
    risk_tier = _select("risk_tier", TIERS)
    rules_risk_tier = _select("rules_risk_tier", TIERS, "The tier the questionnaire's rules gave.")
    tier_change_reason = _block(
        "tier_change_reason", "Needed when the risk tier differs from the questionnaire's."
    )
    risk_tier_basis = _block("risk_tier_basis")
    conditions = _block("conditions", "The conditions of the advisory group's decision.")
    risk_accepted_by = _line(
        "risk_accepted_by", "Name and title. Needed for a deployed high-impact use."
    )
    ai_technique = _line("ai_technique")
    data_used = _block("data_used", "The kinds of data, not the records themselves.")
    personal_data = _select("personal_data", YES_NO)
    human_oversight = _block("human_oversight")
    how_to_appeal = _block("how_to_appeal", "How a person asks for a result to be checked.")
    public_contact = _line("public_contact", "A team email address, not a person's own.")
    decision_date = DateField(LABELS["decision_date"], validators=[Needed(), Optional()])
    next_review_date = DateField(LABELS["next_review_date"], validators=[Needed(), Optional()])
    change_note = _block("change_note", "Shown in the entry's public history.")
    capabilities_and_uses_es = _block(
        "capabilities_and_uses_es", "Plain Spanish, short sentences. Shown in Spanish mode."
    )
    data_used_es = _block("data_used_es")
    human_oversight_es = _block("human_oversight_es")
    how_to_appeal_es = _block("how_to_appeal_es")
    conditions_es = _block("conditions_es")
    risk_tier_basis_es = _block("risk_tier_basis_es")
    tier_change_reason_es = _block("tier_change_reason_es")
    change_note_es = _block("change_note_es", "Shown in the entry's history in Spanish mode.")
    submit = SubmitField(_l("Continue to check the entry"))

    def content(self) -> dict[str, Any]:
        """The form's values keyed as the record's fields (yes/no as True/False), and the
        withheld fields with their reasons."""
        data = {key: value for key, value in self.data.items() if key in LABELS}
        for key in ("impact_assessment_before_use", "personal_data"):
            data[key] = {"yes": True, "no": False}.get(data.get(key) or "")
        reasons = {key: self.data.get(f"withhold_{key}") or "" for key in WITHHOLDABLE}
        data["withheld"] = {key: text for key, text in reasons.items() if text.strip()}
        return data

    def withhold_fields(self) -> list[Any]:
        return [getattr(self, f"withhold_{key}") for key in WITHHOLDABLE]


for _key in WITHHOLDABLE:
    setattr(
        PublishForm,
        f"withhold_{_key}",
        StringField(
            f"Reason to withhold: {LABELS[_key]}",
            validators=[MaxLength(WITHHOLD_REASON_MAX)],
            description="Leave empty to publish the field. The public sees “Withheld: ” "
            "and this reason.",
        ),
    )


def form_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Stored or known fields as the form's starting values (True/False as yes/no)."""
    values = dict(fields)
    for key in ("impact_assessment_before_use", "personal_data"):
        if isinstance(values.get(key), bool):
            values[key] = "yes" if values[key] else "no"
    for key, reason in (values.pop("withheld", None) or {}).items():
        values[f"withhold_{key}"] = reason
    for key in ("decision_date", "next_review_date", "date_first_used"):
        if isinstance(values.get(key), str):
            try:
                values[key] = date.fromisoformat(values[key])
            except ValueError:
                values[key] = None
    if values.get("development_stage") == "retired":
        values["development_stage"] = ""
    values.pop("change_note", None)
    return values


class RetireForm(CleanForm):
    note = TextAreaField(
        "Why is the system retired?",
        validators=[MaxLength(TEXT)],
        description="Shown in the entry's public history.",
    )
    submit = SubmitField("Retire the system")


class DraftForm(PublishForm):
    """The owner agency's draft: the publish form's fields, saved without publishing."""

    revision = HiddenField(default="0")
    submit = SubmitField(_l("Save the draft"))

    def seen_revision(self) -> int:
        text = self.revision.data or "0"
        return int(text) if text.isdigit() else -1
