"""Loading what the advisory pages show, with the object checks (404 for what a user may not
see), and the values of the "Advisory group" section."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import abort, current_app
from flask_login import current_user
from sqlalchemy import select

from ctdppeia.advisory import conditions, rules, services
from ctdppeia.advisory.forms import (
    CloseConditionForm,
    ConflictForm,
    CorrectConditionForm,
    DecisionForm,
    ReassessForm,
    RecommendationForm,
    SubcommitteeForm,
)
from ctdppeia.ai import permissions
from ctdppeia.extensions import db
from ctdppeia.models import AICondition, AIDecision, AIUseCase, Review, User


def load_use_case(user: User, case_id: int) -> AIUseCase:
    """The use case if `user` may see it (the AI use case rules), else 404."""
    return permissions.get_visible_or_404(user, case_id)


def current_review(use_case: AIUseCase) -> Review | None:
    query = select(Review).where(
        Review.subject_kind == rules.KIND, Review.subject_id == use_case.id
    )
    return db.session.scalar(query.order_by(Review.id.desc()).limit(1))


def load_review(user: User, case_id: int, review_id: int) -> tuple[AIUseCase, Review]:
    use_case = load_use_case(user, case_id)
    review = db.session.get(Review, review_id)
    if review is None or review.subject_kind != rules.KIND or review.subject_id != use_case.id:
        abort(404)
    return use_case, review


def load_condition(user: User, case_id: int, condition_id: int) -> AICondition:
    condition = db.session.get(AICondition, condition_id)
    if condition is None:
        abort(404)
    load_review(user, case_id, condition.decision.review_id)
    return condition


def subcommittee_says(review: Review) -> str | None:
    """The subcommittee's recommendation in force when the review is high tier, else None."""
    if not rules.needs_subcommittee(review):
        return None
    advice = rules.subcommittee(review)
    return advice.recommendation if advice is not None else None


@dataclass
class Forms:
    conflict: ConflictForm
    recommendation: RecommendationForm
    subcommittee: SubcommitteeForm
    decision: DecisionForm
    close: CloseConditionForm
    correct: CorrectConditionForm
    reassess: ReassessForm


def forms(user: User, review: Review | None, **given: Any) -> Forms:
    """Empty forms, the member's own recommendation filled in, and any form given back."""
    mine = None
    if review is not None:
        mine = next((r for r in rules.recommendations(review) if r.user_id == user.id), None)
    defaults = {} if mine is None else {"data": {"recommendation": mine.recommendation}}
    values = {
        "conflict": ConflictForm(formdata=None),
        "recommendation": RecommendationForm(formdata=None, **defaults),
        "subcommittee": SubcommitteeForm(formdata=None),
        "decision": DecisionForm(formdata=None),
        "close": CloseConditionForm(formdata=None),
        "correct": CorrectConditionForm(formdata=None),
        "reassess": ReassessForm(formdata=None),
    }
    if mine is not None:
        values["recommendation"].rationale.data = mine.rationale
    values.update(given)
    return Forms(**values)


def section(
    user: User,
    use_case: AIUseCase,
    review: Review | None,
    closing: int | None = None,
    correcting: int | None = None,
    **given: Any,
) -> dict[str, Any]:
    """Everything the "Advisory group" section shows to `user` (`closing`, `correcting`: the
    condition whose close or correction form comes back with its errors)."""
    values: dict[str, Any] = {
        "use_case": use_case,
        "review": review,
        "forms": forms(user, review, **given),
        "closing": closing,
        "correcting": correcting,
    }
    if review is None:
        return values
    member = rules.is_member(user)
    conflicted = rules.has_conflict(user, review)
    answered = rules.answerer_refusal(user, review) if member else None
    may_judge = member and not conflicted and answered is None
    found = rules.decision(review)
    is_open = rules.is_open(review)
    values.update(
        status=rules.status(review),
        status_label=rules.STATUSES[rules.status(review)],
        tier=rules.tier_of(review),
        tally=rules.tally(review),
        conflicts=rules.conflicts(review),
        subcommittee=rules.subcommittee(review),
        subcommittee_earlier=rules.subcommittee_history(review)[:-1],
        subcommittee_says=subcommittee_says(review),
        decision=found,
        member=member,
        conflicted=conflicted,
        answered=answered,
        can_declare=member and not conflicted and found is None,
        can_vote=may_judge and is_open,
        can_subcommittee=may_judge
        and user.high_risk_subcommittee
        and is_open
        and rules.needs_subcommittee(review),
        needs_subcommittee=rules.needs_subcommittee(review),
        decider_refusal=services.decider_refusal(user, review),
        decision_wait=services.decision_wait(review) if is_open else None,
        is_open=is_open,
        can_close=found is not None and any(services.may_close(user, c) for c in found.conditions),
        can_correct=found is not None and conditions.may_correct(user, found),
        corrections=conditions.corrections(found) if found is not None else {},
        can_reassess=found is not None and review.is_locked and member,
    )
    return values


def due_decisions(today: date | None = None) -> list[AIDecision]:
    """Decisions whose next review date is within the notice period or past, on the latest
    review of their use case (a re-assessment already started takes a case off the list, and
    a retired system is not on it)."""
    days = int(current_app.config["AI_REASSESSMENT_NOTICE_DAYS"])
    limit = (today or date.today()) + timedelta(days=days)
    newer = select(Review.id).where(Review.amends_id == AIDecision.review_id)
    retired = (
        select(AIUseCase.id)
        .join(Review, Review.subject_id == AIUseCase.id)
        .where(Review.id == AIDecision.review_id, AIUseCase.retired_at.is_not(None))
    )
    query = (
        select(AIDecision)
        .where(AIDecision.next_review_on <= limit, ~newer.exists(), ~retired.exists())
        .order_by(AIDecision.next_review_on, AIDecision.id)
    )
    return list(db.session.scalars(query))


def use_case_of(found: AIDecision) -> AIUseCase:
    return db.session.get_one(AIUseCase, found.review.subject_id)


def use_case_panel(
    use_case: AIUseCase, review: Review | None = None, **_given: Any
) -> dict[str, Any]:
    """The "Advisory group" section on the use case page (the `use_case_panels` template
    hook), for the signed-in user."""
    return {"advisory": section(current_user, use_case, review)}
