"""Proposed uses of artificial intelligence (AI) by an agency, the subject of a
Responsible-AI review (the questionnaire's `ai-use-case`)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ctdppeia import limits
from ctdppeia.extensions import Model, db
from ctdppeia.models.agency import Agency
from ctdppeia.models.data_request import DataRequest
from ctdppeia.models.timestamps import UTCDateTime, utcnow
from ctdppeia.models.user import User

AI_STAGES: dict[str, str] = {
    "lab-test": "A test in the AI Enablement Lab",
    "pilot": "A pilot with real users",
    "in-use": "In use",
    "procurement": "Being bought",
}

AI_HOSTING: dict[str, str] = {
    "agency": "On the agency's own systems",
    "state-data-centre": "In the state data center",
    "vendor-cloud": "On the vendor's cloud service",
    "built-in": "Built into a product the agency already uses",
    "other": "Somewhere else",
}

ai_use_case_request = Table(
    "ai_use_case_request",
    db.metadata,
    Column("use_case_id", ForeignKey("ai_use_case.id", ondelete="CASCADE"), primary_key=True),
    Column("request_id", ForeignKey("data_request.id"), primary_key=True),
)


def _in(column: str, values: dict[str, str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class AIUseCase(Model):
    __tablename__ = "ai_use_case"
    __table_args__ = (
        CheckConstraint(_in("stage", AI_STAGES), name="stage_known"),
        CheckConstraint(_in("hosting", AI_HOSTING), name="hosting_known"),
        CheckConstraint(
            "hosting <> 'other' OR length(trim(hosting_other)) > 0", name="hosting_other_given"
        ),
        CheckConstraint("version >= 1", name="version_positive"),
        # The AI use case list filtered on where a use case stands, newest first, in full and
        # for one agency (`queue_status`, kept by ``ctdppeia.ai.stored``).
        Index("ix_ai_use_case_queue_status", "queue_status", "created_at", "id"),
        # The list unfiltered, newest first: for everyone, and for one agency's staff.
        Index("ix_ai_use_case_created", "created_at", "id"),
        Index("ix_ai_use_case_agency_created", "agency_id", "created_at", "id"),
        Index(
            "ix_ai_use_case_agency_queue_status", "agency_id", "queue_status", "created_at", "id"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    name: Mapped[str] = mapped_column(String(limits.TITLE))
    vendor: Mapped[str] = mapped_column(String(limits.NAME))
    description: Mapped[str] = mapped_column(Text)  # what it does
    intended_use: Mapped[str] = mapped_column(Text)  # what the agency will use it for
    stage: Mapped[str] = mapped_column(String(20))
    hosting: Mapped[str] = mapped_column(String(30))
    hosting_other: Mapped[str] = mapped_column(String(limits.AI_HOSTING_OTHER), default="")
    technique: Mapped[str] = mapped_column(String(limits.AI_TECHNIQUE), default="")
    public_contact: Mapped[str] = mapped_column(String(limits.AI_PUBLIC_CONTACT), default="")
    # Moved on by every saved change of the form (`ctdppeia.stale`).
    version: Mapped[int] = mapped_column(default=1)
    # The data request the use case was started from (a DPPEIA flag routed to AI review).
    source_request_id: Mapped[int | None] = mapped_column(ForeignKey("data_request.id"))
    # Given by the public AI inventory when the use case is first published; kept for good.
    public_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Where the use case stands in the advisory group's queue (a key of `ai.queue.statuses()`,
    # never one that moves with the date alone, such as "due"): written in the transaction of
    # every change that moves it (``ctdppeia.ai.stored``), so lists filter on it in SQL.
    queue_status: Mapped[str] = mapped_column(String(40), default="new", server_default="new")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    agency: Mapped[Agency] = relationship()
    created_by: Mapped[User] = relationship()
    source_request: Mapped[DataRequest | None] = relationship()
    requests: Mapped[list[DataRequest]] = relationship(
        secondary=ai_use_case_request, order_by=DataRequest.id
    )

    @property
    def stage_label(self) -> str:
        return AI_STAGES[self.stage]

    @property
    def hosting_label(self) -> str:
        if self.hosting == "other":
            return self.hosting_other
        return AI_HOSTING[self.hosting]
