"""Moderation: an administrator hides a board comment with a reason. Nothing else about a
comment can be changed by an administrator; the thread keeps a dated note and the replies."""

from ctdppeia import audit, limits
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.notices.services import notify


class AlreadyHidden(ValueError):
    """The comment was hidden before; its note stays as it was."""


def hide_comment(admin: User, comment: BoardComment, reason: str) -> BoardComment:
    """Hide `comment` from the thread, saying why; tell its author."""
    reason = limits.clean_text(reason).strip()
    if not reason:
        raise ValueError("say why the comment is hidden")
    if len(reason) > limits.BOARD_HIDDEN_REASON:
        raise ValueError(limits.too_long(len(reason), limits.BOARD_HIDDEN_REASON))
    if comment.hidden_at is not None:
        raise AlreadyHidden("This comment is already hidden.")
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
    db.session.commit()
    return comment
