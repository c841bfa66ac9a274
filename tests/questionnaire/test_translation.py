"""Translation catalogues: reading them (errors with file:line:col), checking them against
their questionnaire (unknown texts, stale English, fuzzy entries), and the translated text
with the original wherever there is no translation to use."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctdppeia.questionnaire import QuestionnaireError, load_questionnaire
from ctdppeia.questionnaire.localize import board_texts, check_translation, localize
from ctdppeia.questionnaire.texts import context_of, english_texts
from ctdppeia.questionnaire.translation import (
    load_translation,
    old_translation_files,
    parse_translation,
    translation_files,
)
from tests.questionnaire.helpers import FIXTURES, GOOD, STALE

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"
SAMPLE = load_questionnaire(FIXTURES / "sample.md")


def entry(context: str, english: str, spanish: str, flags: str = "") -> str:
    """One more entry, to add at the end of GOOD (its msgctxt is then on line 92)."""
    mark = f"#, {flags}\n" if flags else ""
    return f'\n{mark}msgctxt "{context}"\nmsgid "{english}"\nmsgstr "{spanish}"\n'


def errors_of(text: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        parse_translation(text, "sample.es.po")
    return [str(error) for error in caught.value.errors]


def spanish(text: str = GOOD) -> object:
    return localize(SAMPLE, parse_translation(text, "sample.es.po"))


def test_a_good_file_is_read() -> None:
    translation = parse_translation(GOOD, "sample.es.po")
    assert (translation.questionnaire_id, translation.language, translation.version) == (
        "sample",
        "es",
        "2026.10",
    )
    key = ("question", "P1", "option", "university")
    assert translation.text(key, "A university") == "Una universidad"
    assert translation.entries[("flag", "no-voice", "title")].line == 48


def test_contexts_and_the_version_stay_text() -> None:
    """Option values such as `no` and `yes` are words of the msgctxt, and the version
    2026.10 is not the number 2026.1."""
    text = (
        GOOD
        + entry("question P1 option no", "No", "No")
        + entry("question P1 option yes", "Yes", "Sí")
    )
    translation = parse_translation(text, "sample.es.po")
    assert translation.version == "2026.10"
    assert ("question", "P1", "option", "no") in translation.entries
    assert translation.entries[("question", "P1", "option", "yes")].text == "Sí"


NOT_A_PO_LINE = "this is not a PO line: expected a comment (#), msgctxt, msgid or msgstr"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD.replace('msgid "Planning"', 'msgid "Planning'),
            f"sample.es.po:21:1: {NOT_A_PO_LINE}",
        ),
        (GOOD.replace('"Planificación"', "Planificación"), f"sample.es.po:22:1: {NOT_A_PO_LINE}"),
        (GOOD.replace('msgstr "Pedido', 'mgstr "Pedido'), f"sample.es.po:62:1: {NOT_A_PO_LINE}"),
        (
            GOOD.replace('msgstr "Planificación"\n', ""),
            "sample.es.po:21:1: this is not a valid PO file: missing msgstr for msgid 'Planning'",
        ),
        (
            GOOD.replace('"Language: es\\n"\n', ""),
            'sample.es.po:1:1: the header must give the language, like "Language: es\\n"',
        ),
        (
            GOOD.replace("Language: es", "Language: Spanish"),
            "sample.es.po:5:1: 'Spanish' is not a language code like es or pt",
        ),
        (
            GOOD.replace('"Project-Id-Version: sample 2026.10\\n"\n', ""),
            "sample.es.po:1:1: the header must name the questionnaire and the version it "
            'translates, like "Project-Id-Version: dppeia 2027.1\\n"',
        ),
        (
            GOOD.replace("sample 2026.10", "sample"),
            "sample.es.po:4:1: the header must name the questionnaire and the version",
        ),
        (
            GOOD.replace('"question P1 label"', '"question P1 lable"'),
            "sample.es.po:32:1: msgctxt 'question P1 lable' names no text; it is one of: "
            "title, summary, rating SEVERITY, section ID title|intro, question ID label|help, "
            "question ID option VALUE, flag ID title|advice|resident",
        ),
        (
            GOOD.replace('msgctxt "question P1 label"', 'msgctxt "question P4 label"'),
            "sample.es.po:32:1: msgctxt 'question P4 label' is given twice (first on line 28)",
        ),
        (
            GOOD + entry("title", "Sample review", "Otra"),
            "sample.es.po:92:1: msgctxt 'title' is given twice (first on line 8)",
        ),
        (
            GOOD.replace('msgctxt "title"\n', ""),
            'sample.es.po:8:1: the entry has no msgctxt naming its text, like msgctxt "title"',
        ),
        (
            GOOD.replace(
                'msgid "Planning"\nmsgstr "Planificación"',
                'msgid "Planning"\nmsgid_plural "Plannings"\nmsgstr[0] "Planificación"',
            ),
            "sample.es.po:20:1: a questionnaire text has no plural forms: remove msgid_plural",
        ),
        (
            GOOD.replace('"Language: es\\n"', '"Language: es\\n"\n"POT-Creation-Date: soon\\n"'),
            'sample.es.po:1:1: the header (the first entry, msgid "") is not valid',
        ),
    ],
)
def test_problems_name_file_line_and_column(text: str, expected: str) -> None:
    assert any(error.startswith(expected) for error in errors_of(text)), errors_of(text)


def test_every_problem_is_reported_at_once() -> None:
    text = GOOD.replace('"question P1 label"', '"question P1 lable"')
    assert len(errors_of(text.replace("Language: es", "Language: Spanish"))) == 2


def test_a_good_translation_checks_clean() -> None:
    result = check_translation(parse_translation(GOOD, "sample.es.po"), SAMPLE)
    assert (result.errors, result.warnings, result.untranslated, result.fuzzy) == ([], [], [], [])
    assert result.used == 21


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            '"question P4 label"',
            '"question P9 label"',
            "sample.es.po:28:1: there is no question 'P9' in sample.md",
        ),
        (
            '"flag no-voice title"',
            '"flag no-vote title"',
            "sample.es.po:48:1: there is no flag 'no-vote' in sample.md",
        ),
        (
            '"section planning title"',
            '"section plans title"',
            "sample.es.po:20:1: there is no section 'plans' in sample.md",
        ),
        (
            '"question P1 option university"',
            '"question P1 option college"',
            "sample.es.po:44:1: the question 'P1' has "
            "no option 'college' (it has own-agency, university, vendor)",
        ),
        (
            '"rating high"',
            '"rating medium"',
            "sample.es.po:16:1: sample.md gives no meaning for the rating 'medium' (front.ratings)",
        ),
    ],
)
def test_unknown_ids_are_errors(old: str, new: str, expected: str) -> None:
    translation = parse_translation(GOOD.replace(old, new), "sample.es.po")
    result = check_translation(translation, SAMPLE)
    assert [str(error) for error in result.errors] == [expected]


def test_options_of_a_question_without_options_are_errors() -> None:
    text = GOOD + entry("question D1 option soon", "Soon", "Pronto")
    text += entry("question P4 option yes", "Yes", "Claro")
    result = check_translation(parse_translation(text, "sample.es.po"), SAMPLE)
    assert [e.message for e in result.errors] == [
        "the question 'D1' (date) has no options to translate",
        "the question 'P4' (yesno) has no options to translate: its answers are worded by the "
        "application in each language",
    ]


def test_a_translation_of_another_questionnaire_is_an_error() -> None:
    translation = parse_translation(GOOD.replace("sample 2026.10", "dppeia 2026.10"), "x.es.po")
    [error] = check_translation(translation, SAMPLE).errors
    assert (
        str(error) == "x.es.po:4:1: this file translates the questionnaire 'dppeia', not 'sample'"
    )


def test_another_version_is_a_warning() -> None:
    translation = parse_translation(GOOD.replace("2026.10", "2026.9"), "sample.es.po")
    result = check_translation(translation, SAMPLE)
    assert result.errors == []
    assert [str(w) for w in result.warnings] == [
        "sample.es.po:4:1: this file translates version 2026.9 of sample; the questionnaire "
        "is now version 2026.10: run 'flask questionnaires translations extract', then "
        "'... update', and translate what is new or fuzzy"
    ]


def test_untranslated_board_text_is_listed() -> None:
    """A text with no entry, or an empty msgstr, is not translated."""
    text = GOOD.replace('msgstr "Sin la voz de los residentes"', 'msgstr ""')
    text = text.replace(
        'msgctxt "summary"\nmsgid "A small questionnaire that uses every part of the format."\n'
        'msgstr "Un cuestionario pequeño."\n',
        "",
    )
    result = check_translation(parse_translation(text, "sample.es.po"), SAMPLE)
    assert (result.errors, result.warnings) == ([], [])
    assert [context_of(key) for key in result.untranslated] == ["summary", "flag no-voice title"]
    assert result.used == 19


def test_board_texts_are_the_board_questions_flags_sections_and_front() -> None:
    """Every flag a board member can see (not the information flag that does not route to
    the board), with its title and resident text; never the reviewer's advice."""
    texts = board_texts(SAMPLE)
    assert [context_of(key) for key, _ in texts] == [
        "title",
        "summary",
        "section planning title",
        "question P4 label",
        "flag no-voice title",
        "flag no-voice resident",
        "flag small-cells title",
        "flag small-cells resident",
        "flag justice-data title",
        "flag justice-data resident",
    ]
    assert dict(texts)[("question", "P4", "label")] == "Did residents help shape the question?"


def test_the_english_is_every_text_a_translation_gives() -> None:
    """The template's scope: front, sections, questions (not the yes/no answers), flags."""
    english = english_texts(SAMPLE)
    assert (
        english[("section", "planning", "intro")] == "Why the data are needed. *Read this first.*"
    )
    assert english[("flag", "external", "advice")] == "Check the agreement."
    assert ("question", "P4", "option", "yes") not in english
    assert ("question", "D1", "help") not in english  # it has none
    assert len(english) == 35


def test_the_help_is_translated_without_its_source_paragraphs() -> None:
    dppeia = load_questionnaire(SHIPPED / "dppeia.md")
    question = next(q for q in dppeia.questions if "Source:" in q.help_text)
    english = english_texts(dppeia)[("question", question.id, "help")]
    assert "Source" not in english
    assert english.split("\n\n")[0] in question.help_text


def test_the_resident_text_is_translated() -> None:
    flag = next(flag for flag in spanish().flags if flag.id == "small-cells")
    assert flag.resident == "Un número pequeño en una tabla podría señalarlo a usted."
    untranslated = GOOD.replace(
        'msgstr "Un número pequeño en una tabla podría señalarlo a usted."', 'msgstr ""'
    )
    result = check_translation(parse_translation(untranslated, "sample.es.po"), SAMPLE)
    assert [context_of(key) for key in result.untranslated] == ["flag small-cells resident"]


def test_localize_translates_and_falls_back() -> None:
    text = GOOD.replace('msgstr "Una universidad"', 'msgstr ""')
    localized = spanish(text)
    assert localized.title == "Revisión de muestra"
    assert localized.hash == SAMPLE.hash and localized.id == SAMPLE.id
    question = localized.question("P1")
    assert question.option_label("own-agency") == "Nuestra agencia"
    assert question.option_label("university") == "A university"  # not translated: original
    assert localized.question("C2").label == SAMPLE.question("C2").label
    assert [o.label for o in localized.question("P4").options] == ["Sí", "No", "No lo sé"]
    assert localized.ratings["high"] == "Necesita cambios."
    assert localized.ratings["low"] == SAMPLE.ratings["low"]
    assert localized.sections[0].intro_html.endswith("<em>Lea esto primero.</em></p>")
    flag = next(flag for flag in localized.flags if flag.id == "no-voice")
    assert (flag.title, flag.when) == ("Sin la voz de los residentes", SAMPLE.flags[1].when)


def test_translated_help_is_sanitised_markdown() -> None:
    help_html = spanish().question("P1").help_html
    assert "<script>" not in help_html
    assert help_html.startswith("<p>Las ")


def test_no_translation_means_the_original() -> None:
    assert localize(SAMPLE, None) is SAMPLE
    without_title = GOOD.replace('msgstr "Revisión de muestra"', 'msgstr ""')
    assert spanish(without_title).title == "Sample review"
    other = parse_translation(GOOD.replace("sample 2026.10", "other 2026.10"), "x.es.po")
    assert localize(SAMPLE, other) is SAMPLE


def test_a_stale_entry_is_reported_and_the_english_shown() -> None:
    """The English of P4 changed after it was translated: the old Spanish is not shown."""
    translation = parse_translation(STALE, "sample.es.po")
    result = check_translation(translation, SAMPLE)
    assert result.errors == []
    assert [str(warning) for warning in result.warnings] == [
        "sample.es.po:28:1: stale: the English of 'question P4 label' changed since it was "
        "translated ('help' was added), so the English is shown; run 'flask questionnaires "
        "translations extract', then '... update', and check the entry, which is then marked "
        "fuzzy"
    ]
    assert [context_of(key) for key in result.untranslated] == ["question P4 label"]
    assert localize(SAMPLE, translation).question("P4").label == (
        "Did residents help shape the question?"
    )
    assert not translation.has(("question", "P4", "label"), SAMPLE.question("P4").label)


@pytest.mark.parametrize(
    ("old", "said"),
    [
        ("Who is asking now?", "'asking now?' became 'asking?'"),
        ("Who is really asking?", "'really' was taken out"),
        ("Who   is\nasking?", None),
    ],
)
def test_a_stale_entry_says_what_changed(old: str, said: str | None) -> None:
    text = GOOD.replace('msgid "Who is asking?"', f'msgid "{old!s}"'.replace("\n", "\\n"))
    warnings = check_translation(parse_translation(text, "sample.es.po"), SAMPLE).warnings
    if said is None:  # only the spacing changed: still stale, since the msgid differs
        assert "(only its spacing or line breaks)" in warnings[0].message
    else:
        assert f"({said})" in warnings[0].message


def test_a_fuzzy_entry_is_not_used() -> None:
    text = GOOD.replace('msgctxt "question P4 label"', '#, fuzzy\nmsgctxt "question P4 label"')
    translation = parse_translation(text, "sample.es.po")
    result = check_translation(translation, SAMPLE)
    assert (result.errors, result.warnings) == ([], [])
    assert [context_of(key) for key in result.fuzzy] == ["question P4 label"]
    assert [context_of(key) for key in result.untranslated] == ["question P4 label"]
    assert localize(SAMPLE, translation).question("P4").label == SAMPLE.question("P4").label
    assert localize(SAMPLE, translation).question("P1").label == "¿Quién pregunta?"


def test_obsolete_entries_are_ignored() -> None:
    obsolete = (
        '\n#~ msgctxt "question P9 label"\n#~ msgid "Gone"\n#~ msgstr "Ido"\n'
        '\n#~ msgctxt "question P1 label"\n#~ msgid "Who is asking?"\n#~ msgstr "Otra"\n'
    )
    translation = parse_translation(GOOD + obsolete, "sample.es.po")
    assert check_translation(translation, SAMPLE).errors == []
    assert ("question", "P9", "label") not in translation.entries
    assert localize(SAMPLE, translation).question("P1").label == "¿Quién pregunta?"


def test_translation_files_are_found_by_name(tmp_path: Path) -> None:
    names = ("a.es.po", "b.pt.po", "notes.po", "a.md", "c.Spanish.po", "a.pot", "d.es.yaml")
    for name in names:
        (tmp_path / name).write_text("x\n")
    assert [p.name for p in translation_files(tmp_path)] == ["a.es.po", "b.pt.po"]
    assert [p.name for p in old_translation_files(tmp_path)] == ["d.es.yaml"]


def test_an_unreadable_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.es.po"
    path.write_bytes(b'msgid "\xff"\n')
    with pytest.raises(QuestionnaireError) as caught:
        load_translation(path)
    assert str(caught.value) == "a.es.po:1:1: the file is not UTF-8 text"


@pytest.mark.parametrize("name", ["dppeia", "responsible-ai"])
def test_the_shipped_spanish_covers_every_board_text(name: str) -> None:
    questionnaire = load_questionnaire(SHIPPED / f"{name}.md")
    translation = load_translation(SHIPPED / f"{name}.es.po")
    result = check_translation(translation, questionnaire)
    assert (result.errors, result.warnings, result.fuzzy) == ([], [], [])
    assert [context_of(key) for key in result.untranslated] == []
    localized = localize(questionnaire, translation)
    texts = board_texts(questionnaire)
    same = [context_of(key) for key, english in texts if translation.text(key, english) == english]
    assert len(same) <= 2, same  # only words alike in both languages ("No")
    assert localized.title != questionnaire.title


@pytest.mark.parametrize("name", ["dppeia", "responsible-ai"])
def test_every_flag_the_board_can_see_has_spanish(name: str) -> None:
    """A shared review shows the board each raised flag it can see (`Flag.board_visible`,
    ctdppeia.board.content.shared_flags), so each such flag's title and resident text is board
    text, and the shipped Spanish has it."""
    questionnaire = load_questionnaire(SHIPPED / f"{name}.md")
    translation = load_translation(SHIPPED / f"{name}.es.po")
    board = dict(board_texts(questionnaire))
    keys = [
        ("flag", flag.id, part)
        for flag in questionnaire.flags
        if flag.board_visible
        for part in ("title", "resident")
        if part == "title" or flag.resident
    ]
    assert [context_of(key) for key in keys if key not in board] == []
    assert [context_of(key) for key in keys if not translation.has(key, board[key])] == []
    assert len(keys) > 50


@pytest.mark.parametrize("name", ["dppeia", "responsible-ai"])
def test_the_shipped_spanish_has_no_source_lines(name: str) -> None:
    translation = load_translation(SHIPPED / f"{name}.es.po")
    helps = [e.text for key, e in translation.entries.items() if key[-1] == "help"]
    assert helps and not [text for text in helps if "Source" in text or "Fuente" in text]
