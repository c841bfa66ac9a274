"""Fifteen inventory entries as a batch of submissions arrives: modelled on OMB's consolidated
2025 file, where a third of the rows leave a required column blank (stage, high-impact, id,
contact, bureau), and on the slips agencies make (spaces, redaction marks left in, a stage
written in another standard's words, dates typed the US way, a retired system's id reused),
and the slips the fields added in December 2026 invite (a deployed high-impact use with no
first use, no reason for its changed tier and no official who accepted the risk; withheld
fields that may not be, or without a reason; hard Spanish).

``PROBLEMS`` is every problem in them, as (row counted from 0, field, kind): the validator must find
exactly these."""

from typing import Any

from tests.inventory import seeded

BASE = "https://ai.example.ct.gov"
# The inventory already holds a retired fraud score with this id (another system).
OWNERS = {"CT-DOL-0001": "retired fraud score"}
HARD_SPANISH = (
    "La implementación institucionalizada de metodologías computacionales probabilísticas "
    "interdepartamentales garantiza consideraciones administrativas extraordinariamente "
    "pormenorizadas."
)


def _entry(number: int, **changes: Any) -> dict[str, Any]:
    record = seeded.records(number + 1)[number]
    record.update({"public_id": f"CT-DSS-{number + 100:04d}", **changes})
    return record


ENTRIES: list[dict[str, Any]] = [
    _entry(0),  # clean
    _entry(1, development_stage="", risk_tier=None),  # stage and high-impact blank
    _entry(2, public_id="", public_contact=" "),  # id and contact blank
    _entry(3, agency_name=None, development_stage=None),  # bureau and stage blank
    _entry(4, name="Benefits helper ", vendor=" Acme AI"),  # spaces
    _entry(
        5,
        capabilities_and_uses="Scores claims for [REDACTED] and XXX review.",
        human_oversight="Reviewed by ████ staff; see (b)(6).",
    ),
    _entry(6, public_id="CT-DSS-0105"),  # the id of the entry before it
    _entry(7, public_id="CT-DOL-0001"),  # a retired system's id, given out again
    _entry(
        8,
        development_stage="Deployed",
        risk_tier="High-impact",
        decision_role="decides",
        personal_data="yes",
    ),
    _entry(9, name="A" * 101, capabilities_and_uses="B" * 351),  # over the Dutch limits
    _entry(
        10,
        decision_date="2026-05-01",
        next_review_date="2026-04-01",
        retired_on="2026-01-01",
        status="retired",
        development_stage="retired",
        last_change="2026-03-01",
    ),
    _entry(
        11,
        next_review_date="12/31/2027",
        public_contact="call 2-1-1",
        how_to_appeal="See /ai-inventory/CT-DSS-0999 or /ai-use-cases/3 or "
        f"{BASE}/records/{'a' * 64}; also /ai-inventory and https://portal.ct.gov/das.",
    ),
    _entry(12, vendor="", capabilities_and_uses=None, impact_assessment_before_use=None),
    _entry(
        13,
        development_stage="deployed",
        risk_tier="high",
        rules_risk_tier="low",
        tier_change_reason=None,
        risk_accepted_by=" ",
        date_first_used=None,
        withheld=None,
    ),
    _entry(
        14,
        withheld={"name": "Secret", "vendor": "y" * 191, "data_used": " "},
        vendor="Withheld: " + "y" * 191,
        data_used="Withheld: ",
        date_first_used="2030-01-01",
        capabilities_and_uses_es=HARD_SPANISH,
    ),
]

PROBLEMS = {
    (1, "development_stage", "blank"), (1, "risk_tier", "blank"),
    (2, "public_id", "blank"), (2, "public_contact", "blank"),
    (3, "agency_name", "blank"), (3, "development_stage", "blank"),
    (4, "name", "spaces"), (4, "vendor", "spaces"),
    (5, "capabilities_and_uses", "redaction"), (5, "human_oversight", "redaction"),
    (5, "public_id", "duplicate_id"), (6, "public_id", "duplicate_id"),
    (7, "public_id", "reused_id"),
    (8, "development_stage", "enum"), (8, "risk_tier", "enum"), (8, "decision_role", "enum"),
    (8, "personal_data", "enum"),
    (9, "name", "length"), (9, "capabilities_and_uses", "length"),
    (10, "next_review_date", "date_order"), (10, "retired_on", "date_order"),
    (10, "decision_date", "date_order"),
    (11, "next_review_date", "format"), (11, "public_contact", "format"),
    (11, "how_to_appeal", "link"),
    (12, "vendor", "blank"), (12, "capabilities_and_uses", "blank"),
    (12, "impact_assessment_before_use", "blank"),
    (13, "date_first_used", "blank"), (13, "tier_change_reason", "blank"),
    (13, "risk_accepted_by", "blank"),
    (14, "withhold_name", "withheld"), (14, "withhold_vendor", "length"),
    (14, "withhold_data_used", "withheld"), (14, "date_first_used", "date_order"),
    (14, "capabilities_and_uses_es", "reading"),
}  # fmt: skip
# The links of entry 12 (row 11) that lead nowhere (an unknown entry, a staff page, no such record).
BROKEN_LINKS = ("/ai-inventory/CT-DSS-0999", "/ai-use-cases/3", f"{BASE}/records/{'a' * 64}")
REDACTION_MARKS = {5: ["[REDACTED]", "XXX", "████", "(b)(6)"]}
