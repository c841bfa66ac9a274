"""Answers -> which questions are asked, what is still missing, which flags are raised."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ctdppeia.questionnaire.answers import is_answered, validate_answer
from ctdppeia.questionnaire.conditions import AnswerValue
from ctdppeia.questionnaire.model import Flag, Questionnaire, severity_rank
from ctdppeia.questionnaire.reason import rating_reason


@dataclass(frozen=True)
class RaisedFlag:
    """A flag whose condition holds, with the answers it looked at.

    `answers` maps every question the flag's condition mentions (in questionnaire order) to its
    answer, or to None when that question is unanswered or hidden. `covers` names the flags
    it replaces whose conditions hold too (they are not raised: this flag says it for them).
    """

    flag: Flag
    answers: Mapping[str, AnswerValue | None]
    covers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evaluation:
    visible: tuple[str, ...]  # question ids, in questionnaire order
    hidden: tuple[str, ...]
    missing_required: tuple[str, ...]  # visible, required and unanswered
    flags: tuple[RaisedFlag, ...]  # every raised flag: highest severity first, then file order
    rating: str | None  # the highest severity among raised `risk` flags
    routes: tuple[str, ...]  # distinct routes, in the order of `flags`
    answers: Mapping[str, AnswerValue]  # the answers that count: visible and fitting
    risks: tuple[RaisedFlag, ...] = ()  # the raised `risk` flags, in the order of `flags`
    gaps: tuple[RaisedFlag, ...] = ()  # the raised `gap` flags, in the order of `flags`
    obligations: tuple[str, ...] = ()  # what a case at `rating` must do (from the ratings)
    rating_reason: str | None = None  # "High because ...": the risk flags that set the rating


def visible_answers(
    questionnaire: Questionnaire, answers: Mapping[str, object]
) -> tuple[dict[str, AnswerValue], set[str]]:
    """(the answers of visible questions, the ids of hidden questions).

    Answers to unknown questions, empty answers and answers that do not fit their question
    are left out. A question is hidden when its show-if does not hold, judged on the answers
    of visible questions only, so hiding carries through chains of show-ifs.
    """
    counted: dict[str, AnswerValue] = {}
    hidden: set[str] = set()
    for question in questionnaire.show_order:
        if question.show_if is not None and not question.show_if.holds(counted):
            hidden.add(question.id)
            continue
        value = answers.get(question.id)
        if is_answered(value) and validate_answer(question, value) is None:
            counted[question.id] = _copy(value)
    return counted, hidden


def _copy(value: object) -> AnswerValue:
    if isinstance(value, list | tuple):
        return list(value)
    return value  # type: ignore[return-value]  # validate_answer has accepted it


def evaluate(questionnaire: Questionnaire, answers: Mapping[str, object]) -> Evaluation:
    """Evaluate a set of answers (question id -> value; see `answers.py` for the values)."""
    counted, hidden = visible_answers(questionnaire, answers)
    ids = [question.id for question in questionnaire.questions]
    visible = tuple(qid for qid in ids if qid not in hidden)
    missing = tuple(
        qid for qid in visible if questionnaire.question(qid).required and qid not in counted
    )
    holding = [flag for flag in questionnaire.flags if flag.when.holds(counted)]
    replaced = {other for flag in holding for other in flag.replaces}
    raised = [flag for flag in holding if flag.id not in replaced]
    raised.sort(key=lambda flag: -severity_rank(flag.severity))  # stable: keeps file order
    order = {qid: index for index, qid in enumerate(ids)}
    held = {flag.id for flag in holding}
    flags = tuple(_raise(flag, counted, order, held) for flag in raised)
    risks = tuple(item for item in flags if not item.flag.is_gap)
    rating = risks[0].flag.severity if risks else None
    setting = [item.flag.title for item in risks if item.flag.severity == rating]
    return Evaluation(
        visible=visible,
        hidden=tuple(qid for qid in ids if qid in hidden),
        missing_required=missing,
        flags=flags,
        rating=rating,
        routes=tuple(dict.fromkeys(flag.route for flag in raised if flag.route)),
        answers=MappingProxyType(counted),
        risks=risks,
        gaps=tuple(item for item in flags if item.flag.is_gap),
        obligations=questionnaire.obligations.get(rating, ()) if rating else (),
        rating_reason=rating_reason(rating, setting),
    )


def _raise(
    flag: Flag, counted: dict[str, AnswerValue], order: dict[str, int], held: set[str]
) -> RaisedFlag:
    mentioned = sorted(flag.when.question_ids(), key=lambda qid: order.get(qid, len(order)))
    answers = MappingProxyType({qid: counted.get(qid) for qid in mentioned})
    return RaisedFlag(flag, answers, tuple(other for other in flag.replaces if other in held))
