"""`flask questionnaires check` on translation files."""

import shutil
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner

from tests.questionnaire.helpers import FIXTURES, GOOD

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"


@pytest.fixture
def folder(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with sample.md and its Spanish, as QUESTIONNAIRE_DIR and as cwd."""
    path = tmp_path / "questionnaires"
    path.mkdir()
    shutil.copy(FIXTURES / "sample.md", path / "sample.md")
    (path / "sample.es.yaml").write_text(GOOD, encoding="utf-8")
    app.config["QUESTIONNAIRE_DIR"] = str(path)
    monkeypatch.chdir(path)
    return path


def run(runner: FlaskCliRunner, *args: str) -> Result:
    return runner.invoke(args=["questionnaires", "check", *args])


def test_a_good_folder(runner: FlaskCliRunner, folder: Path) -> None:
    result = run(runner)
    assert (result.exit_code, result.output) == (
        0,
        "OK sample.md (7 questions, 4 flags)\nOK sample.es.yaml (es for sample: 21 texts)\n",
    )


def test_untranslated_board_text_is_listed_but_passes(runner: FlaskCliRunner, folder: Path) -> None:
    resident = "    resident: El estudio puede no ver lo que importa a las personas.\n"
    (folder / "sample.es.yaml").write_text(GOOD.replace(resident, ""), encoding="utf-8")
    result = run(runner)
    assert result.exit_code == 0
    assert result.output.splitlines()[1:] == [
        "sample.es.yaml: not translated: flag no-voice resident",
        "OK sample.es.yaml (es for sample: 20 texts, 1 not translated)",
    ]


def test_unknown_ids_fail_with_file_and_line(runner: FlaskCliRunner, folder: Path) -> None:
    text = GOOD.replace("  P4:\n", "  P44:\n").replace("      university:", "      uni:")
    (folder / "sample.es.yaml").write_text(text, encoding="utf-8")
    result = run(runner)
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "sample.es.yaml:14:3: there is no question 'P44' in sample.md",
        "sample.es.yaml:21:7: the question 'P1' has no option 'uni' (it has own-agency, "
        "university, vendor)",
    ]


def test_a_translation_of_another_questionnaire_fails(runner: FlaskCliRunner, folder: Path) -> None:
    (folder / "sample.es.yaml").write_text(GOOD.replace("sample", "dppeia"), encoding="utf-8")
    result = run(runner)
    assert result.exit_code == 1
    assert "sample.es.yaml:1:1: this file translates the questionnaire 'dppeia', not 'sample'" in (
        result.output
    )


def test_a_translation_with_no_questionnaire_fails(runner: FlaskCliRunner, folder: Path) -> None:
    (folder / "other.es.yaml").write_text(GOOD.replace("sample", "other"), encoding="utf-8")
    result = run(runner)
    assert result.exit_code == 1
    assert "other.es.yaml:1:1: there is no questionnaire 'other' to translate" in result.output


def test_the_language_of_the_name_and_the_file_agree(runner: FlaskCliRunner, folder: Path) -> None:
    (folder / "sample.es.yaml").rename(folder / "sample.pt.yaml")
    result = run(runner)
    assert result.exit_code == 1
    assert "sample.pt.yaml:2:1: the file name says 'pt' but the file says 'es'" in result.output


def test_a_broken_file_fails_and_the_others_are_still_checked(
    runner: FlaskCliRunner, folder: Path
) -> None:
    (folder / "sample.es.yaml").write_text("questionnaire: sample\nlanguage: [es\n")
    result = run(runner)
    assert result.exit_code == 1
    assert result.output.startswith("OK sample.md")
    assert "sample.es.yaml:3:1: this is not valid YAML" in result.output


def test_a_translation_given_by_path(runner: FlaskCliRunner, folder: Path) -> None:
    result = run(runner, "sample.es.yaml")
    assert (result.exit_code, result.output) == (
        0,
        "OK sample.es.yaml (es for sample: 21 texts)\n",
    )


def test_the_shipped_folder_passes(app: Flask, runner: FlaskCliRunner) -> None:
    app.config["QUESTIONNAIRE_DIR"] = str(SHIPPED)
    result = run(runner)
    assert result.exit_code == 0, result.output
    assert "not translated" not in result.output
    assert "dppeia.es.yaml (es for dppeia: " in result.output
    assert "responsible-ai.es.yaml (es for responsible-ai: " in result.output
