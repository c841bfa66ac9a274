"""What the inventory already knows about a use case, to pre-fill the publish form.

``inventory_facts`` is the one place the inventory reads another record: the use case itself,
its latest Responsible-AI review (answers and risk tier) and, where one exists, the advisory
group's decision. A fact nobody has recorded yet is None, and the publisher fills it in.
"""

from datetime import date
from typing import Any

from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.inventory import clock
from ctdppeia.inventory.fields import STAGE_STATUS
from ctdppeia.models import (
    AICondition,
    AIConditionCorrection,
    AIDecision,
    AIUseCase,
    PresumptionRebuttal,
    Review,
    ReviewAnswer,
)
from ctdppeia.practices import services as practices

SUBJECT_KIND = "ai-use-case"

# The use case's stage as OMB's development stage (2025 inventory).
STAGE = {
    "lab-test": "pre_deployment",
    "procurement": "pre_deployment",
    "pilot": "pilot",
    "in-use": "deployed",
}
# Responsible-AI question I7; "informs" of editions before 2027.3 also meant "materially
# supports", so it stays "informs" unless the answer says more.
DECISION_ROLE = {
    "makes": "makes",
    "supports": "materially_supports",
    "informs": "informs",
    "none": "none",
}
TECHNIQUE = {
    "generative": "Generative AI that writes text, images or code",
    "predictive": "A predictive model, score or classifier",
    "rules": "Rules-based automation",
    "biometric-id": "Face recognition or other biometrics to identify people",
    "computer-vision": "Image or video analysis",
    "speech": "Speech recognition or voice",
}
OVERSIGHT = {
    "every": "A trained person reviews every output before it affects someone.",
    "sample": "A trained person reviews a sample of outputs.",
    "none": "No person reviews the outputs before they affect someone.",
}
PERSONAL = {"restricted": True, "public": False}
TIERS = {"high": "high", "medium": "medium", "low": "low", "info": "low"}


def latest_review(use_case: AIUseCase) -> Review | None:
    query = (
        select(Review)
        .where(Review.subject_kind == SUBJECT_KIND, Review.subject_id == use_case.id)
        .order_by(Review.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def _answers(review: Review | None) -> dict[str, Any]:
    if review is None:
        return {}
    rows = db.session.scalars(select(ReviewAnswer).where(ReviewAnswer.review_id == review.id))
    return {row.question_id: row.value for row in rows if row.value not in (None, "", [])}


def _tier(review: Review | None) -> tuple[str | None, str | None]:
    """The review's risk tier (a reviewer's recorded tier first) and why: the plain sentence
    naming the rules that set it, the reason of a recorded tier, and the written determination
    that set aside a presumption of high impact."""
    if review is None:
        return None, None
    from ctdppeia.ai.tier import tier_of

    found = tier_of(review)
    if found.effective is None:
        return None, None
    bases = dict.fromkeys(e.flag.basis for e in found.setting_flags if e.flag.basis)
    parts = [found.sentence, f"Basis: {'; '.join(bases)}." if bases else ""]
    if found.override is not None:
        parts.append(f"Reason for the recorded tier: {found.override.reason}")
    determination = determination_of(review)
    if determination is not None:
        parts.append(f"The written determination: {determination.reason}")
    return TIERS.get(found.effective), "\n\n".join(part for part in parts if part)


def determination_of(review: Review | None) -> PresumptionRebuttal | None:
    """The written determination in force on the review: one that sets aside a presumption of
    high impact the answers raise; None otherwise."""
    if review is None:
        return None
    from ctdppeia.ai.tier import tier_of

    found = tier_of(review)
    return found.rebuttal if found.set_aside else None


def _assessed_before_use(answers: dict[str, Any], signed_on: date | None) -> bool | None:
    """CGS 4a-2e (D). A signed review is an impact assessment: it came before use when the
    system is not in use yet or was first used on or after the day it was signed. Otherwise
    the answer to I8 (an assessment before this review) says it."""
    if answers.get("I8") == "yes":
        return True
    first_used = answers.get("I12") if answers.get("I11") == "yes" else None
    if signed_on is not None and (first_used is None or str(first_used) >= signed_on.isoformat()):
        return True
    if answers.get("I11") == "no":  # not in use yet: this review comes first
        return True
    return False if answers.get("I8") == "no" else None


def _tier_change(review: Review | None) -> dict[str, Any]:
    """The questionnaire's own tier and, when a written determination or a recorded tier
    changed it, why (both are published: the statute's reader sees both tiers)."""
    if review is None:
        return {}
    from ctdppeia.ai.tier import tier_of

    found = tier_of(review)
    rules = found.rebuttal.tier_before if found.set_aside and found.rebuttal else found.computed
    reasons = []
    if found.set_aside and found.rebuttal is not None:
        reasons.append(
            f"A written determination by {found.rebuttal.decided_by} set aside the "
            f"presumption of high impact: {found.rebuttal.reason}"
        )
    if found.override is not None:
        reasons.append(f"The reviewers recorded another tier: {found.override.reason}")
    return {"rules_risk_tier": TIERS.get(rules or ""), "tier_change_reason": "\n\n".join(reasons)}


def _conditions(decision: AIDecision | None) -> str | None:
    """The conditions of the group's decision, one a line (corrected ones left out)."""
    if decision is None:
        return None
    corrected = set(
        db.session.scalars(
            select(AIConditionCorrection.condition_id)
            .join(AICondition, AIConditionCorrection.condition_id == AICondition.id)
            .where(AICondition.decision_id == decision.id)
        )
    )
    texts = [c.text for c in decision.conditions if c.id not in corrected]
    return "\n".join(f"- {text}" for text in texts) or None


def assessment_facts(use_case: AIUseCase) -> dict[str, Any]:
    """The signed Responsible-AI review as the inventory shows it: signed or not, the day
    (in Connecticut) and the public address of its record."""
    from ctdppeia.documents.services import record_url

    document = practices.signed_review(use_case)
    if document is None:
        return {
            "impact_assessment_completed": False,
            "impact_assessment_date": None,
            "impact_assessment_record": None,
        }
    return {
        "impact_assessment_completed": True,
        "impact_assessment_date": document.approver_signed_at.astimezone(clock.ZONE)
        .date()
        .isoformat(),
        "impact_assessment_record": record_url(document.record_digest),
    }


APPROVING = ("approve", "approve-with-conditions")


def latest_decision(use_case: AIUseCase) -> AIDecision | None:
    """The advisory group's decision on the use case's latest decided review: after a
    re-assessment, the re-assessment's decision counts, not the first one."""
    query = (
        select(AIDecision)
        .join(Review, AIDecision.review_id == Review.id)
        .where(Review.subject_kind == SUBJECT_KIND, Review.subject_id == use_case.id)
        .order_by(Review.id.desc(), AIDecision.id.desc())
    )
    return db.session.scalars(query.limit(1)).first()


def _decision(use_case: AIUseCase) -> dict[str, date | str | None]:
    """The advisory group's latest decision on the use case: its date (in Connecticut), the
    next review date and, when it approves, the status its stage gives (pilot or in use)."""
    decision = latest_decision(use_case)
    if decision is None:
        return {"decision_date": None, "next_review_date": None, "development_stage": None}
    approved = decision.outcome in APPROVING
    return {
        "decision_date": decision.decided_at.astimezone(clock.ZONE).date(),
        "next_review_date": decision.next_review_on,
        "development_stage": STAGE.get(use_case.stage) if approved else None,
        "conditions": _conditions(decision),
    }


def inventory_facts(use_case: AIUseCase) -> dict[str, Any]:
    """The public fields as far as they are known, keyed as in ``fields.CONTENT``."""
    review = latest_review(use_case)
    answers = _answers(review)
    tier, basis = _tier(review)
    uses = "\n\n".join(text for text in (use_case.description, use_case.intended_use) if text)
    next_review = answers.get("X3")
    assessed = assessment_facts(use_case)
    signed_on = assessed["impact_assessment_date"]
    first_used = answers.get("I12") if answers.get("I11") == "yes" else None
    facts: dict[str, Any] = {
        "name": use_case.name,
        "vendor": use_case.vendor,
        "agency_code": use_case.agency.code,
        "agency_name": use_case.agency.name,
        "capabilities_and_uses": uses,
        "decision_role": DECISION_ROLE.get(answers.get("I7", "")),
        "impact_assessment_before_use": _assessed_before_use(
            answers, date.fromisoformat(signed_on) if signed_on else None
        ),
        "development_stage": STAGE.get(use_case.stage),
        "status": STAGE_STATUS.get(STAGE.get(use_case.stage, "")),
        "date_first_used": first_used if isinstance(first_used, str) else None,
        "risk_tier": tier,
        "risk_tier_basis": basis,
        "ai_technique": use_case.technique or TECHNIQUE.get(answers.get("I3", "")),
        "data_used": "\n".join(request.title for request in use_case.requests) or None,
        "personal_data": PERSONAL.get(answers.get("P6", answers.get("P1", ""))),
        "human_oversight": OVERSIGHT.get(answers.get("H1", "")),
        "how_to_appeal": answers.get("H3b"),
        "risk_accepted_by": answers.get("Z2"),
        "public_contact": use_case.public_contact or None,
        "next_review_date": next_review if isinstance(next_review, str) else None,
    }
    facts |= assessed | _tier_change(review) | practices.inventory_fields(use_case)
    decided = _decision(use_case)
    facts.update({key: value for key, value in decided.items() if value is not None})
    return facts
