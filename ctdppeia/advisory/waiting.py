""" "Waiting for you" from the advisory group: AI cases before the group that a member has not
voted on, those waiting for the subcommittee (its members) or for a decision (the chairs),
and systems due for re-assessment (the group, and the owner agency's staff, who may start
it). Read from each use case's stored queue status, never by replaying its records; a member
with a declared conflict, or who answered the review, is not asked."""

from datetime import date

from flask import Flask, current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import Select, and_, exists, select

from ctdppeia.advisory.record import due_condition, latest_review_id
from ctdppeia.advisory.rules import KIND, is_member
from ctdppeia.ai.permissions import AGENCY_STAFF, visible_to
from ctdppeia.extensions import db
from ctdppeia.models import AIConflict, AIDecision, AIRecommendation, AIUseCase, Review, User
from ctdppeia.reviews.contributors import not_answered_by
from ctdppeia.waiting import (
    SHOWN,
    WaitingGroup,
    WaitingItem,
    counts,
    overdue_since,
    register_waiting,
)

BEFORE_THE_GROUP = ("waiting-for-subcommittee", "waiting-for-decision")


def init_app(app: Flask) -> None:
    register_waiting(app, "advisory.votes", votes)
    register_waiting(app, "advisory.subcommittee", subcommittee)
    register_waiting(app, "advisory.decisions", decisions)
    register_waiting(app, "advisory.due", due)


def _before_the_group(user: User, *statuses: str) -> Select[AIUseCase, Review]:
    """Use cases with one of `statuses` and their submitted review, on which `user` may act:
    no conflict declared, not the submitter, nor (with separation of duties) one who answered."""
    query = (
        select(AIUseCase, Review)
        .join(Review, and_(Review.subject_kind == KIND, Review.subject_id == AIUseCase.id))
        .where(
            AIUseCase.queue_status.in_(statuses),
            Review.submitted_at.is_not(None),
            Review.confirmed_at.is_(None),
            Review.submitted_by_id != user.id,
            ~exists().where(AIConflict.review_id == Review.id, AIConflict.user_id == user.id),
        )
    )
    if current_app.config["SEPARATION_OF_DUTIES"]:
        query = query.where(not_answered_by(user.id))
    return query


def _group(label: str, query: Select[AIUseCase, Review]) -> WaitingGroup | None:
    """The use cases of `query`, waiting since their review was submitted."""
    late = overdue_since()
    total, overdue = counts(query.with_only_columns(Review.submitted_at), late)
    if not total:
        return None
    oldest = query.order_by(Review.submitted_at, Review.id).limit(SHOWN)
    items = tuple(
        WaitingItem(
            use_case.name,
            url_for("advisory.show", ai_case_id=use_case.id, _anchor="advisory"),
            review.submitted_at or late,
            overdue=review.submitted_at is not None and review.submitted_at < late,
        )
        for use_case, review in db.session.execute(oldest)
    )
    return WaitingGroup(label, total, overdue, items)


def votes(user: User) -> WaitingGroup | None:
    """AI cases before the group that the member has not voted on."""
    if not is_member(user):
        return None
    query = _before_the_group(user, *BEFORE_THE_GROUP).where(
        ~exists().where(
            AIRecommendation.review_id == Review.id, AIRecommendation.user_id == user.id
        )
    )
    return _group(_("AI cases waiting for your vote"), query)


def subcommittee(user: User) -> WaitingGroup | None:
    """High-tier AI cases waiting for the subcommittee's recommendation (its members)."""
    if not (is_member(user) and user.high_risk_subcommittee):
        return None
    query = _before_the_group(user, "waiting-for-subcommittee")
    return _group(_("AI cases waiting for the subcommittee"), query)


def decisions(user: User) -> WaitingGroup | None:
    """AI cases waiting for the group's decision (the chairs)."""
    if not (is_member(user) and user.ai_chair):
        return None
    query = _before_the_group(user, "waiting-for-decision")
    return _group(_("AI cases waiting for a chair's decision"), query)


def due(user: User) -> WaitingGroup | None:
    """Systems due for re-assessment that `user` may start: the group sees every one, the
    owner agency's staff their own; overdue once the next review date has passed."""
    if not (is_member(user) or user.role in AGENCY_STAFF):
        return None
    query = (
        visible_to(user)
        .add_columns(AIDecision.next_review_on)
        .join(AIDecision, AIDecision.review_id == latest_review_id())
        .where(due_condition())
    )
    today = date.today()
    total, overdue = counts(query.with_only_columns(AIDecision.next_review_on), today)
    if not total:
        return None
    oldest = query.order_by(AIDecision.next_review_on, AIUseCase.id).limit(SHOWN)
    items = tuple(
        WaitingItem(
            use_case.name,
            url_for("advisory.show", ai_case_id=use_case.id, _anchor="advisory"),
            on,
            overdue=on < today,
            due=on,
        )
        for use_case, on in db.session.execute(oldest)
    )
    more = url_for("ai.index", status="due")
    return WaitingGroup(_("AI systems due for re-assessment"), total, overdue, items, more)
