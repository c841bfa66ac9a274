"""`flask questionnaires check | list | try`."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner

from ctdppeia.cli.questionnaires import questionnaires_cli
from tests.questionnaire.helpers import FIXTURES, FRONT


@pytest.fixture
def folder(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A questionnaire folder holding sample.md, set as QUESTIONNAIRE_DIR and as cwd."""
    path = tmp_path / "questionnaires"
    path.mkdir()
    shutil.copy(FIXTURES / "sample.md", path / "sample.md")
    (path / "README.md").write_text("# Not a questionnaire\n")
    app.config["QUESTIONNAIRE_DIR"] = str(path)
    if "questionnaires" not in app.cli.commands:
        app.cli.add_command(questionnaires_cli)
    monkeypatch.chdir(path)
    return path


def run(runner: FlaskCliRunner, *args: str) -> Result:
    return runner.invoke(args=["questionnaires", *args])


class TestCheck:
    def test_good_folder(self, runner: FlaskCliRunner, folder: Path) -> None:
        result = run(runner, "check")
        assert result.exit_code == 0
        assert result.output == "OK sample.md (7 questions, 4 flags)\n"

    def test_every_problem_is_printed_and_the_exit_status_is_1(
        self, runner: FlaskCliRunner, folder: Path
    ) -> None:
        (folder / "broken.md").write_text(FRONT + "# Planning\n## Who? {#q type=bool}\n")
        result = run(runner, "check")
        assert result.exit_code == 1
        assert result.output.splitlines() == [
            "broken.md:8:11: the section heading 'Planning' needs an id at the end, "
            "like {#planning}",
            "broken.md:9:18: unknown type 'bool'; use yesno, choice, multi, text, longtext, "
            "number or date",
            "OK sample.md (7 questions, 4 flags)",
        ]

    def test_named_files(self, runner: FlaskCliRunner, folder: Path) -> None:
        (folder / "other").mkdir()
        shutil.copy(FIXTURES / "sample.md", folder / "other" / "copy.md")
        result = run(runner, "check", "other/copy.md")
        assert (result.exit_code, result.output) == (0, "OK other/copy.md (7 questions, 4 flags)\n")

    def test_same_id_twice(self, runner: FlaskCliRunner, folder: Path) -> None:
        shutil.copy(FIXTURES / "sample.md", folder / "second.md")
        result = run(runner, "check")
        assert result.exit_code == 1
        assert result.output.splitlines() == [
            "OK sample.md (7 questions, 4 flags)",
            "second.md:2:1: the questionnaire id 'sample' is already used by sample.md",
        ]

    def test_missing_file(self, runner: FlaskCliRunner, folder: Path) -> None:
        result = run(runner, "check", "gone.md")
        assert result.exit_code == 1
        assert result.output == "gone.md:1:1: cannot read the file: No such file or directory\n"

    def test_empty_folder(self, runner: FlaskCliRunner, folder: Path) -> None:
        (folder / "sample.md").unlink()
        result = run(runner, "check")
        assert result.exit_code == 1
        assert result.output.startswith("no questionnaire files in ")


class TestList:
    def test_lists_questionnaires_and_broken_files(
        self, runner: FlaskCliRunner, folder: Path
    ) -> None:
        (folder / "broken.md").write_text("no front matter\n")
        result = run(runner, "list")
        assert result.exit_code == 0
        lines = result.output.splitlines()
        assert lines[0].split() == ["id", "title", "version", "hash", "questions", "flags"]
        row = lines[1].split()
        assert row[0] == "sample"
        assert row[-4:-2] == ["2026.10", row[-3]] and len(row[-3]) == 12
        assert row[-2:] == ["7", "4"]
        assert lines[2] == "BROKEN broken.md: 2 problems"
        assert "questionnaires check" in lines[3]


class TestTry:
    def answers(self, folder: Path, content: object) -> str:
        path = folder / "answers.json"
        text = content if isinstance(content, str) else json.dumps(content)
        path.write_text(text)
        return path.name

    def test_prints_the_evaluation(self, runner: FlaskCliRunner, folder: Path) -> None:
        answers = self.answers(folder, {"P1": "vendor", "P4": "no", "C2": ["health"], "N5": 3})
        result = run(runner, "try", "sample.md", answers)
        assert result.exit_code == 0
        assert json.loads(result.stdout) == {
            "visible": ["P1", "P4", "C2", "N5", "D1", "T1"],
            "missing_required": [],
            "flags": [
                {"id": "small-cells", "severity": "high", "route": "high-risk-subcommittee"},
                {"id": "no-voice", "severity": "medium", "route": "board"},
                {"id": "external", "severity": "info", "route": None},
            ],
            "gaps": [],
            "rating": "high",
            "routes": ["high-risk-subcommittee", "board"],
            "obligations": [],
            "rating_reason": "High because small cells.",
        }

    def test_notes_ignored_hidden_answers(self, runner: FlaskCliRunner, folder: Path) -> None:
        answers = self.answers(folder, {"P4": "no", "P4a": "the groups"})
        result = run(runner, "try", "sample.md", answers)
        assert result.exit_code == 0
        assert result.stderr == "note: the answer to 'P4a' is ignored: that question is hidden\n"
        assert json.loads(result.stdout)["missing_required"] == ["P1", "C2"]

    def test_broken_questionnaire(self, runner: FlaskCliRunner, folder: Path) -> None:
        (folder / "broken.md").write_text(FRONT + "# Planning\n")
        result = run(runner, "try", "broken.md", self.answers(folder, {}))
        assert result.exit_code == 1
        assert result.output.startswith("broken.md:8:11: the section heading 'Planning'")

    def test_invalid_json(self, runner: FlaskCliRunner, folder: Path) -> None:
        result = run(runner, "try", "sample.md", self.answers(folder, '{"P1": }'))
        assert result.exit_code == 1
        assert result.output == ("answers.json:1:8: this is not valid JSON: Expecting value\n")

    def test_not_an_object(self, runner: FlaskCliRunner, folder: Path) -> None:
        result = run(runner, "try", "sample.md", self.answers(folder, ["P1"]))
        assert result.exit_code == 1
        assert result.output == (
            'answers.json: the file must hold one JSON object, like {"P1": "own-agency"}\n'
        )

    def test_answers_that_do_not_fit(self, runner: FlaskCliRunner, folder: Path) -> None:
        answers = self.answers(folder, {"P1": "nobody", "P99": "x", "N5": "7"})
        result = run(runner, "try", "sample.md", answers)
        assert result.exit_code == 1
        assert result.output.splitlines() == [
            "answers.json: the answer to 'P1' does not fit: 'nobody' is not one of the answers "
            "offered (own-agency, university, vendor)",
            "answers.json: there is no question 'P99' in sample.md",
            "answers.json: the answer to 'N5' does not fit: '7' is not a number",
        ]

    def test_missing_answers_file(self, runner: FlaskCliRunner, folder: Path) -> None:
        result = run(runner, "try", "sample.md", "nope.json")
        assert result.exit_code == 1
        assert result.output == "nope.json: cannot read the file: No such file or directory\n"
