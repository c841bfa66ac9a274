"""The recommendation asked once: when the questionnaire itself asks for it, its answer is the
review's recommendation and the submit page shows it instead of asking again.

The recommendation question is the `choice` question whose option values are all
recommendation values (`approve`, `approve-with-conditions`, `return`, `deny`), `approve` among
them. Its conditions are the first `text` or `longtext` question whose `show-if` names it.
"""

from dataclasses import dataclass

from ctdppeia.models import RECOMMENDATIONS
from ctdppeia.questionnaire import Question, Questionnaire
from ctdppeia.reviews.errors import Problem
from ctdppeia.reviews.state import ReviewContext

NEEDS_CONDITIONS = ("approve-with-conditions", "return")


@dataclass(frozen=True)
class Asked:
    """Where the questionnaire asks for the recommendation, and what was answered."""

    question: Question
    conditions_question: Question | None
    recommendation: str  # "" while unanswered
    conditions: str

    @property
    def label(self) -> str:
        return RECOMMENDATIONS.get(self.recommendation, "")


def recommendation_question(questionnaire: Questionnaire) -> Question | None:
    for question in questionnaire.questions:
        values = set(question.option_values)
        if question.type == "choice" and "approve" in values and values <= set(RECOMMENDATIONS):
            return question
    return None


def conditions_question(questionnaire: Questionnaire, asked: Question) -> Question | None:
    for question in questionnaire.questions:
        shown_for = question.show_if.question_ids() if question.show_if else ()
        if question.type in ("text", "longtext") and asked.id in shown_for:
            return question
    return None


def asked_in(context: ReviewContext) -> Asked | None:
    """The recommendation as answered in the questionnaire, or None when it does not ask."""
    question = recommendation_question(context.questionnaire)
    if question is None:
        return None
    conditions = conditions_question(context.questionnaire, question)
    answers = context.evaluation.answers
    text = answers.get(conditions.id, "") if conditions else ""
    return Asked(question, conditions, str(answers.get(question.id, "")), str(text).strip())


def problems(context: ReviewContext) -> list[Problem]:
    """A missing recommendation, or conditions missing for "Approve with conditions"."""
    asked = asked_in(context)
    if asked is None:
        return []
    section = context.questionnaire.section_of(asked.question.id)
    if not asked.recommendation:
        text = f"{section.title}: answer “{asked.question.label}”"
        return [Problem(text, section_id=section.id, question_id=asked.question.id)]
    if asked.recommendation in NEEDS_CONDITIONS and not asked.conditions:
        target = asked.conditions_question or asked.question
        text = f"{section.title}: write the conditions or changes for “{asked.label}”"
        return [Problem(text, section_id=section.id, question_id=target.id)]
    return []
