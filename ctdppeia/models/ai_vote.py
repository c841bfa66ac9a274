"""The AI advisory group's record on one Responsible-AI review of an AI use case.

Everything hangs on the review (``review.subject_kind == "ai-use-case"``), so a re-assessment,
which is a new review of the same use case, starts a new round of votes:

    AIConflict                   a member declared a conflict of interest: they cannot vote
    AIRecommendation             one per member per review, changeable until the decision
    AISubcommitteeRecommendation the High-Risk Use Case Subcommittee's recommendation: each one
                                 recorded is a row of its own, the latest is in force
    AIDecision                   the chair's decision: outcome, basis, next review date
    AICondition                  a condition of the decision, closed later with evidence
    AIConditionCorrection        a chair's correction of a condition entered by mistake: a
                                 new condition replaces it; the old one stays, marked

Earlier versions of a changed recommendation are kept in the audit log. Database triggers
(``ai_vote_guard``) keep the record as it was made: see that module.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ctdppeia import words
from ctdppeia.extensions import Model
from ctdppeia.models.ai_vote_guard import attach as attach_guard
from ctdppeia.models.review import Review
from ctdppeia.models.timestamps import UTCDateTime, utcnow
from ctdppeia.models.user import User

AI_RECOMMENDATIONS: dict[str, str] = words.AI_RECOMMENDATION
AI_OUTCOMES: dict[str, str] = words.AI_OUTCOME


def _known(column: str, values: dict[str, str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _given(column: str) -> str:
    return f"length(trim({column})) > 0"


class AIConflict(Model):
    """A member's declared conflict of interest on one review: they cannot vote or decide."""

    __tablename__ = "ai_conflict"
    __table_args__ = (
        UniqueConstraint("review_id", "user_id"),
        CheckConstraint(_given("reason"), name="reason_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(Text)
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    review: Mapped[Review] = relationship()
    user: Mapped[User] = relationship()


class AIRecommendation(Model):
    """One member's recommendation on one review (one row each; changes update it)."""

    __tablename__ = "ai_recommendation"
    __table_args__ = (
        UniqueConstraint("review_id", "user_id"),
        CheckConstraint(_known("recommendation", AI_RECOMMENDATIONS), name="recommendation_known"),
        CheckConstraint(_given("rationale"), name="rationale_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recommendation: Mapped[str] = mapped_column(String(30))
    rationale: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    review: Mapped[Review] = relationship()
    user: Mapped[User] = relationship()

    @property
    def label(self) -> str:
        return AI_RECOMMENDATIONS[self.recommendation]


class AISubcommitteeRecommendation(Model):
    """The High-Risk Use Case Subcommittee's recommendation, recorded by one of its members.
    Recording it again adds a row: the latest row of a review is in force, the older ones
    stay as its history."""

    __tablename__ = "ai_subcommittee_recommendation"
    __table_args__ = (
        CheckConstraint(_known("recommendation", AI_OUTCOMES), name="recommendation_known"),
        CheckConstraint(_given("rationale"), name="rationale_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    recommendation: Mapped[str] = mapped_column(String(30))
    rationale: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    review: Mapped[Review] = relationship()
    recorded_by: Mapped[User] = relationship()

    @property
    def label(self) -> str:
        return AI_OUTCOMES[self.recommendation]


class AIDecision(Model):
    """The advisory group's decision on a review, recorded by a chair; it is never changed."""

    __tablename__ = "ai_decision"
    __table_args__ = (
        CheckConstraint(_known("outcome", AI_OUTCOMES), name="outcome_known"),
        CheckConstraint(_given("basis"), name="basis_given"),
        CheckConstraint(
            f"departure_reason IS NULL OR {_given('departure_reason')}",
            name="departure_reason_given",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), unique=True)
    outcome: Mapped[str] = mapped_column(String(30))
    basis: Mapped[str] = mapped_column(Text)
    # Why the decision differs from the subcommittee's recommendation (high tier), else None.
    departure_reason: Mapped[str | None] = mapped_column(Text)
    tier: Mapped[str | None] = mapped_column(String(10))
    next_review_on: Mapped[date] = mapped_column(Date)
    # The quorum as it stood when the decision was made (the record does not move later).
    quorum: Mapped[int] = mapped_column()
    members_eligible: Mapped[int] = mapped_column()
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    review: Mapped[Review] = relationship()
    decided_by: Mapped[User] = relationship()
    conditions: Mapped[list["AICondition"]] = relationship(
        back_populates="decision", order_by="AICondition.id"
    )

    @property
    def label(self) -> str:
        return AI_OUTCOMES[self.outcome]


class AICondition(Model):
    """A condition of a decision: an owner (an account or a name), a due date, and, once
    closed, who closed it, when, and the evidence."""

    __tablename__ = "ai_condition"
    __table_args__ = (
        CheckConstraint(_given("text"), name="text_given"),
        CheckConstraint(
            "owner_user_id IS NOT NULL OR length(trim(owner_name)) > 0", name="owner_given"
        ),
        CheckConstraint(
            "(closed_at IS NULL AND closed_by_id IS NULL AND evidence IS NULL) OR "
            "(closed_at IS NOT NULL AND closed_by_id IS NOT NULL AND length(trim(evidence)) > 0)",
            name="closed_with_evidence",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("ai_decision.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date] = mapped_column(Date)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    evidence: Mapped[str | None] = mapped_column(Text)

    decision: Mapped[AIDecision] = relationship(back_populates="conditions")
    owner_user: Mapped[User | None] = relationship(foreign_keys=[owner_user_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])

    @property
    def owner(self) -> str:
        return self.owner_user.name if self.owner_user is not None else self.owner_name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class AIConditionCorrection(Model):
    """A condition entered by mistake, replaced by a new condition of the same decision. Both
    stay: the old one is shown as corrected, with who corrected it, when and why. Only ever
    added (database triggers refuse UPDATE and DELETE)."""

    __tablename__ = "ai_condition_correction"
    __table_args__ = (
        CheckConstraint(_given("reason"), name="reason_given"),
        CheckConstraint("replacement_id <> condition_id", name="replaced_by_another"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    condition_id: Mapped[int] = mapped_column(ForeignKey("ai_condition.id"), unique=True)
    replacement_id: Mapped[int] = mapped_column(ForeignKey("ai_condition.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    corrected_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    corrected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    condition: Mapped[AICondition] = relationship(foreign_keys=[condition_id])
    replacement: Mapped[AICondition] = relationship(foreign_keys=[replacement_id])
    corrected_by: Mapped[User] = relationship()


for _table in (
    AIConflict,
    AIRecommendation,
    AISubcommitteeRecommendation,
    AIDecision,
    AICondition,
    AIConditionCorrection,
):
    attach_guard(_table.__table__)
