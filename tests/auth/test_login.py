import logging
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from tests.conftest import PASSWORD, AuthActions, MakeUser


def test_login_page_renders(client: FlaskClient) -> None:
    response = client.get("/login")
    assert response.status_code == 200
    assert b"Sign in" in response.data


def test_sign_in_and_out(client: FlaskClient, auth: AuthActions) -> None:
    user = auth.login(Role.REVIEWER)
    home = client.get("/")
    assert user.name.encode() in home.data
    client.post("/logout")
    assert client.get("/requests/").status_code == 302


def test_wrong_password_and_unknown_email_say_the_same(
    client: FlaskClient, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER)
    wrong_password = client.post("/login", data={"email": user.email, "password": "nope" * 4})
    unknown = client.post("/login", data={"email": "nobody@example.gov", "password": "nope" * 4})
    assert wrong_password.status_code == unknown.status_code == 401
    message = b"do not match an active account"
    assert message in wrong_password.data and message in unknown.data
    assert user.email.encode() in wrong_password.data  # the typed email is kept


def test_inactive_account_cannot_sign_in(client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user(Role.REVIEWER)
    with client.application.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 401


def test_repeated_failures_are_slowed(client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user(Role.REVIEWER)
    codes = [
        client.post("/login", data={"email": user.email, "password": "wrong" * 3}).status_code
        for _ in range(6)
    ]
    assert codes[:5] == [401] * 5
    assert codes[5] == 429
    assert b"Too many attempts" in client.post("/login", data={"email": user.email}).data


def test_successful_logins_do_not_count_against_the_limit(
    client: FlaskClient, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER)
    for _ in range(7):
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302
        client.post("/logout")


def test_next_only_follows_local_paths(client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user(Role.REVIEWER)
    response = client.post(
        "/login?next=//evil.example/x", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_session_expires_after_idle_time(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    auth.login(Role.REVIEWER)
    client.get("/requests/")
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.expires is not None
    remaining = cookie.expires - datetime.now(UTC)
    assert 0 < remaining.total_seconds() <= app.config["SESSION_IDLE_MINUTES"] * 60 + 5


def test_a_refused_role_is_logged(
    client: FlaskClient, auth: AuthActions, caplog: pytest.LogCaptureFixture
) -> None:
    user = auth.login(Role.REVIEWER)
    with caplog.at_level(logging.WARNING):
        assert client.get("/admin/").status_code == 403
    expected = f"access refused: account {user.id} (reviewer) to GET admin.index"
    assert expected in [record.getMessage() for record in caplog.records]
