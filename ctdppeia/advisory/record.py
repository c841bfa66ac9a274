"""The advisory group's part of the review snapshot (key ``advisory``), and its gate on the
approver's confirmation.

The group votes while the review waits for approval; the chair's decision comes before the
approver confirms, so the one signed PDF carries the votes, conflicts, the subcommittee's
recommendation and the decision with its conditions. Only what cannot change after the
confirmation is in the snapshot: a condition's closing (later, with evidence) is in the audit
log and on the use case page, not in the signed record.
"""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, ScalarSelect, and_, exists, func, select
from sqlalchemy.orm import aliased

from ctdppeia.advisory import conditions, rules
from ctdppeia.models import AI_RECOMMENDATIONS, AIDecision, AIUseCase, Review
from ctdppeia.reviews.display import iso


def advisory_part(review: Review, _confirmation: object = None) -> dict[str, Any] | None:
    """The snapshot's ``advisory`` value; None for reviews that are not of AI use cases."""
    if review.subject_kind != rules.KIND:
        return None
    counted = rules.tally(review)
    found = rules.decision(review)
    sub = rules.subcommittee(review)
    return {
        "tally": [{"recommendation": k, "count": counted.counts[k]} for k in AI_RECOMMENDATIONS],
        "recommendations": [
            {
                "member": vote.user.name,
                "recommendation": vote.recommendation,
                "rationale": vote.rationale,
                "at": iso(vote.updated_at),
            }
            for vote in counted.votes
        ],
        "conflicts": [
            {"member": c.user.name, "reason": c.reason, "at": iso(c.declared_at)}
            for c in rules.conflicts(review)
        ],
        "subcommittee": None
        if sub is None
        else {
            "recommendation": sub.recommendation,
            "rationale": sub.rationale,
            "by": sub.recorded_by.name,
            "at": iso(sub.recorded_at),
        },
        "decision": None if found is None else _decision(found),
    }


def _decision(found: Any) -> dict[str, Any]:
    return {
        "outcome": found.outcome,
        "basis": found.basis,
        "departure_reason": found.departure_reason,
        "tier": found.tier,
        "quorum": found.quorum,
        "members_eligible": found.members_eligible,
        "by": found.decided_by.name,
        "at": iso(found.decided_at),
        "next_review_on": found.next_review_on.isoformat(),
        "conditions": [
            {"text": c.text, "owner": c.owner, "due_on": c.due_on.isoformat()}
            for c in conditions.in_force(found)
        ],
    }


def approval_gate(review: Review, action: str) -> str | None:
    """The approver confirms only after the advisory group's decision, and cannot send the
    review back once the group has decided on it."""
    decided = rules.decision(review) is not None
    if action == "confirm" and not decided:
        return (
            "The AI advisory group has not decided on this use case yet. Confirm the review "
            "once a chair has recorded the group's decision."
        )
    if action == "send-back" and decided:
        return "The AI advisory group has decided on this review, so it can no longer go back."
    return None


def queue_rule(key: str) -> Callable[[AIUseCase, list[Review]], str | None]:
    """The AI queue's rule for one of the advisory group's statuses (on the latest review)."""

    def rule(use_case: AIUseCase, reviews: list[Review]) -> str | None:
        if not reviews or reviews[-1].submitted_at is None:
            return None
        return key if rules.status(reviews[-1]) == key else None

    return rule


def due_by() -> date:
    """A decision whose next review date is on or before this day is due (`rules.is_due`)."""
    return date.today() + timedelta(days=int(current_app.config["AI_REASSESSMENT_NOTICE_DAYS"]))


def latest_review_id() -> ScalarSelect[int]:
    """The id of the latest review of the use case (correlated with AIUseCase)."""
    return (
        select(func.max(Review.id))
        .where(Review.subject_kind == rules.KIND, Review.subject_id == AIUseCase.id)
        .correlate(AIUseCase)
        .scalar_subquery()
    )


def due_condition() -> ColumnElement[bool]:
    """The AI queue's "due for re-assessment", in SQL: the latest review's decision comes up
    for re-assessment within AI_REASSESSMENT_NOTICE_DAYS (as `rules.is_due`), and the system
    is not retired (a retired system is not reviewed again)."""
    found = aliased(AIDecision)  # apart from any AIDecision of the query it is put in
    decided = exists().where(
        found.review_id == latest_review_id(), found.next_review_on <= due_by()
    )
    # Only a decided use case can be due: its stored status is one of these two.
    stored = AIUseCase.queue_status.in_(("waiting-approval", "decided"))
    return and_(AIUseCase.retired_at.is_(None), stored, decided)
