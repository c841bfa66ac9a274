"""Notices of the advisory group's steps, and its dates that come due.

Who hears: a submitted AI review is ready for the group (every member and chair who may vote
on it); each vote, and the quorum once reached, go to the chairs who may decide; the
subcommittee's recommendation goes to the chairs; the decision goes to the owner agency's
approvers (who confirm next) and to who submitted the review. A member with a declared
conflict of interest, or who answered the review, is never told of its steps.
"""

from datetime import date, timedelta

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ctdppeia.advisory import conditions, rules
from ctdppeia.extensions import db
from ctdppeia.models import AICondition, AIDecision, AIUseCase, Review, Role, User
from ctdppeia.notices.audience import DECIDED, recorded, register_audience
from ctdppeia.notices.core import Item, local_path, notify, register_kind, staff_of, users_by_id
from ctdppeia.notices.due import STEPS, DueItem, register_due_source
from ctdppeia.reviews.announce import register_step_listener
from ctdppeia.reviews.permissions import answered_by

GROUP = (Role.AI_REVIEWER,)


KINDS = {
    "ai.ready": (_l("An AI use case is ready for the advisory group."), GROUP),
    "ai.vote": (_l("A member of the advisory group voted."), GROUP),
    "ai.quorum": (_l("The advisory group reached its quorum. A chair can decide."), GROUP),
    "ai.subcommittee": (
        _l("The subcommittee sent its advice. A chair can now decide."),
        GROUP,
    ),
    "ai.decided": (
        _l("The AI advisory group decided. The approver can now confirm the review."),
        (Role.APPROVER, Role.REVIEWER),
    ),
}


def register(app: Flask) -> None:
    for name, (words, roles) in KINDS.items():
        register_kind(app, name, words, *roles)
    register_step_listener(
        app,
        rules.KIND,
        on_review_step,
        approvers_act_on_submission=False,
        submission_notices=lambda review: (["ai.ready"], [item_of(review).key]),
    )
    register_audience(app, DECIDED, lambda review: recorded(["ai.decided"], [item_of(review).key]))
    register_due_source(app, "ai-conditions", due_conditions)
    register_due_source(app, "ai-reassessments", due_reassessments)


def use_case_of(review: Review) -> AIUseCase:
    return db.session.get_one(AIUseCase, review.subject_id)


def item_of(review: Review) -> Item:
    use_case = use_case_of(review)
    path = local_path("advisory.show", "advisory", ai_case_id=use_case.id)
    return Item(f"ai-use-case:{use_case.id}", use_case.name, path)


def set_aside(review: Review) -> set[int]:
    """Members never told of the review's steps: a declared conflict, or they answered it."""
    return {c.user_id for c in rules.conflicts(review)} | answered_by(review)


def members() -> list[User]:
    query = select(User).where(User.role == Role.AI_REVIEWER, User.active.is_(True))
    return list(db.session.scalars(query.order_by(User.id)))


def chairs() -> list[User]:
    return [user for user in members() if user.ai_chair]


def on_review_step(review: Review, step: str, actor: User) -> None:
    if step == "submitted":
        db.session.flush()
        notify(members(), "ai.ready", item_of(review), exclude=set_aside(review) | {actor.id})


def voted(review: Review, actor: User, quorum_before: bool) -> None:
    """After a vote: the chairs hear of it, or of the quorum when this vote reached it."""
    db.session.flush()
    reached = not quorum_before and rules.tally(review).quorum_met
    kind = "ai.quorum" if reached else "ai.vote"
    notify(chairs(), kind, item_of(review), exclude=set_aside(review) | {actor.id})


def subcommittee_recommended(review: Review, actor: User) -> None:
    notify(chairs(), "ai.subcommittee", item_of(review), exclude=set_aside(review) | {actor.id})


def decided(review: Review, actor: User) -> None:
    """The owner agency's approvers confirm next; who submitted the review hears too."""
    use_case = use_case_of(review)
    people = staff_of(use_case.agency_id, Role.APPROVER) + users_by_id({review.submitted_by_id})
    path = local_path("reviews.confirm", review_id=review.id)
    item = Item(f"ai-use-case:{use_case.id}", use_case.name, path)
    notify(
        people,
        "ai.decided",
        item,
        may_see=lambda u: u.agency_id == use_case.agency_id,
        exclude={actor.id},
    )


def _ids(*found: int | None) -> frozenset[int]:
    return frozenset(user_id for user_id in found if user_id is not None)


def _agency_approvers(agency_id: int) -> frozenset[int]:
    return frozenset(user.id for user in staff_of(agency_id, Role.APPROVER))


def due_conditions(today: date) -> list[DueItem]:
    """Open conditions in force, due within the first reminder's reach or overdue: to their
    owner (the account that owns it, else who submitted the review) and the agency's
    approvers."""
    query = select(AICondition).where(
        AICondition.closed_at.is_(None), AICondition.due_on <= today + timedelta(days=max(STEPS))
    )
    found = []
    for condition in db.session.scalars(query):
        decision = condition.decision
        if condition not in conditions.in_force(decision):
            continue
        use_case = use_case_of(decision.review)
        path = local_path("advisory.show", f"condition-{condition.id}", ai_case_id=use_case.id)
        item = Item(f"ai-condition:{condition.id}", f"{use_case.name}: {condition.text}", path)
        # A condition owned by a name (an office) is the submitting reviewer's to follow.
        owner = condition.owner_user_id or decision.review.submitted_by_id
        approvers = _agency_approvers(use_case.agency_id)
        found.append(DueItem(item, condition.due_on, _ids(owner), approvers))
    return found


def due_reassessments(today: date) -> list[DueItem]:
    """Use cases whose next review date comes within reach: to who submitted the decided review
    and the agency's approvers."""
    newer = select(Review.id).where(Review.amends_id == AIDecision.review_id)
    retired = (
        select(AIUseCase.id)
        .join(Review, Review.subject_id == AIUseCase.id)
        .where(Review.id == AIDecision.review_id, AIUseCase.retired_at.is_not(None))
    )
    query = select(AIDecision).where(
        AIDecision.next_review_on <= today + timedelta(days=max(STEPS)),
        ~newer.exists(),
        ~retired.exists(),
    )
    found = []
    for decision in db.session.scalars(query):
        review = decision.review
        use_case = use_case_of(review)
        path = local_path("advisory.show", "advisory", ai_case_id=use_case.id)
        item = Item(f"ai-reassessment:{decision.id}", use_case.name, path)
        approvers = _agency_approvers(use_case.agency_id)
        found.append(
            DueItem(item, decision.next_review_on, _ids(review.submitted_by_id), approvers)
        )
    return found
