"""Outcome analyses on a review: a table of groups, how many people each has, how many had
the outcome, and the options of the disparate-impact check run on it.

Only the inputs are stored. The results (rates, ratios, p-values, flags) are computed from them
when shown, with the minimum cell size that holds at that moment, so they never go stale.

Both tables carry the review's id, so the database's lock guard (``review_lock``) refuses any
change once the review is confirmed. A group's ``(analysis_id, review_id)`` points at its
analysis's ``(id, review_id)``, so a group can never claim another review than its analysis.
"""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ctdppeia.extensions import Model
from ctdppeia.models.review_lock import attach as attach_lock_guard
from ctdppeia.models.timestamps import UTCDateTime, utcnow
from ctdppeia.models.user import User

DIRECTION_LABELS: dict[str, str] = {
    "favourable": "A good outcome (for example approved, hired, served)",
    "adverse": "A bad outcome (for example denied, investigated, flagged)",
}
REFERENCE_LABELS: dict[str, str] = {
    "best": "The group with the best rate (recommended)",
    "largest": "The largest group",
    "named": "A group I name",
}
MAX_TITLE = 200
MAX_LABEL = 120


def _known(column: str, values: dict[str, str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class OutcomeAnalysis(Model):
    """One table of groups and the options of its check."""

    __tablename__ = "outcome_analysis"
    __table_args__ = (
        CheckConstraint(_known("direction", DIRECTION_LABELS), name="direction_known"),
        CheckConstraint(_known("reference_method", REFERENCE_LABELS), name="reference_known"),
        CheckConstraint(
            "(reference_method = 'named') = (reference_label IS NOT NULL)",
            name="named_reference_given",
        ),
        CheckConstraint("length(trim(title)) > 0", name="title_given"),
        CheckConstraint("length(trim(outcome_label)) > 0", name="outcome_given"),
        UniqueConstraint("id", "review_id", name="uq_outcome_analysis_id_review"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    title: Mapped[str] = mapped_column(String(MAX_TITLE))
    outcome_label: Mapped[str] = mapped_column(String(MAX_TITLE))
    direction: Mapped[str] = mapped_column(String(20))
    reference_method: Mapped[str] = mapped_column(String(20), default="best")
    reference_label: Mapped[str | None] = mapped_column(String(MAX_LABEL))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Moved on by every saved change; a form saved from an older version is refused.
    version: Mapped[int] = mapped_column(default=1)

    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    updated_by: Mapped[User] = relationship(foreign_keys=[updated_by_id])
    groups: Mapped[list["OutcomeGroup"]] = relationship(
        back_populates="analysis",
        order_by="OutcomeGroup.position",
        cascade="all, delete-orphan",
    )

    @property
    def reference(self) -> str:
        """What the check takes as its reference: "best", "largest" or a group's name."""
        if self.reference_method == "named":
            return self.reference_label or ""
        return self.reference_method


class OutcomeGroup(Model):
    """One row of an analysis's table."""

    __tablename__ = "outcome_group"
    __table_args__ = (
        ForeignKeyConstraint(
            ["analysis_id", "review_id"],
            ["outcome_analysis.id", "outcome_analysis.review_id"],
            name="fk_outcome_group_analysis",
            ondelete="CASCADE",
        ),
        UniqueConstraint("analysis_id", "position", name="uq_outcome_group_position"),
        CheckConstraint("total >= 0 AND outcome >= 0", name="counts_not_negative"),
        CheckConstraint("outcome <= total", name="outcome_within_total"),
        CheckConstraint("position >= 0", name="position_not_negative"),
        CheckConstraint("length(trim(label)) > 0", name="label_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    analysis_id: Mapped[int] = mapped_column(index=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    position: Mapped[int] = mapped_column()
    label: Mapped[str] = mapped_column(String(MAX_LABEL))
    total: Mapped[int] = mapped_column()
    outcome: Mapped[int] = mapped_column()

    analysis: Mapped[OutcomeAnalysis] = relationship(back_populates="groups")


for _table in (OutcomeAnalysis.__table__, OutcomeGroup.__table__):
    attach_lock_guard(_table)
