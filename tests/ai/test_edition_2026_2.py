"""A Responsible-AI review started under edition 2026.2 keeps it once 2027.1 is loaded: its
section pages, summary, risk tier page and PDF still show the questions and flags it was
answered under, and no presumption of edition 2027.1 applies to it."""

import json
import re
import shutil
import subprocess
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.ai.tier import tier_of
from ctdppeia.demo import reviews
from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, Review, User
from ctdppeia.reviews.registry import QuestionnaireRegistry, questionnaires
from ctdppeia.reviews.state import load_context
from tests.conftest import AuthActions
from tests.factories.use_cases import new_use_case

ROOT = Path(__file__).resolve().parents[2]
PREVIOUS = ROOT / "tests" / "questionnaire" / "edition-2026.2" / "responsible-ai.md"
CURRENT = ROOT / "questionnaires" / "responsible-ai.md"
# The chatbot case as it was written for edition 2026.2 (its answers then).
OLD_ANSWERS = {
    **json.loads((ROOT / "tests/questionnaire/cases/rai-chatbot-public-pages.json").read_text())[
        "answers"
    ],
    "P1": "public",
    "D3": "with-effort",
    "D4": "brief",
    "F1": "no",
    "F2": "no",
    "H1": "none",
    "H2": "no",
    "T2": "partly",
}


def use_folder(app: Flask, folder: Path) -> None:
    registry = QuestionnaireRegistry(folder, check_seconds=0)
    with app.app_context():
        registry.load()
    app.extensions["questionnaires"] = registry


def test_a_2026_2_review_still_renders_sums_up_and_exports(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, tmp_path: Path
) -> None:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    shutil.copy(PREVIOUS, folder / "responsible-ai.md")
    use_folder(app, folder)
    use_case_id = new_use_case(app, reviewer)
    with app.app_context():
        owner = db.session.get(User, reviewer.id)
        review = reviews.start(
            owner, "ai-use-case", db.session.get(AIUseCase, use_case_id), "responsible-ai"
        )
        assert review is not None
        reviews.fill(owner, review, OLD_ANSWERS)
        review_id = review.id
        sections = [section.id for section in load_context(review).questionnaire.sections]
    shutil.copy(CURRENT, folder / "responsible-ai.md")
    with app.app_context():
        questionnaires().load()
        assert questionnaires().latest("responsible-ai").version == "2027.3"
        review = db.session.get(Review, review_id)
        assert load_context(review).questionnaire.version == "2026.2"
        found = tier_of(review)
        assert found.computed == "medium" and not found.presumptions

    auth.login(reviewer)
    for section_id in sections:
        page = client.get(f"/reviews/{review_id}/sections/{section_id}")
        assert page.status_code == 200, section_id
    summary = client.get(f"/reviews/{review_id}/summary").get_data(as_text=True)
    assert "version 2026.2" in summary and "A newer version of this questionnaire" in summary
    assert "What is the most sensitive information the system will touch?" in summary  # P1
    tier = re.sub(r"\s+", " ", client.get(f"/ai-use-cases/reviews/{review_id}/tier").text)
    assert "Risk tier: Medium risk" in tier
    assert "No presumption of high impact is raised" in tier
    pdf = tmp_path / "review.pdf"
    pdf.write_bytes(client.get(f"/reviews/{review_id}/review.pdf").data)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = " ".join(text.split())
    assert "2026.2" in words and "Risk tier from the rules: Medium risk" in words
    assert "What is the most sensitive information the system will touch?" in words
