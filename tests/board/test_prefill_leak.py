"""The request's purpose is not shared with the board (docs/board.md), so it never becomes the
answer of a board question by itself: P2 is no longer filled from it, and an answer filled
from it before, never saved by a person since, is not shown to the board."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia import audit
from ctdppeia.demo import reviews as review_demo
from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewAnswer, User
from ctdppeia.requests.services import create_request
from tests.board.conftest import share
from tests.factories.people import as_user

INTERNAL = "INTERNAL: call Jane Roe at 860-555-0100 before the board sees this."


def _request(app: Flask, reviewer: User) -> int:
    with app.app_context():
        actor = db.session.get_one(User, reviewer.id)
        fields = {"title": "Wages", "requesting_org": "UConn", "contact_name": "Jane Roe",
                  "contact_email": "jane@example.edu", "requester_type": "university",
                  "purpose": INTERNAL}  # fmt: skip
        return create_request(actor, fields, []).id


def _start(client: FlaskClient, request_id: int) -> int:
    url = f"/reviews/start/data-request/{request_id}"
    response = client.post(url, data={"questionnaire": "dppeia"})
    assert response.status_code == 302
    return int(response.headers["Location"].split("/reviews/")[1].split("/")[0])


def _board_page(app: Flask, member: User, share_id: int) -> str:
    response = as_user(app, member).get(f"/board/projects/{share_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _write_p2(app: Flask, reviewer: User, review_id: int, text: str) -> None:
    with app.app_context():
        actor = db.session.get_one(User, reviewer.id)
        review_demo.fill(actor, db.session.get_one(Review, review_id), {"P2": text})


def test_the_purpose_is_never_the_board_answer_until_a_reviewer_writes_one(
    app: Flask, reviewer: User, member: User
) -> None:
    client = as_user(app, reviewer)
    review_id = _start(client, _request(app, reviewer))
    share_id = share(app, reviewer, review_id)
    page = _board_page(app, member, share_id)
    assert "INTERNAL" not in page and "Jane Roe" not in page
    assert "university" in page.lower()  # P1, a choice of the questionnaire, is still filled
    _write_p2(app, reviewer, review_id, "We want to learn if child care help raises pay.")
    assert "We want to learn if child care help raises pay." in _board_page(app, member, share_id)


def test_a_purpose_copied_before_is_hidden_until_a_person_saves_the_answer(
    app: Flask, reviewer: User, member: User
) -> None:
    client = as_user(app, reviewer)
    review_id = _start(client, _request(app, reviewer))
    with app.app_context():  # what a review started before the change holds
        actor = db.session.get_one(User, reviewer.id)
        review = db.session.get_one(Review, review_id)
        row = ReviewAnswer(review_id=review_id, question_id="P2", value=INTERNAL,
                           changed_in_version=review.version, updated_by_id=actor.id)  # fmt: skip
        db.session.add(row)
        audit.record(actor, "review.answer_prefilled", row, scope=review,
                     changes={"P2": (None, INTERNAL)}, summary="From the data request")  # fmt: skip
        db.session.commit()
    share_id = share(app, reviewer, review_id)
    assert "INTERNAL" not in _board_page(app, member, share_id)
    _write_p2(app, reviewer, review_id, "A plain summary for residents.")
    assert "A plain summary for residents." in _board_page(app, member, share_id)
