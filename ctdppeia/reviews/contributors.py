"""Who changed a review's answers or flag responses: they may not also approve it."""

from sqlalchemy import ColumnElement, CompoundSelect, and_, exists, select, union

from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, FlagResponse, Review, ReviewAnswer

CHANGE_ACTIONS = (
    "review.answer_changed",
    "review.flag_response",
    "review.tier_override",
    "review.presumption_rebuttal",
    "review.obligations",
)


def contributors(review: Review) -> set[int]:
    """Ids of everyone who changed an answer or a flag response of `review`: from the audit
    log, and from the rows themselves (an amendment's rows keep who answered the original)."""
    query: CompoundSelect[int | None] = union(
        select(AuditEvent.actor_id).where(
            AuditEvent.scope_type == Review.__tablename__,
            AuditEvent.scope_id == review.id,
            AuditEvent.action.in_(CHANGE_ACTIONS),
        ),
        select(ReviewAnswer.updated_by_id).where(ReviewAnswer.review_id == review.id),
        select(FlagResponse.created_by_id).where(FlagResponse.review_id == review.id),
    )
    return {user_id for user_id in db.session.scalars(query) if user_id is not None}


def not_answered_by(user_id: int) -> ColumnElement[bool]:
    """A condition on Review: `user_id` is not among its `contributors` (in SQL, for queues;
    three NOT EXISTS, which the database runs as anti-joins on the person's own rows)."""
    return and_(
        ~exists().where(
            AuditEvent.actor_id == user_id,
            AuditEvent.scope_type == Review.__tablename__,
            AuditEvent.scope_id == Review.id,
            AuditEvent.action.in_(CHANGE_ACTIONS),
        ),
        ~exists().where(ReviewAnswer.updated_by_id == user_id, ReviewAnswer.review_id == Review.id),
        ~exists().where(FlagResponse.created_by_id == user_id, FlagResponse.review_id == Review.id),
    )
