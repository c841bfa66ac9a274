"""Notices: what a board member or a reviewer should know about a shared project.

`notify` is the one place a notice is made. It adds the notice to the caller's transaction
(the caller commits) and, when email is configured, an email that is sent only once that
transaction commits (`ctdppeia.notices.email`).
"""

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardNotice, BoardShare, Role, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.notices.email import Link, queue_email

# What each kind of notice says (the BoardNotice.kind column is free text), in the reader's
# language when it is shown.
NOTICE_WORDS: dict[str, LazyString] = {
    "shared": _l("A new project was shared with the board."),
    "reply": _l("Someone replied to your comment."),
    "response": _l("The reviewers answered your comment."),
    "hidden": _l("A moderator hid your comment. The project page says why."),
    "comment": _l("A board member commented on a review you work on."),
    "revealed": _l(
        "An administrator asked who wrote your comment, gave a reason, and was told. "
        "Your name still does not show on the comment."
    ),
}
# Who sees the notices page and the count in the navigation.
NOTICE_ROLES = (Role.BOARD, Role.REVIEWER, Role.APPROVER)


def notify(
    user: User, share: BoardShare, kind: str, *, comment: BoardComment | None = None
) -> BoardNotice:
    """Tell `user` about something on `share`: in the app, and by email once committed."""
    if comment is not None and comment.id is None:
        db.session.flush()  # the notice and its link name the comment
    notice = BoardNotice(
        user_id=user.id, share_id=share.id, comment_id=comment.id if comment else None, kind=kind
    )
    db.session.add(notice)
    words = NOTICE_WORDS.get(kind, kind)  # put in words in the reader's language
    queue_email(user, share, kind, words, target(user, share, notice.comment_id), comment)
    return notice


def unread_count(user: User) -> int:
    query = select(func.count(BoardNotice.id)).where(
        BoardNotice.user_id == user.id, BoardNotice.read_at.is_(None)
    )
    return db.session.scalar(query) or 0


@dataclass(frozen=True)
class NoticeRow:
    notice: BoardNotice
    text: str
    url: str
    unread: bool
    project: str  # the title of the project it is about


def notices_for(user: User, limit: int = 100) -> list[NoticeRow]:
    """The user's notices, newest first, each with its words, link and project."""
    from ctdppeia.board.listing import titles

    query = (
        select(BoardNotice)
        .where(BoardNotice.user_id == user.id)
        .order_by(BoardNotice.created_at.desc(), BoardNotice.id.desc())
        .options(selectinload(BoardNotice.share).selectinload(BoardShare.review))
        .limit(limit)
    )
    notices = list(db.session.scalars(query))
    named = titles(list({notice.share_id: notice.share for notice in notices}.values()))
    return [
        NoticeRow(notice, str(NOTICE_WORDS.get(notice.kind, notice.kind)), link(user, notice),
                  notice.read_at is None, named.get(notice.share_id, ""))
        for notice in notices
    ]  # fmt: skip


def target(user: User, share: BoardShare, comment_id: int | None) -> Link:
    """Board members go to the project page, staff to the review's board comments."""
    anchor = f"comment-{comment_id}" if comment_id is not None else None
    if user.role == Role.BOARD:
        return Link("board.project", {"share_id": share.id}, anchor)
    # The answer page is paged: `comment` opens the page that holds the comment.
    on_its_page = {"comment": comment_id} if comment_id is not None else {}
    return Link("board_answers.answer", {"review_id": share.review_id, **on_its_page}, anchor)


def link(user: User, notice: BoardNotice) -> str:
    found = target(user, notice.share, notice.comment_id)
    return url_for(found.endpoint, **found.values, _anchor=found.anchor)


def mark_read(user: User) -> int:
    """Mark every notice of the user read; how many were unread."""
    query = select(BoardNotice).where(BoardNotice.user_id == user.id, BoardNotice.read_at.is_(None))
    with transaction():
        now, count = utcnow(), 0
        for notice in db.session.scalars(query):
            notice.read_at, count = now, count + 1
    return count


def notify_staff_of_comment(comment: BoardComment) -> None:
    """Tell the people working on the review that a board member commented: who started it,
    who shared it, and who answered it."""
    from ctdppeia.reviews.contributors import contributors

    review = comment.share.review
    ids = {review.started_by_id, comment.share.shared_by_id, *contributors(review)}
    query = select(User).where(
        User.id.in_(ids), User.active.is_(True), User.role.in_([Role.REVIEWER, Role.APPROVER])
    )
    for user in db.session.scalars(query):
        notify(user, comment.share, "comment", comment=comment)
