"""Who the app tells about a workflow step: one answer for the notices and for the pages.

The code that sends a step's notices registers the step's audience here
(`register_audience(app, "review.submitted", approvers_of)`) and sends to exactly
`told_of(step, subject)`; the step's confirmation page names exactly the same people. A step
with no audience registered sends no notice, and its page says that no one was told: a page
never names someone the app did not tell.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask

from ctdppeia.hooks import hooks
from ctdppeia.mail import mail_enabled
from ctdppeia.models import User

# The steps that end on a confirmation page.
SUBMITTED = "review.submitted"
CONFIRMED = "review.confirmed"
DECIDED = "advisory.decided"
PUBLISHED = "inventory.published"
STEPS = (SUBMITTED, CONFIRMED, DECIDED, PUBLISHED)

Audience = Callable[[Any], Iterable[User]]


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
    """Whether a notice to `user` also goes by email (the rule `queue_email` follows)."""
    return mail_enabled() and user.active


def told_of(step: str, subject: Any) -> list[Told]:
    """The active people told about `step` on `subject`, each once, by name."""
    audience = hooks().notice_audiences.get(step)
    if audience is None:
        return []
    people = {user.id: user for user in audience(subject) if user.active}
    ordered = sorted(people.values(), key=lambda user: (user.name.casefold(), user.id))
    return [Told(user, emailed(user)) for user in ordered]
