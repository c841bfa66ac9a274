""" "Waiting for you" for the person who started a review: the board's comments on it that
have no answer yet (hidden ones aside), one item per review, since its oldest unanswered
comment. Only reviews still open for answers, of subjects the person may still see. For an
approver: the comments of the agency's open reviews past the answer target."""

from datetime import datetime, timedelta

from flask import Flask, url_for
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Subquery, exists, func, or_, select

from ctdppeia.board.loop import target_days
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardResponse, BoardShare, Review, Role, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews.listing import Subjects, load_subjects, visible_condition
from ctdppeia.reviews.subjects import adapter_for, all_adapters
from ctdppeia.waiting import (
    SHOWN,
    WaitingGroup,
    WaitingItem,
    counts,
    overdue_since,
    register_waiting,
)


def init_app(app: Flask) -> None:
    register_waiting(app, "board_answers.comments", comments_to_answer)
    register_waiting(app, "board_answers.overdue", overdue_for_approver)


def overdue_for_approver(user: User) -> WaitingGroup | None:
    """An approver's view of the loop: the open reviews they could approve with board comments
    that have waited past the answer target (BOARD_ANSWER_TARGET_DAYS), one item per review
    since its oldest such comment. In SQL, a fixed number of queries."""
    if user.role is not Role.APPROVER:
        return None
    kinds = [
        adapter.approvable(user) for adapter in all_adapters() if adapter.may_approve_any(user)
    ]
    if not kinds:
        return None
    late = utcnow() - timedelta(days=target_days())
    overdue = _unanswered(BoardComment.created_at < late)
    query = (
        select(Review, overdue.c.at)
        .join(overdue, overdue.c.review_id == Review.id)
        .where(Review.submitted_at.is_(None), Review.confirmed_at.is_(None), or_(*kinds))
    )
    total, _late = counts(query.with_only_columns(overdue.c.at), late)
    if not total:
        return None
    rows = list(db.session.execute(query.order_by(overdue.c.at, Review.id).limit(SHOWN)))
    subjects = load_subjects([review for review, _at in rows])
    items = tuple(_item(review, at, subjects, utcnow()) for review, at in rows)
    return WaitingGroup(_("Board comments past the answer target"), total, total, items)


def _unanswered(*conditions: ColumnElement[bool]) -> Subquery:
    """Per review: the oldest board comment without an answer (hidden ones aside)."""
    return (
        select(BoardShare.review_id, func.min(BoardComment.created_at).label("at"))
        .join(BoardComment, BoardComment.share_id == BoardShare.id)
        .where(
            BoardComment.hidden_at.is_(None),
            ~exists().where(BoardResponse.comment_id == BoardComment.id),
            *conditions,
        )
        .group_by(BoardShare.review_id)
        .subquery()
    )


def comments_to_answer(user: User) -> WaitingGroup | None:
    unanswered = _unanswered()
    query = (
        select(Review, unanswered.c.at)
        .join(unanswered, unanswered.c.review_id == Review.id)
        .where(
            Review.started_by_id == user.id,
            Review.submitted_at.is_(None),
            visible_condition(user),
        )
    )
    late = overdue_since()
    total, overdue = counts(query.with_only_columns(unanswered.c.at), late)
    if not total:
        return None
    rows = list(db.session.execute(query.order_by(unanswered.c.at, Review.id).limit(SHOWN)))
    subjects = load_subjects([review for review, _at in rows])
    items = tuple(_item(review, at, subjects, late) for review, at in rows)
    return WaitingGroup(_("Board comments waiting for your answer"), total, overdue, items)


def _item(review: Review, at: datetime, subjects: Subjects, late: datetime) -> WaitingItem:
    adapter = adapter_for(review.subject_kind)
    subject = subjects.get((review.subject_kind, review.subject_id))
    title = adapter.title(subject) if subject is not None else adapter.label
    url = url_for("board_answers.answer", review_id=review.id)
    return WaitingItem(title, url, at, overdue=at < late)
