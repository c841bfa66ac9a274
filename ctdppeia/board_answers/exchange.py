""" "You said, we did": every board comment beside the response in force, for the pages, the
review summary and the signed record."""

from dataclasses import dataclass, field
from typing import Any

from ctdppeia import words
from ctdppeia.board_answers.answers import changed_ref_label, comments_of
from ctdppeia.models import BoardComment, BoardResponse, Review
from ctdppeia.reviews.display import iso


def hidden_note(comment: BoardComment) -> str | None:
    """ "Hidden by a moderator on 2 November 2026: reason", or None."""
    if comment.hidden_at is None:
        return None
    return (
        f"Hidden by a moderator on {words.format_date(comment.hidden_at)}: {comment.hidden_reason}"
    )


def concern_label(comment: BoardComment, review: Review) -> str | None:
    """What the concern is about, in words."""
    if comment.concern_flag_id:
        ref = f"flag:{comment.concern_flag_id}"
    elif comment.concern_question_id:
        ref = f"question:{comment.concern_question_id}"
    else:
        return None
    return changed_ref_label(review, ref)


@dataclass
class Said:
    """One comment (or reply) and what was done about it."""

    comment: BoardComment
    concern: str | None
    hidden: str | None
    response: BoardResponse | None
    changed: str | None
    replies: list["Said"] = field(default_factory=list)


def _said(comment: BoardComment, review: Review) -> Said:
    response = comment.response if comment.hidden_at is None else None
    changed = changed_ref_label(review, response.changed_ref) if response else None
    return Said(comment, concern_label(comment, review), hidden_note(comment), response, changed)


def exchange(review: Review) -> list[Said]:
    """First comments in the order written, each with its replies, hidden ones as a note."""
    threads: dict[int, Said] = {}
    replies: list[BoardComment] = []
    for comment in comments_of(review):
        if comment.parent_id is None:
            threads[comment.id] = _said(comment, review)
        else:
            replies.append(comment)
    for reply in replies:
        if reply.parent_id in threads:
            threads[reply.parent_id].replies.append(_said(reply, review))
    return list(threads.values())


def response_keys(comment: BoardComment, review: Review) -> dict[str, Any]:
    """The snapshot's optional keys of a board comment: `hidden`, and the `response` in force
    (none for a hidden comment)."""
    response = comment.response if comment.hidden_at is None else None
    return {
        "hidden": comment.hidden_at is not None,
        "response": None
        if response is None
        else {
            "kind": response.kind,
            "kind_label": response.kind_label,
            "text": response.text,
            "changed": changed_ref_label(review, response.changed_ref),
            "by": response.responded_by.name,
            "at": iso(response.responded_at),
        },
    }
