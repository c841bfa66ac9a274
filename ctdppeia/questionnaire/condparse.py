"""Tokenizer and recursive-descent parser for the condition language (never `eval`).

condition  := or
or         := and ("or" and)*
and        := not ("and" not)*
not        := "not" not | "(" or ")" | test
test       := ID ("=" | "!=" | "<" | "<=" | ">" | ">=") value
            | ID ["not"] "in" list
            | ID "includes" (value | "any" list)
            | ID "is" ("answered" | "unanswered")
list       := "[" value ("," value)* "]"
value      := slug | number | "text" | 'text'
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ctdppeia.questionnaire.conditions import (
    And,
    AnswerCheck,
    Comparison,
    Condition,
    Includes,
    Membership,
    Not,
    Or,
    Value,
    ValueKind,
)
from ctdppeia.questionnaire.errors import QuestionnaireError

KEYWORDS = frozenset({"and", "or", "not", "in", "includes", "any", "is", "answered", "unanswered"})
ID_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
MAX_DEPTH = 40
OPERATORS = "=, !=, <, <=, >, >=, in, not in, includes, is answered or is unanswered"

_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<number>-?[0-9]+(?:\.[0-9]+)?)(?![A-Za-z0-9_.-])
      | (?P<word>[A-Za-z0-9][A-Za-z0-9_-]*)
      | (?P<string>"[^"\n]*"|'[^'\n]*')
      | (?P<op>!=|<=|>=|==|=|<|>)
      | (?P<punct>[\[\](),])""",
    re.VERBOSE,
)
_VALUE_KINDS: dict[str, ValueKind] = {"word": "slug", "number": "number", "string": "string"}


class ConditionSyntaxError(Exception):
    """A syntax error at character offset `pos` of the condition text."""

    def __init__(self, pos: int, message: str) -> None:
        super().__init__(message)
        self.pos = pos
        self.message = message


class Token(NamedTuple):
    kind: str  # word, number, string, op, punct, end
    text: str
    pos: int

    def describe(self) -> str:
        return "the end of the condition" if self.kind == "end" else f"'{self.text}'"


def _bad_character(text: str, pos: int) -> ConditionSyntaxError:
    char = text[pos]
    if char in "\"'":
        return ConditionSyntaxError(pos, f"the quote {char} that starts here is never closed")
    if char in "&|":
        return ConditionSyntaxError(pos, f"write 'and' or 'or' instead of '{char}'")
    return ConditionSyntaxError(
        pos, f"the character {char!r} cannot be used in a condition; put text in quotes"
    )


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise _bad_character(text, pos)
        kind = match.lastgroup or "space"
        if kind != "space":
            tokens.append(Token(kind, match.group(), pos))
        pos = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def take(self) -> Token:
        token = self.peek()
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def at(self, text: str, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token.kind in ("word", "punct") and token.text == text

    def parse(self) -> Condition:
        if self.peek().kind == "end":
            raise ConditionSyntaxError(0, "the condition is empty")
        condition = self.parse_or()
        token = self.peek()
        if token.text == ")":
            raise ConditionSyntaxError(token.pos, "this ')' has no '(' before it")
        if token.kind != "end":
            raise ConditionSyntaxError(
                token.pos,
                f"unexpected {token.describe()} after a complete condition; "
                "join conditions with 'and' or 'or'",
            )
        return condition

    def parse_or(self) -> Condition:
        parts = [self.parse_and()]
        while self.at("or"):
            self.take()
            parts.append(self.parse_and())
        return _join(Or, parts)

    def parse_and(self) -> Condition:
        parts = [self.parse_not()]
        while self.at("and"):
            self.take()
            parts.append(self.parse_not())
        return _join(And, parts)

    def parse_not(self) -> Condition:
        if self.at("not"):
            self.nest(self.take())
            result: Condition = Not(self.parse_not())
        elif self.at("("):
            opening = self.take()
            self.nest(opening)
            result = self.parse_or()
            if not self.at(")"):
                found = self.peek()
                raise ConditionSyntaxError(
                    found.pos, f"expected ')' to close a '(', but found {found.describe()}"
                )
            self.take()
        else:
            return self.parse_test()
        self.depth -= 1
        return result

    def nest(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionSyntaxError(token.pos, "the condition is nested too deeply")

    def parse_test(self) -> Condition:
        token = self.take()
        if token.kind != "word" or token.text in KEYWORDS or not ID_RE.fullmatch(token.text):
            raise ConditionSyntaxError(
                token.pos, f"expected a question id here, but found {token.describe()}"
            )
        return self.parse_operator(token)

    def parse_operator(self, question: Token) -> Condition:
        qid, pos = question.text, question.pos
        token = self.take()
        if token.kind == "op":
            if token.text == "==":
                raise ConditionSyntaxError(token.pos, "write a single '=' to compare, not '=='")
            return Comparison(qid, token.text, self.parse_value(token.text), pos=pos)
        if token.text == "in":
            return Membership(qid, self.parse_list("in"), pos=pos)
        if token.text == "not" and self.at("in"):
            self.take()
            return Membership(qid, self.parse_list("not in"), negated=True, pos=pos)
        if token.text == "includes":
            if self.at("any") and self.at("[", 1):
                self.take()
                return Includes(qid, self.parse_list("includes any"), any_list=True, pos=pos)
            return Includes(qid, (self.parse_value("includes"),), pos=pos)
        if token.text == "is":
            return self.parse_is(qid, pos)
        raise ConditionSyntaxError(
            token.pos, f"after '{qid}' expected {OPERATORS}, but found {token.describe()}"
        )

    def parse_is(self, qid: str, pos: int) -> Condition:
        token = self.take()
        if token.text in ("answered", "unanswered") and token.kind == "word":
            return AnswerCheck(qid, token.text == "answered", pos=pos)
        hint = " (write 'is unanswered' instead of 'is not answered')" * (token.text == "not")
        raise ConditionSyntaxError(
            token.pos,
            f"after 'is' expected 'answered' or 'unanswered', but found {token.describe()}{hint}",
        )

    def parse_value(self, after: str) -> Value:
        token = self.take()
        kind = _VALUE_KINDS.get(token.kind)
        if kind is None:
            raise ConditionSyntaxError(
                token.pos, f"expected a value after '{after}', but found {token.describe()}"
            )
        text = token.text[1:-1] if kind == "string" else token.text
        return Value(kind, text, pos=token.pos)

    def parse_list(self, after: str) -> tuple[Value, ...]:
        token = self.take()
        if token.text != "[" or token.kind != "punct":
            raise ConditionSyntaxError(
                token.pos,
                f"expected '[' to start a list of values after '{after}', "
                f"but found {token.describe()}",
            )
        if self.at("]"):
            raise ConditionSyntaxError(self.peek().pos, "the list is empty; put a value in it")
        values = [self.parse_value("[")]
        while self.at(","):
            self.take()
            values.append(self.parse_value(","))
        if not self.at("]"):
            found = self.peek()
            raise ConditionSyntaxError(
                found.pos,
                f"expected ',' or ']' in the list of values, but found {found.describe()}",
            )
        self.take()
        return tuple(values)


def _join(kind: type[And] | type[Or], parts: list[Condition]) -> Condition:
    if len(parts) == 1:
        return parts[0]
    flat: list[Condition] = []
    for part in parts:
        flat.extend(part.operands if isinstance(part, kind) else (part,))
    return kind(tuple(flat))


def parse_condition_text(text: str) -> Condition:
    """Parse a condition; raises ConditionSyntaxError with the offset of the problem."""
    return _Parser(text).parse()


def parse_condition(
    text: str, *, file: str = "<condition>", line: int = 1, col: int = 1
) -> Condition:
    """Parse a condition on its own (not checked against a questionnaire).

    Raises QuestionnaireError placed at `file:line:col` plus the offset of the problem.
    """
    try:
        return parse_condition_text(text)
    except ConditionSyntaxError as error:
        before = text[: error.pos]
        newlines = before.count("\n")
        column = error.pos - before.rfind("\n") if newlines else col + error.pos
        raise QuestionnaireError(file, line + newlines, column, error.message) from None
