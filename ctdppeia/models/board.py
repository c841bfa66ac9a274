"""The Resident Advisory Board: reviews shared with it, its comments, and the answers to them.

A review is shared at most once (``BoardShare``, unique per review), with a plain-language
summary and a comment period from ``opens_on`` to ``closes_on`` (both dates inclusive).

Comments are threaded one level deep: a comment with no ``parent_id`` starts a thread, and a
reply's ``parent_id`` names the comment that started it (a reply to a reply is filed under the
same first comment). Editing a comment keeps the earlier text as a ``BoardCommentRevision``.
A comment may be marked as a concern about one shared flag or one shared question, never both.
A moderator may hide a comment: ``hidden_at``, ``hidden_by_id`` and ``hidden_reason`` are set
together or not at all.

Revisions and responses are only ever added (database triggers refuse UPDATE and DELETE);
the latest response to a comment is the one in force.
"""

from datetime import date, datetime

from sqlalchemy import (
    DDL,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ctdppeia.extensions import Model
from ctdppeia.models.review import Review
from ctdppeia.models.timestamps import UTCDateTime, utcnow
from ctdppeia.models.user import User
from ctdppeia.translatable import N_

BOARD_RESPONSE_KINDS: dict[str, str] = {
    "changed": N_("Changed"),
    "partly-changed": N_("Partly changed"),
    "not-adopted": N_("Not adopted"),
    "out-of-scope": N_("Out of scope"),
}
# What a notice is about; the column is free text so new kinds need no schema change.
BOARD_NOTICE_KINDS: dict[str, str] = {
    "shared": "A new project was shared with the board",
    "reply": "Someone replied to your comment",
    "response": "The reviewers answered your comment",
    "hidden": "A moderator hid your comment",
}
REVISION_APPEND_ONLY = "board comment revisions are only ever added"
RESPONSE_APPEND_ONLY = "board responses are only ever added: give a new response instead"


def _known(column: str, values: dict[str, str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class BoardShare(Model):
    """A review shared with the board, with its summary and comment period."""

    __tablename__ = "board_share"
    __table_args__ = (
        CheckConstraint("closes_on > opens_on", name="closes_after_opening"),
        CheckConstraint("length(trim(summary)) > 0", name="summary_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), unique=True)
    shared_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    shared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    summary: Mapped[str] = mapped_column(Text)
    summary_es: Mapped[str | None] = mapped_column(Text)
    title_es: Mapped[str | None] = mapped_column(String(200))
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)

    review: Mapped[Review] = relationship()
    shared_by: Mapped[User] = relationship()

    def is_open(self, today: date) -> bool:
        """Comments may be posted and edited from the open date to the close date, inclusive."""
        return self.opens_on <= today <= self.closes_on


class BoardComment(Model):
    """A board member's comment, or a reply to one."""

    __tablename__ = "board_comment"
    __table_args__ = (
        CheckConstraint("length(trim(body)) > 0", name="body_given"),
        CheckConstraint(
            "concern_flag_id IS NULL OR concern_question_id IS NULL", name="one_concern_target"
        ),
        CheckConstraint(
            "(hidden_at IS NULL AND hidden_by_id IS NULL AND hidden_reason IS NULL) OR "
            "(hidden_at IS NOT NULL AND hidden_by_id IS NOT NULL AND hidden_reason IS NOT NULL)",
            name="hidden_together",
        ),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_its_own_parent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    share_id: Mapped[int] = mapped_column(ForeignKey("board_share.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("board_comment.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    show_name: Mapped[bool] = mapped_column(Boolean, default=False)
    concern_flag_id: Mapped[str | None] = mapped_column(String(120))
    concern_question_id: Mapped[str | None] = mapped_column(String(80))
    # The language it was written in: the writer's interface language when posted (None for
    # comments older than the column).
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    hidden_reason: Mapped[str | None] = mapped_column(Text)

    share: Mapped[BoardShare] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    hidden_by: Mapped[User | None] = relationship(foreign_keys=[hidden_by_id])
    revisions: Mapped[list["BoardCommentRevision"]] = relationship(
        order_by="BoardCommentRevision.id"
    )
    responses: Mapped[list["BoardResponse"]] = relationship(order_by="BoardResponse.id")

    @property
    def display_name(self) -> str:
        return self.author.name if self.show_name else "Board member"

    @property
    def is_concern(self) -> bool:
        return self.concern_flag_id is not None or self.concern_question_id is not None

    @property
    def response(self) -> "BoardResponse | None":
        """The response in force: the latest one."""
        return self.responses[-1] if self.responses else None


class BoardCommentRevision(Model):
    """The text a comment had before an edit replaced it."""

    __tablename__ = "board_comment_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("board_comment.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BoardResponse(Model):
    """The reviewers' typed answer to a board comment."""

    __tablename__ = "board_response"
    __table_args__ = (
        CheckConstraint(_known("kind", BOARD_RESPONSE_KINDS), name="kind_known"),
        CheckConstraint("length(trim(text)) > 0", name="text_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("board_comment.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    # Which answer or flag response changed, e.g. "question:P4" or "flag:no-community-voice".
    changed_ref: Mapped[str | None] = mapped_column(String(200))
    responded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    responded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    responded_by: Mapped[User] = relationship()

    @property
    def kind_label(self) -> str:
        return BOARD_RESPONSE_KINDS[self.kind]


class BoardNotice(Model):
    """Something a user should know about a shared project; read once ``read_at`` is set."""

    __tablename__ = "board_notice"
    __table_args__ = (CheckConstraint("length(trim(kind)) > 0", name="kind_given"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    share_id: Mapped[int] = mapped_column(ForeignKey("board_share.id"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("board_comment.id"))
    kind: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    share: Mapped[BoardShare] = relationship()


class BoardVisit(Model):
    """When a user last opened a shared project, for "new since your last visit"."""

    __tablename__ = "board_visit"
    __table_args__ = (UniqueConstraint("user_id", "share_id", name="uq_board_visit_user_share"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    share_id: Mapped[int] = mapped_column(ForeignKey("board_share.id"))
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def append_only_sql(table: str, message: str, dialect: str) -> list[str]:
    """The SQL that refuses UPDATE and DELETE on a table (run after the table exists)."""
    if dialect == "sqlite":
        return [
            f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            for op in ("UPDATE", "DELETE")
        ]
    if dialect == "postgresql":
        return [
            f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()",
        ]
    return []


def _attach(table: Table, message: str) -> None:
    for dialect in ("sqlite", "postgresql"):
        for sql in append_only_sql(table.name, message, dialect):
            event.listen(table, "after_create", DDL(sql).execute_if(dialect=dialect))


_attach(BoardCommentRevision.__table__, REVISION_APPEND_ONLY)
_attach(BoardResponse.__table__, RESPONSE_APPEND_ONLY)
