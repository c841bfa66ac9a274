"""Lists of reviews: the user's review list, and the reviews of one subject."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, false, or_, select

from ctdppeia import audit
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, QuestionnaireVersion, Review, User
from ctdppeia.questionnaire import severity_rank
from ctdppeia.reviews.display import RATING_WORDS
from ctdppeia.reviews.flagstate import open_flags
from ctdppeia.reviews.registry import pinned
from ctdppeia.reviews.subjects import adapter_for, all_adapters
from ctdppeia.reviews.workflow import approval_refusal

STATUS_FILTERS = {
    "in-progress": Review.submitted_at.is_(None),
    "submitted": and_(Review.submitted_at.is_not(None), Review.confirmed_at.is_(None)),
    "locked": Review.confirmed_at.is_not(None),
}


@dataclass
class ReviewRow:
    review: Review
    subject_title: str
    subject_url: str
    counts: dict[str, int]  # open questionnaire flags by severity, gaps included
    rating: str | None = None  # the highest severity among the open risk flags

    @property
    def rating_label(self) -> str:
        if not self.counts:
            return "No flags raised"
        return RATING_WORDS[self.rating] if self.rating else "No risk flags raised"

    @property
    def flags_label(self) -> str:
        total = sum(self.counts.values())
        if not total:
            return "None"
        high = self.counts.get("high", 0)
        return f"{total} ({high} high)" if high else str(total)


def visible_reviews(user: User, status: str = "") -> Select[tuple[Review]]:
    """Reviews of the subjects the user may see, newest first."""
    kinds = [
        and_(Review.subject_kind == adapter.kind, Review.subject_id.in_(adapter.visible_ids(user)))
        for adapter in all_adapters()
    ]
    query = select(Review).where(or_(*kinds) if kinds else false())
    if status in STATUS_FILTERS:
        query = query.where(STATUS_FILTERS[status])
    return query.order_by(Review.updated_at.desc(), Review.id.desc())


def rows(reviews: list[Review]) -> list[ReviewRow]:
    raised = open_flags([review.id for review in reviews])
    gaps = _gap_ids(reviews)
    found = []
    for review in reviews:
        adapter = adapter_for(review.subject_kind)
        subject = adapter.get(review.subject_id)
        title = adapter.title(subject) if subject is not None else f"{adapter.label} (deleted)"
        url = adapter.url(subject) if subject is not None else ""
        flags = raised.get(review.id, {})
        counts: dict[str, int] = {}
        for severity in flags.values():
            counts[severity] = counts.get(severity, 0) + 1
        gap_ids = gaps.get(review.questionnaire_version_id, frozenset())
        risks = [severity for flag_id, severity in flags.items() if flag_id not in gap_ids]
        rating = max(risks, key=severity_rank) if risks else None
        found.append(ReviewRow(review, title, url, counts, rating))
    return found


def _gap_ids(reviews: list[Review]) -> dict[int, frozenset[str]]:
    """Questionnaire version id -> the ids of its `gap` flags (the text is read only when the
    version is not parsed yet)."""
    ids = {review.questionnaire_version_id for review in reviews}
    if not ids:
        return {}
    query = select(QuestionnaireVersion).where(QuestionnaireVersion.id.in_(ids))
    versions = db.session.scalars(query)
    return {
        version.id: frozenset(flag.id for flag in pinned(version).flags if flag.is_gap)
        for version in versions
    }


def waiting_for(user: User) -> list[ReviewRow]:
    """Submitted reviews this user may confirm (not their own submissions, nor, with
    separation of duties, those they answered)."""
    submitted = db.session.scalars(visible_reviews(user, "submitted").limit(200))
    return rows([review for review in submitted if approval_refusal(user, review) is None])


def subject_reviews(kind: str, subject: Any) -> list[ReviewRow]:
    """The reviews of one subject, newest first (for the subject's own page)."""
    query = select(Review).where(Review.subject_kind == kind, Review.subject_id == subject.id)
    return rows(list(db.session.scalars(query.order_by(Review.id.desc()))))


def subject_review_history(kind: str, subject: Any) -> list[AuditEvent]:
    """What happened inside the subject's reviews (answers, flags, responses), newest first."""
    query = select(Review.id).where(Review.subject_kind == kind, Review.subject_id == subject.id)
    ids = list(db.session.scalars(query))
    return audit.history(*(("review", review_id) for review_id in ids)) if ids else []
