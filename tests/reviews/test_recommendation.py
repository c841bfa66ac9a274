"""The recommendation is asked once: the questionnaire's answer (E5, with the conditions in
E6) is the one submitted, and the submit page shows it instead of asking again."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.demo import REVIEW_DECIDED
from ctdppeia.demo import reviews as review_demo
from ctdppeia.extensions import db
from ctdppeia.models import Review, User
from tests.conftest import AuthActions
from tests.factories.board import board_heard
from tests.factories.requests import new_request
from tests.factories.reviews import post_section, start_review, version_of

CONDITIONS = "Show only counties."


def _ready_review(app: Flask, user: User) -> int:
    """A DPPEIA review with every required answer but the recommendation."""
    request_id = new_request(app, user)
    review_id = start_review(app, user, request_id, "dppeia")
    with app.app_context():
        actor = db.session.get(User, user.id)
        review = db.session.get(Review, review_id)
        answers = {k: v for k, v in REVIEW_DECIDED.items() if k not in ("E5", "E6")}
        review_demo.fill(actor, review, answers)
        review_demo.respond_to_flags(actor, review, {}, all_high=True)
    board_heard(app, user, review_id)  # a flag routes it to the board: shared, period closed
    return review_id


def _answer(client: FlaskClient, app: Flask, review_id: int, **answers: str) -> None:
    # the section's other answers as they stand, so that saving it keeps them
    others = {
        k: v for k, v in REVIEW_DECIDED.items() if k.startswith("E") and k not in ("E5", "E6")
    }
    data = {**others, **answers, "action": "save"}
    response = post_section(client, review_id, "equity", data, version_of(app, review_id))
    assert response.status_code == 302


def test_the_submit_page_shows_the_questionnaire_recommendation(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    user = auth.login()
    review_id = _ready_review(app, user)
    page = client.get(f"/reviews/{review_id}/submit").get_data(as_text=True)
    assert "voice and the decision: answer “What is the reviewer" in page  # the equity section
    assert 'name="recommendation"' not in page and 'name="conditions"' not in page

    _answer(client, app, review_id, E5="approve-with-conditions")
    page = client.get(f"/reviews/{review_id}/submit").get_data(as_text=True)
    assert "answer “What conditions or changes are required?”" in page
    refused = client.post(f"/reviews/{review_id}/submit", data={"rationale": "Fine."})
    assert refused.status_code == 422

    _answer(client, app, review_id, E5="approve-with-conditions", E6=CONDITIONS)
    page = client.get(f"/reviews/{review_id}/submit").get_data(as_text=True)
    assert "cannot be submitted yet" not in page
    assert "<strong>Approve with conditions</strong>" in page and CONDITIONS in page
    assert 'name="recommendation"' not in page and 'name="rationale"' in page
    assert f"/reviews/{review_id}/sections/equity#question-E5" in page

    response = client.post(
        f"/reviews/{review_id}/submit", data={"rationale": "Only counties.", "declaration": "y"}
    )
    assert response.status_code == 302
    with app.app_context():
        decision = db.session.get(Review, review_id).decisions[-1]
        assert decision.recommendation == "approve-with-conditions"
        assert decision.conditions == CONDITIONS
        assert decision.rationale == "Only counties."


def test_a_questionnaire_without_the_question_still_asks_on_submit(
    app: Flask, client: FlaskClient, auth: AuthActions, review_id: int
) -> None:
    auth.login()
    page = client.get(f"/reviews/{review_id}/submit").get_data(as_text=True)
    assert 'name="recommendation"' in page and 'name="conditions"' in page
