"""Who may do what to a data request, its reviews and their analyses: the rules, in one place.

- SEE: staff (reviewers and approvers) of the owner agency or of an agency named as a data
  holder, and administrators. Anyone else gets 404, so ids do not leak.
- CHANGE the request and its list of data holders: reviewers and approvers of the owner agency.
- ANSWER its reviews (start, answer, respond to flags, run outcome analyses, submit, amend):
  reviewers and approvers of the owner agency.
- DECIDE (confirm or send back a submitted review): approvers of the owner agency, never the
  person who submitted it, and, with ``SEPARATION_OF_DUTIES`` on, never someone who changed its
  answers or flag responses (see ``ctdppeia.reviews.permissions``).

A data-holder agency reads only: every write answers 403. Administrators see everything and
manage users and agencies; they never change, answer or sign a request's review.
"""

from typing import Any

from flask import abort
from sqlalchemy import ColumnElement, CompoundSelect, Select, false, or_, select, union

from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, Review, Role, User
from ctdppeia.models.data_request import request_data_holder

AGENCY_STAFF = (Role.REVIEWER, Role.APPROVER)


def visible_to(user: User) -> Select[DataRequest]:
    """The requests `user` may see, as a query."""
    query = select(DataRequest)
    if user.role is Role.ADMIN:
        return query
    if user.role not in AGENCY_STAFF:
        return query.where(false())
    return query.where(
        or_(
            DataRequest.owner_agency_id == user.agency_id,
            holds_data(DataRequest.id, user.agency_id),
        )
    )


def holds_data(request_id: Any, agency_id: int) -> ColumnElement[bool]:
    """The agency is a data holder of the request `request_id` (a column of the outer query).
    A correlated scalar subquery, which the database looks up row by row in the holders' key
    as a list walks its newest-first index and stops at a page; an EXISTS would be planned as
    a hash of every request the agency holds data for, built before the first row."""
    held = (
        select(request_data_holder.c.request_id)
        .where(
            request_data_holder.c.request_id == request_id,
            request_data_holder.c.agency_id == agency_id,
        )
        .limit(1)
        .scalar_subquery()
    )
    return held.is_not(None)


def visible_ids(user: User) -> Select[Any] | CompoundSelect | None:
    """The ids of `visible_to`, as a query that is cheap to collect in full (each half walks
    an index); None when `user` sees every request."""
    if user.role is Role.ADMIN:
        return None
    if user.role not in AGENCY_STAFF:
        return select(DataRequest.id).where(false())
    return union(
        select(DataRequest.id).where(DataRequest.owner_agency_id == user.agency_id),
        select(request_data_holder.c.request_id).where(
            request_data_holder.c.agency_id == user.agency_id
        ),
    )


def holder_of_review(agency_id: int) -> ColumnElement[bool]:
    """A condition on Review: a review of a data request the agency is a data holder of
    (`holds_data`). The kind is checked inside the subquery, so no part of the condition
    invites the database to read the reviews of every data request through another index
    (SQLite's OR by union) instead of walking the list's index."""
    held = (
        select(request_data_holder.c.request_id)
        .where(
            Review.subject_kind == "data-request",
            request_data_holder.c.request_id == Review.subject_id,
            request_data_holder.c.agency_id == agency_id,
        )
        .limit(1)
        .scalar_subquery()
    )
    return held.is_not(None)


def is_owner_staff(user: User, data_request: DataRequest) -> bool:
    return user.role in AGENCY_STAFF and user.agency_id == data_request.owner_agency_id


def may_change(user: User, data_request: DataRequest) -> bool:
    """May `user` change the request's fields and its data holders?"""
    return is_owner_staff(user, data_request)


def may_answer(user: User, data_request: DataRequest) -> bool:
    """May `user` start, answer, respond to flags of, analyze, submit and amend its reviews?"""
    return is_owner_staff(user, data_request)


def may_decide(user: User, data_request: DataRequest) -> bool:
    """May `user` confirm or send back its reviews (the person-specific rules aside)?"""
    return user.role is Role.APPROVER and user.agency_id == data_request.owner_agency_id


def get_visible_or_404(user: User, request_id: int) -> DataRequest:
    found = db.session.scalar(visible_to(user).where(DataRequest.id == request_id))
    if found is None:
        abort(404)
    return found


def get_changeable_or_403(user: User, request_id: int) -> DataRequest:
    """The request, if `user` may change it: 404 when they may not see it, else 403."""
    data_request = get_visible_or_404(user, request_id)
    if not may_change(user, data_request):
        abort(403)
    return data_request
