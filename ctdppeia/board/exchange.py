""" "You said, we did": every board comment beside the response in force, for the pages, the
review summary and the signed record."""

from dataclasses import dataclass, field
from typing import Any

from ctdppeia import words
from ctdppeia.board.answers import changed_ref_label, comments_of
from ctdppeia.board.content import ref_label
from ctdppeia.models import BoardComment, BoardResponse, Review
from ctdppeia.reviews.display import iso


def hidden_note(comment: BoardComment) -> str | None:
    """ "Hidden by a moderator on November 2, 2026: reason", or None."""
    if comment.hidden_at is None:
        return None
    return (
        f"Hidden by a moderator on {words.format_date(comment.hidden_at)}: {comment.hidden_reason}"
    )


def concern_ref(comment: BoardComment) -> str | None:
    """ "flag:<id>" or "question:<id>": what the concern is about; None for a comment."""
    if comment.concern_flag_id:
        return f"flag:{comment.concern_flag_id}"
    if comment.concern_question_id:
        return f"question:{comment.concern_question_id}"
    return None


def concern_label(comment: BoardComment, review: Review) -> str | None:
    """What the concern is about, in words."""
    return changed_ref_label(review, concern_ref(comment))


@dataclass
class Said:
    """One comment (or reply) and what was done about it."""

    comment: BoardComment
    concern: str | None
    hidden: str | None
    response: BoardResponse | None
    changed: str | None
    replies: list["Said"] = field(default_factory=list)


def _said(comment: BoardComment, review: Review, language: str | None) -> Said:
    response = comment.response if comment.hidden_at is None else None
    changed_ref = response.changed_ref if response else None
    if language is None:
        concern = concern_label(comment, review)
        changed = changed_ref_label(review, changed_ref)
    else:
        concern = ref_label(review, concern_ref(comment), language)
        changed = ref_label(review, changed_ref, language)
    return Said(comment, concern, hidden_note(comment), response, changed)


def exchange(review: Review, language: str | None = None) -> list[Said]:
    """First comments in the order written, each with its replies, hidden ones as a note.
    With a `language`, what the comments and responses point at is named in it."""
    threads: dict[int, Said] = {}
    replies: list[BoardComment] = []
    for comment in comments_of(review):
        if comment.parent_id is None:
            threads[comment.id] = _said(comment, review, language)
        else:
            replies.append(comment)
    for reply in replies:
        if reply.parent_id in threads:
            threads[reply.parent_id].replies.append(_said(reply, review, language))
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
