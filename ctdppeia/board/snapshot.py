"""The board's comments in the review snapshot (and so in the PDF)."""

from typing import Any

from sqlalchemy import select

from ctdppeia.board import content, services
from ctdppeia.board.exchange import hidden_note, response_keys
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardConcernAck, Review
from ctdppeia.reviews.display import iso
from ctdppeia.reviews.snapshot import Confirmation


def _given_now(confirmation: Confirmation | None) -> dict[int, str]:
    """The acknowledgments the approver gives with the confirmation being made (the
    board confirmation step's input), by comment id."""
    if confirmation is None:
        return {}
    return {ack.comment_id: ack.note for ack in confirmation.inputs.get("board", ())}


def _acknowledged(comment: BoardComment, confirmation: Confirmation | None) -> dict[str, Any]:
    """The optional key `acknowledged` of a concern: who acknowledged it, when, their note
    (the confirmation being made, else the one stored); null while none has."""
    if not comment.is_concern or comment.hidden_at is not None:
        return {}
    given = _given_now(confirmation)
    if confirmation is not None and comment.id in given:
        by, at = confirmation.approver.name, iso(confirmation.at)
        return {"acknowledged": {"by": by, "at": at, "note": given[comment.id].strip()}}
    query = select(BoardConcernAck).where(BoardConcernAck.comment_id == comment.id)
    ack = db.session.scalar(query)
    if ack is None:
        return {"acknowledged": None}
    stored = {"by": ack.acknowledged_by.name, "at": iso(ack.at), "note": ack.note or ""}
    return {"acknowledged": stored}


def _item(
    comment: BoardComment, review: Review, confirmation: Confirmation | None = None
) -> dict[str, Any]:
    return {
        "author": comment.display_name,
        "at": iso(comment.created_at),
        "body": hidden_note(comment) or comment.body,
        "concern": content.target_label(comment, review),
        "edited_at": iso(comment.edited_at),
        **response_keys(comment, review),  # the response in force, and whether it is hidden
        **_acknowledged(comment, confirmation),
    }


def snapshot_part(review: Review, confirmation: Confirmation | None = None) -> list[dict[str, Any]]:
    """Each first comment with its replies, in the order written."""
    share = services.share_for(review)
    if share is None:
        return []
    return [
        {
            **_item(item.comment, review, confirmation),
            "replies": [_item(reply, review) for reply in item.replies],
        }
        for item in content.thread(share)
    ]
