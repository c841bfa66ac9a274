"""The rules an entry's content must meet to be published, read from ``fields.RECORD``:
required fields (always, or when the stage or the tier asks), allowed values, lengths, dates
in order, withheld fields with a reason, and Spanish text that reads at grade 8 or below.

Plain data in, a mapping of field to message out: the publish form and the service agree.
"""

from datetime import date
from typing import Any

from ctdppeia.inventory import clock
from ctdppeia.inventory.fields import (
    ACTIVE,
    ALWAYS,
    APP,
    DECISION,
    HIGH_DEPLOYED,
    NEVER,
    RECORD,
    STATUTORY,
    TIER_CHANGED,
    WITHHOLDABLE,
    Field,
)

WITHHOLD_REASON_MAX = 500
SPANISH_EASE_MINIMUM = 60  # Fernández Huerta, about grade 8 or below
SPANISH_MIN_WORDS = 8  # a reading formula needs sentences; shorter text is not scored
NEEDED = {
    ACTIVE: "Enter the date the system was first used: a pilot or deployed system has one.",
    TIER_CHANGED: (
        "Say why the tier differs from the one the questionnaire gave: the public sees both."
    ),
    HIGH_DEPLOYED: (
        "Name the official who accepted the remaining risk: a deployed high-impact use has one "
        "(OMB M-25-21)."
    ),
}
NOT_ALLOWED = {"development_stage": ("retired",)}


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _applies(rule: str, content: dict[str, Any]) -> bool:
    stage, tier = content.get("development_stage"), content.get("risk_tier")
    rules_tier = content.get("rules_risk_tier")
    return {
        ALWAYS: True,
        ACTIVE: stage in ("pilot", "deployed"),
        TIER_CHANGED: bool(rules_tier) and rules_tier != tier,
        HIGH_DEPLOYED: tier == "high" and stage == "deployed",
    }.get(rule, False)


def _message(field: Field) -> str:
    return STATUTORY.get(field.key) or DECISION.get(field.key) or NEEDED[field.required]


def entry_problems(content: dict[str, Any]) -> dict[str, str]:
    """What stops this content from being published, field by field (empty when nothing)."""
    withheld = content.get("withheld") or {}
    problems: dict[str, str] = {}
    for field in RECORD:
        if field.source == APP or field.key in withheld:
            continue
        value = content.get(field.key)
        if _empty(value):
            if _applies(field.required, content):
                problems[field.key] = _message(field)
            continue
        found = _value_problem(field, value)
        if found:
            problems[field.key] = found
    problems |= _dates_in_order(content, problems)
    problems |= withheld_problems(withheld)
    problems |= spanish_problems(content, problems)
    return problems


def _value_problem(field: Field, value: Any) -> str | None:
    allowed = field.values if field.kind == "enum" else None
    if allowed is not None and (value not in allowed or value in NOT_ALLOWED.get(field.key, ())):
        return _message(field) if field.required != NEVER else "Choose one of the values."
    if field.max_length is not None and isinstance(value, str) and len(value) > field.max_length:
        return f"Shorten this to {field.max_length} characters or fewer."
    return None


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _dates_in_order(content: dict[str, Any], problems: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    decided = _as_date(content.get("decision_date"))
    again = _as_date(content.get("next_review_date"))
    if "next_review_date" not in problems and decided and again and again < decided:
        found["next_review_date"] = "The next review must be on or after the decision date."
    first = _as_date(content.get("date_first_used"))
    if first is not None and first > clock.today():
        found["date_first_used"] = "The date first used cannot be in the future."
    return found


def withheld_problems(withheld: dict[str, str]) -> dict[str, str]:
    """A withheld field must be one that may be withheld, with a reason (OMB: withhold only
    what cannot be released, and say why)."""
    problems: dict[str, str] = {}
    for key, reason in withheld.items():
        name = f"withhold_{key}"
        if key not in WITHHOLDABLE:
            problems[name] = "This field cannot be withheld."
        elif not reason.strip():
            problems[name] = "Give the reason this field is withheld: the public reads it."
        elif len(reason) > WITHHOLD_REASON_MAX:
            problems[name] = f"Shorten the reason to {WITHHOLD_REASON_MAX} characters or fewer."
    return problems


def spanish_problems(content: dict[str, Any], problems: dict[str, str]) -> dict[str, str]:
    """Each Spanish text of 8 or more words must read at about grade 8 or below."""
    from ctdppeia.board.pages import spanish_reading_ease

    found: dict[str, str] = {}
    for field in RECORD:
        text = content.get(field.key)
        if field.spanish_of is None or field.key in problems or not isinstance(text, str):
            continue
        if len(text.split()) < SPANISH_MIN_WORDS:
            continue
        ease = spanish_reading_ease(text)
        if ease is not None and ease < SPANISH_EASE_MINIMUM:
            found[field.key] = (
                f"This Spanish text is hard to read (Fernández Huerta reading ease {ease:g}; "
                f"{SPANISH_EASE_MINIMUM} or more is needed). Use shorter sentences and words."
            )
    return found
