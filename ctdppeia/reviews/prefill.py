"""Answers a new review takes from its subject (`prefill=NAME` on a question), so a fact the
request already holds is never asked twice."""

from datetime import date
from typing import Any

from ctdppeia.questionnaire import Question, Questionnaire, QuestionnaireError, validate_answer
from ctdppeia.questionnaire.checks import check_prefill
from ctdppeia.reviews.subjects import SubjectAdapter, registered


def prefill_problems(questionnaire: Questionnaire) -> QuestionnaireError | None:
    """Every `prefill=` naming a field the subject does not offer, or that cannot fill the
    question's type. Unchecked (None) when no adapter for the subject is registered."""
    adapter = registered(questionnaire.subject)
    if adapter is None:
        return None
    return check_prefill(questionnaire, adapter.prefill_fields)


def prefilled_answers(
    adapter: SubjectAdapter, subject: Any, questionnaire: Questionnaire
) -> dict[str, object]:
    """question id -> the answer its subject field gives (only answers that fit)."""
    answers: dict[str, object] = {}
    for question in questionnaire.questions:
        if question.prefill is None or question.prefill not in adapter.prefill_fields:
            continue
        value = as_answer(question, adapter.prefill_value(subject, question.prefill))
        if value is not None:
            answers[question.id] = value
    return answers


def as_answer(question: Question, value: object) -> object | None:
    """The subject's value as an answer to `question`, or None when it does not fit."""
    if isinstance(value, date):
        value = value.isoformat()
    if not isinstance(value, str):
        return None
    text = value if question.type == "longtext" else value.strip()
    if not text.strip() or validate_answer(question, text) is not None:
        return None
    return text
