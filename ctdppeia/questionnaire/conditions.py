"""The condition language as data: an immutable syntax tree that can be evaluated and printed.

`str(condition)` gives the canonical text, and parsing that text gives back an equal tree.

Evaluation takes the answers of the *visible* questions only (see `evaluate.py`). A test on a
question that has no answer there (unanswered or hidden) is *not known*, whatever the
operator: `Q = x`, `Q != x`, `Q not in [...]` and `Q includes x` alike. `not` of what is not
known is not known, so `not (Q = x)` says nothing while Q is unanswered. `and` is false as soon
as one side is false, and `or` true as soon as one side is true; otherwise what is not known
stays not known (the three-valued logic of SQL's NULL). A condition *holds* only when it is
true: a flag is raised, or a question shown, only on answers given. `Q is answered` and
`Q is unanswered` are always known (a hidden question is unanswered).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import ClassVar, Literal

AnswerValue = str | int | float | list[str]
Answers = Mapping[str, AnswerValue]

ValueKind = Literal["slug", "number", "string"]
ORDER_OPS = ("<", "<=", ">", ">=")

# Precedence used when printing: higher binds tighter.
_OR, _AND, _NOT, _ATOM = 1, 2, 3, 4


def _is_number(answer: object) -> bool:
    return isinstance(answer, int | float) and not isinstance(answer, bool)


@dataclass(frozen=True)
class Value:
    """A value written in a condition: a slug (`no`), a number (`11`) or quoted text."""

    kind: ValueKind
    text: str
    pos: int = field(default=0, compare=False, repr=False)

    def __str__(self) -> str:
        if self.kind != "string":
            return self.text
        quote = "'" if '"' in self.text else '"'
        return f"{quote}{self.text}{quote}"

    def matches(self, answer: object) -> bool:
        """True when a single answer equals this value."""
        if isinstance(answer, str):
            return answer == self.text
        return self.kind == "number" and _is_number(answer) and answer == float(self.text)

    def order(self, answer: object) -> int | None:
        """-1, 0 or 1 as the answer is below, equal to or above this value; None if unlike."""
        bound: float | str
        if self.kind == "number" and _is_number(answer):
            bound = float(self.text)
        elif self.kind == "string" and isinstance(answer, str):
            bound = self.text  # ISO dates sort as text
        else:
            return None
        # both numbers or both strings, which `answer: object` cannot say
        return (answer > bound) - (answer < bound)  # type: ignore[operator]


Truth = bool | None  # None: not known, because a question it tests has no answer


class Condition:
    """Base of every node. `holds` and `truth` take the answers of visible questions only."""

    precedence: ClassVar[int] = _ATOM

    def holds(self, answers: Answers) -> bool:
        """True only when the condition is known to be true."""
        return self.truth(answers) is True

    def truth(self, answers: Answers) -> Truth:
        """True, False, or None when it depends on a question that has no answer."""
        raise NotImplementedError

    def children(self) -> tuple[Condition, ...]:
        return ()

    def leaves(self) -> Iterator[Test]:
        """Every test on a question, left to right."""
        for child in self.children():
            yield from child.leaves()

    def question_ids(self) -> tuple[str, ...]:
        """The question ids the condition mentions, each once, in order of mention."""
        return tuple(dict.fromkeys(leaf.question for leaf in self.leaves()))


@dataclass(frozen=True)
class Test(Condition):
    """A test on one question's answer."""

    question: str
    pos: int = field(default=0, compare=False, repr=False, kw_only=True)

    def leaves(self) -> Iterator[Test]:
        yield self

    @property
    def values(self) -> tuple[Value, ...]:
        return ()


@dataclass(frozen=True)
class Comparison(Test):
    """`Q = v`, `Q != v`, `Q < v`, `Q <= v`, `Q > v`, `Q >= v`."""

    op: str
    value: Value

    def truth(self, answers: Answers) -> Truth:
        answer = answers.get(self.question)
        if answer is None:
            return None
        if self.op == "=":
            return self.value.matches(answer)
        if self.op == "!=":
            return not isinstance(answer, list) and not self.value.matches(answer)
        order = self.value.order(answer)
        if order is None:
            return False
        return {"<": order < 0, "<=": order <= 0, ">": order > 0, ">=": order >= 0}[self.op]

    @property
    def values(self) -> tuple[Value, ...]:
        return (self.value,)

    def __str__(self) -> str:
        return f"{self.question} {self.op} {self.value}"


@dataclass(frozen=True)
class Membership(Test):
    """`Q in [a, b]` or, negated, `Q not in [a, b]`."""

    choices: tuple[Value, ...]
    negated: bool = False

    def truth(self, answers: Answers) -> Truth:
        answer = answers.get(self.question)
        if answer is None:
            return None
        if isinstance(answer, list):
            return False
        found = any(value.matches(answer) for value in self.choices)
        return found != self.negated

    @property
    def values(self) -> tuple[Value, ...]:
        return self.choices

    def __str__(self) -> str:
        word = "not in" if self.negated else "in"
        return f"{self.question} {word} [{', '.join(map(str, self.choices))}]"


@dataclass(frozen=True)
class Includes(Test):
    """`Q includes v` (one value) or `Q includes any [a, b]` (`any_list`)."""

    choices: tuple[Value, ...]
    any_list: bool = False

    def truth(self, answers: Answers) -> Truth:
        answer = answers.get(self.question)
        if answer is None:
            return None
        if not isinstance(answer, list):
            return False
        return any(value.text in answer for value in self.choices)

    @property
    def values(self) -> tuple[Value, ...]:
        return self.choices

    def __str__(self) -> str:
        if self.any_list:
            return f"{self.question} includes any [{', '.join(map(str, self.choices))}]"
        return f"{self.question} includes {self.choices[0]}"


@dataclass(frozen=True)
class AnswerCheck(Test):
    """`Q is answered` or `Q is unanswered` (hidden counts as unanswered)."""

    answered: bool

    def truth(self, answers: Answers) -> Truth:
        return (answers.get(self.question) is not None) == self.answered

    def __str__(self) -> str:
        return f"{self.question} is {'answered' if self.answered else 'unanswered'}"


@dataclass(frozen=True)
class Not(Condition):
    operand: Condition
    precedence: ClassVar[int] = _NOT

    def truth(self, answers: Answers) -> Truth:
        value = self.operand.truth(answers)
        return None if value is None else not value

    def children(self) -> tuple[Condition, ...]:
        return (self.operand,)

    def __str__(self) -> str:
        return f"not {_wrap(self.operand, _NOT)}"


@dataclass(frozen=True)
class And(Condition):
    operands: tuple[Condition, ...]
    precedence: ClassVar[int] = _AND

    def truth(self, answers: Answers) -> Truth:
        values = [operand.truth(answers) for operand in self.operands]
        if False in values:
            return False
        return None if None in values else True

    def children(self) -> tuple[Condition, ...]:
        return self.operands

    def __str__(self) -> str:
        return " and ".join(_wrap(operand, _AND) for operand in self.operands)


@dataclass(frozen=True)
class Or(Condition):
    operands: tuple[Condition, ...]
    precedence: ClassVar[int] = _OR

    def truth(self, answers: Answers) -> Truth:
        values = [operand.truth(answers) for operand in self.operands]
        if True in values:
            return True
        return None if None in values else False

    def children(self) -> tuple[Condition, ...]:
        return self.operands

    def __str__(self) -> str:
        return " or ".join(_wrap(operand, _OR) for operand in self.operands)


def _wrap(condition: Condition, needed: int) -> str:
    text = str(condition)
    return text if condition.precedence >= needed else f"({text})"
