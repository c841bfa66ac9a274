"""Loading files and folders."""

import shutil
from pathlib import Path

import pytest

from ctdppeia.questionnaire import (
    QuestionnaireError,
    load_files,
    load_folder,
    load_questionnaire,
)
from tests.questionnaire.helpers import FIXTURES, FRONT

PROJECT = Path(__file__).resolve().parents[2]


def test_load_questionnaire_names_errors_by_file_name(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text(FRONT + "# No id\n")
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    assert str(caught.value).startswith("broken.md:8:")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(tmp_path / "gone.md")
    assert str(caught.value) == "gone.md:1:1: cannot read the file: No such file or directory"


def test_load_folder_keeps_the_good_files(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "sample.md", tmp_path / "a.md")
    (tmp_path / "b.md").write_text(FRONT + "# No id\n")
    (tmp_path / "README.md").write_text("# The manual, not a questionnaire\n")
    (tmp_path / "notes.txt").write_text("ignored")
    loaded, broken = load_folder(tmp_path)
    assert list(loaded) == ["sample"]
    assert [error.file for error in broken] == ["b.md"]


def test_same_id_twice_is_an_error_for_the_second_file(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "sample.md", tmp_path / "a.md")
    shutil.copy(FIXTURES / "sample.md", tmp_path / "b.md")
    loaded, broken = load_folder(tmp_path)
    assert loaded["sample"].filename == "a.md"
    assert [str(error) for error in broken] == [
        "b.md:2:1: the questionnaire id 'sample' is already used by a.md"
    ]


def test_missing_folder(tmp_path: Path) -> None:
    loaded, broken = load_folder(tmp_path / "nowhere")
    assert loaded == {}
    assert broken[0].message == "this questionnaire folder does not exist"


def test_load_files_in_the_given_order(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "sample.md", tmp_path / "z.md")
    loaded, broken = load_files([tmp_path / "z.md"])
    assert list(loaded) == ["sample"] and broken == []


def test_shipped_questionnaires_load() -> None:
    """The questionnaires in questionnaires/ load without errors."""
    folder = PROJECT / "questionnaires"
    files = sorted(p.name for p in folder.glob("*.md") if p.name != "README.md")
    if not files:
        pytest.skip("no questionnaires shipped yet")
    loaded, broken = load_folder(folder)
    assert [str(e) for error in broken for e in error.errors] == []
    assert len(loaded) == len(files)
