"""Building small questionnaire files for tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctdppeia.questionnaire import Questionnaire, QuestionnaireError, parse_questionnaire

FIXTURES = Path(__file__).parent / "fixtures"
FRONT = """---
id: t
title: Test
version: "1"
subject: data-request
summary: A test questionnaire.
---
"""
FRONT_LINES = FRONT.count("\n")  # the body starts on line FRONT_LINES + 1


def make(body: str, front: str = FRONT) -> str:
    return front + body


def parse(body: str, front: str = FRONT) -> Questionnaire:
    return parse_questionnaire(make(body, front), "t.md")


def problems(body: str, front: str = FRONT) -> list[str]:
    """Every error message, as file:line:col: message."""
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(make(body, front), "t.md")
    return [str(error) for error in caught.value.errors]


def problem(body: str, front: str = FRONT) -> str:
    """The only error message."""
    found = problems(body, front)
    assert len(found) == 1, found
    return found[0]


def at(line_in_body: int) -> int:
    """The file line of a body line (1 = the first line after the front matter)."""
    return FRONT_LINES + line_in_body


def sample() -> Questionnaire:
    return parse_questionnaire((FIXTURES / "sample.md").read_bytes(), "sample.md")
