"""Lists of reviews: the user's review list, and the reviews of one subject."""

from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true
from sqlalchemy.orm import selectinload

from ctdppeia import audit, keyset
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, Review, User
from ctdppeia.reviews.contributors import not_answered_by
from ctdppeia.reviews.flags import FlagTally, tally_many
from ctdppeia.reviews.permissions import decide_refusal
from ctdppeia.reviews.subjects import adapter_for, all_adapters

# The queue of reviews waiting for the user's approval: how many are shown (the full list is
# the review list filtered on "waiting for approval").
QUEUE_SHOWN = 25

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


def visible_reviews(user: User, status: str = "") -> Select[Review]:
    """Reviews of the subjects the user may see, most recently changed first."""
    return _reviews([visible_condition(user)], status)


def visible_condition(user: User) -> ColumnElement[bool]:
    """A condition on Review: the reviews `user` may see. Someone who sees every subject of
    every kind (an administrator) gets none, so the list walks its index without a filter."""
    found = [(adapter.kind, adapter.reviews_visible_to(user)) for adapter in all_adapters()]
    if all(condition is None for _kind, condition in found):
        return true()
    return or_(
        *(
            Review.subject_kind == kind if condition is None else condition
            for kind, condition in found
        )
    )


def _reviews(kinds: list[ColumnElement[bool]], status: str) -> Select[Review]:
    query = select(Review).where(or_(*kinds) if kinds else false())
    if status in STATUS_FILTERS:
        query = query.where(STATUS_FILTERS[status])
    query = query.options(selectinload(Review.questionnaire_version))
    return query.order_by(Review.updated_at.desc(), Review.id.desc())


def review_page(
    user: User, status: str, older: str | None, newer: str | None
) -> tuple[keyset.KeysetPage, list[ReviewRow]]:
    """One page of the reviews the user may see, most recently changed first, with its rows."""
    page = keyset.paginate(
        visible_reviews(user, status), Review.updated_at, Review.id, older=older, newer=newer
    )
    return page, rows(list(page.items))


Subjects = dict[tuple[str, int], Any]


def load_subjects(reviews: list[Review]) -> Subjects:
    """The subjects of the reviews by (kind, id), one query per kind. Hold on to the result:
    while it lives, the session hands out the same objects without asking the database."""
    wanted: dict[str, set[int]] = {}
    for review in reviews:
        wanted.setdefault(review.subject_kind, set()).add(review.subject_id)
    return {
        (kind, subject_id): subject
        for kind, ids in wanted.items()
        for subject_id, subject in adapter_for(kind).get_many(sorted(ids)).items()
    }


def rows(reviews: list[Review], subjects: Subjects | None = None) -> list[ReviewRow]:
    """The reviews as list rows: subjects and flags loaded for all of them at once."""
    subjects = load_subjects(reviews) if subjects is None else subjects
    tallies = tally_many(reviews)
    found = []
    for review in reviews:
        adapter = adapter_for(review.subject_kind)
        subject = subjects.get((review.subject_kind, review.subject_id))
        title = adapter.title(subject) if subject is not None else f"{adapter.label} (deleted)"
        url = adapter.url(subject) if subject is not None else ""
        found.append(ReviewRow(review, title, url, tallies[review.id]))
    return found


def waiting_for(user: User) -> tuple[list[ReviewRow], bool]:
    """Submitted reviews this user may confirm (not their own submissions, nor, with
    separation of duties, those they answered), most recently submitted first; and whether
    there are more than those shown."""
    kinds = [a.approvable(user) for a in all_adapters() if a.may_approve_any(user)]
    if not kinds:
        return [], False
    # Most recently submitted first (as the page says), read backwards from the index of the
    # agency's waiting reviews by time of submission; separation of duties in SQL as on the
    # home page's panel (`contributors.not_answered_by`), so the query stops after a page.
    query = (
        _reviews(kinds, "submitted")
        .where(Review.owner_agency_id == user.agency_id, Review.submitted_by_id != user.id)
        .order_by(None)
        .order_by(Review.submitted_at.desc(), Review.id.desc())
    )
    if current_app.config["SEPARATION_OF_DUTIES"]:
        query = query.where(not_answered_by(user.id))
    candidates = list(db.session.scalars(query.limit(QUEUE_SHOWN + 1)))
    subjects = load_subjects(candidates)  # decide_refusal finds them in the session
    # The rules in full, as a decision asks them (contributors already left out above).
    allowed = [review for review in candidates if decide_refusal(user, review, set()) is None]
    return rows(allowed[:QUEUE_SHOWN], subjects), len(candidates) > QUEUE_SHOWN


def subject_reviews(kind: str, subject: Any) -> list[ReviewRow]:
    """The reviews of one subject, newest first (for the subject's own page)."""
    query = select(Review).where(Review.subject_kind == kind, Review.subject_id == subject.id)
    query = query.options(selectinload(Review.questionnaire_version))
    return rows(list(db.session.scalars(query.order_by(Review.id.desc()))))


def subject_review_history(kind: str, subject: Any) -> list[AuditEvent]:
    """What happened inside the subject's reviews (answers, flags, responses), newest first."""
    query = select(Review.id).where(Review.subject_kind == kind, Review.subject_id == subject.id)
    ids = list(db.session.scalars(query))
    return audit.history(*(("review", review_id) for review_id in ids)) if ids else []
