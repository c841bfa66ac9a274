"""Notices of the review workflow's steps: submitted (to the approvers who can act now), sent
back and decided (to those who worked on the review). A subject kind may add its own
(`register_step_listener`): the AI advisory group hears of a submitted AI review that way.

Called inside the step's transaction, after its write; the notices are saved with it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask
from flask_babel import lazy_gettext as _l

from ctdppeia.hooks import hooks
from ctdppeia.models import Review, Role, User
from ctdppeia.notices.audience import CONFIRMED, SUBMITTED, recorded, register_audience
from ctdppeia.notices.core import Item, local_path, notify, register_kind, staff_of, users_by_id
from ctdppeia.reviews import permissions
from ctdppeia.reviews.contributors import contributors
from ctdppeia.reviews.subjects import subject_of

StepListener = Callable[[Review, str, User], None]
STAFF = (Role.REVIEWER, Role.APPROVER)


KINDS = {
    "review.submitted": (_l("A review waits for your approval."), (Role.APPROVER,)),
    "review.sent_back": (_l("The approver sent the review back. Read why, then change it."), STAFF),
    "review.decided": (_l("The approver confirmed and signed the review."), STAFF),
}


def register_kinds(app: Flask) -> None:
    for name, (words, roles) in KINDS.items():
        register_kind(app, name, words, *roles)
    # What the confirmation pages say was told: the notices these steps recorded.
    register_audience(app, SUBMITTED, lambda review: told_at_submission(review))
    register_audience(app, CONFIRMED, lambda review: recorded(["review.decided"], [key(review)]))


def key(review: Review) -> str:
    return f"review:{review.id}"


def told_at_submission(review: Review) -> list[User]:
    """Who heard of a submission: the approvers, and what a subject kind's listener told (its
    items named by `submission_keys`, e.g. the AI use case the group hears about)."""
    extra = hooks().review_step_listeners.get(review.subject_kind)
    kinds, keys = ["review.submitted"], [key(review)]
    if extra is not None and extra.submission_notices is not None:
        more_kinds, more_keys = extra.submission_notices(review)
        kinds, keys = kinds + list(more_kinds), keys + list(more_keys)
    return recorded(kinds, keys)


# The notice kinds and item keys a listener records at a submission (for the page that says
# who was told).
SubmissionNotices = Callable[[Review], tuple[list[str], list[str]]]


@dataclass(frozen=True)
class Listener:
    listener: StepListener
    approvers_act_on_submission: bool
    submission_notices: SubmissionNotices | None = None


def register_step_listener(
    app: Flask,
    kind: str,
    listener: StepListener,
    *,
    approvers_act_on_submission: bool = True,
    submission_notices: SubmissionNotices | None = None,
) -> None:
    """`listener(review, step, actor)` runs after the notices of each step of a `kind` review.
    With `approvers_act_on_submission` False, the approvers are not told of a submission (they
    act later: an AI review goes to the advisory group first, which tells them).
    `submission_notices(review)` names the notices the listener records at a submission."""
    hooks(app).review_step_listeners[kind] = Listener(
        listener, approvers_act_on_submission, submission_notices
    )


def item_of(review: Review, endpoint: str = "reviews.show") -> Item:
    adapter, subject = subject_of(review)
    return Item(key(review), adapter.title(subject), local_path(endpoint, review_id=review.id))


def may_see(review: Review) -> Callable[[User], bool]:
    return lambda user: permissions.may_see(user, review)


def workers(review: Review) -> list[User]:
    """Who worked on the review: who started it, who submitted it, who answered it."""
    decision = review.current_decision
    submitted = decision.submitted_by_id if decision is not None else None
    return users_by_id({review.started_by_id, submitted, *contributors(review)})


def submitted(review: Review, actor: User) -> None:
    """Tell the owner agency's approvers, unless the subject kind has them act later (an AI
    review waits for the advisory group first)."""
    adapter, subject = subject_of(review)
    found = hooks().review_step_listeners.get(review.subject_kind)
    if found is None or found.approvers_act_on_submission:
        approvers = [
            u
            for u in staff_of(adapter.owner_agency(subject).id, Role.APPROVER)
            if adapter.may_decide(u, subject)
        ]
        notify(
            approvers,
            "review.submitted",
            item_of(review, "reviews.confirm"),
            may_see=may_see(review),
            exclude={actor.id},
        )
    _listeners(review, "submitted", actor)


def sent_back(review: Review, actor: User) -> None:
    notify(
        workers(review),
        "review.sent_back",
        item_of(review),
        may_see=may_see(review),
        exclude={actor.id},
    )
    _listeners(review, "sent-back", actor)


def decided(review: Review, actor: User) -> None:
    notify(
        workers(review),
        "review.decided",
        item_of(review),
        may_see=may_see(review),
        exclude={actor.id},
    )
    _listeners(review, "decided", actor)


def _listeners(review: Review, step: str, actor: User) -> None:
    found = hooks().review_step_listeners.get(review.subject_kind)
    if found is not None:
        found.listener(review, step, actor)
