"""Bring the stored flag state of every review that is not locked up to date with the rules.

Lists count a review's questionnaire flags from its stored flag state (``review_flag``, see
``flagstate``), written in the transaction that saves the answers. The review's own pages
evaluate its answers afresh. When a release changes how answers are evaluated (edition 2027.1's
three-valued conditions, flags that replace others), the stored state of a review answered
before it can differ from what its answers raise now, and the lists count the old flags.
``refresh_flag_states`` evaluates every review that is not locked again and writes only the
difference, with an audit event for each flag raised or cleared. A locked review is never
touched: it was decided and signed as it stood, and the database refuses any change to it.
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from ctdppeia.extensions import db
from ctdppeia.models import Review
from ctdppeia.reviews.flagstate import open_flags, write_flag_state
from ctdppeia.reviews.services import transaction
from ctdppeia.reviews.state import ReviewContext, build_context

NOTE = "recomputed under the rules in force"


@dataclass(frozen=True)
class RefreshOutcome:
    checked: int  # reviews not locked, evaluated again
    stale: tuple[int, ...]  # ids of those whose stored state differed from their answers
    locked: int  # locked reviews, left as they are
    written: bool  # whether the stale states were brought up to date


def refresh_flag_states(*, write: bool = True) -> RefreshOutcome:
    """Evaluate every review that is not locked and, when `write`, store the flags its
    answers raise where the stored state says otherwise (one transaction per review)."""
    query = select(Review.id).where(Review.confirmed_at.is_(None)).order_by(Review.id)
    ids = list(db.session.scalars(query))
    stale = tuple(review_id for review_id in ids if _refresh_one(review_id, write))
    locked = db.session.scalar(
        select(func.count()).select_from(Review).where(Review.confirmed_at.is_not(None))
    )
    return RefreshOutcome(len(ids), stale, int(locked or 0), write)


def _refresh_one(review_id: int, write: bool) -> bool:
    """Whether the review's stored flag state was stale; brought up to date when `write`.
    Writing, the review's row is held (PostgreSQL; SQLite queues the whole transaction) while
    its answers are read and the state written, so a save or a confirmation cannot cross it."""
    if not write:
        review = db.session.get(Review, review_id)
        return review is not None and _stale(review) is not None
    with transaction():
        query = select(Review).where(Review.id == review_id).with_for_update()
        review = db.session.scalars(query.execution_options(populate_existing=True)).first()
        if review is None:
            return False
        context = _stale(review)
        if context is None:
            return False
        write_flag_state(None, review, context.questionnaire, context.evaluation, note=NOTE)
        return True


def _stale(review: Review) -> ReviewContext | None:
    """The review evaluated afresh when its stored flag state differs from what its answers
    raise now; None when it does not, or when the review is locked (confirmed meanwhile)."""
    if review.is_locked:
        return None
    context = build_context(review)
    stored = set(open_flags([review.id]).get(review.id, {}))
    return None if stored == {item.flag.id for item in context.evaluation.flags} else context
