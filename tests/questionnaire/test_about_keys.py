"""The front matter's keys for the "About this questionnaire" page."""

from __future__ import annotations

from tests.questionnaire.helpers import parse, problem

FRONT = """---
id: t
title: Test
version: "1"
subject: data-request
summary: A test questionnaire.
about: |
  What it is.

  What it *rests* on.
sources:
  - First
  - "Second: with a colon"
maintained-by: The data team.
changes: Write to the data team.
---
"""
BODY = "# S {#s}\n## Q {#q type=yesno}\n"


def test_the_about_keys_are_read() -> None:
    questionnaire = parse(BODY, FRONT)
    assert questionnaire.about_html == "<p>What it is.</p>\n<p>What it <em>rests</em> on.</p>"
    assert questionnaire.sources == ("First", "Second: with a colon")
    assert questionnaire.maintained_by == "The data team."
    assert questionnaire.changes == "Write to the data team."


def test_they_are_optional() -> None:
    plain = FRONT.split("about:")[0] + "---\n"
    questionnaire = parse(BODY, plain)
    assert (questionnaire.about_html, questionnaire.sources) == ("", ())


def test_sources_must_be_a_list() -> None:
    front = FRONT.replace('sources:\n  - First\n  - "Second: with a colon"\n', "sources: one\n")
    assert problem(BODY, front) == (
        "t.md:11:1: 'sources' must be a list of texts, one per line starting with '- ', or "
        "written as [first, second]"
    )
