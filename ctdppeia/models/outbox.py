"""The email outbox: every email the application sends, written in the transaction of the
change that causes it, and sent afterwards by a job (ctdppeia/outbox.py).

A row is unsent while ``sent_at`` is empty. A job claims a row for a while (``claimed_until``)
before it talks to the mail server, so two jobs for one row never both send it; a row whose
claim ran out without ``sent_at`` (its job was killed) is sent again by the periodic sweep.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ctdppeia.extensions import Model
from ctdppeia.models.timestamps import UTCDateTime, utcnow


class OutboxEmail(Model):
    """One email to send: its recipients (one address a line), subject and bodies."""

    __tablename__ = "email_outbox"
    __table_args__ = (
        CheckConstraint("length(trim(recipients)) > 0", name="recipients_given"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_email_outbox_unsent", "sent_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipients: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the email can never be sent (an address the server refuses for good).
    abandoned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))

    @property
    def addresses(self) -> list[str]:
        return [line for line in self.recipients.splitlines() if line.strip()]
