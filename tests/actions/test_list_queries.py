"""The agency's open actions (the page and the CSV file) ask the database no more for 30
actions than for 5."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.models import User
from tests.actions.conftest import add_action
from tests.conftest import put_session
from tests.test_query_counts import counted


def _counts(app: Flask, client: FlaskClient) -> tuple[int, int]:
    found = []
    for url in ("/actions/", "/actions/DSS/open-actions.csv"):
        with counted(app) as statements:
            assert client.get(url).status_code == 200
        found.append(len(statements))
    return found[0], found[1]


def test_the_open_actions_are_loaded_at_once(
    app: Flask, client: FlaskClient, reviewer: User, review_id: int
) -> None:
    put_session(client, reviewer)
    for number in range(5):
        add_action(app, reviewer, review_id, f"Action {number}", owner_user_id=reviewer.id,
                   owner_name="")  # fmt: skip
    five = _counts(app, client)
    for number in range(25):
        add_action(app, reviewer, review_id, f"More {number}")
    assert _counts(app, client) == five
