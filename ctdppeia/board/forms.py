"""The board's forms: sharing a review, and a comment, reply or edit."""

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from ctdppeia import limits
from ctdppeia.board.services import CommentInput
from ctdppeia.formtools import CleanForm, MaxLength, SelectChoice


class ShareForm(CleanForm):
    summary = TextAreaField(
        "Plain-language summary",
        validators=[DataRequired("Write the summary."), MaxLength(limits.BOARD_SUMMARY)],
        description=(
            "For residents: what the project is, whose data it uses, and what could go well or "
            "badly. Short sentences and common words; aim for grade 8 or below. "
            "You can use Markdown: *italic*, **bold**, lists."
        ),
    )
    title_es = StringField(
        "Title in Spanish (optional)",
        validators=[Optional(), MaxLength(limits.BOARD_TITLE)],
        description="Board members who read Spanish see it in place of the project's title.",
    )
    summary_es = TextAreaField(
        "Summary in Spanish (optional)",
        validators=[Optional(), MaxLength(limits.BOARD_SUMMARY)],
        description="The same summary in Spanish, if you have one.",
    )
    opens_on = DateField("Comments open on", validators=[InputRequired("Give the open date.")])
    closes_on = DateField("Comments close on", validators=[InputRequired("Give the close date.")])


class SummaryForm(CleanForm):
    """After sharing only the summaries may change (the period is fixed)."""

    summary = ShareForm.summary
    title_es = ShareForm.title_es
    summary_es = ShareForm.summary_es


# Where a name goes once shown: said on every form that asks for it.
NAME_HINT = _l(
    "If you tick this box, your name will show in three places. They are the board's pages, "
    "the signed PDF of the review, and the public record. Anyone can read the public record. "
    "If you do not tick it, you show as “Board member” in all three places. "
    "You can take your name off until the review is signed."
)


class ReplyForm(CleanForm):
    body = TextAreaField(
        _l("Your reply"),
        validators=[DataRequired(_l("Write your reply.")), MaxLength(limits.BOARD_COMMENT)],
    )
    show_name = BooleanField(_l("Show my name"), description=NAME_HINT)

    def data_input(self) -> CommentInput:
        return CommentInput(self.body.data or "", bool(self.show_name.data))


class CommentForm(ReplyForm):
    body = TextAreaField(
        _l("Your comment"),
        validators=[DataRequired(_l("Write your comment.")), MaxLength(limits.BOARD_COMMENT)],
        description=_l("You can use *stars* for italic, **two stars** for bold, and - for a list."),
    )
    show_name = BooleanField(_l("Show my name"), description=NAME_HINT)
    concern = SelectField(
        _l("Is this a concern about one flag or question?"),
        choices=[],
        validate_choice=True,
    )

    def offer(self, choices: Sequence[tuple[str, str] | SelectChoice]) -> "CommentForm":
        """The concern's choices; SelectChoice ones may name the group they show in."""
        self.concern.choices = [
            c if isinstance(c, SelectChoice) else SelectChoice(*c) for c in choices
        ]
        return self

    def data_input(self) -> CommentInput:
        kind, _, target = (self.concern.data or "").partition(":")
        return CommentInput(
            self.body.data or "",
            bool(self.show_name.data),
            target if kind == "flag" else None,
            target if kind == "question" else None,
        )


class NameForm(CleanForm):
    """Take one's name off a comment: nothing to fill in but the CSRF token."""


def comment_defaults(comment: Any) -> dict[str, Any]:
    """An edit form starts from the comment as it is."""
    concern = ""
    if comment.concern_flag_id:
        concern = f"flag:{comment.concern_flag_id}"
    elif comment.concern_question_id:
        concern = f"question:{comment.concern_question_id}"
    return {"body": comment.body, "show_name": comment.show_name, "concern": concern}
