"""The questionnaire text in the page's language, inside the application."""

import logging
import shutil
from pathlib import Path

import pytest
from flask import Flask

from ctdppeia.i18n import localized, questionnaire_translations
from ctdppeia.reviews.registry import questionnaires
from tests.questionnaire.helpers import FIXTURES, GOOD


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
    (tmp_path / "sample.es.yaml").write_text("questionnaire: [\n", encoding="utf-8")
    (tmp_path / "other.es.yaml").write_text(GOOD.replace("sample", "other"), encoding="utf-8")
    app.config["QUESTIONNAIRE_DIR"] = str(tmp_path)
    with app.app_context(), caplog.at_level(logging.ERROR):
        assert list(questionnaire_translations()) == [("other", "es")]
    assert "translation file not used: sample.es.yaml:2:1" in caplog.text
