"""Where each AI use case stands, for the advisory group's queue.

`status_of` reads a use case's reviews. The statuses below are the ones the reviews alone
tell; the advisory group's own steps (its votes, the subcommittee, the decision, the
re-assessment) add theirs with `register_status`: a rule is asked first and its status wins
when it gives one.

Only Python tells a status, so a filtered list reads use cases a batch at a time and keeps those
with the status. Each status may also give `candidates`: a condition in SQL that every use case
with the status meets (not necessarily only those), so the batches hold few others.
"""

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, ExitStack

from flask import Flask
from sqlalchemy import ColumnElement, exists, select

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
# A condition on AIUseCase that every use case with the status meets.
Candidates = Callable[[], ColumnElement[bool]]
# Loads what the rules read for a whole page of latest reviews, in a fixed number of queries.
StatusLoader = Callable[[Sequence[Review]], AbstractContextManager[None]]


def register_status(
    app: Flask, key: str, label: str, rule: StatusRule, candidates: Candidates | None = None
) -> None:
    """Add a status (shown as a filter), the rule that gives it and, when SQL can narrow the
    use cases to look at, `candidates`."""
    hooks(app).queue_statuses[key] = label
    hooks(app).queue_rules[key] = rule
    if candidates is not None:
        hooks(app).queue_candidates[key] = candidates


def has_review(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """The use case has a review meeting `conditions`."""
    return exists().where(
        Review.subject_kind == KIND, Review.subject_id == AIUseCase.id, *conditions
    )


CANDIDATES: dict[str, Candidates] = {
    "new": lambda: ~has_review(),
    "in-review": lambda: has_review(Review.submitted_at.is_(None)),
    "waiting-approval": lambda: has_review(
        Review.submitted_at.is_not(None), Review.confirmed_at.is_(None)
    ),
    "decided": lambda: has_review(Review.confirmed_at.is_not(None)),
}


def candidates(status: str) -> ColumnElement[bool] | None:
    """The SQL condition every use case with `status` meets, None when there is none."""
    found = {**CANDIDATES, **hooks().queue_candidates}.get(status)
    return found() if found is not None else None


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
