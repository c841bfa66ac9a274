"""The flag panel on every review page, responses to flags, and other flag sources."""

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import FlagResponse, Review, User
from ctdppeia.reviews.flags import ReviewFlag, flag_panel, register_flag_provider
from tests.conftest import AuthActions
from tests.factories.reviews import save


def _raise_flags(app: Flask, reviewer: User, review_id: int) -> None:
    save(app, reviewer, review_id, "basics", {"B2": "yes", "B3": "no"})  # medium + high
    save(app, reviewer, review_id, "details", {"D1": 4})  # high


def test_the_panel_lists_flags_highest_first_with_everything_about_them(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    _raise_flags(app, reviewer, review_id)
    auth.login(reviewer)
    page = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    panel = page[page.index('id="flags"') :]
    order = [
        panel.index(title)
        for title in (
            "Names stay in the data",
            "Small counts could identify people",
            "Names are included",
        )
    ]
    assert order == sorted(order)
    kept = panel[panel.index('id="flag-names-kept"') :][:2500]
    assert "<dt>Severity</dt><dd>High</dd>" in kept
    assert "<dt>Category</dt><dd>Privacy</dd>" in kept
    assert "<dt>Next step</dt><dd>Share with the Resident Advisory Board</dd>" in kept
    assert "Require that names be removed." in kept
    assert f'href="/reviews/{review_id}/sections/basics#question-B3"' in kept
    assert "B3: Will names be removed after linking?</a> — <strong>No</strong>" in kept
    assert "Needs a response" in kept
    assert "Overall rating: <strong>High risk</strong>." in page
    assert "Needs changes before approval." in page  # the questionnaire's rating text


@pytest.mark.parametrize(
    "path", ["", "/sections/basics", "/sections/details", "/summary", "/submit", "/flags/names"]
)
def test_every_review_page_shows_the_flags(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int, path: str
) -> None:
    _raise_flags(app, reviewer, review_id)
    auth.login(reviewer)
    page = client.get(f"/reviews/{review_id}{path}").get_data(as_text=True)
    assert 'id="flag-names-kept"' in page and "Names stay in the data" in page


def test_the_question_anchors_exist(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    _raise_flags(app, reviewer, review_id)
    auth.login(reviewer)
    assert 'id="question-B3"' in client.get(f"/reviews/{review_id}/sections/basics").text
    assert 'id="question-D1"' in client.get(f"/reviews/{review_id}/summary").text


def test_responding_to_a_flag(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    _raise_flags(app, reviewer, review_id)
    auth.login(reviewer)
    url = f"/reviews/{review_id}/flags/names-kept"
    form = client.get(url).get_data(as_text=True)
    assert (
        "Mitigation or condition" in form and "Risk accepted" in form and "Does not apply" in form
    )
    response = client.post(url, data={"kind": "mitigation", "text": "Names go after linking."})
    assert response.status_code == 302
    page = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    entry = page[page.index('id="flag-names-kept"') :][:2500]
    assert "Response: Mitigation or condition" in entry and "Names go after linking." in entry
    assert "Responded to the flag “Names stay in the data”" in page  # in the history


@pytest.mark.parametrize("kind", ["accepted-risk", "not-applicable", "mitigation"])
def test_a_response_needs_its_reason(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int, kind: str
) -> None:
    _raise_flags(app, reviewer, review_id)
    auth.login(reviewer)
    response = client.post(
        f"/reviews/{review_id}/flags/names-kept", data={"kind": kind, "text": " "}
    )
    assert response.status_code == 200
    assert "Write what will be done about the flag, or why it does not apply." in response.text
    no_kind = client.post(f"/reviews/{review_id}/flags/names-kept", data={"text": "Because."})
    assert "Choose how you respond to this flag." in no_kind.text
    with app.app_context():
        assert db.session.scalars(select(FlagResponse)).all() == []


def test_responses_are_kept_when_a_flag_stops_being_raised(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    _raise_flags(app, reviewer, review_id)
    auth.login(reviewer)
    url = f"/reviews/{review_id}/flags/names-kept"
    client.post(url, data={"kind": "accepted-risk", "text": "First reason."})
    client.post(url, data={"kind": "not-applicable", "text": "Second reason."})
    save(app, reviewer, review_id, "basics", {"B2": "no"})  # the flag clears
    with app.app_context():
        review = db.session.get(Review, review_id)
        panel = flag_panel(review)
        assert "names-kept" not in [entry.flag.id for entry in panel.entries]
        assert [r.text for r in panel.earlier["names-kept"]] == ["First reason.", "Second reason."]
    page = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert "Responses to flags that are no longer raised (1)" in page
    assert client.get(url).status_code == 404  # no form for a flag that is not raised
    save(app, reviewer, review_id, "basics", {"B2": "yes"})  # raised again (B3 was kept)
    with app.app_context():
        entry = flag_panel(db.session.get(Review, review_id)).entry("names-kept")
        assert entry is not None and entry.response.text == "Second reason."
        assert len(entry.history) == 2


@pytest.fixture
def extra_provider(app: Flask) -> None:
    def analyses(review: Review) -> list[ReviewFlag]:
        return [
            ReviewFlag(
                "disparity-group-a",
                "high",
                "equity",
                "Group A fares worse",
                "Look for the cause.",
                source="disparity",
                detail="Ratio 0.62.",
            )
        ]

    register_flag_provider(app, "test-disparity", analyses)  # this app's only


def test_other_flag_sources_plug_in(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    reviewer: User,
    review_id: int,
    extra_provider: None,
) -> None:
    save(app, reviewer, review_id, "basics", {"B2": "yes", "B3": "yes"})  # one medium flag
    auth.login(reviewer)
    page = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert page.index("Group A fares worse") < page.index("Names are included")
    assert "Ratio 0.62." in page
    assert "Overall rating: <strong>High risk</strong>." in page
    respond = client.post(
        f"/reviews/{review_id}/flags/disparity-group-a",
        data={"kind": "mitigation", "text": "Check the data."},
    )
    assert respond.status_code == 302
