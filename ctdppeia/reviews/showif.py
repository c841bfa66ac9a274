"""Show-if conditions as JSON, so the section page's script can show a following question the
moment its answer is given (the server still decides on every save)."""

from typing import Any

from ctdppeia.questionnaire import (
    And,
    AnswerCheck,
    Comparison,
    Condition,
    Includes,
    Membership,
    Not,
    Or,
    Section,
    Value,
)
from ctdppeia.reviews.state import ReviewContext


def _value(value: Value) -> dict[str, str]:
    return {"k": value.kind, "x": value.text}


def condition_json(condition: Condition) -> dict[str, Any]:
    """A small tree static/js/review-section.js evaluates like `Condition.holds`."""
    if isinstance(condition, Comparison):
        return {
            "t": "cmp",
            "q": condition.question,
            "op": condition.op,
            "v": _value(condition.value),
        }
    if isinstance(condition, Membership):
        values = [_value(v) for v in condition.choices]
        return {"t": "in", "q": condition.question, "vs": values, "neg": condition.negated}
    if isinstance(condition, Includes):
        return {"t": "inc", "q": condition.question, "vs": [_value(v) for v in condition.choices]}
    if isinstance(condition, AnswerCheck):
        return {"t": "ans", "q": condition.question, "a": condition.answered}
    if isinstance(condition, Not):
        return {"t": "not", "c": condition_json(condition.operand)}
    if isinstance(condition, And | Or):
        kind = "and" if isinstance(condition, And) else "or"
        return {"t": kind, "cs": [condition_json(c) for c in condition.operands]}
    raise TypeError(f"unknown condition {condition!r}")


def section_rules(context: ReviewContext, section: Section) -> dict[str, Any]:
    """What the script needs: the section's questions in the order their conditions are
    decided, their types, each condition, and the counted answers of the other sections."""
    asked = {question.id for question in section.questions}
    order = [q for q in context.questionnaire.show_order if q.id in asked]
    return {
        "order": [q.id for q in order],
        "types": {q.id: q.type for q in order},
        "rules": {q.id: condition_json(q.show_if) for q in order if q.show_if is not None},
        "known": {k: v for k, v in context.evaluation.answers.items() if k not in asked},
    }
