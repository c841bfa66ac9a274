"""Conditions in words, for reviewers and residents: `P4 = no` -> '"Did residents ...?" is No'."""

from __future__ import annotations

from ctdppeia.questionnaire.conditions import (
    And,
    AnswerCheck,
    Comparison,
    Condition,
    Includes,
    Membership,
    Not,
    Or,
    Test,
    Value,
)
from ctdppeia.questionnaire.model import Question, Questionnaire

_WORDS = {
    "=": "is",
    "!=": "is not",
    "<": "is less than",
    "<=": "is at most",
    ">": "is more than",
    ">=": "is at least",
}
_DATE_WORDS = {"<": "is before", "<=": "is on or before", ">": "is after", ">=": "is on or after"}


def describe(condition: Condition, questionnaire: Questionnaire | None = None) -> str:
    """The condition in words, using question and option labels when a questionnaire is given.

    Without a questionnaire this is the canonical text, `str(condition)`.
    """
    if questionnaire is None:
        return str(condition)
    return _Describer(questionnaire).text(condition)


class _Describer:
    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire

    def text(self, condition: Condition, nested: bool = False) -> str:
        if isinstance(condition, Test):
            return self.test(condition)
        if isinstance(condition, Not):
            return f"not ({self.text(condition.operand)})"
        assert isinstance(condition, And | Or)
        word = " and " if isinstance(condition, And) else " or "
        joined = word.join(self.text(part, nested=True) for part in condition.operands)
        return f"({joined})" if nested else joined

    def question(self, qid: str) -> Question | None:
        if self.questionnaire.has_question(qid):
            return self.questionnaire.question(qid)
        return None

    def test(self, test: Test) -> str:
        question = self.question(test.question)
        subject = f'"{question.label}"' if question else test.question
        values = [self.value(question, value) for value in test.values]
        if isinstance(test, AnswerCheck):
            return f"{subject} is {'answered' if test.answered else 'not answered'}"
        if isinstance(test, Includes):
            many = "any of " if test.any_list else ""
            return f"{subject} includes {many}{', '.join(values)}"
        if isinstance(test, Membership):
            verb = "is not" if test.negated else "is"
            one_of = " one of" if len(values) > 1 else ""
            return f"{subject} {verb}{one_of} {', '.join(values)}"
        assert isinstance(test, Comparison)
        is_date = question is not None and question.type == "date"
        word = _DATE_WORDS.get(test.op) if is_date else None
        return f"{subject} {word or _WORDS[test.op]} {values[0]}"

    @staticmethod
    def value(question: Question | None, value: Value) -> str:
        label = question.option_label(value.text) if question else None
        return label if label is not None else str(value)
