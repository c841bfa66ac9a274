"""Answers and times in words, the same on the pages and in the snapshot."""

from datetime import UTC, date, datetime

from ctdppeia import words
from ctdppeia.questionnaire import Question

NOT_ASKED = words.NOT_ASKED
NO_ANSWER = words.NO_ANSWER
SEVERITY_WORDS = words.SEVERITY
RATING_WORDS = words.RATING
CATEGORY_WORDS = words.CATEGORY
ROUTE_WORDS = words.ROUTE


def format_number(value: int | float) -> str:
    """A number as text, without a float's noise (0.75, not 0.7500000001; 12, not 12.0)."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.10g}"


def format_answer(question: Question, value: object) -> str | None:
    """The answer as a person reads it; None when unanswered."""
    if value is None or value == "" or value == []:
        return None
    if question.type == "multi" and isinstance(value, list):
        return "; ".join(question.option_label(str(v)) or str(v) for v in value)
    if question.type in ("yesno", "choice"):
        return question.option_label(str(value)) or str(value)
    if question.type == "number" and isinstance(value, int | float):
        return format_number(value)
    if question.type == "date" and isinstance(value, str):
        try:
            return words.format_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def form_text(question: Question, value: object) -> object:
    """The stored answer as a form field holds it (numbers as text)."""
    if value is None:
        return [] if question.type == "multi" else None
    if question.type == "number" and isinstance(value, int | float):
        return format_number(value)
    return value


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, to the second: 2026-11-02T14:03:00Z."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
