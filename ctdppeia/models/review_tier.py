"""The risk tier of a review, as a reviewer records it: a different tier with its reason, the
written determination that sets aside a presumption of high impact, and the tier's obligations
ticked off or explained (Responsible-AI reviews)."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ctdppeia import words
from ctdppeia.extensions import Model
from ctdppeia.models.review_lock import attach as attach_lock_guard
from ctdppeia.models.timestamps import UTCDateTime, utcnow
from ctdppeia.models.user import User


def _known(column: str) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in words.SEVERITY)})"


class TierOverride(Model):
    """A tier a reviewer records instead of the one the questionnaire gives, with the reason.
    Both stay on the record: `computed_tier` is the questionnaire's tier when it was recorded."""

    __tablename__ = "tier_override"
    __table_args__ = (
        UniqueConstraint("review_id", name="uq_tier_override_review_id"),
        CheckConstraint(_known("tier"), name="tier_known"),
        CheckConstraint(_known("computed_tier"), name="computed_tier_known"),
        CheckConstraint("tier <> computed_tier", name="tier_differs"),
        CheckConstraint("length(trim(reason)) > 0", name="reason_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"))
    computed_tier: Mapped[str] = mapped_column(String(10))
    tier: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by: Mapped[User] = relationship()


class PresumptionRebuttal(Model):
    """A written determination that a use presumed high-impact (OMB M-25-21, section 6) is not:
    who decided (`decided_by`, a name and title), why (`reason`), which presumption flags it
    sets aside, and the tier the rules gave with and without them when it was recorded. The
    person who recorded it and when are kept apart from the official who decided."""

    __tablename__ = "presumption_rebuttal"
    __table_args__ = (
        UniqueConstraint("review_id", name="uq_presumption_rebuttal_review_id"),
        CheckConstraint(_known("tier_before"), name="tier_before_known"),
        CheckConstraint(_known("tier_after"), name="tier_after_known"),
        CheckConstraint("length(trim(decided_by)) > 0", name="decided_by_given"),
        CheckConstraint("length(trim(reason)) > 0", name="reason_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"))
    decided_by: Mapped[str] = mapped_column(String(300))
    reason: Mapped[str] = mapped_column(Text)
    flag_ids: Mapped[list[str]] = mapped_column(JSON)
    tier_before: Mapped[str] = mapped_column(String(10))
    tier_after: Mapped[str] = mapped_column(String(10))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by: Mapped[User] = relationship()


class ReviewObligation(Model):
    """One obligation of the review's tier: done, or explained (why not yet, or how it is met)."""

    __tablename__ = "review_obligation"
    __table_args__ = (UniqueConstraint("review_id", "text", name="uq_review_obligation_text"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    text: Mapped[str] = mapped_column(String(500))
    done: Mapped[bool] = mapped_column(default=False)
    explanation: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    updated_by: Mapped[User] = relationship()


attach_lock_guard(TierOverride.__table__)
attach_lock_guard(PresumptionRebuttal.__table__)
attach_lock_guard(ReviewObligation.__table__)
