"""Moderation: an administrator hides a board comment with a reason (nothing else about a
comment can be changed by an administrator; the thread keeps a dated note and the replies),
and may learn who wrote an anonymous comment by saying why (audited; the author is told)."""

from ctdppeia import audit, limits
from ctdppeia.board.notices import notify
from ctdppeia.database import transaction
from ctdppeia.models import BoardComment, User
from ctdppeia.models.timestamps import utcnow


class AlreadyHidden(ValueError):
    """The comment was hidden before; its note stays as it was."""


def _reason(reason: str, missing: str) -> str:
    reason = limits.clean_text(reason).strip()
    if not reason:
        raise ValueError(missing)
    if len(reason) > limits.BOARD_HIDDEN_REASON:
        raise ValueError(limits.too_long(len(reason), limits.BOARD_HIDDEN_REASON))
    return reason


def hide_comment(admin: User, comment: BoardComment, reason: str) -> BoardComment:
    """Hide `comment` from the thread, saying why; tell its author."""
    reason = _reason(reason, "say why the comment is hidden")
    if comment.hidden_at is not None:
        raise AlreadyHidden("This comment is already hidden.")
    with transaction():
        comment.hidden_at, comment.hidden_by_id, comment.hidden_reason = utcnow(), admin.id, reason
        audit.record(
            admin,
            "board.comment_hidden",
            comment,
            scope=comment.share.review,
            changes={"hidden_reason": (None, reason)},
            summary=f"A moderator hid board comment {comment.id}",
        )
        notify(comment.author, comment.share, "hidden", comment=comment)
    return comment


class AlreadyNamed(ValueError):
    """The comment shows its author's name: there is nothing to look up."""


def reveal_author(admin: User, comment: BoardComment, reason: str) -> User:
    """Who wrote an anonymous comment, for an administrator who says why. The look-up, with
    the reason, is in the review's history; the author gets a notice."""
    reason = _reason(reason, "say why you need to know who wrote the comment")
    if comment.show_name:
        raise AlreadyNamed("This comment already shows its author's name.")
    with transaction():
        audit.record(
            admin,
            "board.author_revealed",
            comment,
            scope=comment.share.review,
            changes={"reason": (None, reason)},
            summary=f"An administrator looked up who wrote board comment {comment.id}",
        )
        notify(comment.author, comment.share, "revealed", comment=comment)
    return comment.author
