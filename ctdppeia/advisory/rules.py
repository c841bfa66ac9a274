"""The advisory group's rules, read from the database: who may do what, the quorum, the tally
and where a use case stands. Nothing here changes state (see ``services``)."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ctdppeia.extensions import db
from ctdppeia.models import (
    AI_RECOMMENDATIONS,
    AIConflict,
    AIDecision,
    AIRecommendation,
    AISubcommitteeRecommendation,
    Review,
    Role,
    User,
)
from ctdppeia.reviews.permissions import answered_by

KIND = "ai-use-case"
STATUSES: dict[str, str] = {
    "not-submitted": "Not ready for the advisory group",
    "waiting-for-subcommittee": "Waiting for the subcommittee",
    "waiting-for-decision": "Waiting for a decision",
    "decided": "Decided",
    "due": "Due for re-assessment",
}


def tier_of(review: Review) -> str | None:
    """The review's tier: a recorded override's tier, else the rules' tier (the questionnaire's
    rating without the presumptions a written determination set aside)."""
    from ctdppeia.ai.tier import effective_tier

    return effective_tier(review)


def is_member(user: User) -> bool:
    return user.role is Role.AI_REVIEWER and user.active


def conflicts(review: Review) -> list[AIConflict]:
    query = select(AIConflict).where(AIConflict.review_id == review.id)
    return list(db.session.scalars(query.order_by(AIConflict.declared_at, AIConflict.id)))


def has_conflict(user: User, review: Review) -> bool:
    return any(c.user_id == user.id for c in conflicts(review))


def recommendations(review: Review) -> list[AIRecommendation]:
    query = select(AIRecommendation).where(AIRecommendation.review_id == review.id)
    query = query.options(selectinload(AIRecommendation.user))
    return list(db.session.scalars(query.order_by(AIRecommendation.id)))


def answerer_refusal(user: User, review: Review) -> str | None:
    """Why `user` may not vote, recommend for the subcommittee or decide, as one who answered
    the review; None when they did not."""
    if review.submitted_by_id == user.id:
        return (
            "You submitted this review, so you may not vote on it, record the subcommittee's "
            "recommendation or decide it: other members of the group do."
        )
    if user.id in answered_by(review):
        return (
            "You answered this review, so you may not vote on it, record the subcommittee's "
            "recommendation or decide it: the people who judge a review must not be those "
            "who answered it."
        )
    return None


@dataclass(frozen=True)
class Recorded:
    decision: AIDecision | None
    subcommittee: list[AISubcommitteeRecommendation]


# What `known_for` loaded for a list: review id -> the group's records on it.
_known: ContextVar[dict[int, Recorded] | None] = ContextVar("advisory_known", default=None)


@contextmanager
def known_for(reviews: Sequence[Review]) -> Iterator[None]:
    """Load the decisions and the subcommittee's recommendations of many reviews in two
    queries; inside the block `decision` and `subcommittee_history` read them from memory (a
    list page reads, it never writes)."""
    ids = [review.id for review in reviews]
    decided = select(AIDecision).where(AIDecision.review_id.in_(ids))
    decisions = {found.review_id: found for found in db.session.scalars(decided)}
    recommended = select(AISubcommitteeRecommendation).where(
        AISubcommitteeRecommendation.review_id.in_(ids)
    )
    history: dict[int, list[AISubcommitteeRecommendation]] = {}
    for found in db.session.scalars(recommended.order_by(AISubcommitteeRecommendation.id)):
        history.setdefault(found.review_id, []).append(found)
    token = _known.set({i: Recorded(decisions.get(i), history.get(i, [])) for i in ids})
    try:
        yield
    finally:
        _known.reset(token)


def _recorded(review: Review) -> Recorded | None:
    known = _known.get()
    return None if known is None else known.get(review.id)


def subcommittee_history(review: Review) -> list[AISubcommitteeRecommendation]:
    """Every recommendation the subcommittee recorded on the review, oldest first."""
    recorded = _recorded(review)
    if recorded is not None:
        return list(recorded.subcommittee)
    query = select(AISubcommitteeRecommendation).where(
        AISubcommitteeRecommendation.review_id == review.id
    )
    return list(db.session.scalars(query.order_by(AISubcommitteeRecommendation.id)))


def subcommittee(review: Review) -> AISubcommitteeRecommendation | None:
    """The subcommittee's recommendation in force: the latest one recorded."""
    found = subcommittee_history(review)
    return found[-1] if found else None


def decision(review: Review) -> AIDecision | None:
    recorded = _recorded(review)
    if recorded is not None:
        return recorded.decision
    return db.session.scalar(select(AIDecision).where(AIDecision.review_id == review.id))


def _set_aside(review: Review) -> set[int]:
    """Members whose vote does not count on the review: a declared conflict, or they answered
    it."""
    return {c.user_id for c in conflicts(review)} | answered_by(review)


def eligible_count(review: Review, set_aside: set[int] | None = None) -> int:
    """Current members (active AI reviewers) who may vote on the review: no conflict, and not
    among those who answered it."""
    excluded = _set_aside(review) if set_aside is None else set_aside
    query = select(func.count(User.id)).where(
        User.role == Role.AI_REVIEWER, User.active.is_(True), User.id.not_in(excluded)
    )
    return int(db.session.scalar(query) or 0)


def quorum_needed(review: Review, eligible: int | None = None) -> int:
    """AI_QUORUM when set; else a majority of the members who may vote, at least 2."""
    configured = current_app.config.get("AI_QUORUM")
    if configured:
        return int(configured)
    return max(2, (eligible_count(review) if eligible is None else eligible) // 2 + 1)


@dataclass(frozen=True)
class Tally:
    counts: dict[str, int]  # recommendation -> count, every recommendation listed
    votes: list[AIRecommendation]  # the votes that count (current members who may vote)
    needed: int
    eligible: int
    # Votes kept but not counted: their authors left the group (deactivated, or another
    # role) or answered the review after voting.
    not_counted: list[AIRecommendation] = field(default_factory=list)

    @property
    def voted(self) -> int:
        return len(self.votes)

    @property
    def quorum_met(self) -> bool:
        return self.voted >= self.needed


def tally(review: Review) -> Tally:
    """Only votes of current members who may vote count, in the tally, the quorum and the
    signed record. Abstentions count toward the quorum: a member who abstains took part."""
    excluded = _set_aside(review)
    given = recommendations(review)
    votes = [r for r in given if is_member(r.user) and r.user_id not in excluded]
    not_counted = [r for r in given if r not in votes]
    counts = {key: sum(1 for v in votes if v.recommendation == key) for key in AI_RECOMMENDATIONS}
    eligible = eligible_count(review, excluded)
    return Tally(counts, votes, quorum_needed(review, eligible), eligible, not_counted)


def is_open(review: Review) -> bool:
    """Votes are taken while the review waits for approval and no decision is recorded."""
    return review.submitted_at is not None and not review.is_locked and decision(review) is None


def needs_subcommittee(review: Review) -> bool:
    return tier_of(review) == "high"


def review_years(tier: str | None) -> int:
    key = {"high": "HIGH", "medium": "MEDIUM"}.get(tier or "", "LOW")
    return int(current_app.config[f"AI_REVIEW_YEARS_{key}"])


def next_review_on(tier: str | None, on: date) -> date:
    """The approval period by tier, from the day of the decision (29 February -> 28)."""
    years = review_years(tier)
    try:
        return on.replace(year=on.year + years)
    except ValueError:
        return on.replace(year=on.year + years, day=28)


def is_due(found: AIDecision, today: date | None = None) -> bool:
    days = int(current_app.config["AI_REASSESSMENT_NOTICE_DAYS"])
    return found.next_review_on <= (today or date.today()) + timedelta(days=days)


def status(review: Review, today: date | None = None) -> str:
    """Where the advisory group stands on a review (a key of STATUSES)."""
    found = decision(review)
    if found is not None:
        return "due" if is_due(found, today) else "decided"
    if review.submitted_at is None:
        return "not-submitted"
    if needs_subcommittee(review) and subcommittee(review) is None:
        return "waiting-for-subcommittee"
    return "waiting-for-decision"
