"""Items to close before approval gate the confirmation: refused while one is open, unless the
approver sets each aside with a reason, which the audit log and the signed PDF keep."""

import json
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia import audit, limits
from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewDocument, Role, User
from tests.conftest import PASSWORD, MakeUser
from tests.factories.pdfs import pdf_text
from tests.factories.reviews import save, start_review, use_questionnaire_folder
from tests.reviews.test_gaps import GAPPY

SIGN = {"declaration": "y", "step": "sign", "note": "Approved for one year."}
FIELD = "set-aside-no-agreement"
REASON = "The agreement is signed on Monday; release waits for it."


def _client(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    login = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert login.status_code == 302
    return client


def _status(app: Flask, review_id: int) -> str:
    with app.app_context():
        return db.session.get(Review, review_id).status


@pytest.fixture
def submitted(app: Flask, tmp_path: Path, reviewer: User, request_id: int) -> int:
    """A submitted review with the high gap "No signed agreement yet" still raised."""
    use_questionnaire_folder(app, tmp_path / "questionnaires", GAPPY)
    review_id = start_review(app, reviewer, request_id)
    save(app, reviewer, review_id, "basics", {"B1": "no", "B2": "yes"}, complete=True)
    client = _client(app, reviewer)
    response = {"kind": "mitigation", "text": "Signed before release."}
    client.post(f"/reviews/{review_id}/flags/no-agreement", data=response)
    decision = {"recommendation": "approve", "conditions": "", "rationale": "Fine."}
    submit = client.post(f"/reviews/{review_id}/submit", data={**decision, "declaration": "y"})
    assert submit.status_code == 302
    return review_id


def test_confirmation_is_refused_while_a_gap_is_open(
    app: Flask, approver: User, submitted: int
) -> None:
    client = _client(app, approver)
    summary = client.get(f"/reviews/{submitted}/summary").text
    assert "An approver can confirm the review only once each is closed" in summary
    first = client.get(f"/reviews/{submitted}/confirm")
    assert "1 item to close before approval is still open." in first.text
    check = client.post(f"/reviews/{submitted}/confirm", data={"declaration": "y", "step": "check"})
    assert "Items to close before approval that are still open (1)" in check.text
    assert f'name="{FIELD}"' in check.text
    refused = client.post(f"/reviews/{submitted}/confirm", data=SIGN)
    assert refused.status_code == 422
    assert "<title>Error:" in refused.text
    assert "Write a reason to set aside each item below, or send the review back." in refused.text
    assert "Say why you approve with this item still open." in refused.text
    assert 'value="Approved for one year."' in refused.text  # the approver's note is kept
    assert _status(app, submitted) == "submitted"
    too_long = "x" * (limits.SET_ASIDE_REASON + 1)
    refused = client.post(f"/reviews/{submitted}/confirm", data={**SIGN, FIELD: too_long})
    assert refused.status_code == 422
    assert "the limit is 1,000" in refused.text
    assert too_long in refused.text  # what was typed comes back
    assert _status(app, submitted) == "submitted"
    with app.app_context():
        assert db.session.scalars(select(ReviewDocument)).all() == []


def test_a_reason_for_each_gap_confirms_and_is_kept(
    app: Flask, approver: User, submitted: int
) -> None:
    client = _client(app, approver)
    signed = client.post(f"/reviews/{submitted}/confirm", data={**SIGN, FIELD: REASON})
    assert signed.status_code == 302
    assert _status(app, submitted) == "locked"
    with app.app_context():
        events = [
            e for e in audit.history(("review", submitted)) if e.action == "review.gap_set_aside"
        ]
        [event] = events
        assert event.actor_id == approver.id
        assert REASON in event.summary and "No signed agreement yet" in event.summary
        document = db.session.scalars(select(ReviewDocument)).one()
        frozen = json.loads(document.snapshot_json or "{}")
        pdf = document.pdf
    assert frozen["decision"]["set_aside"] == [
        {"flag": "no-agreement", "title": "No signed agreement yet", "reason": REASON}
    ]
    if shutil.which("pdftotext"):
        text = pdf_text(pdf)
        assert "Approved with items still open" in text
        assert "No signed agreement yet: set aside by the approver." in text
        assert f"Reason: {REASON}" in text


def test_a_reviewer_is_still_refused_with_reasons(
    app: Flask, reviewer: User, make_user: MakeUser, submitted: int
) -> None:
    other = make_user(Role.APPROVER, agency="DOL", name="Otto Other")
    for user in (reviewer, other):
        answer = _client(app, user).post(
            f"/reviews/{submitted}/confirm", data={**SIGN, FIELD: REASON}
        )
        assert answer.status_code in (403, 404)
    assert _status(app, submitted) == "submitted"
