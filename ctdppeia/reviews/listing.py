"""Lists of reviews: the user's review list, and the reviews of one subject."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, false, or_, select

from ctdppeia import audit
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, Review, User
from ctdppeia.reviews.flags import FlagTally, tally_flags
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
    flags: FlagTally  # raised flags (reviews.flags.tally_flags)

    @property
    def counts(self) -> dict[str, int]:
        return self.flags.counts

    @property
    def rating_label(self) -> str:
        return self.flags.rating_label

    @property
    def flags_label(self) -> str:
        return self.flags.text


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
    found = []
    for review in reviews:
        adapter = adapter_for(review.subject_kind)
        subject = adapter.get(review.subject_id)
        title = adapter.title(subject) if subject is not None else f"{adapter.label} (deleted)"
        url = adapter.url(subject) if subject is not None else ""
        found.append(ReviewRow(review, title, url, tally_flags(review)))
    return found


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
