"""Agency API tokens, and where an imported review came from.

An ``ApiToken`` lets a program read one agency's reviews and requests through ``/api/v1``.
Only the SHA-256 of the token is stored: the token itself is shown once, when it is made.
A token is usable while it is neither revoked nor past ``expires_at``.

A ``ReviewImport`` row says that a review was made from a review exchange file: the file's
digest, who imported it, and the decision block the file carried (the decision made where the
review came from), which an export of the review repeats until it is decided here.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ctdppeia.extensions import Model
from ctdppeia.models.agency import Agency
from ctdppeia.models.timestamps import UTCDateTime, utcnow
from ctdppeia.models.user import User

API_SCOPES: dict[str, str] = {
    "reviews:read": "Read the agency's reviews",
    "requests:read": "Read the agency's data requests",
}


class ApiToken(Model):
    __tablename__ = "api_token"
    __table_args__ = (
        CheckConstraint("length(token_hash) = 64", name="hash_is_sha256"),
        CheckConstraint("expires_at > created_at", name="expires_after_created"),
        CheckConstraint(
            "(revoked_at IS NULL AND revoked_by_id IS NULL) OR "
            "(revoked_at IS NOT NULL AND revoked_by_id IS NOT NULL)",
            name="revoker_with_time",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # the first characters, to recognise it
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    agency: Mapped[Agency] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])

    def usable_at(self, moment: datetime) -> bool:
        return self.revoked_at is None and moment < self.expires_at


class ReviewImport(Model):
    __tablename__ = "review_import"
    __table_args__ = (CheckConstraint("length(file_sha256) = 64", name="hash_is_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), unique=True)
    file_sha256: Mapped[str] = mapped_column(String(64))
    decision: Mapped[dict[str, Any]] = mapped_column(JSON)
    imported_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    imported_by: Mapped[User] = relationship()
