"""Obligations of the risk tier that the review's own answers contradict.

One table: an obligation's text, as the Responsible-AI questionnaire words it, to the answers
that say the opposite (a question and the option values that contradict it). Ticking such an
obligation "Done" is refused while one of those answers stands, naming the answer; an answer
changed after the tick stops the review from being submitted until one of the two is fixed.
Only answers the review counts (questions asked, not hidden) are compared.
"""

from dataclasses import dataclass

from ctdppeia.models import Review
from ctdppeia.reviews.state import ReviewContext, load_context


@dataclass(frozen=True)
class Contradicts:
    question: str  # the question's id
    values: tuple[str, ...]  # the option values that say the obligation is not met


FINAL_DECISION = (
    "A trained person makes every final decision about a person, and can override the system."
)
TOLD_AND_REASONS = (
    "People are told that AI is used, and can get the main reasons for a result about them."
)
APPEAL = "People can ask a person to review a result, through a published appeal route."
TRAINED = "Staff who act on the output are trained on its limits and on automation bias before use."
FALLBACK = "The service keeps working if the system is switched off (a tested fallback)."
TOLD = "People who use the system or are affected by it are told that AI is used."
MONITORING = "A monitoring plan names who checks the system, how often, and what triggers a pause."

TABLE: dict[str, tuple[Contradicts, ...]] = {
    FINAL_DECISION: (Contradicts("H1", ("none",)), Contradicts("I7", ("makes",))),
    TOLD_AND_REASONS: (Contradicts("T1", ("no",)),),
    APPEAL: (Contradicts("H3", ("no",)),),
    TRAINED: (Contradicts("O1", ("no",)),),
    FALLBACK: (Contradicts("H5", ("no",)),),
    TOLD: (Contradicts("T1", ("no",)),),
    MONITORING: (Contradicts("H5", ("no",)),),
}


def contradiction(context: ReviewContext, obligation: str) -> str | None:
    """Why `obligation` cannot be ticked "Done" given the answers (None when nothing says
    otherwise): the message names the question, its code and the answer."""
    for rule in TABLE.get(obligation, ()):
        value = context.evaluation.answers.get(rule.question)
        if value in rule.values:
            return _message(context, obligation, rule.question)
    return None


def _message(context: ReviewContext, obligation: str, question_id: str) -> str:
    label = context.questionnaire.question(question_id).label
    answer = context.answer_text(question_id)
    return (
        f"“{obligation}” cannot be ticked as done: the answer to {question_id} “{label}” is "
        f"“{answer}”. Change that answer, or untick it and explain how it will be met."
    )


def contradictions(review: Review, ticked: list[str]) -> dict[str, str]:
    """The ticked obligations the review's answers contradict, each with its message."""
    context = load_context(review)
    found = {text: contradiction(context, text) for text in ticked}
    return {text: message for text, message in found.items() if message is not None}
