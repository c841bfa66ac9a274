"""The text of every questionnaire version a review was answered under, kept for good."""

from datetime import datetime

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ctdppeia.extensions import Model
from ctdppeia.models.review_lock import attach as attach_lock_guard
from ctdppeia.models.timestamps import UTCDateTime, utcnow


class QuestionnaireVersion(Model):
    """One questionnaire file exactly as it was when a review first used it.

    The SHA-256 of the text is the version's identity. Rows are never changed or deleted (the
    database refuses), so a review always renders from the text it was answered under.
    """

    __tablename__ = "questionnaire_version"
    __table_args__ = (CheckConstraint("length(hash) = 64", name="hash_is_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    questionnaire_key: Mapped[str] = mapped_column(String(80), index=True)
    label: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, deferred=True)  # read only when first parsed
    first_used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __str__(self) -> str:
        return f"{self.title}, version {self.label}"


attach_lock_guard(QuestionnaireVersion.__table__)
