"""Readability measures for tests of text residents read, in English and in Spanish.

English: the Flesch-Kincaid grade (a US school grade; residents' text aims at 8 or below).
Spanish: the Fernández Huerta reading ease (0 to 100, higher is easier), the Spanish
adaptation of Flesch's reading ease. Its scale: 90-100 very easy (grade 4), 80-90 easy
(grade 5), 70-80 fairly easy (grade 6), 60-70 standard (grades 7-8), 50-60 fairly hard, below
50 hard. So "grade 8 or below" in Spanish is a Fernández Huerta score of 60 or more.
Both come from textstat (syllables from pyphen's dictionary for each language).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager

import textstat

from ctdppeia.questionnaire import Questionnaire

MAX_GRADE_EN = 8.0  # Flesch-Kincaid grade, at most
MIN_EASE_ES = 60.0  # Fernández Huerta reading ease, at least (about grade 8 or below)


def plain_text(fragment: str) -> str:
    """Rendered HTML as plain sentences (tags dropped, entities read)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment)).strip()


def sentence(text: str) -> str:
    """A title, label or button read as a sentence, so it is not run into the next one."""
    text = text.strip()
    return text if text[-1:] in ".?!:" else text + "."


@contextmanager
def _language(code: str) -> Iterator[None]:
    textstat.set_lang(code)
    try:
        yield
    finally:
        textstat.set_lang("en_US")


def grade_en(text: str) -> float:
    """The Flesch-Kincaid grade of English text."""
    with _language("en_US"):
        return float(textstat.flesch_kincaid_grade(text))


def ease_es(text: str) -> float:
    """The Fernández Huerta reading ease of Spanish text (higher is easier)."""
    with _language("es"):
        return float(textstat.fernandez_huerta(text))


def readable(text: str, language: str) -> bool:
    """Whether `text` reads at grade 8 or below in its language ('en' or 'es')."""
    if language == "es":
        return ease_es(text) >= MIN_EASE_ES
    return grade_en(text) <= MAX_GRADE_EN


def board_readings(questionnaire: Questionnaire) -> list[tuple[str, str]]:
    """(where, text) for everything the Resident Advisory Board reads of a questionnaire, in
    whatever language it is in: each board question's label, its help (without sources) and
    its options; the titles of the sections that hold board questions; and each flag a board
    member can see, its title with its resident text. Labels too short to be sentences (option
    labels, section titles) are read together, one group per question and one for the
    sections, since a reading formula needs sentences."""
    sections = [s.title for s in questionnaire.sections if any(q.board for q in s.questions)]
    readings = [("section titles", " ".join(sentence(title) for title in sections))]
    for question in questionnaire.questions:
        if not question.board:
            continue
        readings.append((f"{question.id} label", question.label))
        help_text = plain_text(question.board_help_html)
        if help_text:
            readings.append((f"{question.id} help", help_text))
        if question.options and question.type != "yesno":
            options = " ".join(sentence(option.label) for option in question.options)
            readings.append((f"{question.id} options", options))
    for flag in questionnaire.flags:
        if flag.board_visible:
            readings.append((f"flag {flag.id}", f"{sentence(flag.title)} {flag.resident or ''}"))
    return readings
