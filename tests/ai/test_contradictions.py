"""Tier obligations ticked "Done" are checked against the answers that contradict them."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.ai.contradictions import FINAL_DECISION, TABLE, TOLD
from ctdppeia.extensions import db
from ctdppeia.models import ReviewObligation, User
from tests.ai.test_review_flow import QUESTIONNAIRE, answer_case, start_through_the_page
from tests.ai.test_tier import CHATBOT, obligations_form
from tests.conftest import AuthActions
from tests.factories.reviews import post_section, version_of
from tests.factories.use_cases import new_use_case


def _answered(
    app: Flask, client: FlaskClient, auth: AuthActions, user: User, **changed: object
) -> int:
    use_case_id = new_use_case(app, user)
    auth.login(user)
    review_id = start_through_the_page(client, use_case_id)
    answer_case(app, client, review_id, {**CHATBOT["answers"], **changed})
    return review_id


def _stored(app: Flask, review_id: int) -> dict[str, bool]:
    with app.app_context():
        rows = db.session.query(ReviewObligation).filter_by(review_id=review_id).all()
        return {row.text: row.done for row in rows}


def test_every_rule_names_a_shipped_obligation_and_a_real_answer() -> None:
    shipped = {text for texts in QUESTIONNAIRE.obligations.values() for text in texts}
    for obligation, rules in TABLE.items():
        assert obligation in shipped, obligation
        for rule in rules:
            question = QUESTIONNAIRE.question(rule.question)
            assert set(rule.values) <= set(question.option_values), rule


def test_a_tick_the_answers_contradict_is_refused_naming_the_answer(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    review_id = _answered(app, client, auth, reviewer, T1="no")
    texts = list(QUESTIONNAIRE.obligations["medium"])
    assert texts[0] == TOLD
    url = f"/ai-use-cases/reviews/{review_id}/obligations"
    done, notes = [True, False, False, False], ["", "Plan due in March.", "", ""]
    refused = client.post(url, data=obligations_form(texts, done, notes))
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "cannot be ticked as done: the answer to T1" in page
    assert "Will people be told when a computer program (AI) talks with them" in page
    assert "is “No”. Change that answer, or untick it and explain how it will be met." in page
    assert "Plan due in March." in page  # what was typed comes back
    assert _stored(app, review_id) == {}
    # explained instead of ticked: accepted
    notes[0] = "A notice goes on the chat window in April."
    assert client.post(url, data=obligations_form(texts, [False] * 4, notes)).status_code == 302
    assert _stored(app, review_id)[TOLD] is False


def test_a_consistent_tick_is_accepted_and_a_later_answer_blocks_submission(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    review_id = _answered(app, client, auth, reviewer)  # T1 = yes: people are told
    texts = list(QUESTIONNAIRE.obligations["medium"])
    url = f"/ai-use-cases/reviews/{review_id}/obligations"
    accepted = client.post(url, data=obligations_form(texts, [True] * 4, [""] * 4))
    assert accepted.status_code == 302
    assert _stored(app, review_id)[TOLD] is True
    section = QUESTIONNAIRE.section_of("T1").id
    saved = post_section(client, review_id, section, {"T1": "no"}, version_of(app, review_id))
    assert saved.status_code == 302
    submit = client.get(f"/reviews/{review_id}/submit").get_data(as_text=True)
    assert f"“{TOLD}” cannot be ticked as done: the answer to T1" in submit


def test_no_person_reviewing_outputs_contradicts_a_person_deciding(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    review_id = _answered(app, client, auth, reviewer, E1="significant", H1="none")
    tier = client.post(
        f"/ai-use-cases/reviews/{review_id}/tier", data={"tier": "high", "reason": "Benefits."}
    )
    assert tier.status_code == 302
    texts = list(QUESTIONNAIRE.obligations["high"])
    assert texts[0] == FINAL_DECISION
    done = [True] + [False] * (len(texts) - 1)
    notes = [""] + ["Later."] * (len(texts) - 1)
    url = f"/ai-use-cases/reviews/{review_id}/obligations"
    refused = client.post(url, data=obligations_form(texts, done, notes))
    assert refused.status_code == 422
    label = "Will a trained person review outputs before they affect someone?"
    assert f"the answer to H1 “{label}” is “No review”" in refused.get_data(as_text=True)
