"""Impossible numbers (min= and max= on number questions) are refused with a message."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import ReviewAnswer
from tests.conftest import AuthActions
from tests.factories.requests import new_request
from tests.factories.reviews import post_section, version_of


def _dppeia_review(app: Flask, client: FlaskClient, auth: AuthActions) -> int:
    user = auth.login()
    request_id = new_request(app, user)
    response = client.post(
        f"/reviews/start/data-request/{request_id}", data={"questionnaire": "dppeia"}
    )
    return int(response.headers["Location"].split("/")[2])


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"N6": "yes", "N7": "50"}, "N7", "Enter a number from 0 to 10."),
        ({"N6": "yes", "N7": "-0.5"}, "N7", "Enter a number from 0 to 10."),
        ({"N5": "-3"}, "N5", "Enter a number of at least 0."),
        ({"N6": "yes", "N8": "-1"}, "N8", "Enter a number of at least 0."),
    ],
)
def test_numbers_out_of_range_are_refused(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    answers: dict[str, str],
    field: str,
    message: str,
) -> None:
    review_id = _dppeia_review(app, client, auth)
    version = version_of(app, review_id)
    response = post_section(client, review_id, "analysis", {**answers, "action": "save"}, version)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<p class="error-message" id="answer-{field}-error">{message}</p>' in page
    assert f'value="{answers[field]}"' in page  # the input comes back as typed
    assert version_of(app, review_id) == version  # nothing saved
    with app.app_context():
        assert (
            db.session.query(ReviewAnswer)
            .filter_by(review_id=review_id)
            .filter(ReviewAnswer.question_id.in_(["N5", "N6", "N7", "N8"]))
            .count()
            == 0
        )


def test_numbers_in_range_are_saved(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    review_id = _dppeia_review(app, client, auth)
    answers = {"N5": "0", "N6": "yes", "N7": "0.75", "N8": "40", "action": "save"}
    response = post_section(client, review_id, "analysis", answers, version_of(app, review_id))
    assert response.status_code == 302
    page = client.get(f"/reviews/{review_id}/sections/analysis").get_data(as_text=True)
    assert 'min="0" max="10"' in page or 'max="10" min="0"' in page
