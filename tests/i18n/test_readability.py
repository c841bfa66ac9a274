"""The interface text translated so far, and the Spanish board text of the shipped
questionnaires, read at grade 8 or below (tests/readability.py says how it is measured)."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from ctdppeia.questionnaire import Questionnaire, load_questionnaire
from ctdppeia.questionnaire.localize import localize
from ctdppeia.questionnaire.translation import load_translation
from tests.readability import (
    MAX_GRADE_EN,
    MIN_EASE_ES,
    board_readings,
    ease_es,
    grade_en,
    plain_text,
    readable,
    sentence,
)

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "ctdppeia/translations/es/LC_MESSAGES/messages.po"
# A name, not a sentence: the site's tagline in the footer lists what the reviews cover.
NOT_SENTENCES = {"Connecticut data protection, privacy, equity and responsible-AI reviews."}


def _messages() -> list[tuple[str, str]]:
    """(English, Spanish) of every message; a plural message by its plural forms."""
    with PO.open("rb") as file:
        return [(_plural(m.id), _plural(m.string)) for m in read_po(file) if m.id]


def _plural(text: str | tuple[str, ...]) -> str:
    return text if isinstance(text, str) else text[1]


def test_the_interface_text_as_a_whole() -> None:
    messages = _messages()
    assert grade_en(" ".join(sentence(en) for en, _ in messages)) <= MAX_GRADE_EN
    assert ease_es(" ".join(sentence(es) for _, es in messages)) >= MIN_EASE_ES


def test_each_interface_sentence() -> None:
    """Every message of eight words or more, in both languages."""
    hard = [
        (en, round(grade_en(en), 1), round(ease_es(es), 1))
        for en, es in _messages()
        if len(en.split()) >= 8
        and en not in NOT_SENTENCES
        and not (readable(en, "en") and readable(es, "es"))
    ]
    assert hard == []


def _spanish_texts(spanish: Questionnaire) -> dict[str, str]:
    """Everything the board reads (tests.readability.board_readings) when the file gives
    resident texts; for a file written before them, what was measured then."""
    texts = {"summary": spanish.summary}
    if any(flag.resident for flag in spanish.flags):
        return {**texts, **dict(board_readings(spanish))}
    for question in spanish.questions:
        if question.board:
            help_text = plain_text(question.board_help_html)
            texts[question.id] = f"{sentence(question.label)} {help_text}"
    for flag in spanish.flags:
        texts[f"flag {flag.id}"] = f"{sentence(flag.title)} {flag.advice}"
    return texts


@pytest.mark.parametrize("name", ["dppeia", "responsible-ai"])
def test_the_spanish_board_text_of_the_shipped_questionnaires(name: str) -> None:
    questionnaire = load_questionnaire(ROOT / "questionnaires" / f"{name}.md")
    spanish = localize(questionnaire, load_translation(ROOT / "questionnaires" / f"{name}.es.po"))
    texts = _spanish_texts(spanish)
    assert len(texts) > 5
    hard = {
        where: round(ease_es(text), 1)
        for where, text in texts.items()
        if ease_es(text) < MIN_EASE_ES
    }
    assert hard == {}


def test_the_spanish_dppeia_is_measured_on_every_flag_the_board_sees() -> None:
    questionnaire = load_questionnaire(ROOT / "questionnaires" / "dppeia.md")
    spanish = localize(questionnaire, load_translation(ROOT / "questionnaires" / "dppeia.es.po"))
    texts = _spanish_texts(spanish)
    seen = [flag for flag in spanish.flags if flag.board_visible]
    assert len(seen) > 80
    for flag in seen:
        assert flag.resident and flag.resident in texts[f"flag {flag.id}"], flag.id
        english = next(f for f in questionnaire.flags if f.id == flag.id)
        assert flag.resident != english.resident, flag.id  # translated, not left in English


def test_the_measures_can_fail() -> None:
    hard_es = (
        "No obstante las consideraciones anteriormente mencionadas, la determinación "
        "administrativa concerniente a la interoperabilidad de los conjuntos longitudinales "
        "necesita una deliberación institucional exhaustiva."
    )
    assert not readable(hard_es, "es")
    assert readable("¿Quién pide los datos? Diga el nombre del grupo.", "es")
    hard_en = (
        "Notwithstanding the aforementioned considerations, the administrative determination "
        "necessitates comprehensive institutional deliberation."
    )
    assert not readable(hard_en, "en")
    assert readable("Who is asking for the data? Tell us the name of the group.", "en")
