"""The rules an action must meet, checked by the form (with a message beside the field) and
again by the service (nothing reaches the database that breaks them)."""

from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sqlalchemy import select

from ctdppeia import limits
from ctdppeia.extensions import db
from ctdppeia.models import ACTION_STATUSES, Role, User

if TYPE_CHECKING:
    from ctdppeia.actions.services import ActionInput

OWNER_ROLES = (Role.REVIEWER, Role.APPROVER)
MAX_YEARS_AHEAD = 10


def owners_of(agency_id: int) -> list[User]:
    """The people who may own an action of the agency: its active reviewers and approvers."""
    query = select(User).where(
        User.agency_id == agency_id, User.active.is_(True), User.role.in_(OWNER_ROLES)
    )
    return list(db.session.scalars(query.order_by(User.name, User.id)))


def link_problem(url: str) -> str | None:
    """What is wrong with a link to evidence, in words; None when it is a web address."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in url:
        return "Give a web address that starts with http:// or https://."
    return None


def due_problem(due_on: date, today: date) -> str | None:
    latest = today.replace(year=today.year + MAX_YEARS_AHEAD, day=min(today.day, 28))
    if due_on > latest:
        return f"Give a due date within {MAX_YEARS_AHEAD} years."
    return None


def check(given: "ActionInput", agency_id: int, kept_owner: int | None = None) -> None:
    """Raise ValueError when `given` breaks a rule (the form has said so already).
    `kept_owner`: the person who owns the action now, who may stay its owner after leaving
    the agency's staff."""
    problems = [
        _text_problem(given.title, limits.ACTION_TITLE, required=True),
        _text_problem(given.owner_name, limits.ACTION_OWNER),
        _text_problem(given.drop_reason, limits.ACTION_DROP_REASON),
        _text_problem(given.evidence, limits.ACTION_EVIDENCE),
        _text_problem(given.evidence_url, limits.ACTION_LINK),
        link_problem(given.evidence_url),
        _owner_problem(given, agency_id, kept_owner),
        None if given.status in ACTION_STATUSES else "unknown status",
        "a dropped action needs a reason"
        if given.status == "dropped" and not given.drop_reason.strip()
        else None,
    ]
    found = [problem for problem in problems if problem]
    if found:
        raise ValueError("; ".join(found))


def _text_problem(text: str, limit: int, required: bool = False) -> str | None:
    if required and not text.strip():
        return "missing text"
    return limits.too_long(len(text), limit) if len(text) > limit else None


def _owner_problem(given: "ActionInput", agency_id: int, kept_owner: int | None) -> str | None:
    if (given.owner_user_id is None) == (not given.owner_name.strip()):
        return "name one owner: a person or an office"
    person = given.owner_user_id
    if person is None or person == kept_owner:
        return None
    if person not in {user.id for user in owners_of(agency_id)}:
        return "the owner is not a reviewer or approver of the agency"
    return None
