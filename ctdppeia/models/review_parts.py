"""The rows a review is made of: answers, responses to flags, and the state of its flags."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ctdppeia import words
from ctdppeia.extensions import Model
from ctdppeia.models.review_lock import attach as attach_lock_guard
from ctdppeia.models.timestamps import UTCDateTime, utcnow
from ctdppeia.models.user import User

RESPONSE_KINDS: dict[str, str] = words.RESPONSE
SEVERITY_LABELS: dict[str, str] = words.SEVERITY


def _known(column: str, values: dict[str, str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ReviewAnswer(Model):
    """The current answer to one question. A cleared answer keeps its row with no value, so
    `changed_in_version` still tells which review version last touched it."""

    __tablename__ = "review_answer"
    __table_args__ = (
        UniqueConstraint("review_id", "question_id", name="uq_review_answer_question"),
        CheckConstraint("changed_in_version >= 1", name="version_positive"),
        # The reviews a person answered (separation of duties, in the queues).
        Index("ix_review_answer_updated_by", "updated_by_id", "review_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(80))
    value: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    changed_in_version: Mapped[int] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    updated_by: Mapped[User] = relationship()


class FlagResponse(Model):
    """A reviewer's response to a flag. Rows are only ever added: the latest one per flag is
    the response in force, the older ones are its history."""

    __tablename__ = "flag_response"
    __table_args__ = (
        CheckConstraint(_known("kind", RESPONSE_KINDS), name="kind_known"),
        CheckConstraint("length(trim(text)) > 0", name="text_given"),
        Index("ix_flag_response_created_by", "created_by_id", "review_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    flag_id: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by: Mapped[User] = relationship()

    @property
    def kind_label(self) -> str:
        return RESPONSE_KINDS[self.kind]


class ReviewFlagState(Model):
    """Whether a questionnaire flag is raised on a review, written with every save.

    A flag is raised while `cleared_at` is empty. The row stays when the flag clears, so lists
    can show open flags without re-reading the questionnaire, and the history stays readable.
    """

    __tablename__ = "review_flag"
    __table_args__ = (
        UniqueConstraint("review_id", "flag_id", name="uq_review_flag_flag"),
        CheckConstraint(_known("severity", SEVERITY_LABELS), name="severity_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    flag_id: Mapped[str] = mapped_column(String(120))
    severity: Mapped[str] = mapped_column(String(10))
    question_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_raised(self) -> bool:
        return self.cleared_at is None


for _table in (ReviewAnswer.__table__, FlagResponse.__table__, ReviewFlagState.__table__):
    attach_lock_guard(_table)
