"""Notices of workflow steps (any feature's), the email preference, and the claims that make
a scheduled email go out once however many schedulers run."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ctdppeia.extensions import Model
from ctdppeia.models.timestamps import UTCDateTime, utcnow

# How a person gets their notices by email.
EMAIL_MODES = ("each", "daily", "weekly", "none")


class Notice(Model):
    """Something a person should know or act on: a step of a feature's workflow on one item.

    ``item_key`` names the item ("review:12"), so notices group by item; ``title`` and ``path``
    are what the notice shows and where it leads, written when the step happened."""

    __tablename__ = "notice"
    __table_args__ = (
        CheckConstraint("length(trim(kind)) > 0", name="kind_given"),
        CheckConstraint("path LIKE '/%'", name="path_is_local"),
        Index("ix_notice_user_created", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(60))
    item_key: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    path: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NoticeSetting(Model):
    """A person's email preference; without a row, each notice is emailed."""

    __tablename__ = "notice_setting"
    __table_args__ = (
        CheckConstraint(
            "email_mode IN ('each', 'daily', 'weekly', 'none')", name="email_mode_known"
        ),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    email_mode: Mapped[str] = mapped_column(String(10), default="each")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NoticeClaim(Model):
    """A scheduled email or reminder, claimed by the scheduler that sends it. The unique key
    (person, kind, item, period) lets one scheduler only claim it: the others skip it."""

    __tablename__ = "notice_claim"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "item_key", "period", name="uq_notice_claim_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(60))
    item_key: Mapped[str] = mapped_column(String(80))
    period: Mapped[str] = mapped_column(String(40))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
