""" "Waiting for you" from the reviews: for an approver, the submitted reviews they may decide;
for whoever submitted a review, the reviews sent back to them. Each is counted and listed in
SQL, oldest first, in a fixed number of queries."""

from flask import Flask, current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, func, or_, select, union_all

from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewDecision, User
from ctdppeia.reviews.contributors import not_answered_by
from ctdppeia.reviews.listing import Subjects, load_subjects
from ctdppeia.reviews.subjects import SubjectAdapter, adapter_for, all_adapters
from ctdppeia.waiting import (
    SHOWN,
    WaitingGroup,
    WaitingItem,
    counts,
    overdue_since,
    register_waiting,
)


def init_app(app: Flask) -> None:
    register_waiting(app, "reviews.approvals", approvals)
    register_waiting(app, "reviews.sent-back", sent_back)


def _approvable(adapter: SubjectAdapter, user: User) -> ColumnElement[bool]:
    """Reviews of `adapter`'s subjects that `user` may decide, ready for a decision."""
    found = [Review.subject_kind == adapter.kind]
    ids = adapter.approvable_ids(user)
    if ids is not None:
        found.append(Review.subject_id.in_(ids))
    ready = adapter.ready_for_decision()
    if ready is not None:
        found.append(ready)
    return and_(*found)


def approvals(user: User) -> WaitingGroup | None:
    """Submitted reviews `user` may confirm or send back: of subjects they may approve, not
    their own submissions and, with separation of duties, none they answered. One query per
    kind of subject, joined with UNION ALL (an OR of the kinds would read every review)."""
    kinds = [_approvable(a, user) for a in all_adapters() if a.may_approve_any(user)]
    if not kinds:
        return None
    common = [
        Review.submitted_at.is_not(None),
        Review.confirmed_at.is_(None),
        Review.submitted_by_id != user.id,
    ]
    if current_app.config["SEPARATION_OF_DUTIES"]:
        common.append(not_answered_by(user.id))
    parts = [select(Review.id, Review.submitted_at).where(kind, *common) for kind in kinds]
    found = union_all(*parts).subquery()
    late = overdue_since()
    total, overdue = counts(select(found.c.submitted_at), late)
    oldest = (
        select(Review)
        .join(found, found.c.id == Review.id)
        .order_by(found.c.submitted_at, found.c.id)
        .limit(SHOWN)
    )
    reviews = list(db.session.scalars(oldest))
    subjects = load_subjects(reviews)  # kept while the titles are read
    items = tuple(
        WaitingItem(
            _title(review, subjects),
            url_for("reviews.summary", review_id=review.id, _anchor="approve"),
            review.submitted_at or late,
            overdue=review.submitted_at is not None and review.submitted_at < late,
        )
        for review in reviews
    )
    more = url_for("reviews.index", status="submitted")
    return WaitingGroup(_("Reviews waiting for your approval"), total, overdue, items, more)


def sent_back(user: User) -> WaitingGroup | None:
    """Reviews `user` submitted that an approver sent back, still in progress, of subjects the
    user may still see; since the latest sending back."""
    returned = (
        select(ReviewDecision.review_id, func.max(ReviewDecision.returned_at).label("at"))
        .where(ReviewDecision.submitted_by_id == user.id, ReviewDecision.returned_at.is_not(None))
        .group_by(ReviewDecision.review_id)
        .subquery()
    )
    kinds = []
    for adapter in all_adapters():
        ids = adapter.visible_ids(user)
        kind = Review.subject_kind == adapter.kind
        kinds.append(kind if ids is None else and_(kind, Review.subject_id.in_(ids)))
    query = (
        select(Review, returned.c.at)
        .join(returned, returned.c.review_id == Review.id)
        .where(Review.submitted_at.is_(None), or_(*kinds))
    )
    late = overdue_since()
    total, overdue = counts(query.with_only_columns(returned.c.at), late)
    if not total:
        return None
    rows = list(db.session.execute(query.order_by(returned.c.at, Review.id).limit(SHOWN)))
    subjects = load_subjects([review for review, _at in rows])
    items = tuple(
        WaitingItem(
            _title(review, subjects),
            url_for("reviews.show", review_id=review.id),
            at,
            overdue=at < late,
        )
        for review, at in rows
    )
    return WaitingGroup(_("Reviews sent back to you"), total, overdue, items)


def _title(review: Review, subjects: Subjects) -> str:
    adapter = adapter_for(review.subject_kind)
    subject = subjects.get((review.subject_kind, review.subject_id))
    return adapter.title(subject) if subject is not None else adapter.label
