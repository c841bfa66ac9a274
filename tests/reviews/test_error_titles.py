"""When a form fails, the page title starts with "Error:" and the error summary is marked for
the script that moves focus to it (static/js/site.js); never on a page that did not fail."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.models import User
from tests.conftest import AuthActions
from tests.factories.reviews import post_section, version_of


def _title(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    assert found is not None
    return found[1]


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/requests/new", {"title": ""}),
        ("/reviews/{review_id}/flags/names", {"kind": ""}),
        ("/reviews/{review_id}/analyses/new", {"title": ""}),
        ("/reviews/{review_id}/submit", {"rationale": ""}),
    ],
)
def test_a_failed_form_says_error_in_the_title(
    client: FlaskClient,
    auth: AuthActions,
    reviewer: User,
    review_id: int,
    url: str,
    data: dict[str, str],
) -> None:
    auth.login(reviewer)
    url = url.format(review_id=review_id)
    if "flags" in url:  # raise the flag first
        version = version_of(client.application, review_id)
        post_section(client, review_id, "basics", {"B2": "yes", "action": "save"}, version)
    before = client.get(url).get_data(as_text=True)
    assert not _title(before).startswith("Error:")
    assert "data-form-error" not in before
    page = client.post(url, data=data).get_data(as_text=True)
    assert _title(page).startswith("Error: ")
    assert "data-form-error" in page
    assert '<script src="/static/js/site.js" defer></script>' in page


def test_a_section_that_cannot_be_saved_says_error(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    version = version_of(app, review_id)
    response = post_section(client, review_id, "details", {"D1": "many", "action": "save"}, version)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _title(page).startswith("Error: Details")
    assert 'id="error-summary" data-form-error' in page
