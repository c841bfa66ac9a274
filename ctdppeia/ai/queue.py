"""Where each AI use case stands, for the advisory group's queue.

`status_of` reads a use case's reviews. The statuses below are the ones the reviews alone
tell; the advisory group's own steps (its votes, the subcommittee, the decision) and the
inventory (retired) add theirs with `register_status`: a rule is asked first and its status
wins when it gives one. What `status_of` gives is stored with the use case
(`AIUseCase.queue_status`, kept by ``ctdppeia.ai.stored`` in the transaction of every change
that moves it), so lists read and filter it in SQL and never replay a use case's records.

A status the date alone gives ("due for re-assessment") is never stored: it is registered with
`register_timed_status` as a condition in SQL, asked for a whole page at once.
"""

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager

from flask import Flask
from sqlalchemy import ColumnElement, and_, not_, select

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
# A condition on AIUseCase that holds exactly for the use cases with a timed status.
TimedCondition = Callable[[], ColumnElement[bool]]
# Loads what the rules read for many latest reviews, in a fixed number of queries.
StatusLoader = Callable[[Sequence[Review]], AbstractContextManager[None]]


def register_status(app: Flask, key: str, label: str, rule: StatusRule) -> None:
    """Add a status (shown as a filter) and the rule that gives it."""
    hooks(app).queue_statuses[key] = label
    hooks(app).queue_rules[key] = rule


def register_timed_status(app: Flask, key: str, label: str, condition: TimedCondition) -> None:
    """Add a status the date alone gives, told by `condition` (SQL on AIUseCase); it wins
    over the stored status of the use cases it holds for."""
    hooks(app).queue_statuses[key] = label
    hooks(app).queue_timed[key] = condition


def register_status_loader(app: Flask, name: str, loader: StatusLoader) -> None:
    """Add what loads the rules' data for many use cases at once."""
    hooks(app).queue_loaders[name] = loader


def statuses() -> dict[str, str]:
    """Every status of the queue: those the reviews tell, then those features added."""
    return {**STATUSES, **hooks().queue_statuses}


def status_condition(status: str) -> ColumnElement[bool]:
    """The use cases shown with `status`, in SQL: a timed status's condition, or the stored
    status without the use cases a timed status holds for."""
    timed = hooks().queue_timed
    if status in timed:
        return timed[status]()
    return and_(AIUseCase.queue_status == status, *(not_(c()) for c in timed.values()))


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
    """Where the use case stands, from its reviews and the features' rules (what is stored)."""
    for rule in hooks().queue_rules.values():
        found = rule(use_case, reviews)
        if found is not None:
            return found
    if not reviews:
        return "new"
    latest = reviews[-1].status
    return {"in-progress": "in-review", "submitted": "waiting-approval"}.get(latest, "decided")


def queue(use_cases: list[AIUseCase], status: str = "") -> list[tuple[AIUseCase, str]]:
    """(use case, status) pairs from the stored status, one query per timed status; only
    those with `status` when one is given."""
    found = {item.id: item.queue_status for item in use_cases}
    if found:
        for key, condition in hooks().queue_timed.items():
            query = select(AIUseCase.id).where(AIUseCase.id.in_(list(found)), condition())
            found.update((use_case_id, key) for use_case_id in db.session.scalars(query))
    rows = [(item, found[item.id]) for item in use_cases]
    return [row for row in rows if not status or row[1] == status]


def latest_review(use_case: AIUseCase) -> Review | None:
    query = select(Review).where(Review.subject_kind == KIND, Review.subject_id == use_case.id)
    return db.session.scalar(query.order_by(Review.id.desc()).limit(1))
