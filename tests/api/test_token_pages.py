"""Making and revoking agency tokens: administrators for any agency, approvers for their own;
the token is shown once; other roles and other agencies are refused."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.admin.services import agency_by_code
from ctdppeia.extensions import db
from ctdppeia.models import ApiToken, AuditEvent, Role
from tests.api.conftest import MakeToken, bearer
from tests.conftest import MakeUser, put_session

TOKEN = re.compile(r"ctd_[A-Za-z0-9_-]{43}")


def _agency_id(app: Flask, code: str) -> int:
    with app.app_context():
        return agency_by_code(code).id


def _make(client: FlaskClient, app: Flask, code: str = "DSS", **extra: object) -> object:
    form = {"name": "Monthly report", "agency_id": _agency_id(app, code), "days": 30}
    form |= {"scopes": ["reviews:read", "requests:read"], **extra}
    return client.post("/api-tokens", data=form)


def test_an_approver_makes_a_token_shown_once_that_works(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    put_session(client, make_user(Role.APPROVER, agency="DSS"))
    made = _make(client, app)
    assert made.status_code == 201 and made.headers["Cache-Control"] == "no-store"
    secret = TOKEN.search(made.get_data(as_text=True))
    assert secret is not None
    assert secret.group(0) not in client.get("/api-tokens").get_data(as_text=True)
    assert client.get("/api/v1/reviews", headers=bearer(secret.group(0))).status_code == 200
    with app.app_context():
        token = db.session.scalars(select(ApiToken)).one()
        assert token.scopes == ["requests:read", "reviews:read"]
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert "api_token.created" in actions


def test_an_approver_cannot_make_a_token_for_another_agency(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    put_session(client, make_user(Role.APPROVER, agency="DSS"))
    assert _make(client, app, "DOL").status_code == 400  # not one of the choices offered
    with app.app_context():
        assert db.session.scalars(select(ApiToken)).all() == []


def test_an_administrator_makes_tokens_for_any_agency(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    put_session(client, make_user(Role.ADMIN, agency="OPM"))
    assert _make(client, app, "DOL").status_code == 201


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"scopes": ["admin:write"]}, "not a valid choice"),
        ({"days": 400}, "from 1 to 365"),
        ({"name": ""}, "Say what the token is for"),
        ({"name": "x" * 201}, "longer than 200"),
    ],
)
def test_a_bad_form_makes_nothing(
    app: Flask, client: FlaskClient, make_user: MakeUser, extra: dict[str, object], words: str
) -> None:
    put_session(client, make_user(Role.APPROVER, agency="DSS"))
    response = _make(client, app, **extra)
    assert response.status_code == 400
    assert words in response.get_data(as_text=True).replace("&#39;", "'")
    with app.app_context():
        assert db.session.scalars(select(ApiToken)).all() == []


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.AI_REVIEWER])
def test_other_staff_are_refused(
    app: Flask, client: FlaskClient, make_user: MakeUser, role: Role
) -> None:
    put_session(client, make_user(role, agency="DSS"))
    assert client.get("/api-tokens").status_code == 403
    assert _make(client, app).status_code == 403


def test_revoking_stops_the_token_and_only_its_agency_may_revoke_it(
    app: Flask, client: FlaskClient, make_user: MakeUser, make_token: MakeToken
) -> None:
    secret = make_token("DSS")
    with app.app_context():
        token_id = db.session.scalars(select(ApiToken.id)).one()
    put_session(client, make_user(Role.APPROVER, agency="DOL"))
    assert client.post(f"/api-tokens/{token_id}/revoke").status_code == 404
    assert client.get("/api/v1/requests", headers=bearer(secret)).status_code == 200
    put_session(client, make_user(Role.APPROVER, agency="DSS"))
    assert client.post(f"/api-tokens/{token_id}/revoke").status_code == 302
    assert client.get("/api/v1/requests", headers=bearer(secret)).status_code == 401
    page = client.get("/api-tokens").get_data(as_text=True)
    assert "Revoked" in page
