"""Answering the board: every comment gets a typed response from the review's owner agency.

A response is only ever added; the latest one per comment is in force. Several comments can be
answered at once, and each commenter gets their own notice.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ctdppeia import audit, limits
from ctdppeia.board.notices import notify
from ctdppeia.extensions import db
from ctdppeia.models import (
    BOARD_RESPONSE_KINDS,
    BoardComment,
    BoardResponse,
    BoardShare,
    Review,
    User,
)
from ctdppeia.reviews import permissions
from ctdppeia.reviews.flags import review_flags
from ctdppeia.reviews.services import transaction
from ctdppeia.reviews.state import load_context
from ctdppeia.reviews.workflow import lock_for_change

# A reason is needed for these kinds, and a link to what changed for "changed".
KINDS_NEEDING_REASON = ("not-adopted", "out-of-scope")


@dataclass(frozen=True)
class AnswerInput:
    """One response typed on the answering page."""

    comment_id: int
    kind: str
    text: str
    changed_ref: str = ""


class InvalidResponses(ValueError):
    """Some responses are not right; `errors` maps comment id -> message. Nothing was saved."""

    def __init__(self, errors: dict[int, str]) -> None:
        super().__init__("; ".join(f"{cid}: {message}" for cid, message in errors.items()))
        self.errors = errors


def share_of(review: Review) -> BoardShare | None:
    return db.session.scalar(select(BoardShare).where(BoardShare.review_id == review.id))


def comments_of(review: Review) -> list[BoardComment]:
    """Every comment on the review's shared project, in the order written (hidden ones too)."""
    share = share_of(review)
    if share is None:
        return []
    query = select(BoardComment).where(BoardComment.share_id == share.id)
    query = query.options(  # read with the comments: hundreds of them must stay one page
        selectinload(BoardComment.author),
        selectinload(BoardComment.responses).selectinload(BoardResponse.responded_by),
    )
    return list(db.session.scalars(query.order_by(BoardComment.created_at, BoardComment.id)))


def to_answer(review: Review) -> list[BoardComment]:
    """The comments that need a response: every one a moderator has not hidden."""
    return [comment for comment in comments_of(review) if comment.hidden_at is None]


def unanswered(review: Review) -> list[BoardComment]:
    return [comment for comment in to_answer(review) if comment.response is None]


def changed_ref_choices(review: Review) -> list[tuple[str, str]]:
    """(value, label): what a "changed" response can point at, the review's questions and its
    raised flags."""
    questionnaire = load_context(review).questionnaire
    choices = [("", "Choose what changed")]
    choices += [(f"flag:{flag.id}", f"Flag: {flag.title}") for flag in review_flags(review)]
    choices += [
        (f"question:{question.id}", f"Question {question.id}: {question.label}")
        for section in questionnaire.sections
        for question in section.questions
    ]
    return choices


def changed_ref_label(review: Review, ref: str | None) -> str | None:
    if not ref:
        return None
    return dict(changed_ref_choices(review)).get(ref, ref)


def _problem(item: AnswerInput, refs: set[str]) -> str | None:
    if item.kind not in BOARD_RESPONSE_KINDS:
        return "Choose what happened: changed, partly changed, not adopted or out of scope."
    if not item.text.strip():
        if item.kind in KINDS_NEEDING_REASON:
            return "Give the reason, in words the board member can follow."
        return "Say what you did about this comment."
    if len(item.text) > limits.BOARD_RESPONSE:
        return limits.too_long(len(item.text), limits.BOARD_RESPONSE)
    if item.kind == "changed" and not item.changed_ref:
        return "Choose the answer or flag response that changed."
    if item.changed_ref and item.changed_ref not in refs:
        return "Choose the answer or flag response that changed from the list."
    return None


def check_answers(review: Review, items: list[AnswerInput]) -> None:
    """Raise InvalidResponses naming every response that is not right."""
    comments = {comment.id: comment for comment in to_answer(review)}
    refs = {value for value, _label in changed_ref_choices(review) if value}
    errors: dict[int, str] = {}
    for item in items:
        if item.comment_id not in comments:
            errors[item.comment_id] = "This comment cannot be answered."
        elif (problem := _problem(item, refs)) is not None:
            errors[item.comment_id] = problem
    if not items:
        errors[0] = "Answer at least one comment before saving."
    if errors:
        raise InvalidResponses(errors)


def answer_comments(user: User, review: Review, items: list[AnswerInput]) -> list[BoardResponse]:
    """Add a response to each comment named, with an audit event and a notice to each author."""
    permissions.ensure_may_answer(user, review)
    with transaction():
        review = lock_for_change(review)
        permissions.ensure_open(review)
        check_answers(review, items)
        comments = {comment.id: comment for comment in to_answer(review)}
        responses = []
        for item in items:
            comment = comments[item.comment_id]
            response = BoardResponse(
                comment_id=comment.id,
                kind=item.kind,
                text=limits.clean_text(item.text).strip(),
                changed_ref=item.changed_ref or None,
                responded_by_id=user.id,
            )
            db.session.add(response)
            label = BOARD_RESPONSE_KINDS[item.kind]
            audit.record(
                user,
                "board.response_given",
                response,
                scope=review,
                changes={f"comment {comment.id}": (None, f"{label}: {response.text}")},
                summary=f"Answered board comment {comment.id}: {label}",
            )
            notify(comment.author, comment.share, "response", comment=comment)
            responses.append(response)
    return responses
