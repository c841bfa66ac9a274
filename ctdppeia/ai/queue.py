"""Where each AI use case stands, for the advisory group's queue.

`status_of` reads a use case's reviews. The statuses below are the ones the reviews alone
tell; the advisory group's own steps (its votes, the subcommittee, the decision, the
re-assessment) add theirs with `register_status`: a rule is asked first and its status wins
when it gives one.
"""

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, ExitStack

from flask import Flask
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.hooks import hooks
from ctdppeia.models import AIUseCase, Review

KIND = "ai-use-case"

STATUSES: dict[str, str] = {
    "new": "New: no review yet",
    "in-review": "In review",
    "waiting-approval": "Waiting for approval",
    "decided": "Decided",
}

StatusRule = Callable[[AIUseCase, list[Review]], str | None]
# Loads what the rules read for a whole page of latest reviews, in a fixed number of queries.
StatusLoader = Callable[[Sequence[Review]], AbstractContextManager[None]]


def register_status(app: Flask, key: str, label: str, rule: StatusRule) -> None:
    """Add a status (shown as a filter) and the rule that gives it."""
    hooks(app).queue_statuses[key] = label
    hooks(app).queue_rules[key] = rule


def register_status_loader(app: Flask, name: str, loader: StatusLoader) -> None:
    """Add what loads the rules' data for a page of use cases at once."""
    hooks(app).queue_loaders[name] = loader


def statuses() -> dict[str, str]:
    """Every status of the queue: those the reviews tell, then those features added."""
    return {**STATUSES, **hooks().queue_statuses}


def reviews_by_use_case(ids: list[int]) -> dict[int, list[Review]]:
    """The reviews of each use case, oldest first."""
    query = (
        select(Review)
        .where(Review.subject_kind == KIND, Review.subject_id.in_(ids))
        .order_by(Review.id)
    )
    grouped: dict[int, list[Review]] = {use_case_id: [] for use_case_id in ids}
    for review in db.session.scalars(query):
        grouped[review.subject_id].append(review)
    return grouped


def status_of(use_case: AIUseCase, reviews: list[Review]) -> str:
    for rule in hooks().queue_rules.values():
        found = rule(use_case, reviews)
        if found is not None:
            return found
    if not reviews:
        return "new"
    latest = reviews[-1].status
    return {"in-progress": "in-review", "submitted": "waiting-approval"}.get(latest, "decided")


def queue(use_cases: list[AIUseCase], status: str = "") -> list[tuple[AIUseCase, str]]:
    """(use case, status) pairs, only those with `status` when one is given."""
    grouped = reviews_by_use_case([item.id for item in use_cases])
    latest = [reviews[-1] for reviews in grouped.values() if reviews]
    with ExitStack() as loaded:
        for loader in hooks().queue_loaders.values():
            loaded.enter_context(loader(latest))
        rows = [(item, status_of(item, grouped[item.id])) for item in use_cases]
    return [row for row in rows if not status or row[1] == status]


def latest_review(use_case: AIUseCase) -> Review | None:
    query = select(Review).where(Review.subject_kind == KIND, Review.subject_id == use_case.id)
    return db.session.scalar(query.order_by(Review.id.desc()).limit(1))
