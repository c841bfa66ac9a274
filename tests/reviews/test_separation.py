"""Separation of duties: whoever changed a review's answers or flag responses may not approve
it (SEPARATION_OF_DUTIES, on by default); the snapshot and the PDF say who answered what."""

from io import BytesIO

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from ctdppeia.extensions import db
from ctdppeia.models import Review, Role, User
from ctdppeia.reviews.snapshot import build_snapshot
from tests.conftest import MakeUser
from tests.factories.people import as_user
from tests.factories.reviews import (
    DECISION,
    FULL_BASICS,
    FULL_DETAILS,
    SIGN,
    post_section,
    save,
    version_of,
)

REFUSAL = "You changed answers or flag responses in this review"


def _status(app: Flask, review_id: int) -> str:
    with app.app_context():
        return db.session.get(Review, review_id).status


def _answered_by_approver_then_submitted(
    app: Flask, reviewer: User, approver: User, review_id: int
) -> FlaskClient:
    """The approver answers the first section through the form; the reviewer does the rest
    and submits."""
    approver_client = as_user(app, approver)
    data = {**FULL_BASICS, "action": "continue"}
    answered = post_section(approver_client, review_id, "basics", data, version_of(app, review_id))
    assert answered.status_code == 302
    save(app, reviewer, review_id, "details", FULL_DETAILS, complete=True)
    submitted = as_user(app, reviewer).post(f"/reviews/{review_id}/submit", data=DECISION)
    assert submitted.status_code == 302
    return approver_client


def test_an_approver_who_answered_cannot_confirm_or_send_back(
    app: Flask, reviewer: User, approver: User, make_user: MakeUser, review_id: int
) -> None:
    client = _answered_by_approver_then_submitted(app, reviewer, approver, review_id)
    summary = client.get(f"/reviews/{review_id}/summary").text
    assert "You cannot decide this review" in summary and REFUSAL in summary
    assert "Confirm the decision and lock the review" not in summary
    assert "you can confirm or send back" not in client.get("/reviews/").text
    refused = client.post(f"/reviews/{review_id}/confirm", data=SIGN)
    assert refused.status_code == 403 and REFUSAL in refused.text
    sent = client.post(f"/reviews/{review_id}/send-back", data={"comment": "No."})
    assert sent.status_code == 403
    assert _status(app, review_id) == "submitted"
    other = as_user(app, make_user(Role.APPROVER, agency="DSS", name="Olga Other"))
    assert REFUSAL not in other.get(f"/reviews/{review_id}/summary").text
    assert "1 review you can confirm or send back" in other.get("/reviews/").text
    assert other.post(f"/reviews/{review_id}/confirm", data=SIGN).status_code == 302
    assert _status(app, review_id) == "locked"


def test_an_approver_who_responded_to_a_flag_cannot_confirm(
    app: Flask, reviewer: User, approver: User, review_id: int
) -> None:
    save(app, reviewer, review_id, "basics", FULL_BASICS, complete=True)
    save(app, reviewer, review_id, "details", FULL_DETAILS, complete=True)  # "names" raised
    client = as_user(app, approver)
    response = {"kind": "mitigation", "text": "Names go after linking."}
    assert client.post(f"/reviews/{review_id}/flags/names", data=response).status_code == 302
    assert (
        as_user(app, reviewer).post(f"/reviews/{review_id}/submit", data=DECISION).status_code
        == 302
    )
    refused = client.post(f"/reviews/{review_id}/confirm", data=SIGN)
    assert refused.status_code == 403 and REFUSAL in refused.text
    assert _status(app, review_id) == "submitted"


def test_the_rule_can_be_switched_off(
    app: Flask, reviewer: User, approver: User, review_id: int
) -> None:
    app.config["SEPARATION_OF_DUTIES"] = False
    client = _answered_by_approver_then_submitted(app, reviewer, approver, review_id)
    assert client.post(f"/reviews/{review_id}/confirm", data=SIGN).status_code == 302
    assert _status(app, review_id) == "locked"


def test_the_snapshot_and_the_pdf_say_who_answered_what(
    app: Flask, reviewer: User, approver: User, review_id: int
) -> None:
    client = _answered_by_approver_then_submitted(app, reviewer, approver, review_id)
    with app.app_context():
        snap = build_snapshot(db.session.get(Review, review_id))
    by_question = {q["id"]: q["answered_by"] for s in snap["sections"] for q in s["questions"]}
    assert by_question["B1"] == "Ana Approver" and by_question["D1"] == "Rosa Reviewer"
    sections = {s["id"]: s["answered_by"] for s in snap["sections"]}
    assert sections == {"basics": ["Ana Approver"], "details": ["Rosa Reviewer"]}
    pdf = client.get(f"/reviews/{review_id}/review.pdf").data
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "Answered by: Ana Approver (B1, B2, B3, B4)" in text
    assert "Answered by: Rosa Reviewer (D1, D2, D3, D4)" in text
