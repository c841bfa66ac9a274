"""An agency's reviews and requests through /api/v1: only with that agency's token, only
while it works; another agency's token reads nothing of this agency; every use is audited."""

from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import ApiToken, AuditEvent
from ctdppeia.models.timestamps import utcnow
from tests.api.conftest import MakeToken, bearer
from tests.factories.reviews import FULL_BASICS, save

PROBLEM = "application/problem+json"


@pytest.fixture
def answered(app: Flask, qdir: Path, reviewer: object, review_id: int) -> int:
    save(app, reviewer, review_id, "basics", FULL_BASICS, complete=True)
    return review_id


def test_the_agency_token_reads_its_reviews_and_requests(
    client: FlaskClient, make_token: MakeToken, answered: int, request_id: int
) -> None:
    headers = bearer(make_token("DSS"))
    listed = client.get("/api/v1/reviews", headers=headers).get_json()
    assert [item["id"] for item in listed["items"]] == [answered]
    one = client.get(f"/api/v1/reviews/{answered}", headers=headers).get_json()
    assert one["exchange"]["answers"][0]["question"] == "B1"
    requests = client.get("/api/v1/requests", headers=headers).get_json()
    assert [item["id"] for item in requests["items"]] == [request_id]
    assert client.get(f"/api/v1/requests/{request_id}", headers=headers).status_code == 200


def test_another_agencys_token_reads_nothing_of_this_agency(
    client: FlaskClient, make_token: MakeToken, answered: int, request_id: int
) -> None:
    headers = bearer(make_token("DOL"))
    assert client.get("/api/v1/reviews", headers=headers).get_json()["items"] == []
    assert client.get("/api/v1/requests", headers=headers).get_json()["items"] == []
    for path in (f"/api/v1/reviews/{answered}", f"/api/v1/requests/{request_id}"):
        response = client.get(path, headers=headers)
        assert response.status_code == 404 and response.mimetype == PROBLEM
        assert "FULL" not in response.get_data(as_text=True)


def _set(app: Flask, **values: object) -> None:
    with app.app_context():
        token = db.session.scalars(select(ApiToken)).one()
        for key, value in values.items():
            setattr(token, key, value)
        db.session.commit()


@pytest.mark.parametrize("change", ["revoked", "expired"])
def test_revoked_and_expired_tokens_are_refused(
    app: Flask, client: FlaskClient, make_token: MakeToken, answered: int, change: str
) -> None:
    headers = bearer(make_token("DSS"))
    assert client.get("/api/v1/reviews", headers=headers).status_code == 200
    with app.app_context():
        token = db.session.scalars(select(ApiToken)).one()
        if change == "revoked":
            values = {"revoked_at": utcnow(), "revoked_by_id": token.created_by_id}
        else:
            values = {"created_at": utcnow() - timedelta(days=2), "expires_at": utcnow()}
    _set(app, **values)
    for path in ("/api/v1/reviews", f"/api/v1/reviews/{answered}", "/api/v1/requests"):
        response = client.get(path, headers=headers)
        assert response.status_code == 401 and response.mimetype == PROBLEM
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert change in response.get_json()["detail"]


@pytest.mark.parametrize(
    "header", [None, "Bearer", "Bearer ctd_not-a-token", "Basic dXNlcjpwYXNz", "ctd_x"]
)
def test_requests_without_a_working_token_get_401_problems(
    client: FlaskClient, answered: int, header: str | None
) -> None:
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/reviews", headers=headers)
    assert response.status_code == 401 and response.mimetype == PROBLEM
    body = response.get_json()
    assert body["status"] == 401 and body["title"] == "Unauthorized"
    assert body["instance"] == "/api/v1/reviews"


def test_a_token_reads_only_its_scopes(
    client: FlaskClient, make_token: MakeToken, answered: int
) -> None:
    headers = bearer(make_token("DSS", scopes=["requests:read"]))
    assert client.get("/api/v1/requests", headers=headers).status_code == 200
    refused = client.get("/api/v1/reviews", headers=headers)
    assert refused.status_code == 403 and refused.mimetype == PROBLEM
    assert "reviews:read" in refused.get_json()["detail"]


def test_each_use_is_audited_and_the_token_is_stored_hashed(
    app: Flask, client: FlaskClient, make_token: MakeToken, answered: int
) -> None:
    secret = make_token("DSS")
    client.get("/api/v1/reviews", headers=bearer(secret))
    client.get(f"/api/v1/reviews/{answered}", headers=bearer(secret))
    with app.app_context():
        token = db.session.scalars(select(ApiToken)).one()
        assert secret not in (token.token_hash, token.prefix) and len(token.token_hash) == 64
        used = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "api_token.used")
        ).all()
        assert [event.summary.rsplit(" ", 1)[1] for event in used] == [
            "/api/v1/reviews",
            f"/api/v1/reviews/{answered}",
        ]
        assert {event.object_id for event in used} == {token.id}


def test_pages_follow_the_cursor_to_the_end(
    app: Flask, client: FlaskClient, make_token: MakeToken, reviewer: object
) -> None:
    from tests.factories.requests import new_request

    made = {new_request(app, reviewer, f"Request {number}") for number in range(5)}
    headers, seen, url = bearer(make_token("DSS")), [], "/api/v1/requests?limit=2"
    while url:
        page = client.get(url, headers=headers).get_json()
        seen += [item["id"] for item in page["items"]]
        url = page["links"]["next"]
    assert sorted(seen) == sorted(made) and len(seen) == 5


def test_the_api_is_rate_limited_with_a_problem(app: Flask, client: FlaskClient) -> None:
    app.config["API_RATE_LIMIT"] = "3 per minute"
    paths = ["/api/v1/inventory/years", "/api/v1/inventory", "/api/v1/openapi.json"]
    codes = [client.get(path).status_code for path in [*paths, paths[0]]]
    assert codes == [200, 200, 200, 429]  # one count per address for the whole API
    refused = client.get("/api/v1/inventory/years")
    assert refused.mimetype == PROBLEM and int(refused.headers["Retry-After"]) > 0
    assert refused.get_json()["status"] == 429


def test_a_parameter_the_operation_does_not_take_is_refused_by_name(
    client: FlaskClient, make_token: MakeToken
) -> None:
    headers = bearer(make_token("DSS"))
    for url in ("/api/v1/requests?limt=2", "/api/v1/inventory/years?limit=2"):
        refused = client.get(url, headers=headers)
        assert refused.status_code == 400 and refused.mimetype == PROBLEM
        assert refused.get_json()["errors"][0]["parameter"] == url.rsplit("?")[1].split("=")[0]
    assert client.get("/api/v1/requests?limit=2&cursor=1-1", headers=headers).status_code == 200
