"""Warnings about a questionnaire that loads: things to improve that do not stop it working.
`questionnaires check` prints them as `file:line:col: warning: ...` and still passes."""

from __future__ import annotations

from collections.abc import Iterator

from ctdppeia.questionnaire.conditions import AnswerCheck, Condition, Not
from ctdppeia.questionnaire.errors import QuestionnaireError
from ctdppeia.questionnaire.model import Questionnaire


def questionnaire_warnings(questionnaire: Questionnaire) -> list[QuestionnaireError]:
    """Every warning about the file, in file order."""
    found = _no_resident_texts(questionnaire) + _raised_by_missing_answers(questionnaire)
    return sorted(found, key=lambda warning: (warning.line, warning.col))


def _no_resident_texts(questionnaire: Questionnaire) -> list[QuestionnaireError]:
    if any(flag.resident for flag in questionnaire.flags):
        return []  # the parser requires the rest
    seen = [flag for flag in questionnaire.flags if flag.board_visible]
    if not seen:
        return []
    message = (
        f"no flag has a 'resident:' text, so the Resident Advisory Board sees only the titles "
        f'of the {len(seen)} flags it can see; give each of them one (README, "Flags")'
    )
    return [QuestionnaireError(questionnaire.filename, 1, 1, message)]


def _raised_by_missing_answers(questionnaire: Questionnaire) -> list[QuestionnaireError]:
    """Flags whose condition is met by a question having no answer (`Q is unanswered`, or
    `not (Q is answered)`): the question belongs in the list of questions not answered."""
    found = []
    for flag in questionnaire.flags:
        for qid in dict.fromkeys(_missing_answer_tests(flag.when, positive=True)):
            message = (
                f"flag '{flag.id}' is raised because question '{qid}' has no answer; a missing "
                f"answer is listed once as not answered, so make '{qid}' required (or give it "
                'a show-if) instead of raising a flag (README, "Conditions")'
            )
            found.append(QuestionnaireError(questionnaire.filename, flag.line, 1, message))
    return found


def _missing_answer_tests(condition: Condition, positive: bool) -> Iterator[str]:
    if isinstance(condition, AnswerCheck):
        if condition.answered != positive:
            yield condition.question
        return
    flip = isinstance(condition, Not)
    for child in condition.children():
        yield from _missing_answer_tests(child, positive != flip)
