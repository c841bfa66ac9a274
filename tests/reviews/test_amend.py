"""Amending a locked review: a new, linked review that starts as a copy."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, FlagResponse, Review, ReviewAnswer, User
from ctdppeia.reviews.flags import flag_panel
from tests.conftest import PASSWORD
from tests.factories.reviews import complete_review


def _client(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    return client


def _lock(app: Flask, reviewer: User, approver: User, review_id: int) -> None:
    complete_review(app, reviewer, review_id)
    client = _client(app, reviewer)
    client.post(
        f"/reviews/{review_id}/flags/names",
        data={"kind": "not-applicable", "text": "Only codes are sent."},
    )
    client.post(
        f"/reviews/{review_id}/submit",
        data={
            "recommendation": "approve",
            "conditions": "",
            "rationale": "Fine.",
            "declaration": "y",
        },
    )
    _client(app, approver).post(
        f"/reviews/{review_id}/confirm", data={"declaration": "y", "step": "sign"}
    )


def _answers(review_id: int) -> dict[str, object]:
    query = select(ReviewAnswer).where(ReviewAnswer.review_id == review_id)
    return {row.question_id: row.value for row in db.session.scalars(query)}


def test_an_amendment_copies_answers_and_responses(
    app: Flask, reviewer: User, approver: User, review_id: int, request_id: int
) -> None:
    _lock(app, reviewer, approver, review_id)
    client = _client(app, reviewer)
    response = client.post(f"/reviews/{review_id}/amend")
    assert response.status_code == 302
    amendment_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert amendment_id != review_id
    with app.app_context():
        original = db.session.get(Review, review_id)
        amendment = db.session.get(Review, amendment_id)
        assert amendment.amends_id == review_id and amendment.status == "in-progress"
        assert amendment.questionnaire_version_id == original.questionnaire_version_id
        assert _answers(amendment_id) == {k: v for k, v in _answers(review_id).items() if v}
        entry = flag_panel(amendment).entry("names")
        assert entry is not None and entry.response.text == "Only codes are sent."
        assert entry.response.kind == "not-applicable"
        assert original.status == "locked"
        assert db.session.get(DataRequest, request_id).status == "in_review"
    page = client.get(f"/reviews/{amendment_id}").get_data(as_text=True)
    assert f'Amends <a href="/reviews/{review_id}/summary">review {review_id}</a>' in page


def test_amending_twice_opens_the_same_amendment(
    app: Flask, reviewer: User, approver: User, review_id: int
) -> None:
    _lock(app, reviewer, approver, review_id)
    client = _client(app, reviewer)
    first = client.post(f"/reviews/{review_id}/amend").headers["Location"]
    second = client.post(f"/reviews/{review_id}/amend").headers["Location"]
    assert first == second


def test_an_amendment_changes_without_touching_the_original(
    app: Flask, reviewer: User, approver: User, review_id: int, request_id: int
) -> None:
    from tests.factories.reviews import save

    _lock(app, reviewer, approver, review_id)
    client = _client(app, reviewer)
    amendment_id = int(
        client.post(f"/reviews/{review_id}/amend").headers["Location"].rsplit("/")[-1]
    )
    save(app, reviewer, amendment_id, "basics", {"B1": "university"})
    with app.app_context():
        assert _answers(review_id)["B1"] == "agency"
        assert _answers(amendment_id)["B1"] == "university"
        responses = db.session.scalars(select(FlagResponse)).all()
        assert sorted(r.review_id for r in responses) == [review_id, amendment_id]
    submit = client.post(
        f"/reviews/{amendment_id}/submit",
        data={
            "recommendation": "deny",
            "conditions": "",
            "rationale": "New facts.",
            "declaration": "y",
        },
    )
    assert submit.status_code == 302
    _client(app, approver).post(
        f"/reviews/{amendment_id}/confirm", data={"declaration": "y", "step": "sign"}
    )
    with app.app_context():
        assert db.session.get(Review, amendment_id).status == "locked"
        assert db.session.get(DataRequest, request_id).status == "decided"


def test_only_a_locked_review_can_be_amended(app: Flask, reviewer: User, review_id: int) -> None:
    response = _client(app, reviewer).post(f"/reviews/{review_id}/amend")
    assert response.status_code == 409
    assert "Only a decided and locked review can be amended." in response.text
