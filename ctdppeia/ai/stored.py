"""The stored queue status of each AI use case (`AIUseCase.queue_status`), kept in the
transaction of every change that moves it.

Where a use case stands follows from its reviews, the advisory group's records on them (the
decision, the subcommittee's recommendation), the review's tier (an override, a written
determination, the flags its answers raise) and whether the system is retired. Rather than
each service remembering to update the column, the session notes every such row a transaction
adds or changes, and just before the commit `status_of` is asked again for the use cases they
belong to; the column is written where it differs. So the lists read one column, and a service
added later that changes one of these rows keeps it right without knowing of it.

The write is a plain UPDATE of one column: it neither bumps the use case's version (an open
form stays valid) nor its ``updated_at``.
"""

from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event as orm_events
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ctdppeia.extensions import db
from ctdppeia.hooks import KEY, hooks
from ctdppeia.models import (
    AIDecision,
    AISubcommitteeRecommendation,
    AIUseCase,
    PresumptionRebuttal,
    Review,
    ReviewFlagState,
    TierOverride,
)

KIND = "ai-use-case"
NOTED = "ai_queue_status_noted"
BATCH = 500  # use cases computed at a time by `refresh_all`

# Rows of a review that can move its use case in the queue (through the tier or the group).
REVIEW_ROWS = (AIDecision, AISubcommitteeRecommendation, TierOverride, PresumptionRebuttal)
REVIEW_ROWS_ALSO = (ReviewFlagState,)  # the tier follows the flags (`reviews refresh-flags`)


@dataclass
class Noted:
    use_cases: set[Any] = field(default_factory=set)
    reviews: set[Any] = field(default_factory=set)
    review_ids: set[int] = field(default_factory=set)


def _active() -> bool:
    return has_app_context() and KEY in current_app.extensions


@orm_events.listens_for(Session, "before_flush")
def _note(session: Session, _context: object, _instances: object) -> None:
    if not _active():
        return
    noted: Noted = session.info.setdefault(NOTED, Noted())
    for row in chain(session.new, session.dirty):
        if isinstance(row, AIUseCase):
            noted.use_cases.add(row)
        elif isinstance(row, Review):
            noted.reviews.add(row)
        elif isinstance(row, REVIEW_ROWS + REVIEW_ROWS_ALSO):
            noted.review_ids.add(row.review_id)
    for row in session.deleted:
        if isinstance(row, REVIEW_ROWS):
            noted.review_ids.add(row.review_id)


@orm_events.listens_for(Session, "before_commit")
def _store_before_commit(session: Session) -> None:
    if not _active():
        return
    session.flush()  # the commit flushes after this hook: note (and number) its rows now
    noted: Noted | None = session.info.pop(NOTED, None)
    if noted is None:
        return
    store(_use_case_ids(session, noted))


@orm_events.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(NOTED, None)


def _use_case_ids(session: Session, noted: Noted) -> set[int]:
    ids = {row.id for row in noted.use_cases if row.id is not None}
    reviews = {row.id: row for row in noted.reviews if row.id is not None}
    ids |= {row.subject_id for row in reviews.values() if row.subject_kind == KIND}
    others = noted.review_ids - set(reviews)
    if others:
        query = select(Review.subject_id).where(
            Review.id.in_(sorted(others)), Review.subject_kind == KIND
        )
        ids |= set(session.scalars(query))
    return ids


def computed(use_cases: list[AIUseCase]) -> dict[int, str]:
    """`queue.status_of` of each use case, its records loaded for all of them at once."""
    from ctdppeia.ai import queue

    grouped = queue.reviews_by_use_case([item.id for item in use_cases])
    latest = [reviews[-1] for reviews in grouped.values() if reviews]
    with ExitStack() as loaded:
        for loader in hooks().queue_loaders.values():
            loaded.enter_context(loader(latest))
        return {item.id: queue.status_of(item, grouped[item.id]) for item in use_cases}


def store(ids: Iterable[int]) -> list[int]:
    """Write the queue status of these use cases where it differs; the ids written."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    use_cases = list(db.session.scalars(select(AIUseCase).where(AIUseCase.id.in_(wanted))))
    by_id = {use_case.id: use_case for use_case in use_cases}
    found = computed(use_cases)
    changed = [key for key, status in found.items() if by_id[key].queue_status != status]
    for use_case_id in changed:
        db.session.execute(
            update(AIUseCase)
            .where(AIUseCase.id == use_case_id)
            .values(queue_status=found[use_case_id], updated_at=AIUseCase.updated_at)
            .execution_options(synchronize_session=False)
        )
        db.session.expire(by_id[use_case_id], ["queue_status"])
    return changed


def refresh_all(*, write: bool = True) -> list[int]:
    """Compute every use case's queue status again (after `flask db upgrade`, whose
    migration fills the column as SQL alone can); the ids whose stored status was out of date,
    written when `write` (one transaction per batch)."""
    from ctdppeia.database import transaction

    stale: list[int] = []
    last = 0
    while True:
        query = select(AIUseCase.id).where(AIUseCase.id > last).order_by(AIUseCase.id)
        ids = list(db.session.scalars(query.limit(BATCH)))
        if not ids:
            return stale
        last = ids[-1]
        if write:
            with transaction():
                stale += store(ids)
        else:
            use_cases = list(db.session.scalars(select(AIUseCase).where(AIUseCase.id.in_(ids))))
            found = computed(use_cases)
            stale += [u.id for u in use_cases if u.queue_status != found[u.id]]
