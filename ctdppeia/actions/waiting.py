"""The actions waiting for one person, for their home page's "waiting for you" panel
(registered as the `actions` source of `ctdppeia.waiting`).

A person waits on the open actions they own, and, as an approver, on every overdue open action
of their agency. Oldest due date first; each a link to the action.
"""

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import or_, select

from ctdppeia.actions.plan import today
from ctdppeia.extensions import db
from ctdppeia.models import OPEN_STATUSES, ReviewAction, Role, User
from ctdppeia.waiting import SHOWN, WaitingGroup, WaitingItem


@dataclass(frozen=True)
class WaitingAction:
    action_id: int
    title: str
    due_on: date
    overdue: bool
    url: str


def waiting_actions(user: User, day: date | None = None) -> list[WaitingAction]:
    """What `user` must act on in action plans now (nothing for other roles than staff)."""
    if user.role not in (Role.REVIEWER, Role.APPROVER):
        return []
    day = day or today()
    mine = ReviewAction.owner_user_id == user.id
    if user.role is Role.APPROVER:
        mine = or_(mine, (ReviewAction.agency_id == user.agency_id) & (ReviewAction.due_on < day))
    query = (
        select(ReviewAction)
        .where(ReviewAction.status.in_(OPEN_STATUSES), mine)
        .order_by(ReviewAction.due_on, ReviewAction.id)
    )
    return [
        WaitingAction(
            action.id,
            action.title,
            action.due_on,
            action.due_on < day,
            url_for("actions.show", action_id=action.id),
        )
        for action in db.session.scalars(query)
    ]


def waiting_group(user: User) -> WaitingGroup | None:
    """The person's actions for "Waiting for you": overdue when past their due date."""
    found = waiting_actions(user)
    if not found:
        return None
    items = tuple(
        WaitingItem(action.title, action.url, action.due_on, action.overdue, due=action.due_on)
        for action in found[:SHOWN]
    )
    overdue = sum(action.overdue for action in found)
    label = _("Actions of your action plans")
    return WaitingGroup(label, len(found), overdue, items, url_for("actions.index"))
