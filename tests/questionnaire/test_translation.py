"""Translation files: reading them (errors with file:line:col), checking them against their
questionnaire, and the translated text with the original wherever a text is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctdppeia.questionnaire import QuestionnaireError, load_questionnaire
from ctdppeia.questionnaire.localize import (
    board_texts,
    check_translation,
    describe_key,
    localize,
)
from ctdppeia.questionnaire.translation import (
    load_translation,
    parse_translation,
    translated,
    translation_files,
)
from tests.questionnaire.helpers import FIXTURES, GOOD

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"
SAMPLE = load_questionnaire(FIXTURES / "sample.md")


def errors_of(text: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        parse_translation(text, "sample.es.yaml")
    return [str(error) for error in caught.value.errors]


def test_a_good_file_is_read() -> None:
    translation = parse_translation(GOOD, "sample.es.yaml")
    assert (translation.questionnaire_id, translation.language, translation.version) == (
        "sample",
        "es",
        "2026.10",
    )
    assert translation.text(("question", "P1", "option", "university"), "x") == "Una universidad"
    assert translation.entries[("flag", "no-voice", "title")].line == 24


def test_yaml_words_stay_text() -> None:
    """`no:` and `yes:` are option values, and `version: 2026.10` is not a number."""
    text = GOOD.replace("      university: Una universidad\n", '      no: "No"\n      yes: Sí\n')
    translation = parse_translation(text, "sample.es.yaml")
    assert translation.version == "2026.10"
    assert translation.has(("question", "P1", "option", "no"))
    assert translation.text(("question", "P1", "option", "yes"), "") == "Sí"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("questionnaire: [unclosed\n", "sample.es.yaml:2:1: this is not valid YAML"),
        ("- a list\n", "sample.es.yaml:1:1: the file must be a YAML mapping"),
        (GOOD.replace("language: es\n", ""), "sample.es.yaml:1:1: the key 'language' is missing"),
        (GOOD + "notes: hello\n", "sample.es.yaml:38:1: unknown key 'notes'"),
        (
            GOOD.replace("    label: ¿Quién", "    lable: ¿Quién"),
            "sample.es.yaml:17:5: unknown "
            "key 'lable' in questions.P1; expected label, help, options",
        ),
        (GOOD.replace("  P1:\n", "  P4:\n"), "sample.es.yaml:16:3: 'P4' is given twice"),
        (
            GOOD.replace("title: Planificación", "title:"),
            "sample.es.yaml:11:11: sections.planning.title must be a text",
        ),
        (
            GOOD.replace("language: es", "language: Spanish"),
            "sample.es.yaml:2:11: 'Spanish' is not a language code",
        ),
        (
            GOOD.replace("  title: Revisión", "  heading: Revisión"),
            "sample.es.yaml:5:3: unknown key 'heading' in front",
        ),
    ],
)
def test_problems_name_file_line_and_column(text: str, expected: str) -> None:
    assert any(error.startswith(expected) for error in errors_of(text)), errors_of(text)


def test_every_problem_is_reported_at_once() -> None:
    text = GOOD.replace("    label: ¿Quién", "    lable: ¿Quién") + "notes: x\n"
    assert len(errors_of(text)) == 2


def test_a_good_translation_checks_clean() -> None:
    result = check_translation(parse_translation(GOOD, "sample.es.yaml"), SAMPLE)
    assert (result.errors, result.warnings, result.untranslated) == ([], [], [])


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  P4:\n", "  P9:\n", "sample.es.yaml:14:3: there is no question 'P9' in sample.md"),
        (
            "  no-voice:",
            "  no-vote:",
            "sample.es.yaml:23:3: there is no flag 'no-vote' in sample.md",
        ),
        (
            "  planning:",
            "  plans:",
            "sample.es.yaml:10:3: there is no section 'plans' in sample.md",
        ),
        (
            "      university:",
            "      college:",
            "sample.es.yaml:21:7: the question 'P1' has "
            "no option 'college' (it has own-agency, university, vendor)",
        ),
        (
            "    high:",
            "    medium:",
            "sample.es.yaml:8:5: sample.md gives no meaning for the "
            "rating 'medium' (front.ratings)",
        ),
    ],
)
def test_unknown_ids_are_errors(old: str, new: str, expected: str) -> None:
    translation = parse_translation(GOOD.replace(old, new), "sample.es.yaml")
    result = check_translation(translation, SAMPLE)
    assert [str(error) for error in result.errors] == [expected]


def test_options_of_a_question_without_options_are_errors() -> None:
    text = GOOD.replace("questions:\n", "questions:\n  D1:\n    options:\n      soon: Pronto\n")
    result = check_translation(parse_translation(text, "sample.es.yaml"), SAMPLE)
    assert [e.message for e in result.errors] == [
        "the question 'D1' (date) has no options to translate"
    ]


def test_a_translation_of_another_questionnaire_is_an_error() -> None:
    translation = parse_translation(GOOD.replace("sample", "dppeia"), "sample.es.yaml")
    [error] = check_translation(translation, SAMPLE).errors
    assert str(error) == (
        "sample.es.yaml:1:1: this file translates the questionnaire 'dppeia', not 'sample'"
    )


def test_another_version_is_a_warning() -> None:
    translation = parse_translation(GOOD.replace('"2026.10"', '"2026.9"'), "sample.es.yaml")
    result = check_translation(translation, SAMPLE)
    assert result.errors == []
    assert [str(w) for w in result.warnings] == [
        "sample.es.yaml:3:1: this file translates version 2026.9 of sample; the questionnaire "
        "is now version 2026.10: check the text still matches"
    ]


def test_untranslated_board_text_is_listed() -> None:
    text = GOOD.replace("  no-voice:\n    title: Sin la voz de los residentes\n", "  no-voice:\n")
    text = text.replace("  summary: Un cuestionario pequeño.\n", "")
    result = check_translation(parse_translation(text, "sample.es.yaml"), SAMPLE)
    assert result.errors == []
    assert [describe_key(key) for key in result.untranslated] == [
        "front summary",
        "flag no-voice title",
    ]


def test_board_texts_are_the_board_questions_flags_sections_and_front() -> None:
    """Every flag a board member can see (not the information flag that does not route to
    the board), with its title and resident text; never the reviewer's advice."""
    keys = [describe_key(key) for key, _ in board_texts(SAMPLE)]
    assert keys == [
        "front title",
        "front summary",
        "section planning title",
        "question P4 label",
        "flag no-voice title",
        "flag no-voice resident",
        "flag small-cells title",
        "flag small-cells resident",
        "flag justice-data title",
        "flag justice-data resident",
    ]


def test_the_resident_text_is_translated() -> None:
    spanish = localize(SAMPLE, parse_translation(GOOD, "sample.es.yaml"))
    flag = next(flag for flag in spanish.flags if flag.id == "small-cells")
    assert flag.resident == "Un número pequeño en una tabla podría señalarlo a usted."
    untranslated = GOOD.replace(
        "    resident: Un número pequeño en una tabla podría señalarlo a usted.\n", ""
    )
    result = check_translation(parse_translation(untranslated, "sample.es.yaml"), SAMPLE)
    assert [describe_key(key) for key in result.untranslated] == ["flag small-cells resident"]


def test_localize_translates_and_falls_back() -> None:
    text = GOOD.replace("      university: Una universidad\n", "")
    spanish = localize(SAMPLE, parse_translation(text, "sample.es.yaml"))
    assert spanish.title == "Revisión de muestra"
    assert spanish.hash == SAMPLE.hash and spanish.id == SAMPLE.id
    question = spanish.question("P1")
    assert question.option_label("own-agency") == "Nuestra agencia"
    assert question.option_label("university") == "A university"  # not translated: original
    assert spanish.question("C2").label == SAMPLE.question("C2").label
    assert [o.label for o in spanish.question("P4").options] == ["Sí", "No", "No lo sé"]
    assert spanish.ratings["high"] == "Necesita cambios."
    assert spanish.ratings["low"] == SAMPLE.ratings["low"]
    assert spanish.sections[0].intro_html.endswith("<em>Lea esto primero.</em></p>")
    flag = next(flag for flag in spanish.flags if flag.id == "no-voice")
    assert (flag.title, flag.when) == ("Sin la voz de los residentes", SAMPLE.flags[1].when)


def test_translated_help_is_sanitised_markdown() -> None:
    spanish = localize(SAMPLE, parse_translation(GOOD, "sample.es.yaml"))
    help_html = spanish.question("P1").help_html
    assert "<script>" not in help_html
    assert help_html.startswith("<p>Las ")


def test_no_translation_means_the_original() -> None:
    assert localize(SAMPLE, None) is SAMPLE
    assert translated(None, ("title",), "Sample review") == "Sample review"
    other = parse_translation(GOOD.replace("sample", "other"), "x.es.yaml")
    assert localize(SAMPLE, other) is SAMPLE


def test_translation_files_are_found_by_name(tmp_path: Path) -> None:
    for name in ("a.es.yaml", "b.pt.yml", "notes.yaml", "a.md", "c.Spanish.yaml"):
        (tmp_path / name).write_text("x: y\n")
    assert [p.name for p in translation_files(tmp_path)] == ["a.es.yaml", "b.pt.yml"]


def test_an_unreadable_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.es.yaml"
    path.write_bytes(b"questionnaire: \xff\n")
    with pytest.raises(QuestionnaireError) as caught:
        load_translation(path)
    assert str(caught.value) == "a.es.yaml:1:1: the file is not UTF-8 text"


@pytest.mark.parametrize("name", ["dppeia", "responsible-ai"])
def test_the_shipped_spanish_covers_every_board_text(name: str) -> None:
    questionnaire = load_questionnaire(SHIPPED / f"{name}.md")
    translation = load_translation(SHIPPED / f"{name}.es.yaml")
    result = check_translation(translation, questionnaire)
    assert (result.errors, result.warnings) == ([], [])
    assert [describe_key(key) for key in result.untranslated] == []
    spanish = localize(questionnaire, translation)
    texts = board_texts(questionnaire)
    same = [describe_key(key) for key, original in texts if translation.text(key, "") == original]
    assert len(same) <= 2, same  # only words alike in both languages ("No")
    assert spanish.title != questionnaire.title


@pytest.mark.parametrize("name", ["dppeia", "responsible-ai"])
def test_every_flag_the_board_can_see_has_spanish(name: str) -> None:
    """A shared review shows the board each raised flag it can see (`Flag.board_visible`,
    ctdppeia.board.content.shared_flags), so each such flag's title and resident text is board
    text, and the shipped Spanish has it."""
    questionnaire = load_questionnaire(SHIPPED / f"{name}.md")
    translation = load_translation(SHIPPED / f"{name}.es.yaml")
    board = {key for key, _ in board_texts(questionnaire)}
    keys = [
        ("flag", flag.id, part)
        for flag in questionnaire.flags
        if flag.board_visible
        for part in ("title", "resident")
        if part == "title" or flag.resident
    ]
    assert [describe_key(key) for key in keys if key not in board] == []
    assert [describe_key(key) for key in keys if not translation.has(key)] == []
    assert len(keys) > 50


@pytest.mark.parametrize("name", ["dppeia", "responsible-ai"])
def test_the_shipped_spanish_has_no_source_lines(name: str) -> None:
    translation = load_translation(SHIPPED / f"{name}.es.yaml")
    helps = [e.text for key, e in translation.entries.items() if key[-1] == "help"]
    assert helps and not [text for text in helps if "Source" in text or "Fuente" in text]
