"""A different tier with a written reason, the tier's obligations blocking submission until
ticked off or explained, and both in the PDF."""

import json
import subprocess
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, Review, ReviewObligation, TierOverride, User
from ctdppeia.reviews.flags import flag_panel
from tests.ai.test_review_flow import CASES, QUESTIONNAIRE, answer_case, start_through_the_page
from tests.conftest import AuthActions
from tests.factories.board import board_heard
from tests.factories.use_cases import new_use_case

CHATBOT = json.loads((CASES / "rai-chatbot-public-pages.json").read_text(encoding="utf-8"))


def answered_chatbot(app: Flask, client: FlaskClient, auth: AuthActions, user: User) -> int:
    use_case_id = new_use_case(app, user)
    auth.login(user)
    review_id = start_through_the_page(client, use_case_id)
    answer_case(app, client, review_id, CHATBOT["answers"])
    return review_id


def respond_to_high_flags(app: Flask, client: FlaskClient, review_id: int) -> None:
    with app.app_context():
        panel = flag_panel(db.session.get(Review, review_id))
        flag_ids = [entry.flag.id for entry in panel.unanswered_high]
    for flag_id in flag_ids:
        data = {"kind": "mitigation", "text": "Handled in the contract."}
        response = client.post(f"/reviews/{review_id}/flags/{flag_id}", data=data)
        assert response.status_code == 302


def obligations_form(texts: list[str], done: list[bool], notes: list[str]) -> dict[str, str]:
    data: dict[str, str] = {}
    for index, (text, tick, note) in enumerate(zip(texts, done, notes, strict=True)):
        data[f"items-{index}-text"] = text
        if tick:
            data[f"items-{index}-done"] = "y"
        data[f"items-{index}-explanation"] = note
    return data


def test_a_different_tier_needs_a_reason_and_keeps_both(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    review_id = answered_chatbot(app, client, auth, reviewer)
    url = f"/ai-use-cases/reviews/{review_id}/tier"
    refused = client.post(url, data={"tier": "high", "reason": "  "})
    assert refused.status_code == 422
    assert "Give the reason for recording a different tier." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(TierOverride).count() == 0
    reason = "Residents may read the answers as advice about their own case."
    assert client.post(url, data={"tier": "high", "reason": reason}).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Risk tier: High risk" in page and "The rules give <strong>Medium risk" in page
    assert reason in page
    for text in QUESTIONNAIRE.obligations["high"]:  # the recorded tier's obligations
        assert text.split(",")[0] in page
    with app.app_context():
        override = db.session.query(TierOverride).one()
        assert (override.tier, override.computed_tier) == ("high", "medium")
        event = db.session.query(AuditEvent).filter_by(action="review.tier_override").one()
        assert "Medium risk" in event.summary and "High risk" in event.summary
    # Choosing the questionnaire's own tier goes back to it.
    assert client.post(url, data={"tier": "medium", "reason": ""}).status_code == 302
    with app.app_context():
        assert db.session.query(TierOverride).count() == 0
    assert "Risk tier: Medium risk" in client.get(url).get_data(as_text=True)


def test_obligations_block_submission_until_ticked_or_explained(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    review_id = answered_chatbot(app, client, auth, reviewer)
    respond_to_high_flags(app, client, review_id)
    board_heard(app, reviewer, review_id)  # its board flag: shared, the period over
    texts = list(QUESTIONNAIRE.obligations["medium"])
    submit = client.get(f"/reviews/{review_id}/submit").get_data(as_text=True)
    for text in texts:
        assert f"Tick off or explain the obligation “{text}”" in submit
    assert f"/ai-use-cases/reviews/{review_id}/tier#obligations" in submit

    url = f"/ai-use-cases/reviews/{review_id}/obligations"
    done = [True, False, False, True]
    notes = ["", "Monitoring plan due in March.", "", ""]
    assert client.post(url, data=obligations_form(texts, done, notes)).status_code == 302
    submit = client.get(f"/reviews/{review_id}/submit").get_data(as_text=True)
    assert f"Tick off or explain the obligation “{texts[2]}”" in submit
    assert f"Tick off or explain the obligation “{texts[1]}”" not in submit
    decision = {
        "recommendation": "approve",
        "rationale": "Safe enough.",
        "conditions": "",
        "declaration": "y",
    }
    refused = client.post(f"/reviews/{review_id}/submit", data=decision)
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.get(Review, review_id).submitted_at is None

    notes[2] = "The review date is in the inventory entry."
    assert client.post(url, data=obligations_form(texts, done, notes)).status_code == 302
    submitted = client.post(f"/reviews/{review_id}/submit", data=decision)
    assert submitted.status_code == 302, submitted.get_data(as_text=True)
    with app.app_context():
        rows = db.session.query(ReviewObligation).filter_by(review_id=review_id).all()
        assert {row.text: row.done for row in rows} == dict(zip(texts, done, strict=True))
    # Once submitted, the tier and the obligations can no longer change.
    late = client.post(url, data=obligations_form(texts, [False] * 4, [""] * 4))
    assert late.status_code == 409


def test_the_pdf_shows_both_tiers_the_reason_and_the_obligations(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, tmp_path: Path
) -> None:
    review_id = answered_chatbot(app, client, auth, reviewer)
    reason = "Answers could be read as advice about benefits."
    client.post(f"/ai-use-cases/reviews/{review_id}/tier", data={"tier": "high", "reason": reason})
    texts = list(QUESTIONNAIRE.obligations["high"])
    done = [index == 0 for index in range(len(texts))]
    notes = [""] * len(texts)
    notes[1] = "Notice text agreed with DSS communications."
    url = f"/ai-use-cases/reviews/{review_id}/obligations"
    assert client.post(url, data=obligations_form(texts, done, notes)).status_code == 302
    response = client.get(f"/reviews/{review_id}/review.pdf")
    assert response.status_code == 200
    pdf = tmp_path / "review.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Risk tier from the rules: Medium risk" in flat
    assert "Medium because members of the public use the system or read its output" in flat
    assert "Risk tier recorded by the reviewer: High risk" in flat
    assert "Answers could be read as advice" in flat
    assert "Obligations of the tier" in flat
    assert "Notice text agreed with DSS" in flat
    assert "Not done" in flat and "Done" in flat


def test_an_explanation_over_the_limit_is_refused_and_kept(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    review_id = answered_chatbot(app, client, auth, reviewer)
    texts = list(QUESTIONNAIRE.obligations["medium"])
    notes = ["", "x" * 20_001, "", "Kept note"]
    url = f"/ai-use-cases/reviews/{review_id}/obligations"
    response = client.post(url, data=obligations_form(texts, [False] * 4, notes))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in page and "the limit is 20,000" in page
    assert 'href="#items-1-explanation"' in page and "Kept note" in page
    with app.app_context():
        assert db.session.query(ReviewObligation).count() == 0


def test_with_no_risk_flag_information_only_is_the_questionnaires_tier(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    from tests.factories.use_cases import start_ai_review

    review_id = start_ai_review(app, reviewer, new_use_case(app, reviewer))
    with app.app_context():
        assert flag_panel(db.session.get(Review, review_id)).rating is None
    auth.login(reviewer)
    url = f"/ai-use-cases/reviews/{review_id}/tier"
    assert "Not rated yet" in client.get(url).get_data(as_text=True)
    assert client.post(url, data={"tier": "info", "reason": ""}).status_code == 302
    assert client.post(url, data={"tier": "low", "reason": ""}).status_code == 422
    with app.app_context():
        assert db.session.query(TierOverride).count() == 0
    assert client.post(url, data={"tier": "low", "reason": "Staff use it."}).status_code == 302
    with app.app_context():
        override = db.session.query(TierOverride).one()
        assert (override.tier, override.computed_tier) == ("low", "info")
