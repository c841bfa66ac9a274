"""The forms of the board's answers: answering comments (one form, a response per comment),
hiding a comment and asking who wrote it. The approver's acknowledgments are read by the
board's confirmation step (`gate.board_acks`)."""

from collections.abc import Mapping

from wtforms import TextAreaField
from wtforms.validators import DataRequired

from ctdppeia import limits
from ctdppeia.board.answers import AnswerInput
from ctdppeia.formtools import CleanForm, MaxLength


class AnswerForm(CleanForm):
    """The CSRF token; the responses are fields named per comment (see `read_answers`)."""


class HideForm(CleanForm):
    reason = TextAreaField(
        "Why is this comment hidden?",
        validators=[
            DataRequired("Say why the comment is hidden. The thread and the author will see it."),
            MaxLength(limits.BOARD_HIDDEN_REASON),
        ],
        description="Everyone who reads the thread sees this reason, with the date.",
    )


class RevealForm(CleanForm):
    reason = TextAreaField(
        "Why do you need to know who wrote this comment?",
        validators=[
            DataRequired("Say why you need to know who wrote the comment."),
            MaxLength(limits.BOARD_HIDDEN_REASON),
        ],
        description="For example: the comment threatens someone. Do not write the person's name "
        "here: the agency's staff read this reason in the review's history.",
    )


def read_answers(form: Mapping[str, str], comment_ids: list[int]) -> list[AnswerInput]:
    """The responses typed on the page: a comment whose kind and text are both empty is left
    for later."""
    items = []
    for comment_id in comment_ids:
        kind = form.get(f"kind-{comment_id}", "")
        text = limits.clean_text(form.get(f"text-{comment_id}", ""))
        ref = form.get(f"ref-{comment_id}", "")
        if kind or text.strip():
            items.append(AnswerInput(comment_id, kind, text, ref))
    return items
