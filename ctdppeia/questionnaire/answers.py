"""Answer values: what fits each question type, and turning form input into typed answers.

    yesno, choice     str (an option value)
    multi             list[str] (option values, each once)
    text, longtext    str
    number            int or float
    date              str, an ISO date 'YYYY-MM-DD'

None, an empty (or blank) string and an empty list all mean "unanswered". Text answers have a
length limit (`ctdppeia.limits`): a longer answer is refused, never cut short.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date
from typing import TypeGuard

from ctdppeia.limits import LONG_TEXT, TEXT_ANSWER, too_long
from ctdppeia.questionnaire.conditions import AnswerValue
from ctdppeia.questionnaire.model import Question

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_LENGTH = {"text": TEXT_ANSWER, "longtext": LONG_TEXT}
_TYPE_NAMES = {
    "yesno": "a yes or no question",
    "choice": "a question with one answer",
    "multi": "a question that allows several answers",
    "text": "a text question",
    "longtext": "a text question",
    "number": "a number question",
    "date": "a date question",
}


class AnswerTooLong(ValueError):
    """A text answer over its length limit (the message says how long it is and the limit)."""


def is_answered(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple):
        return bool(value)
    return True


def is_iso_date(text: str) -> bool:
    if not ISO_DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def validate_answer(question: Question, value: object) -> str | None:
    """None when `value` fits `question` (or is unanswered); otherwise a plain message."""
    if not is_answered(value):
        return None
    if question.type == "multi":
        return _check_multi(question, value)
    if isinstance(value, list | tuple):
        return f"only one answer is allowed: this is {_TYPE_NAMES[question.type]}"
    if question.type == "number":
        if not is_number(value) or not math.isfinite(value):
            return f"{_show(value)} is not a number"
        return _check_bounds(question, value)
    if not isinstance(value, str):
        return f"{_show(value)} is not text; the answer must be text"
    if question.type in ("yesno", "choice") and value not in question.option_values:
        return f"{_show(value)} is not one of the answers offered ({_choices(question)})"
    if question.type == "date" and not is_iso_date(value):
        return f"{_show(value)} is not a date written as YYYY-MM-DD, like 2026-01-31"
    limit = MAX_LENGTH.get(question.type)
    if limit is not None and len(value) > limit:
        return too_long(len(value), limit)
    return None


def _check_bounds(question: Question, value: float) -> str | None:
    low, high = question.min, question.max
    if (low is not None and value < low) or (high is not None and value > high):
        return f"{_show(value)} is not allowed here: {bounds_text(question)}"
    return None


def bounds_text(question: Question) -> str:
    """The allowed range of a number question in words, like "enter a number from 0 to 10"."""
    low, high = question.min, question.max
    if low is not None and high is not None:
        return f"enter a number from {_show(low)} to {_show(high)}"
    if low is not None:
        return f"enter a number of at least {_show(low)}"
    if high is not None:
        return f"enter a number no larger than {_show(high)}"
    return "enter a number"


def out_of_bounds(question: Question, value: object) -> bool:
    """True for a number answer outside the question's min= and max=."""
    return is_number(value) and _check_bounds(question, value) is not None


def _check_multi(question: Question, value: object) -> str | None:
    if not isinstance(value, list | tuple):
        return "this question allows several answers, so the answer must be a list"
    seen: set[object] = set()
    for item in value:
        if not isinstance(item, str) or item not in question.option_values:
            return f"{_show(item)} is not one of the answers offered ({_choices(question)})"
        if item in seen:
            return f"{_show(item)} is chosen twice"
        seen.add(item)
    return None


def _choices(question: Question) -> str:
    return ", ".join(question.option_values)


def _show(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def coerce_answer(question: Question, raw: str | Sequence[str] | None) -> AnswerValue | None:
    """Turn form input (text, or a list of texts for multi) into the typed answer.

    Returns None for an empty answer. Raises ValueError with a plain message when the input
    does not fit the question (AnswerTooLong when it is text over the limit).
    """
    value = _coerce(question, raw)
    problem = validate_answer(question, value)
    if problem:
        limit = MAX_LENGTH.get(question.type)
        over = limit is not None and isinstance(value, str) and len(value) > limit
        raise (AnswerTooLong if over else ValueError)(problem)
    return value if is_answered(value) else None


def _coerce(question: Question, raw: str | Sequence[str] | None) -> AnswerValue | None:
    if raw is None:
        return None
    if question.type == "multi":
        items = [raw] if isinstance(raw, str) else list(raw)
        return [item.strip() for item in items if item.strip()]
    if not isinstance(raw, str):
        return list(raw)  # validate_answer explains why a list does not fit
    if question.type == "number":
        return _parse_number(raw.strip())
    return raw if question.type == "longtext" else raw.strip()


def _parse_number(text: str) -> int | float | str | None:
    if not text:
        return None
    cleaned = text.replace(",", "").replace("_", "")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        number = float(cleaned)
    except ValueError:
        return text
    return number if math.isfinite(number) else text
