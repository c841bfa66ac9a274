"""AI use cases for the scale data set, and public inventory entries published the way the
app does."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select

from ctdppeia.extensions import db
from ctdppeia.inventory import services
from ctdppeia.models import AIDecision, AIUseCase, Review, User
from ctdppeia.reviews.registry import pin, questionnaires
from ctdppeia.scale.people import Staff

ENTRY: dict[str, object] = {
    "vendor": "Example Vendor Inc.",
    "capabilities_and_uses": "Drafts summaries of case notes for a caseworker to check.",
    "decision_role": "none",
    "impact_assessment_before_use": True,
    "development_stage": "pilot",
    "date_first_used": date(2026, 1, 5),
    "risk_tier": "low",
    "risk_tier_basis": "A caseworker reads and corrects every summary.",
    "ai_technique": "Generative AI",
    "data_used": "Case notes written by caseworkers",
    "personal_data": True,
    "human_oversight": "A caseworker reads every summary before it is saved.",
    "how_to_appeal": "Ask the caseworker or call the agency's help line.",
    "public_contact": "ai.help@ct.gov",
    "decision_date": date(2026, 2, 15),
    "next_review_date": date(2029, 2, 15),
}


def publish_some(publisher: User, count: int) -> int:
    """Publish the newest `count` use cases that are not in the inventory yet."""
    query = (
        select(AIUseCase)
        .where(AIUseCase.public_id.is_(None))
        .order_by(AIUseCase.id.desc())
        .limit(count)
    )
    published = 0
    for use_case in db.session.scalars(query).all():
        _approved(use_case, publisher)
        # saves the decision made just above with the published version
        services.publish(publisher, use_case, {**ENTRY, "name": use_case.name})
        published += 1
    return published


def _approved(use_case: AIUseCase, chair: User) -> None:
    """A submitted Responsible-AI review of the use case and the group's decision to approve
    it, which publishing requires (the group's votes are not part of this data set)."""
    questionnaire = questionnaires().latest("responsible-ai")
    if questionnaire is None:
        raise RuntimeError("the responsible-ai questionnaire is not installed")
    now = datetime.now(UTC)
    review = Review(
        subject_kind="ai-use-case",
        subject_id=use_case.id,
        owner_agency_id=use_case.agency_id,
        questionnaire_version=pin(questionnaire),
        started_by_id=use_case.created_by_id,
        completed_sections=[],
        submitted_at=now,
        submitted_by_id=use_case.created_by_id,
    )
    db.session.add(review)
    db.session.flush()
    decision = AIDecision(
        review_id=review.id,
        outcome="approve",
        basis=str(ENTRY["risk_tier_basis"]),
        tier="low",
        next_review_on=ENTRY["next_review_date"],
        quorum=2,
        members_eligible=3,
        decided_by_id=chair.id,
    )
    db.session.add(decision)
    db.session.flush()


def add_use_cases(people: Staff, count: int, end: datetime) -> int:
    """`count` AI use cases spread over the agencies, with no review yet."""
    agencies = sorted(people.reviewer)
    rows = [
        {
            "agency_id": agencies[n % len(agencies)],
            "name": f"Assistant for case notes {n + 1:05d}",
            "vendor": "Example Vendor Inc.",
            "description": "Drafts summaries of case notes for a caseworker to check.",
            "intended_use": "Save caseworkers time on paperwork.",
            "stage": "pilot",
            "hosting": "vendor-cloud",
            "created_by_id": people.reviewer[agencies[n % len(agencies)]],
            "created_at": end - timedelta(hours=count - n),
            "updated_at": end - timedelta(hours=count - n),
        }
        for n in range(count)
    ]
    if rows:
        db.session.execute(insert(AIUseCase.__table__), rows)
    return count
