"""An approver's acknowledgment of a board concern, recorded when they confirm the decision.

Acknowledgments are only ever added: database triggers refuse UPDATE and DELETE, so the
record of who read which concern stays as signed.
"""

from datetime import datetime

from sqlalchemy import DDL, ForeignKey, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ctdppeia.extensions import Model
from ctdppeia.models.board import BoardComment, append_only_sql
from ctdppeia.models.timestamps import UTCDateTime, utcnow
from ctdppeia.models.user import User

# The words of the database trigger (migration c12b0a4d0003), kept as written there.
ACK_APPEND_ONLY = "concern acknowledgements are only ever added and cannot change"


class BoardConcernAck(Model):
    """An approver's "I have read this concern and the response": one per concern, by the
    approver who confirmed the review, with an optional short note."""

    __tablename__ = "board_concern_ack"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("board_comment.id"), unique=True)
    acknowledged_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    comment: Mapped[BoardComment] = relationship()
    acknowledged_by: Mapped[User] = relationship()


for _dialect in ("sqlite", "postgresql"):
    for _sql in append_only_sql(BoardConcernAck.__tablename__, ACK_APPEND_ONLY, _dialect):
        event.listen(
            BoardConcernAck.__table__, "after_create", DDL(_sql).execute_if(dialect=_dialect)
        )
