"""Who the app tells about a workflow step: one answer for the notices and for the pages.

The feature whose step it is registers the step's audience here as the notices the step
recorded (`register_audience(app, SUBMITTED, lambda review: recorded(kinds, keys))`), so the
step's confirmation page names exactly the people the notices went to. A step with no audience
registered sends no notice, and its page says that no one was told: a page never names someone
the app did not tell.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.hooks import hooks
from ctdppeia.mail import mail_enabled
from ctdppeia.models import Notice, User
from ctdppeia.notices.preferences import email_mode

# The steps that end on a confirmation page.
SUBMITTED = "review.submitted"
CONFIRMED = "review.confirmed"
DECIDED = "advisory.decided"
PUBLISHED = "inventory.published"
STEPS = (SUBMITTED, CONFIRMED, DECIDED, PUBLISHED)

Audience = Callable[[Any], Iterable[User]]
# The notices of one step are made in one transaction: a minute covers a slow one.
BATCH = timedelta(minutes=1)


@dataclass(frozen=True)
class Told:
    """One person told about a step: always in the app, and by email when `by_email`."""

    user: User
    by_email: bool


def register_audience(app: Flask, step: str, audience: Audience) -> None:
    """Say who is told about `step`; `audience(subject)` gives the people. Registering a step
    again replaces its audience."""
    if step not in STEPS:
        raise ValueError(f"unknown step {step!r}")
    hooks(app).notice_audiences[step] = audience


def emailed(user: User) -> bool:
    """Whether a notice to `user` may go by email at all (the rule `queue_email` follows)."""
    return mail_enabled() and user.active


def recorded(kinds: Iterable[str], item_keys: Iterable[str]) -> list[User]:
    """The people the newest notices of `kinds` about `item_keys` went to: those made with the
    newest one (within a minute of it), so a step taken again names its own audience only."""
    query = select(Notice).where(Notice.kind.in_(list(kinds)), Notice.item_key.in_(list(item_keys)))
    notices = list(db.session.scalars(query))
    if not notices:
        return []
    newest = max(notice.created_at for notice in notices)
    ids = {notice.user_id for notice in notices if newest - notice.created_at <= BATCH}
    return list(db.session.scalars(select(User).where(User.id.in_(ids))))


def told_of(step: str, subject: Any) -> list[Told]:
    """The active people told about `step` on `subject`, each once, by name."""
    audience = hooks().notice_audiences.get(step)
    if audience is None:
        return []
    people = {user.id: user for user in audience(subject) if user.active}
    ordered = sorted(people.values(), key=lambda user: (user.name.casefold(), user.id))
    return [Told(user, emailed(user) and email_mode(user) == "each") for user in ordered]
