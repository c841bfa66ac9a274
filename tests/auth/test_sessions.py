"""Signing in and out: redirects, messages, idle expiry, deactivated accounts."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia import create_app
from ctdppeia.auth import sessions
from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from tests.conftest import PASSWORD, AuthActions, MakeUser


def test_signed_out_visitors_are_sent_to_sign_in_and_back(
    client: FlaskClient, make_user: MakeUser
) -> None:
    assert client.get("/").headers["Location"].startswith("/login")
    response = client.get("/requests/?q=wage")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Frequests%2F%3Fq%3Dwage"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Please sign in to see that page." in page
    user = make_user(Role.REVIEWER)
    signed_in = client.post(
        "/login?next=%2Frequests%2F%3Fq%3Dwage", data={"email": user.email, "password": PASSWORD}
    )
    assert signed_in.headers["Location"] == "/requests/?q=wage"


def test_email_is_matched_without_case_or_spaces(client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user(Role.REVIEWER)
    data = {"email": f"  {user.email.upper()} ", "password": PASSWORD}
    assert client.post("/login", data=data).status_code == 302


def test_sign_in_form_errors_keep_the_input(client: FlaskClient) -> None:
    response = client.post("/login", data={"email": "not-an-email", "password": ""})
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert "Enter a valid email address." in html and "Enter your password." in html
    assert 'value="not-an-email"' in html


def test_signed_in_user_is_sent_home_from_the_sign_in_page(
    client: FlaskClient, auth: AuthActions
) -> None:
    auth.login(Role.REVIEWER)
    assert client.get("/login").headers["Location"] == "/"


def test_sign_out_needs_a_form_and_says_so(client: FlaskClient, auth: AuthActions) -> None:
    auth.login(Role.REVIEWER)
    assert client.get("/logout").status_code == 405
    response = client.post("/logout", follow_redirects=True)
    assert "You have signed out." in response.get_data(as_text=True)
    assert client.get("/requests/").status_code == 302


def test_every_role_can_sign_in_and_sees_home(client: FlaskClient, auth: AuthActions) -> None:
    for role in Role:
        user = auth.login(role)
        html = client.get("/").get_data(as_text=True)
        assert f"Welcome, {user.name}" in html
        auth.logout()


def test_deactivated_account_is_signed_out(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    user = auth.login(Role.REVIEWER)
    assert client.get("/requests/").status_code == 200
    with app.app_context():
        db.session.get(User, user.id).active = False  # type: ignore[union-attr]
        db.session.commit()
    assert client.get("/requests/").status_code == 302


def test_idle_session_expires(
    app: Flask, client: FlaskClient, auth: AuthActions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The idle limit (30 minutes) is measured from the last request, on the sessions' clock."""
    clock = {"now": datetime(2026, 3, 2, 9, 0, tzinfo=UTC)}
    monkeypatch.setattr(sessions, "now", lambda: clock["now"])
    auth.login(Role.REVIEWER)
    for _ in range(4):  # using the site keeps the session alive, well past 30 minutes
        clock["now"] += timedelta(minutes=29, seconds=59)
        assert client.get("/requests/").status_code == 200
    clock["now"] += timedelta(minutes=30, seconds=1)
    response = client.get("/requests/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_rate_limit_storage_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTDPPEIA_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/15")
    assert create_app().config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/15"
    monkeypatch.delenv("RATELIMIT_STORAGE_URI")
    assert create_app().config["RATELIMIT_STORAGE_URI"] == "memory://"
