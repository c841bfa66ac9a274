"""The public fields of an AI inventory entry: names, words, allowed values, and the record.

Plain data only (no Flask, no database), so the pages, the files, the schema and the tests all
read the same list. A key here is a column of the CSV and a property of the JSON: never rename
one (add a new schema version instead).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from ctdppeia.limits import LONG_TEXT, NAME
from ctdppeia.practices.catalogue import PRACTICE_KEYS, PRACTICE_STATUSES
from ctdppeia.translatable import N_

SCHEMA_VERSION = "1"


STATUSES: dict[str, str] = {
    "approved": N_("Approved, not in use yet"),
    "pilot": N_("Pilot"),
    "in_use": N_("In use"),
    "retired": N_("Retired"),
}
# OMB's development stages (2025 inventory, `development_stage`); the keys are ours, the words
# are OMB's enumeration strings.
DEVELOPMENT_STAGES: dict[str, str] = {
    "pre_deployment": N_("Pre-deployment"),
    "pilot": N_("Pilot"),
    "deployed": N_("Deployed"),
    "retired": N_("Retired"),
}
# The status each stage publishes (the status is never typed: it follows the stage).
STAGE_STATUS: dict[str, str] = {
    "pre_deployment": "approved",
    "pilot": "pilot",
    "deployed": "in_use",
    "retired": "retired",
}
TIERS: dict[str, str] = {"high": N_("High"), "medium": N_("Medium"), "low": N_("Low")}
DECISION_ROLES: dict[str, str] = {
    "makes": N_("Makes decisions on its own"),
    "materially_supports": N_("Materially supports people's decisions"),
    "informs": N_("Informs people's decisions"),
    "none": N_("Has no part in decisions"),
}
YES_NO: dict[str, str] = {"yes": N_("Yes"), "no": N_("No")}

# The four facts Connecticut law requires for each system (CGS 4a-2e(b)(1), items A to D).
STATUTORY: dict[str, str] = {
    "name": "Enter the name of the system (CGS 4a-2e, item A).",
    "vendor": "Enter the vendor, or write “None: built by the agency” (CGS 4a-2e, item A).",
    "capabilities_and_uses": (
        "Say what the system can do and what the agency uses it for (CGS 4a-2e, item B)."
    ),
    "decision_role": (
        "Say whether the system makes, materially supports or informs decisions, "
        "or has no part in them (CGS 4a-2e, item C)."
    ),
    "impact_assessment_before_use": (
        "Say whether an impact assessment was done before the system was put into use "
        "(CGS 4a-2e, item D)."
    ),
}
# Facts of the advisory group's decision, also required to publish.
DECISION: dict[str, str] = {
    "development_stage": "Choose the development stage of the system.",
    "risk_tier": "Choose the risk tier.",
    "decision_date": "Enter the date of the advisory group's decision.",
    "next_review_date": "Enter the date by which the system must be reviewed again.",
}


# When a field must have a value to publish (``Field.required``).
ALWAYS = "always"  # every entry
ACTIVE = "active"  # when the development stage is pilot or deployed
TIER_CHANGED = "tier_changed"  # when the recorded tier differs from the questionnaire's
HIGH_DEPLOYED = "high_impact_deployed"  # when the tier is high and the stage is deployed
NEVER = "no"
# Who gives a field its value (``Field.source``).
FORM = "form"  # the publisher, on the publish form (pre-filled where the app knows it)
APP = "app"  # the application, from its own records; never typed


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "text"  # text | enum | boolean | date | datetime | integer | url | object
    values: Mapping[str, str] | None = None  # allowed values and their words, for an enum
    max_length: int | None = None  # for text, in characters
    required: str = NEVER  # ALWAYS, ACTIVE, TIER_CHANGED, HIGH_DEPLOYED or NEVER
    source: str = FORM
    withholdable: bool = False  # may be withheld with a stated reason
    spanish_of: str | None = None  # the Spanish version of that field's text


def _line(key: str, label: str, **more: Any) -> Field:
    return Field(key, label, "text", max_length=NAME, **more)


def _block(key: str, label: str, **more: Any) -> Field:
    return Field(key, label, "text", max_length=LONG_TEXT, **more)


def _spanish(key: str, label: str) -> Field:
    return Field(f"{key}_es", label, "text", max_length=LONG_TEXT, spanish_of=key)


PRACTICE_LABELS: dict[str, str] = {
    "testing": N_("Minimum practice: testing before use"),
    "impact_assessment": N_("Minimum practice: impact assessment"),
    "monitoring": N_("Minimum practice: ongoing monitoring"),
    "training": N_("Minimum practice: staff training"),
    "oversight": N_("Minimum practice: human oversight and fail-safe"),
    "appeal": N_("Minimum practice: remedy and appeal"),
    "consultation": N_("Minimum practice: consulting the public"),
}


# Every public field, in the order of the CSV columns and of the entry page. The fields of
# version 1 come first in their order; the ones added since follow, so no column moves.
RECORD: tuple[Field, ...] = (
    Field("public_id", N_("Inventory ID"), source=APP),
    Field("version", N_("Version"), "integer", source=APP),
    _line("name", N_("Name of the system"), required=ALWAYS),
    _line("vendor", N_("Vendor"), required=ALWAYS, withholdable=True),
    _line("agency_code", N_("Agency code"), source=APP),
    _line("agency_name", N_("Agency"), source=APP),
    _block(
        "capabilities_and_uses",
        N_("What it can do and what it is used for"),
        required=ALWAYS,
        withholdable=True,
    ),
    Field("decision_role", N_("Part in decisions"), "enum", DECISION_ROLES, required=ALWAYS),
    Field(
        "impact_assessment_before_use",
        N_("Impact assessment before use"),
        "boolean",
        required=ALWAYS,
    ),
    Field("status", N_("Status"), "enum", STATUSES, required=ALWAYS, source=APP),
    Field("risk_tier", N_("Risk tier"), "enum", TIERS, required=ALWAYS),
    _block("risk_tier_basis", N_("Why this tier"), withholdable=True),
    _line("ai_technique", N_("Kind of AI"), withholdable=True),
    _block("data_used", N_("Data it uses"), withholdable=True),
    Field("personal_data", N_("Uses personal data"), "boolean", withholdable=True),
    _block("human_oversight", N_("How people oversee it"), withholdable=True),
    _block("how_to_appeal", N_("How to appeal a result")),
    _line("public_contact", N_("Public contact")),
    Field("decision_date", N_("Date of the decision"), "date", required=ALWAYS),
    Field("next_review_date", N_("Next review due"), "date", required=ALWAYS),
    Field("review_overdue", N_("Review overdue"), "boolean", source=APP),
    Field("retired_on", N_("Retired on"), "date", source=APP),
    _block("change_note", N_("What changed")),
    Field("last_change", N_("Last change"), "date", source=APP),
    Field("published_at", N_("Published"), "datetime", source=APP),
    # Added in December 2026 (schema version 1 still: new optional properties only).
    Field(
        "development_stage",
        N_("Development stage"),
        "enum",
        DEVELOPMENT_STAGES,
        required=ALWAYS,
    ),
    Field("date_first_used", N_("Date first used"), "date", required=ACTIVE, withholdable=True),
    Field("impact_assessment_completed", N_("Impact assessment signed"), "boolean", source=APP),
    Field(
        "impact_assessment_date", N_("Date the impact assessment was signed"), "date", source=APP
    ),
    Field(
        "impact_assessment_record",
        N_("The signed impact assessment"),
        "url",
        max_length=NAME,
        source=APP,
    ),
    _block("conditions", N_("The advisory group's conditions"), withholdable=True),
    Field("rules_risk_tier", N_("Tier the questionnaire gave"), "enum", TIERS),
    _block("tier_change_reason", N_("Why the tier differs"), required=TIER_CHANGED),
    _line(
        "risk_accepted_by", N_("Official who accepted the remaining risk"), required=HIGH_DEPLOYED
    ),
    *(
        Field(f"practice_{key}", PRACTICE_LABELS[key], "enum", PRACTICE_STATUSES, source=APP)
        for key in PRACTICE_KEYS
    ),
    _block("practice_waivers", N_("Waivers of minimum practices"), source=APP),
    Field("withheld", N_("Withheld fields"), "object", source=APP),
    _spanish("capabilities_and_uses", N_("What it can do and what it is used for, in Spanish")),
    _spanish("data_used", N_("Data it uses, in Spanish")),
    _spanish("human_oversight", N_("How people oversee it, in Spanish")),
    _spanish("how_to_appeal", N_("How to appeal a result, in Spanish")),
    _spanish("conditions", N_("The advisory group's conditions, in Spanish")),
    _spanish("risk_tier_basis", N_("Why this tier, in Spanish")),
    _spanish("tier_change_reason", N_("Why the tier differs, in Spanish")),
    _spanish("change_note", N_("What changed, in Spanish")),
)
# The entry page's order: each field added since version 1 beside the ones it belongs with
# (the files keep the column order of RECORD).
_BESIDE: dict[str, tuple[str, ...]] = {
    "impact_assessment_before_use": (
        "impact_assessment_completed",
        "impact_assessment_date",
        "impact_assessment_record",
    ),
    "status": ("development_stage", "date_first_used"),
    "risk_tier_basis": ("rules_risk_tier", "tier_change_reason", "conditions", "risk_accepted_by"),
    "next_review_date": (
        *(f"practice_{key}" for key in PRACTICE_KEYS),
        "practice_waivers",
    ),
}
_MOVED = {key for keys in _BESIDE.values() for key in keys}
PAGE_ORDER: tuple[Field, ...] = tuple(
    placed
    for field in RECORD
    if field.key not in _MOVED
    for placed in (field, *(f for f in RECORD if f.key in _BESIDE.get(field.key, ())))
)
COLUMNS: tuple[str, ...] = tuple(field.key for field in RECORD)
LABELS: dict[str, str] = {field.key: field.label for field in RECORD}
BY_KEY: dict[str, Field] = {field.key: field for field in RECORD}

# The columns of schema version 1 as first published: every file has them all.
V1_COLUMNS: tuple[str, ...] = COLUMNS[: COLUMNS.index("published_at") + 1]

# What a version stores: the record without what the inventory adds itself when it is read.
DERIVED = frozenset({"public_id", "version", "review_overdue", "last_change", "published_at"})
CONTENT: tuple[str, ...] = tuple(key for key in COLUMNS if key not in DERIVED)
# Free text that may be left empty (shown as "Not stated").
OPTIONAL_TEXT = frozenset(
    f.key for f in RECORD if f.kind == "text" and f.source == FORM and f.required != ALWAYS
)
WITHHOLDABLE: tuple[str, ...] = tuple(f.key for f in RECORD if f.withholdable)
SPANISH: dict[str, str] = {f.spanish_of: f.key for f in RECORD if f.spanish_of}
WITHHELD_PREFIX = "Withheld: "


def iso_moment(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the second."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def public_record(
    public_id: str, version: int, published_at: datetime, content: Mapping[str, Any], today: date
) -> dict[str, Any]:
    """The public record of one version, every key of ``COLUMNS`` in order.

    ``today`` decides the overdue mark: the next review date has passed on that day.
    """
    facts = {key: content.get(key) for key in CONTENT}
    for key, reason in (content.get("withheld") or {}).items():
        facts[key] = WITHHELD_PREFIX + reason
    facts.update(
        public_id=public_id,
        version=version,
        published_at=iso_moment(published_at),
        last_change=published_at.astimezone(UTC).date().isoformat(),
        review_overdue=is_overdue(facts.get("next_review_date"), facts.get("status"), today),
    )
    return {key: facts[key] for key in COLUMNS}


def is_overdue(next_review: str | None, status: str | None, today: date) -> bool:
    """A system in use whose next review date has passed (a retired one is never overdue)."""
    if not next_review or status == "retired":
        return False
    return date.fromisoformat(next_review) < today


def changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[str]:
    """The content fields that differ between two versions (their keys, in record order)."""
    if before is None:
        return []
    return [key for key in CONTENT if key != "change_note" and before.get(key) != after.get(key)]


NOT_STATED = N_("Not stated")


def words_for(key: str, value: Any) -> str:
    """A value as a person reads it on the entry page."""
    field = BY_KEY[key]
    if value is None or value == "":
        return NOT_STATED
    if is_withheld(value):
        return str(value)
    if field.kind == "boolean":
        return YES_NO["yes"] if value else YES_NO["no"]
    if field.kind == "enum" and field.values is not None:
        return field.values.get(value, str(value))
    return str(value)


def is_withheld(value: Any) -> bool:
    """Whether a public value is a withheld field's "Withheld: <reason>"."""
    return isinstance(value, str) and value.startswith(WITHHELD_PREFIX)
