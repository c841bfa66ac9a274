"""Answers a new review takes from its subject (`prefill=NAME` on a question), so a fact the
request already holds is never asked twice.

A question the Resident Advisory Board reads (`board`) that takes free text (`text`,
`longtext`) is never filled from the subject: the subject's own words (a request's purpose, a
use case's description) are not shared with the board and may hold what residents must not
read. Its section shows the subject's text beside it instead, for the reviewer to copy what
fits into words meant for residents (`suggestions`)."""

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
        if is_board_text(question):
            continue
        value = as_answer(question, adapter.prefill_value(subject, question.prefill))
        if value is not None:
            answers[question.id] = value
    return answers


def is_board_text(question: Question) -> bool:
    """A free-text answer the board reads: never filled from the subject's own words."""
    return question.board and question.type in ("text", "longtext")


def suggestions(adapter: SubjectAdapter, subject: Any, questions: list[Question]) -> dict[str, str]:
    """question id -> the subject's text for each board free-text question with `prefill=`,
    shown beside the question to staff only."""
    found: dict[str, str] = {}
    for question in questions:
        if not is_board_text(question) or question.prefill not in adapter.prefill_fields:
            continue
        value = adapter.prefill_value(subject, question.prefill or "")
        if isinstance(value, str) and value.strip():
            found[question.id] = value
    return found


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
