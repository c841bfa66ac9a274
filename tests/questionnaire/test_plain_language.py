"""What the Resident Advisory Board reads is written at grade 8 or below (Flesch-Kincaid, measured
with textstat), and carries no "Source:" lines.

A questionnaire that gives resident texts is measured on everything the board reads of it
(`tests.readability.board_readings`: board questions with their help and options, the titles
of their sections, and each flag a board member can see with its resident text). A file
written before resident texts is measured as it was then: board questions, and the flags
routed to the board with their advice."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import textstat

from ctdppeia.questionnaire import Questionnaire, load_questionnaire, render_markdown
from ctdppeia.questionnaire.markdown import without_sources
from tests.readability import board_readings

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"
MAX_GRADE = 8.0


def plain_text(fragment: str) -> str:
    """Rendered HTML as plain sentences (tags dropped, entities read)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment)).strip()


def sentence(text: str) -> str:
    """A title or label read as a sentence (so it is not run into the next one)."""
    text = text.strip()
    return text if text[-1:] in ".?!" else text + "."


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


def board_texts(questionnaire: Questionnaire) -> list[tuple[str, str]]:
    """(where, text) for everything the board reads (see the module's docstring)."""
    if any(flag.resident for flag in questionnaire.flags):
        return board_readings(questionnaire)
    texts: list[tuple[str, str]] = []
    for question in questionnaire.questions:
        if question.board:
            texts.append((f"{question.id} prompt", question.label))
            texts.append((f"{question.id} help", plain_text(question.board_help_html)))
    for flag in questionnaire.flags:
        if flag.route == "board":
            texts.append((f"flag {flag.id}", f"{sentence(flag.title)} {flag.advice}"))
    return texts


@pytest.fixture(scope="module", params=["dppeia", "responsible-ai"])
def shipped(request: pytest.FixtureRequest) -> Questionnaire:
    return load_questionnaire(SHIPPED / f"{request.param}.md")


def test_board_text_is_grade_8_or_below(shipped: Questionnaire) -> None:
    texts = board_texts(shipped)
    assert len(texts) > 10
    too_hard = {where: grade(text) for where, text in texts if grade(text) > MAX_GRADE}
    assert too_hard == {}


def test_board_help_has_no_source_lines(shipped: Questionnaire) -> None:
    for question in shipped.questions:
        if question.board:
            assert "Source" not in plain_text(question.board_help_html), question.id
            assert question.board_help_html.strip(), f"{question.id} has no help for residents"


def test_reviewers_keep_the_sources(shipped: Questionnaire) -> None:
    with_source = [q for q in shipped.questions if q.board and "Source:" in q.help_html]
    assert with_source, "the sources stay in the reviewers' help text"


def test_source_paragraphs_are_removed_and_nothing_else() -> None:
    rendered = render_markdown(
        "Plain help.\n\nSource: AISP toolkit.\n\nMore *help*.\n\nSources: a; b.\n\n"
        "The Source of the data is named above."
    )
    assert without_sources(rendered) == (
        "<p>Plain help.</p>\n<p>More <em>help</em>.</p>\n"
        "<p>The Source of the data is named above.</p>"
    )


def test_the_measure_can_fail() -> None:
    hard = (
        "Notwithstanding the aforementioned considerations, the administrative determination "
        "regarding interoperability of longitudinal administrative datasets necessitates "
        "comprehensive institutional deliberation."
    )
    assert grade(hard) > MAX_GRADE
    assert grade("Who is asking for the data? Tell us the name of the group.") <= MAX_GRADE


# Acronyms every resident knows better than their long form.
KNOWN_ACRONYMS = {"HIV"}


def test_board_text_spells_out_acronyms(shipped: Questionnaire) -> None:
    """An acronym in board text comes with its meaning, written before it in parentheses."""
    unexplained = {
        where: acronym
        for where, text in board_texts(shipped)
        for acronym in re.findall(r"\b[A-Z]{2,}\b", text)
        if f"({acronym})" not in text and acronym not in KNOWN_ACRONYMS
    }
    assert unexplained == {}


def test_the_dppeia_is_measured_on_everything_the_board_reads() -> None:
    dppeia = load_questionnaire(SHIPPED / "dppeia.md")
    readings = dict(board_texts(dppeia))
    seen = [flag for flag in dppeia.flags if flag.board_visible]
    assert len(seen) > 80 and all(f"flag {flag.id}" in readings for flag in seen)
    assert all(flag.resident and flag.resident in readings[f"flag {flag.id}"] for flag in seen)
    assert "C2 options" in readings and "section titles" in readings
    assert not [text for text in readings.values() if "advice" in text.lower()]


def test_every_source_stands_in_its_own_paragraph(shipped: Questionnaire) -> None:
    """So any question can be shown to the board later without its sources."""
    mixed = [q.id for q in shipped.questions if "Source:" in q.board_help_html]
    assert mixed == []
