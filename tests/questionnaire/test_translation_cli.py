"""`flask questionnaires check` on translation catalogues, and `flask questionnaires
translations extract | update | convert`."""

import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner

from ctdppeia.i18n import questionnaire_translations
from ctdppeia.questionnaire.translation import load_translation, parse_translation
from tests.questionnaire.helpers import FIXTURES, GOOD, OLD_YAML, STALE

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"


@pytest.fixture
def folder(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with sample.md and its Spanish, as QUESTIONNAIRE_DIR and as cwd."""
    path = tmp_path / "questionnaires"
    path.mkdir()
    shutil.copy(FIXTURES / "sample.md", path / "sample.md")
    (path / "sample.es.po").write_text(GOOD, encoding="utf-8")
    app.config["QUESTIONNAIRE_DIR"] = str(path)
    monkeypatch.chdir(path)
    return path


def run(runner: FlaskCliRunner, *args: str) -> Result:
    return runner.invoke(args=["questionnaires", "check", *args])


def translations(runner: FlaskCliRunner, *args: str) -> Result:
    return runner.invoke(args=["questionnaires", "translations", *args])


def catalogue(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def test_a_good_folder(runner: FlaskCliRunner, folder: Path) -> None:
    result = run(runner)
    assert (result.exit_code, result.output) == (
        0,
        "OK sample.md (7 questions, 4 flags)\nOK sample.es.po (es for sample: 21 texts)\n",
    )


def test_untranslated_board_text_is_listed_but_passes(runner: FlaskCliRunner, folder: Path) -> None:
    resident = 'msgstr "El estudio puede no ver lo que importa a las personas."'
    (folder / "sample.es.po").write_text(GOOD.replace(resident, 'msgstr ""'), encoding="utf-8")
    result = run(runner)
    assert result.exit_code == 0
    assert result.output.splitlines()[1:] == [
        "sample.es.po: not translated: flag no-voice resident",
        "OK sample.es.po (es for sample: 20 texts, 1 not translated)",
    ]


def test_unknown_ids_fail_with_file_and_line(runner: FlaskCliRunner, folder: Path) -> None:
    text = GOOD.replace('"question P4 label"', '"question P44 label"')
    text = text.replace("option university", "option uni")
    (folder / "sample.es.po").write_text(text, encoding="utf-8")
    result = run(runner)
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "sample.es.po:28:1: there is no question 'P44' in sample.md",
        "sample.es.po:44:1: the question 'P1' has no option 'uni' (it has own-agency, "
        "university, vendor)",
    ]


def test_a_translation_of_another_questionnaire_fails(runner: FlaskCliRunner, folder: Path) -> None:
    text = GOOD.replace("sample 2026.10", "dppeia 2026.10")
    (folder / "sample.es.po").write_text(text, encoding="utf-8")
    result = run(runner)
    assert result.exit_code == 1
    assert "sample.es.po:4:1: this file translates the questionnaire 'dppeia', not 'sample'" in (
        result.output
    )


def test_a_translation_with_no_questionnaire_fails(runner: FlaskCliRunner, folder: Path) -> None:
    text = GOOD.replace("sample 2026.10", "other 2026.10")
    (folder / "other.es.po").write_text(text, encoding="utf-8")
    result = run(runner)
    assert result.exit_code == 1
    assert "other.es.po:4:1: there is no questionnaire 'other' to translate" in result.output


def test_the_language_of_the_name_and_the_file_agree(runner: FlaskCliRunner, folder: Path) -> None:
    (folder / "sample.es.po").rename(folder / "sample.pt.po")
    result = run(runner)
    assert result.exit_code == 1
    assert "sample.pt.po:5:1: the file name says 'pt' but the file says 'es'" in result.output


def test_a_broken_file_fails_and_the_others_are_still_checked(
    runner: FlaskCliRunner, folder: Path
) -> None:
    (folder / "sample.es.po").write_text('msgid ""\nmsgstr ""\n"Language: es\n')
    result = run(runner)
    assert result.exit_code == 1
    assert result.output.startswith("OK sample.md")
    assert "sample.es.po:3:1: this is not a PO line" in result.output


def test_a_translation_given_by_path(runner: FlaskCliRunner, folder: Path) -> None:
    result = run(runner, "sample.es.po")
    assert (result.exit_code, result.output) == (
        0,
        "OK sample.es.po (es for sample: 21 texts)\n",
    )


def test_a_stale_entry_is_a_warning_and_a_fuzzy_one_is_listed(
    runner: FlaskCliRunner, folder: Path
) -> None:
    text = STALE.replace('msgctxt "question P1 label"', '#, fuzzy\nmsgctxt "question P1 label"')
    (folder / "sample.es.po").write_text(text, encoding="utf-8")
    result = run(runner)
    assert result.exit_code == 0
    assert result.output.splitlines()[1:] == [
        "sample.es.po:28:1: warning: stale: the English of 'question P4 label' changed since it "
        "was translated ('help' was added), so the English is shown; run 'flask questionnaires "
        "translations extract', then '... update', and check the entry, which is then marked "
        "fuzzy",
        "sample.es.po:33: fuzzy, not shown until checked: question P1 label",
        "sample.es.po: not translated: question P4 label",
        "OK sample.es.po (es for sample: 19 texts, 1 not translated)",
    ]


def test_a_leftover_yaml_translation_is_reported_and_not_used(
    app: Flask, runner: FlaskCliRunner, folder: Path
) -> None:
    (folder / "sample.es.po").unlink()
    (folder / "sample.es.yaml").write_text(OLD_YAML, encoding="utf-8")
    result = run(runner)
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "sample.es.yaml:1:1: a translation in the old YAML format, which is no longer used: "
        "convert it with 'flask --app ctdppeia questionnaires translations convert "
        "sample.es.yaml', check the .po file it writes, then delete this one"
    ]
    with app.test_request_context():
        assert questionnaire_translations() == {}


def test_convert_extract_and_update_round_trip(runner: FlaskCliRunner, folder: Path) -> None:
    """An old YAML file becomes a catalogue with all of its text; the template and the
    update keep it; an English text changed later makes its entry fuzzy, kept for review."""
    (folder / "sample.es.po").unlink()
    (folder / "sample.es.yaml").write_text(OLD_YAML, encoding="utf-8")
    result = translations(runner, "convert", "sample.es.yaml")
    assert (result.exit_code, result.output.splitlines()) == (
        0,
        [
            "wrote sample.es.po (35 texts, 21 translated)",
            "Check it with 'flask --app ctdppeia questionnaires check', then delete "
            "sample.es.yaml.",
        ],
    )
    converted = load_translation(folder / "sample.es.po")
    expected = parse_translation(GOOD, "sample.es.po").entries
    assert {key: entry.text for key, entry in converted.entries.items() if entry.text} == {
        key: entry.text for key, entry in expected.items()
    }
    (folder / "sample.es.yaml").unlink()
    assert run(runner).output.splitlines()[1] == "OK sample.es.po (es for sample: 21 texts)"

    result = translations(runner, "extract")
    assert (result.exit_code, result.output) == (0, "wrote sample.pot (35 texts)\n")
    template = catalogue(folder / "sample.pot")
    assert (template.project, template.version) == ("sample", "2026.10")
    assert [m.context for m in template if m.id][:3] == ["title", "summary", "rating high"]
    assert not [m for m in template if m.id and m.string]
    before = (folder / "sample.es.po").read_text(encoding="utf-8")
    result = translations(runner, "update")
    assert result.output == (
        "up to date: sample.es.po (35 texts: 14 not translated, 0 fuzzy; 0 obsolete)\n"
    )
    assert (folder / "sample.es.po").read_text(encoding="utf-8") == before

    markdown = (folder / "sample.md").read_text(encoding="utf-8")
    markdown = markdown.replace("Did residents help shape the question?", "Did residents shape it?")
    markdown = markdown.replace("Destroy by", "Destroy it by").replace("Name the groups.", "")
    (folder / "sample.md").write_text(markdown, encoding="utf-8")
    result = translations(runner, "update")
    assert result.exit_code == 1
    assert result.output.startswith(
        "sample.pot:1:1: sample.md changed since sample.pot was written: run extract first\n"
    )
    assert (folder / "sample.es.po").read_text(encoding="utf-8") == before
    assert translations(runner, "extract").exit_code == 0
    result = translations(runner, "update")
    assert result.output == (
        "updated sample.es.po (34 texts: 13 not translated, 1 fuzzy; 1 obsolete)\n"
    )
    updated = catalogue(folder / "sample.es.po")
    entry = updated.get("Did residents shape it?", context="question P4 label")
    assert entry is not None and entry.fuzzy
    assert entry.string == "¿Los residentes ayudaron a formar la pregunta?"
    text = (folder / "sample.es.po").read_text(encoding="utf-8")
    assert (
        '#, fuzzy\n#| msgid "Did residents help shape the question?"\nmsgctxt "question P4 label"'
    ) in text
    assert translations(runner, "update").output.startswith("up to date: sample.es.po")
    new = updated.get("Destroy it by", context="question D1 label")
    assert new is not None and new.string == ""
    assert [m.context for m in updated.obsolete.values()] == ["question P4a help"]
    result = run(runner)
    line = text.splitlines().index('msgctxt "question P4 label"') + 1
    assert f"sample.es.po:{line}: fuzzy, not shown until checked: question P4 label" in (
        result.output
    )
    assert "warning" not in result.output


def test_convert_names_the_line_of_a_text_the_questionnaire_lacks(
    runner: FlaskCliRunner, folder: Path
) -> None:
    (folder / "sample.es.yaml").write_text(OLD_YAML.replace("  P4:\n", "  P44:\n"))
    (folder / "sample.es.po").unlink()
    result = translations(runner, "convert", "sample.es.yaml")
    assert result.exit_code == 1
    assert result.output == "sample.es.yaml:15:1: there is no question 'P44' in sample.md\n"
    assert not (folder / "sample.es.po").exists()


def test_convert_marks_every_entry_fuzzy_for_another_version(
    runner: FlaskCliRunner, folder: Path
) -> None:
    (folder / "sample.es.yaml").write_text(OLD_YAML.replace('"2026.10"', '"2026.9"'))
    (folder / "sample.es.po").unlink()
    result = translations(runner, "convert", "sample.es.yaml")
    assert result.exit_code == 0
    assert "all fuzzy: the file translates version 2026.9" in result.output
    converted = load_translation(folder / "sample.es.po")
    assert all(entry.fuzzy for entry in converted.entries.values() if entry.text)


def test_convert_never_overwrites_a_catalogue(runner: FlaskCliRunner, folder: Path) -> None:
    (folder / "sample.es.yaml").write_text(OLD_YAML)
    result = translations(runner, "convert", "sample.es.yaml")
    assert result.exit_code == 1
    assert "sample.es.po exists already: nothing was written" in result.output
    assert (folder / "sample.es.po").read_text(encoding="utf-8") == GOOD


def test_update_needs_a_template(runner: FlaskCliRunner, folder: Path) -> None:
    result = translations(runner, "update")
    assert result.exit_code == 1
    assert "there is no sample.pot to update it from: run extract first" in result.output
    assert (folder / "sample.es.po").read_text(encoding="utf-8") == GOOD


def test_the_shipped_folder_passes(app: Flask, runner: FlaskCliRunner) -> None:
    app.config["QUESTIONNAIRE_DIR"] = str(SHIPPED)
    result = run(runner)
    assert result.exit_code == 0, result.output
    assert "not translated" not in result.output
    assert "warning" not in result.output and "fuzzy" not in result.output
    assert "dppeia.es.po (es for dppeia: " in result.output
    assert "responsible-ai.es.po (es for responsible-ai: " in result.output


def test_the_shipped_templates_and_catalogues_are_current(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    """After an edit of a questionnaire, run extract and update (questionnaires/README.md,
    "Translations"): they change nothing here."""
    copy = tmp_path / "questionnaires"
    shutil.copytree(SHIPPED, copy)
    app.config["QUESTIONNAIRE_DIR"] = str(copy)
    assert translations(runner, "extract").output.count("up to date: ") == 2
    assert translations(runner, "update").output.count("up to date: ") == 2
