"""The Responsible-AI review of a use case, walked through the web pages: the three realistic
cases of the questionnaire tests give their tier, gaps and obligations on the pages."""

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewAnswer, User
from ctdppeia.questionnaire import load_questionnaire
from tests.conftest import AuthActions
from tests.factories.reviews import post_section, version_of
from tests.factories.use_cases import new_use_case

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "questionnaire" / "cases"
QUESTIONNAIRE = load_questionnaire(ROOT / "questionnaires" / "responsible-ai.md")


def start_through_the_page(client: FlaskClient, use_case_id: int) -> int:
    page = client.get(f"/reviews/start/ai-use-case/{use_case_id}").get_data(as_text=True)
    assert "Responsible-AI use-case review" in page
    response = client.post(
        f"/reviews/start/ai-use-case/{use_case_id}", data={"questionnaire": "responsible-ai"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].split("/reviews/")[1].split("/")[0])


def answer_case(app: Flask, client: FlaskClient, review_id: int, answers: dict[str, Any]) -> None:
    """Save the case's answers section by section, as a person would (twice, so that answers
    shown by a later section's answer are kept)."""
    for _ in range(2):
        for section in QUESTIONNAIRE.sections:
            mine = {q.id: answers[q.id] for q in section.questions if q.id in answers}
            if not mine:
                continue
            version = version_of(app, review_id)
            response = post_section(client, review_id, section.id, mine, version, "save")
            assert response.status_code == 302, response.get_data(as_text=True)


def title(flag_id: str) -> str:
    return str(escape(next(f.title for f in QUESTIONNAIRE.flags if f.id == flag_id)))


@pytest.mark.parametrize(
    ("case", "tier"),
    [
        ("rai-chatbot-public-pages", "medium"),
        ("rai-child-welfare-screening", "high"),
        ("rai-ui-fraud-flags", "high"),
    ],
)
def test_a_realistic_case_gives_its_tier_gaps_and_obligations(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    ai_reviewer: User,
    reviewer: User,
    case: str,
    tier: str,
) -> None:
    data = json.loads((CASES / f"{case}.json").read_text(encoding="utf-8"))
    assert data["expect"]["rating"] == tier
    use_case_id = new_use_case(app, reviewer)
    auth.login(ai_reviewer)  # an AI reviewer of another agency answers
    review_id = start_through_the_page(client, use_case_id)
    answer_case(app, client, review_id, data["answers"])

    label = {"high": "High risk", "medium": "Medium risk"}[tier]
    use_case_page = client.get(f"/ai-use-cases/{use_case_id}").get_data(as_text=True)
    assert f"Risk tier: {label}" in use_case_page
    for flag_id in data["expect"]["risks"]:
        flag = next(f for f in QUESTIONNAIRE.flags if f.id == flag_id)
        if flag.severity == tier:  # the flags that set the tier are listed, with their basis
            assert title(flag_id) in use_case_page
            if flag.basis:
                assert str(escape(flag.basis)) in use_case_page

    review_page = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    gaps = review_page.split('id="flags-gaps"')[1]
    for flag_id in data["expect"]["gaps"]:
        assert title(flag_id) in gaps, flag_id
    assert f"To close before approval ({len(data['expect']['gaps'])})" in review_page

    tier_page = client.get(f"/ai-use-cases/reviews/{review_id}/tier").get_data(as_text=True)
    assert f"Risk tier: {label}" in tier_page
    for text in QUESTIONNAIRE.obligations[tier]:
        assert str(escape(text)) in tier_page
    other = "medium" if tier == "high" else "high"
    assert str(escape(QUESTIONNAIRE.obligations[other][1])) not in tier_page


def test_the_intake_prefills_the_questions_it_answers(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    use_case_id = new_use_case(app, reviewer, stage="in-use", hosting="state-data-centre")
    auth.login(reviewer)
    review_id = start_through_the_page(client, use_case_id)
    with app.app_context():
        rows = db.session.query(ReviewAnswer).filter_by(review_id=review_id).all()
        answers = {row.question_id: row.value for row in rows}
    assert answers["I1"] == "BenefitsHelp chat, made by Acme AI"
    assert "I2" not in answers  # read by the board: the intake's words are beside it instead
    assert answers["I5"] == "production"
    assert answers["I6"] == "state-hosted"
    assert answers["I11"] == "yes"
    page = client.get(f"/reviews/{review_id}/sections/intake").get_data(as_text=True)
    assert "BenefitsHelp chat, made by Acme AI" in page
    assert "What the AI use case says (the board does not see it)" in page
    assert "A chat window answers general questions" in page


def test_somewhere_else_leaves_the_hosting_question_open(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    use_case_id = new_use_case(app, reviewer, hosting="other", hosting_other="A partner")
    auth.login(reviewer)
    review_id = start_through_the_page(client, use_case_id)
    with app.app_context():
        rows = db.session.query(ReviewAnswer).filter_by(review_id=review_id).all()
        assert {row.question_id for row in rows} == {"I1", "I5", "I11"}
        assert db.session.get(Review, review_id).subject_kind == "ai-use-case"
