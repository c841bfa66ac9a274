"""Amending a locked review: a new review, linked to it, that starts as its copy."""

from sqlalchemy import select

from ctdppeia import audit
from ctdppeia.extensions import db
from ctdppeia.models import FlagResponse, Review, ReviewAnswer, User
from ctdppeia.reviews import permissions
from ctdppeia.reviews.errors import WrongState
from ctdppeia.reviews.flags import responses_by_flag
from ctdppeia.reviews.flagstate import write_flag_state
from ctdppeia.reviews.services import transaction
from ctdppeia.reviews.state import ReviewContext, load_context
from ctdppeia.reviews.subjects import subject_of


def amend_review(user: User, review: Review) -> Review:
    """A new review of the same subject that starts as a copy of a locked one."""
    if not review.is_locked:
        raise WrongState("Only a decided and locked review can be amended.")
    open_amendment = db.session.scalar(
        select(Review).where(Review.amends_id == review.id, Review.confirmed_at.is_(None))
    )
    if open_amendment is not None:
        return open_amendment
    adapter, subject = subject_of(review)
    permissions.ensure_may_answer_subject(user, adapter, subject)
    source = load_context(review)
    with transaction():
        amendment = Review(
            subject_kind=review.subject_kind,
            subject_id=review.subject_id,
            owner_agency_id=review.owner_agency_id,
            questionnaire_version_id=review.questionnaire_version_id,
            amends_id=review.id,
            started_by=user,
            completed_sections=list(review.completed_sections or []),
        )
        db.session.add(amendment)
        db.session.flush()
        _copy_rows(source, amendment)
        audit.record(
            user,
            "review.amendment_started",
            amendment,
            scope=subject,
            summary=f"Started an amendment of review {review.id}",
        )
        write_flag_state(user, amendment, source.questionnaire, source.evaluation)
        adapter.on_review_status_changed(subject, "in-progress", user)
    return amendment


def _copy_rows(source: ReviewContext, amendment: Review) -> None:
    for row in source.rows.values():
        if row.value is not None:
            db.session.add(
                ReviewAnswer(
                    review_id=amendment.id,
                    question_id=row.question_id,
                    value=row.value,
                    changed_in_version=1,
                    updated_at=row.updated_at,
                    updated_by_id=row.updated_by_id,
                )
            )
    for flag_id, responses in responses_by_flag(source.review).items():
        latest = responses[-1]
        db.session.add(
            FlagResponse(
                review_id=amendment.id,
                flag_id=flag_id,
                kind=latest.kind,
                text=latest.text,
                created_by_id=latest.created_by_id,
                created_at=latest.created_at,
            )
        )
