"""Actions coming due and overdue, for the reminders: plain data, one query per call.

`due_actions(session, today)` lists every open action (planned or in progress) due on or
before `today` (with `within_days`, that many days later), the earliest first. Each names who
must hear of it: the owner when the owner is a person, otherwise the person who added the
action (an office reads no email); and the active approvers of the agency, who answer for the
plan. `link` is the action's page as seen from outside (`ctdppeia.links`).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ctdppeia.links import public_url
from ctdppeia.models import OPEN_STATUSES, ReviewAction, Role, User


@dataclass(frozen=True)
class DueAction:
    action_id: int
    agency_id: int
    review_id: int
    title: str
    due_on: date
    overdue: bool  # due before `today`
    owner_user_ids: tuple[int, ...]
    approver_ids: tuple[int, ...]
    link: str


def due_actions(session: Session, today: date, within_days: int = 0) -> list[DueAction]:
    """The open actions due by `today` + `within_days`, the earliest due first."""
    last_day = today + timedelta(days=within_days)
    query = (
        select(ReviewAction)
        .where(ReviewAction.status.in_(OPEN_STATUSES), ReviewAction.due_on <= last_day)
        .order_by(ReviewAction.due_on, ReviewAction.id)
    )
    actions = list(session.scalars(query))
    approvers = _approvers(session, {action.agency_id for action in actions})
    return [_due(action, today, approvers.get(action.agency_id, ())) for action in actions]


def _approvers(session: Session, agency_ids: set[int]) -> dict[int, tuple[int, ...]]:
    query = (
        select(User.agency_id, User.id)
        .where(User.agency_id.in_(agency_ids), User.role == Role.APPROVER, User.active.is_(True))
        .order_by(User.id)
    )
    found: dict[int, tuple[int, ...]] = {}
    for agency_id, user_id in session.execute(query):
        found[agency_id] = (*found.get(agency_id, ()), user_id)
    return found


def _due(action: ReviewAction, today: date, approvers: tuple[int, ...]) -> DueAction:
    owner = action.owner_user_id if action.owner_user_id is not None else action.created_by_id
    return DueAction(
        action_id=action.id,
        agency_id=action.agency_id,
        review_id=action.review_id,
        title=action.title,
        due_on=action.due_on,
        overdue=action.due_on < today,
        owner_user_ids=(owner,),
        approver_ids=approvers,
        link=public_url("actions.show", {"action_id": action.id}),
    )
