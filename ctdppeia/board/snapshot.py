"""The board's comments in the review snapshot (and so in the PDF)."""

from typing import Any

from ctdppeia.board import content, services
from ctdppeia.models import BoardComment, Review
from ctdppeia.reviews.display import iso


def _item(comment: BoardComment, review: Review) -> dict[str, Any]:
    body = comment.body
    if comment.hidden_at is not None:
        body = f"Hidden by a moderator: {comment.hidden_reason}"
    return {
        "author": comment.display_name,
        "at": iso(comment.created_at),
        "body": body,
        "concern": content.target_label(comment, review),
        "edited_at": iso(comment.edited_at),
    }


def snapshot_part(review: Review) -> list[dict[str, Any]]:
    """Each first comment with its replies, in the order written."""
    share = services.share_for(review)
    if share is None:
        return []
    return [
        {
            **_item(item.comment, review),
            "replies": [_item(reply, review) for reply in item.replies],
        }
        for item in content.thread(share)
    ]
