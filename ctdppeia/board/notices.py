"""The board's notices: what a board member or a reviewer should know about a shared project.

`notify` is the one place a board notice is made. It adds the notice to the caller's transaction
(the caller commits) and, when email is configured, an email that is sent only once that
transaction commits (`ctdppeia.notices.email`). The notices page, its count in the navigation
and the digests read these notices through the registries of `ctdppeia.notices`
(`register_inbox`, `digest.register_source`).
"""

from collections.abc import Callable
from datetime import datetime

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ctdppeia import outbox
from ctdppeia.board.listing import project_title, titles
from ctdppeia.extensions import db
from ctdppeia.mail import render_email
from ctdppeia.models import BoardComment, BoardNotice, BoardShare, Role, User
from ctdppeia.notices.audience import emailed
from ctdppeia.notices.core import local_path
from ctdppeia.notices.digest import Entry, register_source
from ctdppeia.notices.email import Link, PendingEmail, absolute_url, recipient
from ctdppeia.notices.preferences import email_mode
from ctdppeia.notices.services import Inbox, NoticeRow, register_inbox
from ctdppeia.reviews.contributors import contributors

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


def register(app: Flask) -> None:
    """Show the board's notices on the notices page and in the digests."""
    register_inbox(app, "board", Inbox(unread_count, rows, mark_read))
    register_source(app, "board", board_notices)


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
    if email_mode(user) == "each":  # a digest or "none": nothing now
        words = NOTICE_WORDS.get(kind, kind)  # put in words in the reader's language
        queue_email(user, share, kind, words, target(user, share, notice.comment_id), comment)
    return notice


def queue_email(
    user: User, share: BoardShare, kind: str, words: str | LazyString, link: Link,
    comment: BoardComment | None,
) -> None:  # fmt: skip
    """Write the notice's email now; it is sent if and when the session commits."""
    if not emailed(user):
        return
    email = render_email(
        user.language,
        "notice",
        name=user.name,
        kind=kind,
        words=words,
        title=project_title(share),
        comment=comment if comment is not None and comment.hidden_at is None else None,
        url=absolute_url(link),
    )
    outbox.queue_email(PendingEmail(recipient(user), email.subject, email.text))


def unread_count(user: User) -> int:
    query = select(func.count(BoardNotice.id)).where(
        BoardNotice.user_id == user.id, BoardNotice.read_at.is_(None)
    )
    return db.session.scalar(query) or 0


def rows(user: User, limit: int) -> list[NoticeRow]:
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
        NoticeRow(str(NOTICE_WORDS.get(notice.kind, notice.kind)), named.get(notice.share_id),
                  link(user, notice), notice.read_at is None, notice.created_at)
        for notice in notices
    ]  # fmt: skip


def mark_read(user: User, now: datetime) -> int:
    query = select(BoardNotice).where(BoardNotice.user_id == user.id, BoardNotice.read_at.is_(None))
    count = 0
    for notice in db.session.scalars(query):
        notice.read_at, count = now, count + 1
    return count


def _said(words: str | LazyString) -> Callable[[], str]:
    return lambda: str(words)


def board_notices(user: User, start: datetime, end: datetime) -> list[Entry]:
    """The board notices of `user` made in [start, end), for a digest."""
    query = (
        select(BoardNotice)
        .where(
            BoardNotice.user_id == user.id,
            BoardNotice.created_at >= start,
            BoardNotice.created_at < end,
        )
        .options(selectinload(BoardNotice.share))
    )
    found = []
    for notice in db.session.scalars(query):
        place = target(user, notice.share, notice.comment_id)
        path = local_path(place.endpoint, place.anchor, **place.values)
        words = NOTICE_WORDS.get(notice.kind, notice.kind)
        found.append(
            Entry(
                f"board:{notice.share_id}",
                project_title(notice.share),
                path,
                notice.kind,
                notice.created_at,
                _said(words),
            )
        )
    return found


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


def notify_staff_of_comment(comment: BoardComment) -> None:
    """Tell the people working on the review that a board member commented: who started it,
    who shared it, and who answered it."""
    review = comment.share.review
    ids = {review.started_by_id, comment.share.shared_by_id, *contributors(review)}
    query = select(User).where(
        User.id.in_(ids), User.active.is_(True), User.role.in_([Role.REVIEWER, Role.APPROVER])
    )
    for user in db.session.scalars(query):
        notify(user, comment.share, "comment", comment=comment)
