"""The board's comments in the review snapshot (and so in the PDF)."""

from typing import Any

from ctdppeia.board import content, services
from ctdppeia.board_answers.exchange import hidden_note, response_keys
from ctdppeia.models import BoardComment, Review
from ctdppeia.reviews.display import iso


def _item(comment: BoardComment, review: Review) -> dict[str, Any]:
    return {
        "author": comment.display_name,
        "at": iso(comment.created_at),
        "body": hidden_note(comment) or comment.body,
        "concern": content.target_label(comment, review),
        "edited_at": iso(comment.edited_at),
        **response_keys(comment, review),  # the response in force, and whether it is hidden
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
