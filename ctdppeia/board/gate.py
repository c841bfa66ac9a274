"""What the board needs before a review goes on: sharing, a closed period, every comment
answered, and the approver's acknowledgment of each concern."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ctdppeia import audit, limits, words
from ctdppeia.board import period
from ctdppeia.board.answers import share_of, to_answer, unanswered
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardConcernAck, Review, User
from ctdppeia.reviews.confirmation import ConfirmationRefused, ConfirmationStep, Confirming
from ctdppeia.reviews.errors import Problem
from ctdppeia.reviews.flags import review_flags

ACK_NOTE = 1_000  # the approver's note on a concern
SHARE_ENDPOINT = "board.share"  # where a review is shared from
LISTED = 10  # unanswered comments named one by one; more are one line


def today() -> date:
    """Today in Connecticut: a comment period opens and closes on Connecticut days."""
    return period.today()


def needs_board(review: Review) -> bool:
    """A raised flag routes the review to the Resident Advisory Board."""
    return any(flag.route == "board" for flag in review_flags(review))


def board_problems(review: Review) -> list[Problem]:
    """Why the board's part stops the review from being submitted (empty when it does not)."""
    share = share_of(review)
    answer = "board_answers.answer"
    if share is None:
        if not needs_board(review):
            return []
        text = "Share this review with the Resident Advisory Board: a raised flag asks for it"
        return [Problem(text, endpoint=SHARE_ENDPOINT)]
    problems = []
    if today() <= share.closes_on:
        closes = words.format_date(share.closes_on)
        text = f"Wait until the board's comment period closes on {closes}"
        problems.append(Problem(text, endpoint=answer))
    waiting = unanswered(review)
    if len(waiting) > LISTED:
        text = f"Answer the {len(waiting)} board comments that have no response yet"
        return [*problems, Problem(text, endpoint=answer, values={"show": "waiting"})]
    for comment in waiting:
        text = f"Answer the board comment from {comment.display_name}, {_posted(comment)}"
        anchor = f"comment-{comment.id}"
        values: dict[str, str | int] = {"comment": comment.id}
        problems.append(Problem(text, endpoint=answer, anchor=anchor, values=values))
    return problems


def _posted(comment: BoardComment) -> str:
    return f"posted {words.format_date(comment.created_at)}"


def concerns(review: Review) -> list[BoardComment]:
    """The comments marked as a concern (not hidden): the approver acknowledges each."""
    return [comment for comment in to_answer(review) if comment.is_concern]


@dataclass(frozen=True)
class AckInput:
    comment_id: int
    note: str


STEP = "board"  # the confirmation step's name and input


class ConcernsNotAcknowledged(ConfirmationRefused):
    """The approver has not acknowledged every board concern."""

    step = STEP
    title = "Acknowledge every board concern first"

    def __init__(self, errors: dict[int, str]) -> None:
        super().__init__(
            "Tick “I have read this concern and the response” for every concern, then confirm.",
            errors,
        )


def read_acks(form: Mapping[str, str], comment_ids: list[int]) -> list[AckInput]:
    """The concerns the approver ticked, with their notes."""
    return [
        AckInput(comment_id, limits.clean_text(form.get(f"ack-note-{comment_id}", "")))
        for comment_id in comment_ids
        if form.get(f"ack-{comment_id}") == "yes"
    ]


def board_acks(form: Mapping[str, str], review: Review) -> list[AckInput]:
    """The approver's acknowledgments of the review's board concerns, from the confirm form."""
    return read_acks(form, [comment.id for comment in concerns(review)])


def check_acknowledgements(review: Review, acks: list[AckInput]) -> None:
    """Raise ConcernsNotAcknowledged unless every board concern of the review has one."""
    given = {ack.comment_id: ack for ack in acks}
    errors: dict[int, str] = {}
    for comment in concerns(review):
        ack = given.get(comment.id)
        if ack is None:
            errors[comment.id] = "Tick the box to say you read this concern and the response."
        elif len(ack.note) > ACK_NOTE:
            errors[comment.id] = limits.too_long(len(ack.note), ACK_NOTE)
    if errors:
        raise ConcernsNotAcknowledged(errors)


def acknowledge_concerns(user: User, review: Review, acks: list[AckInput]) -> None:
    """Store the approver's acknowledgments (inside the confirmation's transaction); raise
    ConcernsNotAcknowledged unless every concern has one."""
    check_acknowledgements(review, acks)
    given = {ack.comment_id: ack for ack in acks}
    for comment in concerns(review):
        note = limits.clean_text(given[comment.id].note).strip() or None
        row = BoardConcernAck(comment_id=comment.id, acknowledged_by_id=user.id, note=note)
        db.session.add(row)
        audit.record(
            user,
            "board.concern_acknowledged",
            row,
            scope=review,
            changes={f"comment {comment.id}": (None, note or "Read")},
            summary=f"Acknowledged the board concern in comment {comment.id}",
        )


def _check_step(review: Review, confirming: Confirming) -> None:
    check_acknowledgements(review, list(confirming.input_for(STEP, ())))


def _acknowledge_step(review: Review, confirming: Confirming) -> None:
    acknowledge_concerns(confirming.approver, review, list(confirming.input_for(STEP, ())))


# The approver acknowledges every concern on the confirm page: read from the form, checked
# before signing, stored before the lock.
confirmation_step = ConfirmationStep(
    read_input=board_acks, check=_check_step, before_lock=_acknowledge_step
)
