"""Drafts saved in the background (the section page's script) and the idle sign-out warning:
same CSRF and version check as the form, JSON answers, nothing half saved."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.models import User
from tests.conftest import AuthActions
from tests.factories.reviews import save, version_of


def _draft(client: FlaskClient, review_id: int, data: dict[str, str]) -> object:
    return client.post(
        f"/reviews/{review_id}/sections/basics/draft",
        data=data,
        headers={"Accept": "application/json"},
    )


def test_a_draft_is_saved_and_the_new_version_returned(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    version = version_of(app, review_id)
    response = _draft(client, review_id, {"version": str(version), "q_B1": "university"})
    assert response.status_code == 200
    assert response.get_json() == {"saved": True, "version": version + 1}
    page = client.get(f"/reviews/{review_id}/sections/basics").get_data(as_text=True)
    assert 'checked id="answer-B1-1"' in page or '<input checked id="answer-B1-1"' in page
    assert f'name="version" type="hidden" value="{version + 1}"' in page
    assert "section is complete" not in page  # a draft never marks the section complete


def test_a_draft_after_someone_else_saved_is_refused(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    version = version_of(app, review_id)
    save(app, reviewer, review_id, "basics", {"B1": "agency"})
    response = _draft(client, review_id, {"version": str(version), "q_B1": "university"})
    assert response.status_code == 409
    assert response.get_json() == {
        "saved": False,
        "problem": "conflict",
        "version": version + 1,
    }
    assert version_of(app, review_id) == version + 1  # nothing of the draft saved


def test_a_draft_that_does_not_fit_saves_nothing(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    version = version_of(app, review_id)
    response = _draft(client, review_id, {"version": str(version), "q_B1": "nobody"})
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"answer-B1": ["Choose one of the answers shown."]}
    assert version_of(app, review_id) == version


def test_a_draft_needs_the_csrf_token(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    app.config["WTF_CSRF_ENABLED"] = True
    response = _draft(client, review_id, {"version": "1", "q_B1": "university"})
    assert response.status_code == 400
    assert version_of(app, review_id) == 1


def test_a_reader_who_may_not_answer_cannot_save_a_draft(
    app: Flask, client: FlaskClient, auth: AuthActions, review_id: int
) -> None:
    auth.login(agency="DOL")  # another agency's reviewer cannot see the review
    version = version_of(app, review_id)
    assert _draft(client, review_id, {"version": str(version)}).status_code == 404
    assert version_of(app, review_id) == version


def test_the_section_page_carries_what_the_scripts_need(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    app.config["SESSION_IDLE_MINUTES"] = 17
    auth.login(reviewer)
    page = client.get(f"/reviews/{review_id}/sections/basics").get_data(as_text=True)
    assert f'data-draft-url="/reviews/{review_id}/sections/basics/draft"' in page
    assert 'data-keep-url="/reviews/keep-signed-in"' in page
    assert 'data-idle-minutes="17"' in page
    assert '"B3": {"op": "=", "q": "B2", "t": "cmp", "v": {"k": "slug", "x": "yes"}}' in page
    assert 'id="autosave-status" role="status" aria-live="polite"' in page
    assert ">Stay signed in</button>" in page
    assert '<a href="#sections-and-flags">Sections and flags</a>' in page


def test_stay_signed_in_renews_the_session(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    auth.login(reviewer)
    response = client.post("/reviews/keep-signed-in")
    assert response.status_code == 200
    assert response.get_json() == {"idle_minutes": app.config["SESSION_IDLE_MINUTES"]}
    cookie = response.headers.get("Set-Cookie", "")
    assert "session=" in cookie and "Expires=" in cookie
