"""A confirmed review is locked: every route and every service refuses to change it."""

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from ctdppeia.extensions import db
from ctdppeia.models import Review, Role, User
from ctdppeia.models.review_lock import CHILD_TABLES
from ctdppeia.reviews import permissions, services, workflow
from ctdppeia.reviews.errors import ReviewLocked
from tests.conftest import PASSWORD, MakeUser
from tests.factories.reviews import complete_review


def _everything(app: Flask, review_id: int) -> dict[str, Any]:
    """Every row of the review, as plain tuples."""
    with app.app_context():
        found = {"review": list(db.session.execute(text("SELECT * FROM review")).all())}
        for table in CHILD_TABLES:
            query = text(f"SELECT * FROM {table} ORDER BY id")
            found[table] = list(db.session.execute(query).all())
        return found


def _client(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    assert (
        client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    )
    return client


@pytest.fixture
def app(migrated_app: Flask) -> Flask:
    """These tests run on a schema built by the migrations, as a deployment's is."""
    return migrated_app


@pytest.fixture
def locked(app: Flask, reviewer: User, approver: User, review_id: int) -> int:
    complete_review(app, reviewer, review_id)
    reviewer_client = _client(app, reviewer)
    reviewer_client.post(
        f"/reviews/{review_id}/flags/names",
        data={"kind": "mitigation", "text": "Names are removed."},
    )
    decision = {
        "recommendation": "approve",
        "conditions": "",
        "rationale": "Fine.",
        "declaration": "y",
    }
    assert reviewer_client.post(f"/reviews/{review_id}/submit", data=decision).status_code == 302
    sign = {"declaration": "y", "step": "sign"}
    assert (
        _client(app, approver).post(f"/reviews/{review_id}/confirm", data=sign).status_code == 302
    )
    return review_id


def test_every_route_refuses_to_change_a_locked_review(
    app: Flask, reviewer: User, approver: User, make_user: MakeUser, locked: int
) -> None:
    before = _everything(app, locked)
    other_approver = make_user(Role.APPROVER, agency="DSS")
    reviewer_client, approver_client = _client(app, reviewer), _client(app, other_approver)
    base = f"/reviews/{locked}"
    with app.app_context():
        version = db.session.get(Review, locked).version
    attempts = [
        (
            reviewer_client,
            "POST",
            f"{base}/sections/basics",
            {"version": version, "q_B1": "university", "action": "save"},
        ),
        (
            reviewer_client,
            "POST",
            f"{base}/sections/details",
            {"version": version, "q_D1": "3", "action": "continue"},
        ),
        (reviewer_client, "GET", f"{base}/flags/names", {}),
        (reviewer_client, "POST", f"{base}/flags/names", {"kind": "accepted-risk", "text": "x"}),
        (reviewer_client, "GET", f"{base}/submit", {}),
        (
            reviewer_client,
            "POST",
            f"{base}/submit",
            {"recommendation": "deny", "conditions": "", "rationale": "Changed my mind."},
        ),
        (approver_client, "POST", f"{base}/confirm", {}),
        (approver_client, "POST", f"{base}/send-back", {"comment": "Reopen it."}),
    ]
    for client, method, url, data in attempts:
        response = client.open(url, method=method, data=data)
        assert response.status_code == 409, (method, url, response.status_code)
        assert "This review is locked" in response.text, url
        assert "start an amendment" in response.text
    section = reviewer_client.get(f"{base}/sections/basics")
    assert section.status_code == 302 and "/summary" in section.headers["Location"]
    assert _everything(app, locked) == before


def test_every_service_refuses_to_change_a_locked_review(
    app: Flask, reviewer: User, make_user: MakeUser, locked: int
) -> None:
    before = _everything(app, locked)
    other_approver = make_user(Role.APPROVER, agency="DSS")
    with app.app_context():
        review = db.session.get(Review, locked)
        actor = db.session.get(User, reviewer.id)
        approver = db.session.get(User, other_approver.id)
        calls = [
            lambda: services.save_section(
                actor, review, "basics", {"B1": "university"}, review.version
            ),
            lambda: workflow.respond_to_flag(actor, review, "names", "accepted-risk", "x"),
            lambda: workflow.submit_review(actor, review, "deny", "", "x"),
            lambda: workflow.confirm_review(approver, review),
            lambda: workflow.send_back(approver, review, "Reopen"),
        ]
        for call in calls:
            with pytest.raises(ReviewLocked):
                call()
    assert _everything(app, locked) == before


def test_a_locked_review_is_still_readable(app: Flask, reviewer: User, locked: int) -> None:
    client = _client(app, reviewer)
    summary = client.get(f"/reviews/{locked}/summary").get_data(as_text=True)
    assert "Decided and locked" in summary and "Start an amendment" in summary
    assert "Respond to this flag" not in summary and "Change the response" not in summary
    assert "Change the answers in this section" not in summary
    assert client.get(f"/reviews/{locked}").status_code == 200


def test_the_database_refuses_what_the_service_layer_would_let_through(
    app: Flask, reviewer: User, locked: int
) -> None:
    """Even if the service check were skipped, the triggers keep the review as it was."""
    before = _everything(app, locked)
    with app.app_context():
        review = db.session.get(Review, locked)
        actor = db.session.get(User, reviewer.id)
        original = permissions.ensure_open
        permissions.ensure_open = lambda review: None  # type: ignore[assignment]
        try:
            with pytest.raises(ReviewLocked):
                services.save_section(actor, review, "basics", {"B1": "university"}, review.version)
        finally:
            permissions.ensure_open = original
    assert _everything(app, locked) == before
