"""An agency's open actions: the list page and the CSV file (through `ctdppeia.csvcells`)."""

from datetime import date
from typing import NamedTuple

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ctdppeia.actions.plan import is_overdue, today
from ctdppeia.csvcells import csv_text
from ctdppeia.extensions import db
from ctdppeia.links import public_url
from ctdppeia.models import OPEN_STATUSES, Agency, ReviewAction, Role, User
from ctdppeia.reviews.subjects import registered

HEADER = [
    "Action",
    "Agency",
    "Review",
    "About",
    "What will be done",
    "Comes from",
    "Owner",
    "Due by",
    "Status",
    "Overdue",
    "Evidence",
    "Link to the evidence",
    "Address",
]


class Row(NamedTuple):
    action: ReviewAction
    subject_title: str
    overdue: bool


def agency_or_404(user: User, code: str) -> Agency:
    """The agency whose actions `user` may export: their own; any, for an administrator."""
    agency = db.session.scalar(select(Agency).where(Agency.code == code.upper()))
    if agency is None or (user.role is not Role.ADMIN and agency.id != user.agency_id):
        abort(404)
    return agency


def open_actions(agency_id: int, day: date | None = None) -> list[Row]:
    """The agency's planned and in-progress actions, the earliest due first."""
    query = (
        select(ReviewAction)
        .where(ReviewAction.agency_id == agency_id, ReviewAction.status.in_(OPEN_STATUSES))
        .order_by(ReviewAction.due_on, ReviewAction.id)
        .options(selectinload(ReviewAction.review), selectinload(ReviewAction.owner_user))
    )
    actions = list(db.session.scalars(query))
    titles = _subject_titles(actions)
    day = day or today()
    return [Row(a, titles.get(a.review_id, ""), is_overdue(a, day)) for a in actions]


def _subject_titles(actions: list[ReviewAction]) -> dict[int, str]:
    """The title of each action's review subject, by review id (one query per kind)."""
    by_kind: dict[str, set[int]] = {}
    for action in actions:
        by_kind.setdefault(action.review.subject_kind, set()).add(action.review.subject_id)
    titles: dict[tuple[str, int], str] = {}
    for kind, ids in by_kind.items():
        adapter = registered(kind)
        if adapter is not None:
            for subject_id, subject in adapter.get_many(sorted(ids)).items():
                titles[(kind, subject_id)] = adapter.title(subject)
    return {
        a.review_id: titles.get((a.review.subject_kind, a.review.subject_id), "") for a in actions
    }


def csv_file(agency_id: int) -> str:
    agency = db.session.get_one(Agency, agency_id)
    rows = [_cells(agency, row) for row in open_actions(agency_id)]
    return csv_text([HEADER, *rows])


def _cells(agency: Agency, row: Row) -> list[object]:
    action = row.action
    return [
        action.id,
        agency.code,
        action.review_id,
        row.subject_title,
        action.title,
        action.source_label,
        action.owner,
        action.due_on.isoformat(),
        action.status_label,
        "yes" if row.overdue else "no",
        action.evidence,
        action.evidence_url,
        public_url("actions.show", {"action_id": action.id}),
    ]
