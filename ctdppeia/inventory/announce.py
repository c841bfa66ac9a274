"""The AI reviewers hear of an agency's draft of its inventory entry, once per draft.

A draft has no "submit" step: the agency saves it as often as it likes until an AI reviewer
publishes a version from it. A notice at every save would flood the group with a draft it
already knows about, so the group is told at the save that starts a draft (the first save,
or the first after a version was published, which handles the one before); later saves change
a draft that already waits for them, and the draft page and "Waiting for you" show its latest
text. The next notice comes with the next draft.

Who: every active AI reviewer (any of them may publish, chairs included), except a member who
declared a conflict of interest on any review of the use case. The kind is for AI reviewers
only, so the agency's own staff, another agency's and board members never get it.
"""

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.inventory.facts import SUBJECT_KIND
from ctdppeia.models import AIConflict, AIUseCase, Notice, Review, Role, User
from ctdppeia.notices.core import Item, local_path, notify, register_kind

DRAFTED = "inventory.draft"


def register(app: Flask) -> None:
    words = _l(
        "The agency saved a draft of its entry in the public AI inventory. An AI reviewer "
        "checks it and publishes it."
    )
    register_kind(app, DRAFTED, words, Role.AI_REVIEWER)


def item_of(use_case: AIUseCase) -> Item:
    """The draft's page: the draft as the AI reviewer reads it, and the way to publish it."""
    path = local_path("inventory.draft", use_case_id=use_case.id)
    return Item(f"inventory-draft:{use_case.id}", use_case.name, path)


def conflicted(use_case: AIUseCase) -> set[int]:
    """The members who declared a conflict of interest on any review of the use case."""
    query = (
        select(AIConflict.user_id)
        .join(Review, AIConflict.review_id == Review.id)
        .where(Review.subject_kind == SUBJECT_KIND, Review.subject_id == use_case.id)
    )
    return set(db.session.scalars(query))


def members() -> list[User]:
    query = select(User).where(User.role == Role.AI_REVIEWER, User.active.is_(True))
    return list(db.session.scalars(query.order_by(User.id)))


def draft_started(actor: User, use_case: AIUseCase) -> list[Notice]:
    """Tell the AI reviewers a new draft waits for them (in the draft's save transaction)."""
    left_out = conflicted(use_case) | {actor.id}
    return notify(members(), DRAFTED, item_of(use_case), exclude=left_out)
