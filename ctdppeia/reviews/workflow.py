"""Responding to flags, submitting a recommendation, and the approver's confirmation."""

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask
from sqlalchemy import select

from ctdppeia import audit
from ctdppeia.extensions import db
from ctdppeia.hooks import hooks
from ctdppeia.models import RECOMMENDATIONS, RESPONSE_KINDS, FlagResponse, Review, User
from ctdppeia.models import ReviewDecision as Decision
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews import announce, permissions, recommendation
from ctdppeia.reviews.confirmation import Confirming, confirmation_steps
from ctdppeia.reviews.errors import ChangedMeanwhile, Problem, SubmissionRefused, WrongState
from ctdppeia.reviews.flags import flag_panel, review_flags
from ctdppeia.reviews.forms import (
    APPROVER_DECLARATION_LABEL,
    MAX_NOTE,
    REVIEWER_DECLARATION_LABEL,
)
from ctdppeia.reviews.services import transaction
from ctdppeia.reviews.state import load_context
from ctdppeia.reviews.subjects import subject_of

REVIEWER_DECLARATION = REVIEWER_DECLARATION_LABEL
APPROVER_DECLARATION = APPROVER_DECLARATION_LABEL


def lock_for_change(review: Review) -> Review:
    """Re-read the review, holding its row until the transaction ends (PostgreSQL), so that a
    confirmation and another change cannot cross."""
    query = select(Review).where(Review.id == review.id).with_for_update()
    return db.session.scalars(query.execution_options(populate_existing=True)).one()


def respond_to_flag(user: User, review: Review, flag_id: str, kind: str, text: str) -> FlagResponse:
    """Add a response to a raised flag (the latest response per flag is the one in force)."""
    if kind not in RESPONSE_KINDS or not text.strip():
        raise ValueError("a response needs a known kind and some text")
    permissions.ensure_may_answer(user, review)
    with transaction():
        review = lock_for_change(review)
        permissions.ensure_open(review)
        flag = next((f for f in review_flags(review) if f.id == flag_id), None)
        if flag is None:
            raise KeyError(flag_id)
        response = FlagResponse(
            review_id=review.id, flag_id=flag_id, kind=kind, text=text.strip(), created_by=user
        )
        db.session.add(response)
        audit.record(
            user,
            "review.flag_response",
            response,
            scope=review,
            changes={flag_id: (None, f"{RESPONSE_KINDS[kind]}: {text.strip()}")},
            summary=f"Responded to the flag “{flag.title}”: {RESPONSE_KINDS[kind]}",
        )
    return response


SubmissionCheck = Callable[[Review], list[Problem]]


def register_submission_check(app: Flask, name: str, check: SubmissionCheck) -> None:
    """Add a feature's own reasons a review cannot be submitted yet (e.g. the risk tier's
    obligations of AI reviews); registering a name again replaces it."""
    hooks(app).submission_checks[name] = check


def submission_problems(review: Review) -> list[Problem]:
    """Why the review cannot be submitted yet (empty when it can)."""
    context = load_context(review)
    questionnaire = context.questionnaire
    problems = []
    for qid in context.evaluation.missing_required:
        section = questionnaire.section_of(qid)
        label = questionnaire.question(qid).label
        text = f"{section.title}: answer “{label}”"
        problems.append(Problem(text, section_id=section.id, question_id=qid))
    named = {problem.question_id for problem in problems}
    problems += [p for p in recommendation.problems(context) if p.question_id not in named]
    for entry in flag_panel(review).unanswered_high:
        text = f"Respond to the high flag “{entry.flag.title}”"
        problems.append(Problem(text, flag_id=entry.flag.id))
    for check in hooks().submission_checks.values():
        problems += check(review)
    return problems


def submit_review(
    user: User,
    review: Review,
    recommendation: str,
    conditions: str,
    rationale: str,
    *,
    declared: bool = True,
) -> Decision:
    """Send the recommendation to an approver; refused while anything is missing. The
    reviewer signs at submission: `declared` is their ticked declaration (recorded)."""
    if recommendation not in RECOMMENDATIONS or not rationale.strip():
        raise ValueError("a decision needs a known recommendation and a rationale")
    if not declared:
        raise ValueError("the reviewer signs only after ticking the declaration")
    adapter, subject = subject_of(review)
    permissions.ensure_may_answer_subject(user, adapter, subject)
    with transaction():
        review = lock_for_change(review)
        permissions.ensure_open(review)
        problems = submission_problems(review)
        if problems:
            raise SubmissionRefused(problems)
        now = utcnow()
        decision = Decision(
            review=review,
            recommendation=recommendation,
            submitted_at=now,
            conditions=conditions.strip(),
            rationale=rationale.strip(),
            submitted_by=user,
        )
        db.session.add(decision)
        review.submitted_at, review.submitted_by, review.updated_at = now, user, now
        label = RECOMMENDATIONS[recommendation]
        audit.record(
            user,
            "review.submitted",
            review,
            scope=subject,
            changes={"recommendation": (None, label), "declaration": (None, REVIEWER_DECLARATION)},
            summary=f"Submitted and signed review {review.id} for approval: {label}",
        )
        adapter.on_review_status_changed(subject, "submitted", user)
        announce.submitted(review, user)
    return decision


# Features that must act between submission and confirmation register a gate per subject
# kind: gate(review, action) with action "confirm" or "send-back" says why not, or None.
ApprovalGate = Callable[[Review, str], str | None]


def register_approval_gate(app: Flask, kind: str, gate: ApprovalGate) -> None:
    hooks(app).approval_gates[kind] = gate


def _check_gate(review: Review, action: str) -> None:
    gate = hooks().approval_gates.get(review.subject_kind)
    reason = gate(review, action) if gate is not None else None
    if reason is not None:
        raise WrongState(reason)


def check_confirmation(
    user: User, review: Review, note: str = "", inputs: Mapping[str, Any] | None = None
) -> Confirming:
    """The fast checks of a confirmation (who, the gate, every step's check), before anything
    slow; raises what refuses it."""
    if len(note) > MAX_NOTE:
        raise ValueError(f"the approver's note is limited to {MAX_NOTE} characters")
    permissions.ensure_may_decide(user, review)
    _check_gate(review, "confirm")
    confirming = Confirming(user, utcnow(), note.strip(), dict(inputs or {}))
    for step in confirmation_steps():
        step.check(review, confirming)
    return confirming


Seen = tuple[int, Any]  # (review.version, review.submitted_at) when the approver looked


def confirm_review(
    user: User,
    review: Review,
    note: str = "",
    inputs: Mapping[str, Any] | None = None,
    expected: Seen | None = None,
) -> Review:
    """The approver confirms the submitted decision: the review is locked for good.

    `inputs` holds what the approver's form gave the confirmation steps other features
    register (`reviews.confirmation`): the board's acknowledgments of its concerns under
    "board". The steps' checks run first; their slow work (building and signing the PDF) runs
    outside any transaction; the confirmation and what the steps store are then saved
    together, so a failure leaves the review as it was and stores nothing. `expected`: the
    review as the approver saw it, when that was earlier (a job); ChangedMeanwhile otherwise.
    """
    confirming = check_confirmation(user, review, note, inputs)
    steps = confirmation_steps()
    seen = (review.version, review.submitted_at)
    if expected is not None and seen != expected:
        raise ChangedMeanwhile()
    prepared = [step.prepare(review, confirming) for step in steps]
    adapter, subject = subject_of(review)
    with transaction():
        review = lock_for_change(review)
        permissions.ensure_may_decide(user, review)
        if (review.version, review.submitted_at) != seen:
            raise ChangedMeanwhile()
        for step in steps:
            step.before_lock(review, confirming)
        _check_gate(review, "confirm")
        now = confirming.at
        review.confirmed_at, review.confirmed_by, review.updated_at = now, user, now
        label = review.current_decision.recommendation_label if review.current_decision else ""
        audit.record(
            user,
            "review.confirmed",
            review,
            scope=subject,
            changes={"note": (None, confirming.note), "declaration": (None, APPROVER_DECLARATION)},
            summary=f"Confirmed and signed review {review.id} ({label}); it is now locked",
        )
        adapter.on_review_status_changed(subject, "locked", user)
        for step, made in zip(steps, prepared, strict=True):
            step.after_lock(review, confirming, made)
        announce.decided(review, user)
    return review


def send_back(user: User, review: Review, comment: str) -> Review:
    """The approver returns the review to the reviewers, saying why."""
    if not comment.strip():
        raise ValueError("say why the review is sent back")
    adapter, subject = subject_of(review)
    with transaction():
        review = lock_for_change(review)
        permissions.ensure_may_decide(user, review)
        _check_gate(review, "send-back")
        now = utcnow()
        decision = review.current_decision
        if decision is not None:
            decision.returned_at, decision.returned_by = now, user
            decision.return_comment = comment.strip()
        review.submitted_at, review.submitted_by, review.updated_at = None, None, now
        audit.record(
            user,
            "review.sent_back",
            review,
            scope=subject,
            changes={"comment": (None, comment.strip())},
            summary=f"Sent review {review.id} back to the reviewers",
        )
        adapter.on_review_status_changed(subject, "in-progress", user)
        announce.sent_back(review, user)
    return review
