"""The questionnaire text in the page's language, inside the application."""

import logging
import shutil
from pathlib import Path

import pytest
from flask import Flask

from ctdppeia.i18n import localized, questionnaire_translations, text_language
from ctdppeia.questionnaire import load_questionnaire
from ctdppeia.reviews.registry import questionnaires
from tests.questionnaire.helpers import FIXTURES, GOOD, OLD_YAML, STALE


def test_the_page_language_picks_the_text(app: Flask) -> None:
    with app.test_request_context(headers={"Accept-Language": "es"}):
        dppeia = questionnaires().latest("dppeia")
        assert dppeia is not None
        spanish = localized(dppeia)
        assert spanish.question("P4").label.startswith("¿Las personas que usan")
        assert spanish.hash == dppeia.hash
        assert localized(dppeia) is spanish  # built once
        assert localized(dppeia, "en") is dppeia
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert localized(dppeia) is dppeia


def test_a_broken_file_is_logged_and_left_out(
    app: Flask, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shutil.copy(FIXTURES / "sample.md", tmp_path / "sample.md")
    (tmp_path / "sample.es.po").write_text('msgid ""\nmsgstr [\n', encoding="utf-8")
    other = GOOD.replace("sample 2026.10", "other 2026.10")
    (tmp_path / "other.es.po").write_text(other, encoding="utf-8")
    app.config["QUESTIONNAIRE_DIR"] = str(tmp_path)
    with app.app_context(), caplog.at_level(logging.ERROR):
        assert list(questionnaire_translations()) == [("other", "es")]
    assert "translation file not used: sample.es.po:2:1" in caplog.text


def test_a_yaml_translation_is_logged_and_left_out(
    app: Flask, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The old format is no longer read: the page keeps the questionnaire's English."""
    shutil.copy(FIXTURES / "sample.md", tmp_path / "sample.md")
    (tmp_path / "sample.es.yaml").write_text(OLD_YAML, encoding="utf-8")
    app.config["QUESTIONNAIRE_DIR"] = str(tmp_path)
    with (
        app.test_request_context(headers={"Accept-Language": "es"}),
        caplog.at_level(logging.ERROR),
    ):
        assert questionnaire_translations() == {}
        sample = load_questionnaire(tmp_path / "sample.md")
        assert localized(sample) is sample
    assert "translation file not used: sample.es.yaml is of the old YAML format" in caplog.text


def test_a_stale_text_is_shown_in_english_on_the_page_language(app: Flask, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "sample.md", tmp_path / "sample.md")
    (tmp_path / "sample.es.po").write_text(STALE, encoding="utf-8")
    app.config["QUESTIONNAIRE_DIR"] = str(tmp_path)
    with app.test_request_context(headers={"Accept-Language": "es"}):
        sample = load_questionnaire(tmp_path / "sample.md")
        spanish = localized(sample)
        assert spanish.question("P4").label == "Did residents help shape the question?"
        assert spanish.question("P1").label == "¿Quién pregunta?"
        assert text_language(sample, ("question", "P4", "label"), "es") == "en"
        assert text_language(sample, ("question", "P1", "label"), "es") == "es"
