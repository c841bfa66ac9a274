"""The advisory group's rules, read from the database: who may do what, the quorum, the tally
and where a use case stands. Nothing here changes state (see ``services``)."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select

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
    return list(db.session.scalars(query.order_by(AIRecommendation.id)))


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


def eligible_count(review: Review) -> int:
    """Active AI reviewers who have not declared a conflict on the review."""
    conflicted = select(AIConflict.user_id).where(AIConflict.review_id == review.id)
    query = select(func.count(User.id)).where(
        User.role == Role.AI_REVIEWER, User.active.is_(True), User.id.not_in(conflicted)
    )
    return int(db.session.scalar(query) or 0)


def quorum_needed(review: Review) -> int:
    """AI_QUORUM when set; else a majority of the members without a conflict, at least 2."""
    configured = current_app.config.get("AI_QUORUM")
    if configured:
        return int(configured)
    return max(2, eligible_count(review) // 2 + 1)


@dataclass(frozen=True)
class Tally:
    counts: dict[str, int]  # recommendation -> count, every recommendation listed
    votes: list[AIRecommendation]  # the votes that count (active members, no conflict)
    needed: int
    eligible: int

    @property
    def voted(self) -> int:
        return len(self.votes)

    @property
    def quorum_met(self) -> bool:
        return self.voted >= self.needed


def tally(review: Review) -> Tally:
    """Abstentions count toward the quorum: a member who abstains took part."""
    conflicted = {c.user_id for c in conflicts(review)}
    votes = [r for r in recommendations(review) if r.user_id not in conflicted]
    counts = {key: sum(1 for v in votes if v.recommendation == key) for key in AI_RECOMMENDATIONS}
    return Tally(counts, votes, quorum_needed(review), eligible_count(review))


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
