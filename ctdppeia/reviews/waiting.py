""" "Waiting for you" from the reviews: for an approver, the submitted reviews they may decide;
for whoever submitted a review, the reviews sent back to them. Each is counted and listed in
SQL, oldest first, in a fixed number of queries."""

from flask import Flask, current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, func, or_, select

from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewDecision, User
from ctdppeia.reviews.contributors import not_answered_by
from ctdppeia.reviews.listing import Subjects, load_subjects, visible_condition
from ctdppeia.reviews.subjects import SubjectAdapter, adapter_for, all_adapters
from ctdppeia.waiting import (
    SHOWN,
    WaitingGroup,
    WaitingItem,
    capped_counts,
    counts,
    overdue_since,
    register_waiting,
)


def init_app(app: Flask) -> None:
    register_waiting(app, "reviews.approvals", approvals)
    register_waiting(app, "reviews.sent-back", sent_back)


def _approvable(adapter: SubjectAdapter, user: User) -> ColumnElement[bool]:
    """Reviews of `adapter`'s subjects that `user` may decide, ready for a decision."""
    ready = adapter.ready_for_decision()
    approvable = adapter.approvable(user)
    return approvable if ready is None else and_(approvable, ready)


def approvals(user: User) -> WaitingGroup | None:
    """Submitted reviews `user` may confirm or send back: of subjects they may approve, not
    their own submissions and, with separation of duties, none they answered. The reviews
    are read from the index of waiting reviews by owner agency and time of submission, so
    the oldest come first and the counts stop at COUNT_CAP: the panel costs the same however
    many reviews wait."""
    kinds = [_approvable(a, user) for a in all_adapters() if a.may_approve_any(user)]
    if not kinds:
        return None
    waiting = select(Review.submitted_at).where(
        Review.owner_agency_id == user.agency_id,  # what every kind's `approvable` says
        Review.submitted_at.is_not(None),
        Review.confirmed_at.is_(None),
        Review.submitted_by_id != user.id,
        or_(*kinds),
    )
    if current_app.config["SEPARATION_OF_DUTIES"]:
        waiting = waiting.where(not_answered_by(user.id))
    late = overdue_since()
    total, overdue = capped_counts(waiting, Review.submitted_at, late)
    oldest = waiting.with_only_columns(Review).order_by(Review.submitted_at, Review.id)
    reviews = list(db.session.scalars(oldest.limit(SHOWN)))
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
    label = _("Reviews waiting for your approval")
    return WaitingGroup(label, total, overdue, items, more, capped=True)


def sent_back(user: User) -> WaitingGroup | None:
    """Reviews `user` submitted that an approver sent back, still in progress, of subjects the
    user may still see; since the latest sending back."""
    returned = (
        select(ReviewDecision.review_id, func.max(ReviewDecision.returned_at).label("at"))
        .where(ReviewDecision.submitted_by_id == user.id, ReviewDecision.returned_at.is_not(None))
        .group_by(ReviewDecision.review_id)
        .subquery()
    )
    query = (
        select(Review, returned.c.at)
        .join(returned, returned.c.review_id == Review.id)
        .where(Review.submitted_at.is_(None), visible_condition(user))
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
