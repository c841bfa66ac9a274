"""Who may know who wrote a board comment, in the audit views.

A comment's author is named only when they ticked "Show my name" on it (their choice as it
stands now: a name hidden later is hidden in the history too); otherwise "Board member",
wherever the audit log is shown and to everyone. A comment a moderator hid keeps its dated
note; its text, before and after any edit, is not shown. Only an administrator may learn who
wrote an anonymous comment, one comment at a time, by saying why (an audited action:
`ctdppeia.board.moderation.reveal_author`).
"""

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ctdppeia import audit
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, BoardComment

# Changes of a comment's own events that hold what the author wrote.
TEXT_CHANGES = ("body",)
HIDDEN_TEXT = "(not shown: a moderator hid this comment)"


def author_shown(comment: BoardComment) -> str:
    """The author as the threads, the PDF and the history show them."""
    return comment.author.name if comment.show_name else audit.BOARD_MEMBER


def present_comment_events(events: list[AuditEvent]) -> dict[int, audit.ShownEvent]:
    """The shown form of events about board comments: the author under the name they chose,
    and no text of a hidden comment."""
    ids = {event.object_id for event in events}
    query = select(BoardComment).where(BoardComment.id.in_(ids))
    query = query.options(selectinload(BoardComment.author))
    comments = {comment.id: comment for comment in db.session.scalars(query)}
    shown: dict[int, audit.ShownEvent] = {}
    for event in events:
        comment = comments.get(event.object_id)
        if comment is None:
            continue
        base = audit.shown(event)
        if event.actor_id == comment.author_id:
            base = replace(base, who=author_shown(comment))
        if comment.hidden_at is not None:
            changes = {
                key: [HIDDEN_TEXT, HIDDEN_TEXT] if key in TEXT_CHANGES else value
                for key, value in base.changes.items()
            }
            base = replace(base, changes=changes)
        shown[event.id] = base
    return shown
