"""A review: one questionnaire, answered about one subject (a data request, an AI use case).

A review's state is computed from its columns, never stored twice:

    in progress   submitted_at is empty
    submitted     submitted_at is set, confirmed_at is empty (waiting for an approver)
    locked        confirmed_at is set: nothing about the review can change any more

Named check constraints keep the columns consistent, and database triggers (see
``review_lock``) refuse every change to a locked review and its rows.
"""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ctdppeia import words
from ctdppeia.extensions import Model
from ctdppeia.models.questionnaire_version import QuestionnaireVersion
from ctdppeia.models.review_lock import attach as attach_lock_guard
from ctdppeia.models.timestamps import UTCDateTime, utcnow
from ctdppeia.models.user import User

REVIEW_STATUSES: dict[str, str] = {
    "in-progress": "In progress",
    "submitted": "Waiting for approval",
    "locked": "Decided and locked",
}

RECOMMENDATIONS: dict[str, str] = words.RECOMMENDATION


WAITING = "submitted_at IS NOT NULL AND confirmed_at IS NULL"


def _known(column: str, values: dict[str, str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _together(a: str, b: str) -> str:
    """Both columns are set, or neither is."""
    return f"({a} IS NULL AND {b} IS NULL) OR ({a} IS NOT NULL AND {b} IS NOT NULL)"


class Review(Model):
    __tablename__ = "review"
    __table_args__ = (
        Index("ix_review_subject", "subject_kind", "subject_id"),
        # The review list is most recently changed first, paged by (updated_at, id).
        Index("ix_review_updated", "updated_at", "id"),
        # Reviews waiting for an approver, by subject ("Waiting for you"): a partial index.
        Index(
            "ix_review_waiting",
            "subject_kind",
            "subject_id",
            postgresql_where=text(WAITING),
            sqlite_where=text(WAITING),
        ),
        # An approver's queue, oldest submission first, and their agency's reviews, most
        # recently changed first: both read the stored owner agency, so neither collects the
        # ids of every subject the agency owns.
        Index(
            "ix_review_owner_waiting",
            "owner_agency_id",
            "submitted_at",
            "id",
            postgresql_where=text(WAITING),
            sqlite_where=text(WAITING),
        ),
        Index("ix_review_owner_updated", "owner_agency_id", "updated_at", "id"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint(_together("submitted_at", "submitted_by_id"), name="submitter_with_time"),
        CheckConstraint(_together("confirmed_at", "confirmed_by_id"), name="confirmer_with_time"),
        CheckConstraint(
            "confirmed_at IS NULL OR submitted_at IS NOT NULL", name="confirmed_only_if_submitted"
        ),
        CheckConstraint(
            "confirmed_at IS NULL OR confirmed_at >= submitted_at", name="confirmed_after_submitted"
        ),
        CheckConstraint(
            "confirmed_by_id IS NULL OR confirmed_by_id <> submitted_by_id",
            name="confirmer_is_not_submitter",
        ),
        CheckConstraint("amends_id IS NULL OR amends_id <> id", name="does_not_amend_itself"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column()
    # The agency that owns the subject (whose approvers decide the review), copied from the
    # subject when the review starts; a subject's owner never changes. Without a foreign key,
    # so that a migration could add it to the table in place (SQLite).
    owner_agency_id: Mapped[int] = mapped_column()
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("review.id"))
    started_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped by every change to the row; a section form carries the version it was loaded from.
    version: Mapped[int] = mapped_column(default=1)
    last_section: Mapped[str | None] = mapped_column(String(80))
    completed_sections: Mapped[list[str]] = mapped_column(JSON, default=list)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    amends: Mapped["Review | None"] = relationship(remote_side=[id])
    started_by: Mapped[User] = relationship(foreign_keys=[started_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])
    decisions: Mapped[list["ReviewDecision"]] = relationship(
        back_populates="review", order_by="ReviewDecision.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def status(self) -> str:
        if self.confirmed_at is not None:
            return "locked"
        return "submitted" if self.submitted_at is not None else "in-progress"

    @property
    def status_label(self) -> str:
        return REVIEW_STATUSES[self.status]

    @property
    def is_locked(self) -> bool:
        return self.confirmed_at is not None

    @property
    def current_decision(self) -> "ReviewDecision | None":
        """The decision waiting for approval or confirmed; None while in progress."""
        if self.submitted_at is None or not self.decisions:
            return None
        return self.decisions[-1]


class ReviewDecision(Model):
    """One submission of a recommendation. A decision sent back keeps its row and says why."""

    __tablename__ = "review_decision"
    __table_args__ = (
        # "Reviews sent back to you": the decisions one person submitted.
        Index("ix_review_decision_submitted_by", "submitted_by_id", "review_id"),
        CheckConstraint(_known("recommendation", RECOMMENDATIONS), name="recommendation_known"),
        CheckConstraint("length(trim(rationale)) > 0", name="rationale_given"),
        CheckConstraint(
            "recommendation <> 'approve-with-conditions' OR length(trim(conditions)) > 0",
            name="conditions_given",
        ),
        CheckConstraint(_together("returned_at", "returned_by_id"), name="returner_with_time"),
        CheckConstraint(
            "returned_at IS NULL OR length(trim(return_comment)) > 0", name="return_comment_given"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    recommendation: Mapped[str] = mapped_column(String(30))
    conditions: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    returned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    return_comment: Mapped[str | None] = mapped_column(Text)

    review: Mapped[Review] = relationship(back_populates="decisions")
    submitted_by: Mapped[User] = relationship(foreign_keys=[submitted_by_id])
    returned_by: Mapped[User | None] = relationship(foreign_keys=[returned_by_id])

    @property
    def recommendation_label(self) -> str:
        return RECOMMENDATIONS[self.recommendation]


attach_lock_guard(Review.__table__)
attach_lock_guard(ReviewDecision.__table__)
