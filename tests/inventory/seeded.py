"""Many clean inventory entries, made in bulk (no forms, no HTTP): every status, tier, decision
role and kind of AI, vendors and in-house systems, optional fields empty or filled."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

from ctdppeia.inventory.facts import TECHNIQUE
from ctdppeia.inventory.fields import (
    DECISION_ROLES,
    PRACTICE_KEYS,
    PRACTICE_STATUSES,
    STAGE_STATUS,
    TIERS,
    public_record,
)

AGENCIES = (("DSS", "Department of Social Services"), ("DOL", "Department of Labor"),
            ("DOT", "Department of Transportation"))  # fmt: skip
KINDS = (*TECHNIQUE.values(), "A home-made mix of rules and a small model", None)
STAGES = ("pre_deployment", "pilot", "deployed", "retired")


def content(number: int) -> dict[str, Any]:
    """The content of entry ``number``: what a publisher would have stored."""
    stage = STAGES[number % len(STAGES)]
    decided = date(2024, 1, 1) + timedelta(days=number % 600)
    optional = number % 4 != 0
    return _basic(number, stage, decided, optional) | _added(number, stage, decided, optional)


def _basic(number: int, stage: str, decided: date, optional: bool) -> dict[str, Any]:
    code, agency = AGENCIES[number % len(AGENCIES)]
    status = STAGE_STATUS[stage]
    return {
        "name": f"System {number}: Ñandú café — “quoted”, with, commas",
        "vendor": "None: built by the agency" if number % 5 == 0 else f"Vendor {number} Inc.",
        "agency_code": code,
        "agency_name": agency,
        "capabilities_and_uses": f"Sorts letters for team {number}.\nSays which form fits.",
        "decision_role": list(DECISION_ROLES)[number % len(DECISION_ROLES)],
        "impact_assessment_before_use": number % 2 == 0,
        "status": status,
        "risk_tier": list(TIERS)[number % len(TIERS)],
        "risk_tier_basis": f"Tier set by rule {number}." if optional else None,
        "ai_technique": KINDS[number % len(KINDS)],
        "data_used": "=SUM(A1) public pages" if optional else None,
        "personal_data": None if number % 7 == 0 else number % 3 == 0,
        "human_oversight": "A person checks each result." if optional else None,
        "how_to_appeal": "Ask for a fair hearing." if optional else None,
        "public_contact": f"team{number % 9}@ct.gov",
        "decision_date": decided.isoformat(),
        "next_review_date": (decided + timedelta(days=700)).isoformat(),
        "retired_on": (decided + timedelta(days=90)).isoformat() if status == "retired" else None,
        "change_note": f"Version note {number}" if optional else None,
    }


def _added(number: int, stage: str, decided: date, optional: bool) -> dict[str, Any]:
    """The fields added in December 2026: stage, first use, the signed assessment, the
    tiers, the minimum practices, withheld fields and the Spanish texts."""
    tier = list(TIERS)[number % len(TIERS)]
    rules_tier = list(TIERS)[(number // 3) % len(TIERS)] if optional else None
    used = stage != "pre_deployment" and number % 6 != 1
    signed = number % 2 == 0
    withheld = {"vendor": f"Law enforcement: case {number}."} if number % 11 == 0 else {}
    fields: dict[str, Any] = {
        "development_stage": stage,
        "date_first_used": (decided + timedelta(days=30)).isoformat() if used else None,
        "impact_assessment_completed": signed,
        "impact_assessment_date": (decided - timedelta(days=10)).isoformat() if signed else None,
        "impact_assessment_record": f"https://ai.example.ct.gov/records/{number:064x}"
        if signed
        else None,
        "conditions": f"Check a sample each month ({number})." if optional else None,
        "rules_risk_tier": rules_tier,
        "tier_change_reason": "The group weighed who it affects." if rules_tier != tier else None,
        "risk_accepted_by": "Chief Data Officer" if tier == "high" else None,
        "practice_waivers": None,
        "withheld": withheld or None,
        "capabilities_and_uses_es": "Ordena las cartas del equipo." if optional else None,
    }
    for place, key in enumerate(PRACTICE_KEYS):
        fields[f"practice_{key}"] = list(PRACTICE_STATUSES)[(number // 3 + place) % 3]
    if stage in ("pilot", "deployed") and not used:
        reason = "Security: the start date helps attacks."
        fields["withheld"] = {**withheld, "date_first_used": reason}
    return fields


def public_id(number: int) -> str:
    return f"CT-{AGENCIES[number % len(AGENCIES)][0]}-{number + 1:04d}"


def records(count: int, today: date = date(2026, 12, 1)) -> list[dict[str, Any]]:
    """``count`` public records, each published a year after its decision."""
    found = []
    for number in range(count):
        fields = content(number)
        published = datetime.fromisoformat(fields["decision_date"]).replace(tzinfo=UTC)
        published += timedelta(days=365, hours=number % 24)
        found.append(public_record(public_id(number), 1 + number % 3, published, fields, today))
    return found
