"""Changes to shared projects: sharing, the summary, comments, edits and visits.

Each function checks what it must, writes its audit event, and commits once. The comment
period and the limits on comments (`flood`) are checked here, so no route can get round them.
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app, has_request_context
from flask_babel import gettext as _
from sqlalchemy import select

from ctdppeia import audit
from ctdppeia.board import flood, period
from ctdppeia.board.errors import (
    AlreadyShared,
    BoardError,
    InvalidPeriod,
    NotYours,
    PeriodClosed,
    RecordSigned,
)
from ctdppeia.board.notices import notify, notify_staff_of_comment
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.i18n import DEFAULT_LANGUAGE, current_language, format_day, supported
from ctdppeia.models import (
    BoardComment,
    BoardCommentRevision,
    BoardShare,
    BoardVisit,
    Review,
    Role,
    User,
)
from ctdppeia.models.timestamps import utcnow


@dataclass(frozen=True)
class CommentInput:
    body: str
    show_name: bool
    concern_flag_id: str | None = None
    concern_question_id: str | None = None


def share_for(review: Review) -> BoardShare | None:
    return db.session.scalar(select(BoardShare).where(BoardShare.review_id == review.id))


def check_period(opens: date, closes: date) -> None:
    """Raise InvalidPeriod (422) unless the period keeps its bounds (`period.bounds_problem`,
    with the BOARD_* settings). The share form checks every rule first, field by field."""
    config = current_app.config
    problem = period.bounds_problem(
        opens, closes, period.today(), longest=int(config["BOARD_MAX_PERIOD_DAYS"]),
        ahead=int(config["BOARD_MAX_DAYS_BEFORE_OPENING"]),
    )  # fmt: skip
    if problem is not None:
        raise InvalidPeriod(problem)


def share_review(
    actor: User, review: Review, summary: str, summary_es: str | None, opens: date, closes: date,
    *, title_es: str | None = None,
) -> BoardShare:  # fmt: skip
    """Share the review with the board and tell every active board member."""
    if share_for(review) is not None:
        raise AlreadyShared("A review is shared once. You can still change its summary.")
    check_period(opens, closes)
    with transaction():
        share = BoardShare(
            review_id=review.id,
            shared_by_id=actor.id,
            summary=summary,
            summary_es=summary_es or None,
            title_es=title_es or None,
            opens_on=opens,
            closes_on=closes,
        )
        db.session.add(share)
        audit.record(
            actor,
            "board.shared",
            share,
            scope=review,
            changes={"opens_on": (None, opens), "closes_on": (None, closes)},
            summary=f"Shared with the Resident Advisory Board: comments from {opens} to {closes}",
        )
        members = select(User).where(User.role == Role.BOARD, User.active.is_(True))
        for member in db.session.scalars(members):
            notify(member, share, "shared")
    return share


def update_summary(
    actor: User, share: BoardShare, summary: str, summary_es: str | None,
    *, title_es: str | None = None,
) -> None:  # fmt: skip
    """Change the summaries (and the Spanish title) while the period has not closed; the audit
    log keeps the old text."""
    if period.state(share.opens_on, share.closes_on, period.today()) == "closed":
        raise PeriodClosed("The comment period has closed, so the summary can no longer change.")
    changes: dict[str, tuple[str | None, str | None]] = {}
    if summary != share.summary:
        changes["summary"] = (share.summary, summary)
    if (summary_es or None) != share.summary_es:
        changes["summary_es"] = (share.summary_es, summary_es or None)
    if (title_es or None) != share.title_es:
        changes["title_es"] = (share.title_es, title_es or None)
    if not changes:
        return
    with transaction():
        share.summary, share.summary_es = summary, summary_es or None
        share.title_es = title_es or None
        audit.record(
            actor,
            "board.summary_changed",
            share,
            scope=share.review,
            changes=changes,
            summary="The summary for the Resident Advisory Board changed",
        )


def change_period(actor: User, share: BoardShare, opens: date, closes: date) -> None:
    """Correct the comment period before it opens (the caller checked the new dates against
    the period rules); the audit log keeps the old dates. Once open, the period is fixed."""
    if period.today() >= share.opens_on:
        raise PeriodClosed("The comment period has opened, so its dates can no longer change.")
    check_period(opens, closes)
    changes = {
        name: (getattr(share, name), value)
        for name, value in (("opens_on", opens), ("closes_on", closes))
        if getattr(share, name) != value
    }
    if not changes:
        return
    with transaction():
        share.opens_on, share.closes_on = opens, closes
        audit.record(
            actor,
            "board.period_changed",
            share,
            scope=share.review,
            changes=changes,
            summary=f"The board's comment period changed: comments from {opens} to {closes}",
        )


def check_open(share: BoardShare) -> None:
    """Raise unless comments may be posted and edited today."""
    now = period.today()
    if now < share.opens_on:
        day = format_day(share.opens_on)
        raise PeriodClosed(_("Comments open on %(date)s. Come back then.", date=day))
    if now > share.closes_on:
        day = format_day(share.closes_on)
        raise PeriodClosed(
            _("The comment period closed on %(date)s. Nothing can be added or changed now.",
              date=day)
        )  # fmt: skip


def writing_language(actor: User) -> str:
    """The language a comment is taken to be written in: the language of the page the member
    wrote it on (their interface language); outside a request, their stored language."""
    if has_request_context():
        return current_language()
    return supported(actor.language) or DEFAULT_LANGUAGE


def post_comment(
    actor: User, share: BoardShare, data: CommentInput, parent: BoardComment | None = None
) -> BoardComment:
    """A new comment, or a reply (filed under the comment that started the thread). Nobody
    replies to a hidden comment, nor in the thread of one."""
    check_open(share)
    if parent is not None:
        check_may_reply(parent)
    flood.check_limits(actor, share)
    with transaction():
        top = None if parent is None else (parent.parent_id or parent.id)
        comment = BoardComment(
            share_id=share.id,
            author_id=actor.id,
            parent_id=top,
            body=data.body,
            show_name=data.show_name,
            concern_flag_id=data.concern_flag_id,
            concern_question_id=data.concern_question_id,
            language=writing_language(actor),
        )
        db.session.add(comment)
        db.session.flush()  # the notices name the comment
        if parent is not None and parent.author_id != actor.id:
            notify(parent.author, share, "reply", comment=comment)
        # Before the event is recorded: finding the staff reads the audit log, which would link
        # this transaction's events to the chain then and hold it until the commit.
        notify_staff_of_comment(comment)
        action = "board.reply_posted" if parent else "board.comment_posted"
        audit.record(actor, action, comment, scope=share.review, summary=_said(comment))
    return comment


def check_may_reply(parent: BoardComment) -> None:
    """Raise unless a reply to `parent` may be posted: neither it nor the comment that
    started its thread is hidden."""
    first = parent if parent.parent_id is None else db.session.get(BoardComment, parent.parent_id)
    if parent.hidden_at is not None or (first is not None and first.hidden_at is not None):
        raise BoardError(_("A moderator hid this comment, so no one can reply to it."))


def edit_comment(actor: User, comment: BoardComment, data: CommentInput) -> None:
    """Change one's own comment while the period is open; the old text becomes a revision."""
    if comment.author_id != actor.id:
        raise NotYours(_("Only the person who wrote a comment can change it."))
    if comment.hidden_at is not None:
        raise BoardError(_("A moderator hid this comment, so it cannot change."))
    check_open(comment.share)
    with transaction():
        changes = {}
        if data.body != comment.body:
            db.session.add(BoardCommentRevision(comment_id=comment.id, body=comment.body))
            changes["body"] = (comment.body, data.body)
            comment.body = data.body
            comment.edited_at = utcnow()
        for name in ("show_name", "concern_flag_id", "concern_question_id"):
            if getattr(data, name) != getattr(comment, name):
                changes[name] = (getattr(comment, name), getattr(data, name))
                setattr(comment, name, getattr(data, name))
        if not changes:
            return
        audit.record(
            actor, "board.comment_edited", comment, scope=comment.share.review, changes=changes,
            summary=_said(comment),
        )  # fmt: skip


def _said(comment: BoardComment) -> str:
    target = comment.concern_flag_id or comment.concern_question_id
    about = f" (a concern about {target})" if target else ""
    return f"Board comment {comment.id}{about}"


def last_visit(user: User, share: BoardShare) -> BoardVisit | None:
    query = select(BoardVisit).where(BoardVisit.user_id == user.id, BoardVisit.share_id == share.id)
    return db.session.scalar(query)


def record_visit(user: User, share: BoardShare) -> None:
    """Remember that `user` saw the project now (for "new since your last visit")."""
    with transaction():
        visit = last_visit(user, share)
        if visit is None:
            db.session.add(BoardVisit(user_id=user.id, share_id=share.id, last_seen_at=utcnow()))
        else:
            visit.last_seen_at = utcnow()


def withdraw_name(actor: User, comment: BoardComment) -> None:
    """Take the author's name off their comment: it shows as "Board member" from now on, in
    the board's pages, the staff's pages and, once signed, the PDF and the public record. Open
    until the review is signed (its record is then frozen), also after the period closed."""
    if comment.author_id != actor.id:
        raise NotYours(_("Only the person who wrote a comment can change it."))
    if comment.share.review.is_locked:
        raise RecordSigned(_("The review is signed, so the comment stays as it was signed."))
    if not comment.show_name:
        return
    with transaction():
        comment.show_name = False
        audit.record(
            actor, "board.name_withdrawn", comment, scope=comment.share.review,
            changes={"show_name": (True, False)}, summary=f"{_said(comment)}: name taken off",
        )  # fmt: skip
