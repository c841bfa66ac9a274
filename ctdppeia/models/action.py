"""Action plans: what an agency will do about a flag it mitigates, a condition of an approval
or of the AI advisory group's decision, or an obligation of an AI use case's risk tier.

An action hangs on a review and belongs to the agency that owns the review's subject. It is
not part of the locked review: the plan is followed after approval, so its rows stay open to
change (the signed record keeps the plan as it stood when the approver signed).
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ctdppeia import limits
from ctdppeia.extensions import Model
from ctdppeia.models.agency import Agency
from ctdppeia.models.review import Review
from ctdppeia.models.timestamps import UTCDateTime, utcnow
from ctdppeia.models.user import User

ACTION_STATUSES: dict[str, str] = {
    "planned": "Planned",
    "in-progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}
OPEN_STATUSES = ("planned", "in-progress")

ACTION_SOURCES: dict[str, str] = {
    "flag": "Response to a flag",
    "condition": "Condition of the approval",
    "ai-condition": "Condition of the AI advisory group's decision",
    "obligation": "Obligation of the risk tier",
}


def _known(column: str, values: dict[str, str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ReviewAction(Model):
    """One action of a review's plan: an owner (a person of the agency or a named office), a
    due date, a status, and the evidence that it is done."""

    __tablename__ = "review_action"
    __table_args__ = (
        Index("ix_review_action_open_due", "status", "due_on"),
        CheckConstraint(_known("status", ACTION_STATUSES), name="status_known"),
        CheckConstraint(_known("source_kind", ACTION_SOURCES), name="source_known"),
        CheckConstraint("length(trim(title)) > 0", name="title_given"),
        CheckConstraint(
            "owner_user_id IS NOT NULL OR length(trim(owner_name)) > 0", name="owner_given"
        ),
        CheckConstraint(
            "status <> 'dropped' OR length(trim(drop_reason)) > 0", name="drop_reason_given"
        ),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    source_kind: Mapped[str] = mapped_column(String(20))
    # The flag's id, the decision's or condition's id, or the obligation's fingerprint.
    source_ref: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(limits.ACTION_TITLE))
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    owner_name: Mapped[str] = mapped_column(String(limits.ACTION_OWNER), default="")
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    drop_reason: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str] = mapped_column(String(limits.ACTION_LINK), default="")
    # Moved on by every saved change of the form (`ctdppeia.stale`).
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    review: Mapped[Review] = relationship()
    agency: Mapped[Agency] = relationship()
    owner_user: Mapped[User | None] = relationship(foreign_keys=[owner_user_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    updated_by: Mapped[User] = relationship(foreign_keys=[updated_by_id])

    @property
    def owner(self) -> str:
        return self.owner_user.name if self.owner_user is not None else self.owner_name

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def status_label(self) -> str:
        return ACTION_STATUSES[self.status]

    @property
    def source_label(self) -> str:
        return ACTION_SOURCES[self.source_kind]
