"""The public fields of an AI inventory entry: names, words, allowed values, and the record.

Plain data only (no Flask, no database), so the pages, the files, the schema and the tests all
read the same list. A key here is a column of the CSV and a property of the JSON: never rename
one (add a new schema version instead).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

SCHEMA_VERSION = "1"


def N_(message: str) -> str:
    """Mark a label or a word for the catalogue: the public pages show it in their language
    (`inventory.shown`); the files keep the English."""
    return message


STATUSES: dict[str, str] = {"pilot": N_("Pilot"), "in_use": N_("In use"), "retired": N_("Retired")}
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
    "status": "Choose the status of the system.",
    "risk_tier": "Choose the risk tier.",
    "decision_date": "Enter the date of the advisory group's decision.",
    "next_review_date": "Enter the date by which the system must be reviewed again.",
}


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "text"  # text | enum | boolean | date | datetime | integer
    values: Mapping[str, str] | None = None  # allowed values and their words, for an enum


# Every public field, in the order of the CSV columns and of the entry page.
RECORD: tuple[Field, ...] = (
    Field("public_id", N_("Inventory ID")),
    Field("version", N_("Version"), "integer"),
    Field("name", N_("Name of the system")),
    Field("vendor", N_("Vendor")),
    Field("agency_code", N_("Agency code")),
    Field("agency_name", N_("Agency")),
    Field("capabilities_and_uses", N_("What it can do and what it is used for")),
    Field("decision_role", N_("Part in decisions"), "enum", DECISION_ROLES),
    Field("impact_assessment_before_use", N_("Impact assessment before use"), "boolean"),
    Field("status", N_("Status"), "enum", STATUSES),
    Field("risk_tier", N_("Risk tier"), "enum", TIERS),
    Field("risk_tier_basis", N_("Why this tier")),
    Field("ai_technique", N_("Kind of AI")),
    Field("data_used", N_("Data it uses")),
    Field("personal_data", N_("Uses personal data"), "boolean"),
    Field("human_oversight", N_("How people oversee it")),
    Field("how_to_appeal", N_("How to appeal a result")),
    Field("public_contact", N_("Public contact")),
    Field("decision_date", N_("Date of the decision"), "date"),
    Field("next_review_date", N_("Next review due"), "date"),
    Field("review_overdue", N_("Review overdue"), "boolean"),
    Field("retired_on", N_("Retired on"), "date"),
    Field("change_note", N_("What changed")),
    Field("last_change", N_("Last change"), "date"),
    Field("published_at", N_("Published"), "datetime"),
)
COLUMNS: tuple[str, ...] = tuple(field.key for field in RECORD)
LABELS: dict[str, str] = {field.key: field.label for field in RECORD}
BY_KEY: dict[str, Field] = {field.key: field for field in RECORD}

# What a publisher writes: the record without what the inventory adds itself.
DERIVED = frozenset({"public_id", "version", "review_overdue", "last_change", "published_at"})
CONTENT: tuple[str, ...] = tuple(key for key in COLUMNS if key not in DERIVED)
# Free text that may be left empty (shown as "Not stated").
OPTIONAL_TEXT = frozenset(
    {
        "risk_tier_basis",
        "ai_technique",
        "data_used",
        "human_oversight",
        "how_to_appeal",
        "public_contact",
        "change_note",
    }
)


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
    if field.kind == "boolean":
        return YES_NO["yes"] if value else YES_NO["no"]
    if field.kind == "enum" and field.values is not None:
        return field.values.get(value, str(value))
    return str(value)
