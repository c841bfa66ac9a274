"""OMB M-25-21's minimum practices for a high-impact AI use case: one item a practice, with an
owner, a due date, a status, the evidence once done, and a waiver (who granted it, the written
determination, the date, and when it must be recertified)."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ctdppeia import limits
from ctdppeia.extensions import Model
from ctdppeia.models.ai_use_case import AIUseCase
from ctdppeia.models.timestamps import UTCDateTime, utcnow
from ctdppeia.models.user import User
from ctdppeia.words import AI_PRACTICE_KEYS as PRACTICE_KEYS
from ctdppeia.words import AI_PRACTICE_STATUSES as PRACTICE_STATUSES


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _given(column: str) -> str:
    return f"length(trim({column})) > 0"


WAIVER_COLUMNS = ("waiver_granted_by", "waiver_determination")


class AIPractice(Model):
    __tablename__ = "ai_practice"
    __table_args__ = (
        UniqueConstraint("use_case_id", "practice"),
        CheckConstraint(_in("practice", PRACTICE_KEYS), name="practice_known"),
        CheckConstraint(_in("status", tuple(PRACTICE_STATUSES)), name="status_known"),
        CheckConstraint(_given("owner"), name="owner_given"),
        CheckConstraint(
            f"status <> 'done' OR (evidence IS NOT NULL AND {_given('evidence')})",
            name="done_with_evidence",
        ),
        CheckConstraint(
            "status <> 'waived' OR (waiver_granted_by IS NOT NULL AND "
            f"{_given('waiver_granted_by')} AND waiver_determination IS NOT NULL AND "
            f"{_given('waiver_determination')} AND waiver_granted_on IS NOT NULL AND "
            "waiver_recertify_on IS NOT NULL AND waiver_recertify_on > waiver_granted_on)",
            name="waived_with_determination",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    use_case_id: Mapped[int] = mapped_column(ForeignKey("ai_use_case.id"), index=True)
    practice: Mapped[str] = mapped_column(String(40))
    owner: Mapped[str] = mapped_column(String(limits.NAME))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    evidence: Mapped[str | None] = mapped_column(Text)
    waiver_granted_by: Mapped[str | None] = mapped_column(String(limits.NAME))
    waiver_determination: Mapped[str | None] = mapped_column(Text)
    waiver_granted_on: Mapped[date | None] = mapped_column(Date)
    waiver_recertify_on: Mapped[date | None] = mapped_column(Date)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    use_case: Mapped[AIUseCase] = relationship()
    updated_by: Mapped[User] = relationship()
