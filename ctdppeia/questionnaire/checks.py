"""Checks across the whole file: ids, conditions against the questions, show-if cycles."""

from __future__ import annotations

from collections.abc import Mapping

from ctdppeia.questionnaire.answers import is_iso_date
from ctdppeia.questionnaire.conditions import (
    ORDER_OPS,
    AnswerCheck,
    Comparison,
    Condition,
    Includes,
    Membership,
    Test,
)
from ctdppeia.questionnaire.condparse import KEYWORDS
from ctdppeia.questionnaire.errors import ErrorList, QuestionnaireError
from ctdppeia.questionnaire.flags import Place, RawFlag
from ctdppeia.questionnaire.headings import did_you_mean
from ctdppeia.questionnaire.model import Questionnaire
from ctdppeia.questionnaire.questions import RawQuestion, RawSection

_KINDS = {
    "yesno": "a yes/no question",
    "choice": "a choice question",
    "multi": "a multi question",
    "text": "a text question",
    "longtext": "a longtext question",
    "number": "a number question",
    "date": "a date question",
}


def check_questionnaire(
    sections: list[RawSection], flags: list[RawFlag], errors: ErrorList
) -> None:
    questions = _check_ids(sections, errors)
    checker = _ConditionChecker(questions, {s.info.id for s in sections if s.info.id}, errors)
    for section in sections:
        _check_section_show_if(section, checker, errors)
    for question in questions.values():
        if question.show_if is not None:
            owner = f"the show-if of question '{question.id}'"
            checker.check(question.show_if, owner, question.show_if_place)
    for flag in flags:
        if flag.when is not None:
            owner = f"flag '{flag.id}'" if flag.id else "this flag block"
            checker.check(flag.when, owner, flag.when_place)
    _check_cycles(questions, errors)


def _check_section_show_if(
    section: RawSection, checker: _ConditionChecker, errors: ErrorList
) -> None:
    """A section's show-if is checked like a question's, and may not use its own questions
    (each of them would depend on itself)."""
    if section.show_if is None or section.show_if_place is None:
        return
    checker.check(
        section.show_if, f"the show-if of section '{section.info.id}'", section.show_if_place
    )
    own = {question.id for question in section.questions}
    for qid in section.show_if.question_ids():
        if qid in own:
            errors.add(
                *section.show_if_place.at(0),
                f"the show-if of section '{section.info.id}' uses question '{qid}', which is in "
                "that section: a section can only depend on questions of other sections",
            )


def _check_ids(sections: list[RawSection], errors: ErrorList) -> dict[str, RawQuestion]:
    """Report duplicate and reserved ids; return the usable questions by id."""
    first_line: dict[str, int] = {}
    questions: dict[str, RawQuestion] = {}
    items: list[tuple[RawSection | RawQuestion, bool]] = []
    for section in sections:
        items.append((section, False))
        items.extend((question, True) for question in section.questions)
    for item, is_question in items:
        info = item.info
        if not info.id:
            continue
        if info.id in first_line:
            errors.add(
                info.line,
                info.col("id"),
                f"the id '{info.id}' is already used on line {first_line[info.id]}",
            )
            continue
        first_line[info.id] = info.line
        if is_question and info.id in KEYWORDS:
            errors.add(
                info.line,
                info.col("id"),
                f"'{info.id}' cannot be a question id because conditions use that word",
            )
        elif is_question and info.type and isinstance(item, RawQuestion):
            questions[info.id] = item
    return questions


class _ConditionChecker:
    """Checks every test in a condition against the questions it names."""

    def __init__(
        self, questions: dict[str, RawQuestion], section_ids: set[str], errors: ErrorList
    ) -> None:
        self.questions = questions
        self.section_ids = section_ids
        self.errors = errors

    def check(self, condition: Condition, owner: str, place: Place) -> None:
        for test in condition.leaves():
            problem, pos = self.problem(test, owner)
            if problem:
                self.errors.add(*place.at(pos), problem)

    def problem(self, test: Test, owner: str) -> tuple[str | None, int]:
        question = self.questions.get(test.question)
        if question is None:
            return self.unknown(test.question, owner), test.pos
        kind = question.info.type or ""
        misfit = _operator_misfit(test, kind, owner)
        if misfit:
            return misfit, test.pos
        for value in test.values:
            problem = _value_misfit(question, value.text, value.kind, owner)
            if problem:
                return problem, value.pos
        return None, 0

    def unknown(self, qid: str, owner: str) -> str:
        message = f"{owner} uses question '{qid}', which this questionnaire does not have"
        if qid in self.section_ids:
            return f"{message} ('{qid}' is a section, and conditions can only use questions)"
        return message + did_you_mean(qid, list(self.questions))


def _operator_misfit(test: Test, kind: str, owner: str) -> str | None:
    qid, what = test.question, _KINDS.get(kind, "a question")
    if isinstance(test, AnswerCheck):
        return None
    if isinstance(test, Includes):
        if kind == "multi":
            return None
        return (
            f"{owner} uses 'includes' on question '{qid}', which is {what}; 'includes' is only "
            "for questions that allow several answers (type=multi): use = or in instead"
        )
    operator = test.op if isinstance(test, Comparison) else _membership_word(test)
    if kind == "multi":
        return (
            f"{owner} uses '{operator}' on question '{qid}', which allows several answers: "
            f"use 'includes' instead, like '{qid} includes value' or "
            f"'{qid} includes any [value1, value2]'"
        )
    if operator in ORDER_OPS and kind not in ("number", "date"):
        return (
            f"{owner} uses '{operator}' on question '{qid}', which is {what}; "
            "<, <=, > and >= only work on number and date questions"
        )
    return None


def _membership_word(test: Test) -> str:
    return "not in" if isinstance(test, Membership) and test.negated else "in"


def _value_misfit(question: RawQuestion, text: str, kind: str, owner: str) -> str | None:
    qid, qtype = question.id, question.info.type
    if qtype in ("choice", "multi", "yesno"):
        values = (
            ("yes", "no", "unsure") if qtype == "yesno" else [o.value for o in question.options]
        )
        if text in values:
            return None
        return (
            f"{owner} compares question '{qid}' with '{text}', which is not one of its "
            f"answers ({', '.join(values)})"
        )
    if qtype == "number" and kind != "number":
        return f"{owner} compares number question '{qid}' with '{text}', which is not a number"
    if qtype == "date" and (kind != "string" or not is_iso_date(text)):
        return (
            f"{owner} compares date question '{qid}' with {text!r}, which is not a date: "
            'write dates in quotes, like "2026-01-31"'
        )
    return None


def _check_cycles(questions: dict[str, RawQuestion], errors: ErrorList) -> None:
    """Report each circle of show-if conditions once, at the show-if where it starts."""
    state: dict[str, int] = {}  # 1 = being visited, 2 = done
    for start in questions:
        if start in state:
            continue
        path = [start]
        stack = [iter(_depends_on(questions[start], questions))]
        state[start] = 1
        while stack:
            child = next(stack[-1], None)
            if child is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(child) == 1:
                _report_cycle(path[path.index(child) :], questions, errors)
            elif child not in state:
                state[child] = 1
                path.append(child)
                stack.append(iter(_depends_on(questions[child], questions)))


def _depends_on(question: RawQuestion, questions: dict[str, RawQuestion]) -> list[str]:
    named = [qid for condition, _ in question.conditions for qid in condition.question_ids()]
    return [qid for qid in dict.fromkeys(named) if qid in questions]


def _report_cycle(cycle: list[str], questions: dict[str, RawQuestion], errors: ErrorList) -> None:
    first = questions[cycle[0]]
    place = first.conditions[-1][1] if first.conditions else first.show_if_place
    if len(cycle) == 1:
        message = (
            f"the show-if of question '{first.id}' depends on question '{first.id}' itself, "
            "so it can never be decided"
        )
    else:
        circle = " -> ".join([*cycle, cycle[0]])
        message = (
            f"the show-if conditions go round in a circle ({circle}): a question cannot be "
            "shown depending, even through other questions, on its own answer"
        )
    errors.add(*place.at(0), message)


def check_prefill(
    questionnaire: Questionnaire, fields: Mapping[str, tuple[str, ...]]
) -> QuestionnaireError | None:
    """Check every `prefill=` against the fields its subject offers (name -> the question
    types each can fill). None when all fit; otherwise one error listing every problem."""
    lines = questionnaire.source.splitlines()
    errors = ErrorList(questionnaire.filename, len(lines))
    offered = ", ".join(sorted(fields)) or "none"
    for question in questionnaire.questions:
        name = question.prefill
        if name is None:
            continue
        text = lines[question.line - 1] if question.line <= len(lines) else ""
        col = text.find("prefill=") + len("prefill=") + 1
        if name not in fields:
            hint = did_you_mean(name, sorted(fields))
            errors.add(
                question.line,
                col,
                f"a {questionnaire.subject} has no field '{name}' to pre-fill question "
                f"'{question.id}'{hint}; the fields are: {offered}",
            )
        elif question.type not in fields[name]:
            types = " or ".join(fields[name])
            errors.add(
                question.line,
                col,
                f"the field '{name}' can pre-fill only {types} questions, and question "
                f"'{question.id}' is type={question.type}",
            )
    if not errors:
        return None
    return QuestionnaireError.of(errors.errors)
