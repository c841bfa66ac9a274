"""Changing the advisory group's record: each function checks, changes, writes its audit
events and commits once (through the review engine's ``transaction``), or changes nothing."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from ctdppeia import audit
from ctdppeia.advisory import announce, conditions, rules
from ctdppeia.extensions import db
from ctdppeia.models import (
    AI_OUTCOMES,
    AI_RECOMMENDATIONS,
    AICondition,
    AIConflict,
    AIDecision,
    AIRecommendation,
    AISubcommitteeRecommendation,
    AIUseCase,
    Review,
    Role,
    User,
)
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews.amend import amend_review
from ctdppeia.reviews.errors import NotAllowed, WrongState
from ctdppeia.reviews.services import transaction


@dataclass(frozen=True)
class ConditionInput:
    text: str
    owner: str
    due_on: date


def _use_case(review: Review) -> AIUseCase:
    return db.session.get_one(AIUseCase, review.subject_id)


def _check_member(user: User, review: Review) -> None:
    if review.subject_kind != rules.KIND:
        raise WrongState("Only reviews of AI use cases go to the AI advisory group.")
    if not rules.is_member(user):
        raise NotAllowed("Only members of the AI advisory group (AI reviewers) can do this.")


def _check_open(review: Review) -> None:
    if rules.decision(review) is not None:
        raise WrongState("The advisory group has decided on this review, so it cannot change.")
    if review.is_locked:
        raise WrongState("This review is locked, so the advisory group can no longer act on it.")
    if review.submitted_at is None:
        raise WrongState(
            "The advisory group acts once the review is submitted. This one is not submitted."
        )


def _check_no_conflict(user: User, review: Review) -> None:
    if rules.has_conflict(user, review):
        raise NotAllowed("You declared a conflict of interest on this use case, so you cannot.")


def _check_not_answerer(user: User, review: Review) -> None:
    refusal = rules.answerer_refusal(user, review)
    if refusal is not None:
        raise NotAllowed(refusal)


def check_actor(user: User, review: Review, action: str) -> None:
    """Raise NotAllowed (403) unless `user` is one who may take `action` ("conflict",
    "recommendation", "subcommittee", "decision") on `review` at all: the pages ask this
    before they read the form."""
    _check_member(user, review)
    if action in ("recommendation", "subcommittee"):
        _check_no_conflict(user, review)
        _check_not_answerer(user, review)
    if action == "subcommittee" and not user.high_risk_subcommittee:
        raise NotAllowed("Only a member of the High-Risk Use Case Subcommittee can record this.")
    refusal = decider_refusal(user, review) if action == "decision" else None
    if refusal is not None:
        raise NotAllowed(refusal)


def declare_conflict(user: User, review: Review, reason: str) -> AIConflict:
    """Declare a conflict: any recommendation already given no longer counts and is removed."""
    _check_member(user, review)
    if not reason.strip():
        raise ValueError("say what the conflict of interest is")
    if rules.decision(review) is not None:
        raise WrongState("The advisory group has decided on this review, so it cannot change.")
    if rules.has_conflict(user, review):
        raise WrongState("You have already declared a conflict of interest on this use case.")
    subject = _use_case(review)
    with transaction():
        conflict = AIConflict(review_id=review.id, user=user, reason=reason.strip())
        db.session.add(conflict)
        mine = _own_recommendation(user, review)
        if mine is not None:
            db.session.delete(mine)
        audit.record(
            user,
            "advisory.conflict_declared",
            conflict,
            scope=subject,
            changes={"reason": (None, reason.strip())},
            summary=f"Declared a conflict of interest on review {review.id}",
        )
    return conflict


def _own_recommendation(user: User, review: Review) -> AIRecommendation | None:
    query = select(AIRecommendation).where(
        AIRecommendation.review_id == review.id, AIRecommendation.user_id == user.id
    )
    return db.session.scalar(query)


def record_recommendation(
    user: User, review: Review, recommendation: str, rationale: str, *, at: datetime | None = None
) -> AIRecommendation:
    """A member's one recommendation, changeable until the decision (history in the audit log).

    ``at`` is for recording a past recommendation (the demo data); the pages never pass it."""
    if recommendation not in AI_RECOMMENDATIONS or not rationale.strip():
        raise ValueError("a recommendation needs a known choice and a rationale")
    _check_member(user, review)
    _check_no_conflict(user, review)
    _check_not_answerer(user, review)
    _check_open(review)
    subject = _use_case(review)
    quorum_before = rules.tally(review).quorum_met
    with transaction():
        row = _own_recommendation(user, review)
        before = None if row is None else f"{row.label}: {row.rationale}"
        moment = at or utcnow()
        if row is None:
            row = AIRecommendation(review_id=review.id, user=user, created_at=moment)
            db.session.add(row)
        row.recommendation, row.rationale, row.updated_at = (
            recommendation,
            rationale.strip(),
            moment,
        )
        audit.record(
            user,
            "advisory.recommended" if before is None else "advisory.recommendation_changed",
            row,
            scope=subject,
            changes={"recommendation": (before, f"{row.label}: {row.rationale}")},
            summary=f"Recommended on review {review.id}: {row.label}",
        )
        announce.voted(review, user, quorum_before)
    return row


def record_subcommittee(
    user: User, review: Review, recommendation: str, rationale: str, *, at: datetime | None = None
) -> AISubcommitteeRecommendation:
    """The subcommittee's recommendation on a high-tier review, by one of its members. A new
    one is added beside the earlier ones (the latest is in force); none is ever rewritten.

    ``at`` is for recording a past recommendation (the demo data); the pages never pass it."""
    if recommendation not in AI_OUTCOMES or not rationale.strip():
        raise ValueError("the subcommittee's recommendation needs a known choice and a rationale")
    _check_member(user, review)
    if not user.high_risk_subcommittee:
        raise NotAllowed("Only a member of the High-Risk Use Case Subcommittee can record this.")
    _check_no_conflict(user, review)
    _check_not_answerer(user, review)
    _check_open(review)
    if not rules.needs_subcommittee(review):
        raise WrongState("Only high-tier use cases go to the subcommittee.")
    subject = _use_case(review)
    with transaction():
        earlier = rules.subcommittee(review)
        before = None if earlier is None else f"{earlier.label}: {earlier.rationale}"
        row = AISubcommitteeRecommendation(
            review_id=review.id,
            recommendation=recommendation,
            rationale=rationale.strip(),
            recorded_by=user,
            recorded_at=at or utcnow(),
        )
        db.session.add(row)
        audit.record(
            user,
            "advisory.subcommittee_recommended",
            row,
            scope=subject,
            changes={"recommendation": (before, f"{row.label}: {row.rationale}")},
            summary=f"Recorded the subcommittee's recommendation on review {review.id}",
        )
        announce.subcommittee_recommended(review, user)
    return row


def decider_refusal(user: User, review: Review) -> str | None:
    """Why `user` may not decide on `review` at all (403); None when they may."""
    if not (rules.is_member(user) and user.ai_chair):
        return "Only a chair of the AI advisory group can record the decision."
    if rules.has_conflict(user, review):
        return "You declared a conflict of interest on this use case, so another chair decides."
    return rules.answerer_refusal(user, review)


def decision_wait(review: Review) -> str | None:
    """What the decision still waits for (the subcommittee, the quorum); None when nothing."""
    if rules.needs_subcommittee(review) and rules.subcommittee(review) is None:
        return "This is a high-tier use case: the subcommittee must recommend first."
    found = rules.tally(review)
    if not found.quorum_met:
        return f"A quorum is {found.needed} votes; {found.voted} so far."
    return None


def departure_needed(review: Review, outcome: str) -> AISubcommitteeRecommendation | None:
    """The subcommittee's recommendation when a decision of `outcome` would differ from it on
    a high-tier review (the chair must then explain why in writing); else None."""
    if not rules.needs_subcommittee(review):
        return None
    advice = rules.subcommittee(review)
    return advice if advice is not None and advice.recommendation != outcome else None


@dataclass(frozen=True)
class DecisionInput:
    outcome: str
    basis: str
    conditions: list[ConditionInput] = field(default_factory=list)
    departure_reason: str = ""


def _check_decision_input(review: Review, given: DecisionInput, day: date) -> None:
    if given.outcome not in AI_OUTCOMES or not given.basis.strip():
        raise ValueError("a decision needs a known outcome and its basis")
    if (given.outcome == "approve-with-conditions") != bool(given.conditions):
        raise ValueError("conditions go with, and only with, an approval with conditions")
    for item in given.conditions:
        problem = conditions.due_date_problem(item.due_on, day)
        if problem is not None:
            raise ValueError(problem)
    if departure_needed(review, given.outcome) is not None and not given.departure_reason.strip():
        raise WrongState(DEPARTURE_MISSING)


DEPARTURE_MISSING = (
    "The decision differs from the subcommittee's recommendation: explain why in writing."
)


def record_decision(
    user: User, review: Review, given: DecisionInput, *, at: datetime | None = None
) -> AIDecision:
    """The chair's decision: basis, conditions and the next review date set by the tier; on a
    high-tier review that departs from the subcommittee's recommendation, the written reason.

    ``at`` is for recording a past decision (the demo data); the pages never pass it."""
    _check_member(user, review)
    refusal = decider_refusal(user, review)
    if refusal is not None:
        raise NotAllowed(refusal)
    _check_open(review)
    waiting = decision_wait(review)
    if waiting is not None:
        raise WrongState(waiting)
    _check_decision_input(review, given, conditions.decision_day(at))
    subject = _use_case(review)
    tier, counted = rules.tier_of(review), rules.tally(review)
    with transaction():
        moment = at or utcnow()
        departs = departure_needed(review, given.outcome) is not None
        found = AIDecision(
            review_id=review.id,
            outcome=given.outcome,
            basis=given.basis.strip(),
            departure_reason=given.departure_reason.strip() if departs else None,
            tier=tier,
            next_review_on=rules.next_review_on(tier, moment.date()),
            quorum=counted.needed,
            members_eligible=counted.eligible,
            decided_by=user,
            decided_at=moment,
        )
        db.session.add(found)
        for item in given.conditions:
            found.conditions.append(
                AICondition(
                    text=item.text.strip(), owner_name=item.owner.strip(), due_on=item.due_on
                )
            )
        audit.record(
            user,
            "advisory.decided",
            found,
            scope=subject,
            changes={"outcome": (None, found.label), "conditions": (None, len(given.conditions))},
            summary=f"Recorded the advisory group's decision on review {review.id}: {found.label}",
        )
        db.session.flush()  # the approval gate reads the decision
        announce.decided(review, user)
    return found


def may_close(user: User, condition: AICondition) -> bool:
    """AI reviewers, and reviewers and approvers of the use case's agency."""
    if rules.is_member(user):
        return True
    subject = _use_case(condition.decision.review)
    staff = user.role in (Role.REVIEWER, Role.APPROVER)
    return staff and user.agency_id == subject.agency_id


def close_condition(user: User, condition: AICondition, evidence: str) -> AICondition:
    if not evidence.strip():
        raise ValueError("closing a condition needs its evidence")
    if not may_close(user, condition):
        raise NotAllowed("Only the agency's staff or AI reviewers can close a condition.")
    if condition.is_closed:
        raise WrongState("This condition is already closed.")
    subject = _use_case(condition.decision.review)
    with transaction():
        condition.closed_at, condition.closed_by = utcnow(), user
        condition.evidence = evidence.strip()
        audit.record(
            user,
            "advisory.condition_closed",
            condition,
            scope=subject,
            changes={"evidence": (None, evidence.strip())},
            summary=f"Closed a condition of the decision on review {condition.decision.review_id}",
        )
    return condition


def start_reassessment(user: User, review: Review) -> Review:
    """A new Responsible-AI review of the same use case, starting as a copy of the decided
    one and linked to it (the review engine's amendment). The use case keeps its identity."""
    if rules.decision(review) is None or not review.is_locked:
        raise WrongState("Only a decided and confirmed review can be re-assessed.")
    return amend_review(user, review)
