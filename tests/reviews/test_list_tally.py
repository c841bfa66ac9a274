"""Lists count a review's questionnaire flags from their stored state, without reading or
evaluating its answers; the count is the same as the review's own page."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import Review, User
from ctdppeia.reviews.flags import tally_flags, tally_many
from tests.conftest import AuthActions
from tests.factories.reviews import save
from tests.test_query_counts import counted


def test_the_review_list_counts_flags_without_reading_answers(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    save(app, reviewer, review_id, "basics", {"B2": "yes", "B3": "no"})
    auth.login(reviewer)
    client.get("/reviews/")  # one-time loads first
    with counted(app) as statements:
        page = client.get("/reviews/").get_data(as_text=True)
    assert "2 flags: 1 high, 1 medium" in page
    assert not [sql for sql in statements if "FROM review_answer" in sql], statements


def test_the_list_tally_is_the_tally_of_the_answers(
    app: Flask, reviewer: User, review_id: int
) -> None:
    for answers in ({"B2": "yes", "B3": "no"}, {"B2": "yes", "B3": "yes"}, {"B2": "no"}):
        save(app, reviewer, review_id, "basics", answers)
        with app.test_request_context():
            review = db.session.get(Review, review_id)
            assert tally_many([review])[review_id] == tally_flags(review), answers
