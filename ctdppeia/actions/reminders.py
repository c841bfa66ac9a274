"""Actions coming due, for the scheduled reminders (`flask notices run-due`): each open action
due within the reminders' reach is a due item of the notices' schedule, owned by its owner
(or, for an office, whoever added it) and answered for by the agency's approvers."""

from datetime import date

from ctdppeia.actions.due import DueAction, due_actions
from ctdppeia.extensions import db
from ctdppeia.notices.core import Item, local_path
from ctdppeia.notices.due import STEPS, DueItem


def due_items(today: date) -> list[DueItem]:
    """Every open action due within the furthest reminder (30 days) or overdue."""
    return [_item(action) for action in due_actions(db.session(), today, within_days=max(STEPS))]


def _item(action: DueAction) -> DueItem:
    path = local_path("actions.show", action_id=action.action_id)
    return DueItem(
        Item(f"action:{action.action_id}", action.title, path),
        action.due_on,
        frozenset(action.owner_user_ids),
        frozenset(action.approver_ids),
    )
