"""Turning two-step sign-in off needs the password and a code; an administrator may reset
another account's (a lost phone), never their own that way; a non-administrator never."""

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ctdppeia.extensions import db
from ctdppeia.models import RecoveryCode, Role, User
from tests.auth.mfa.conftest import Clock, account, actions
from tests.conftest import PASSWORD, AuthActions, MakeUser

TURN_OFF = "/account/two-step/turn-off"


@pytest.fixture
def user(make_user: MakeUser) -> User:
    return make_user(Role.REVIEWER, two_step=True)


def test_turning_off_needs_the_password(
    app: Flask, client: FlaskClient, auth: AuthActions, user: User, clock: Clock
) -> None:
    auth.login(user)
    response = client.post(TURN_OFF, data={"password": "not it", "code": clock.code()})
    assert response.status_code == 400
    assert "That is not your password." in response.get_data(as_text=True)
    assert account(app, user).mfa_enabled


def test_turning_off_needs_a_right_code(
    app: Flask, client: FlaskClient, auth: AuthActions, user: User, clock: Clock
) -> None:
    auth.login(user)
    for code in ("", "000000" if clock.code() != "000000" else "111111"):
        response = client.post(TURN_OFF, data={"password": PASSWORD, "code": code})
        assert response.status_code == 400
    assert account(app, user).mfa_enabled


def test_turning_off_with_both(
    app: Flask, client: FlaskClient, auth: AuthActions, user: User, clock: Clock
) -> None:
    auth.login(user)
    assert "Turn off two-step sign-in" in client.get(TURN_OFF).get_data(as_text=True)
    response = client.post(TURN_OFF, data={"password": PASSWORD, "code": clock.code()})
    assert response.status_code == 302
    stored = account(app, user)
    assert not stored.mfa_enabled and stored.mfa_secret is None
    assert actions(app, user)[-1] == "user.mfa_disabled"
    client.post("/logout")
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).location == "/"


def _reset(client: FlaskClient, user: User) -> int:
    return client.post(f"/admin/users/{user.id}/two-step/reset").status_code


def test_an_admin_resets_another_account(
    app: Flask, client: FlaskClient, auth: AuthActions, user: User, make_user: MakeUser
) -> None:
    victim_browser = app.test_client()
    AuthActions(victim_browser, make_user).login(user)
    admin = auth.login(Role.ADMIN)
    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "Reset two-step sign-in" in page
    assert _reset(client, user) == 302
    assert not account(app, user).mfa_enabled
    with app.app_context():
        left = db.session.scalar(select(func.count(RecoveryCode.id)))
    assert left == 0
    assert actions(app, user)[-1] == "user.mfa_reset"
    assert victim_browser.get("/requests/").status_code == 302  # signed out everywhere
    assert admin.id != user.id


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
def test_no_other_role_may_reset(
    app: Flask, client: FlaskClient, auth: AuthActions, user: User, role: Role
) -> None:
    auth.login(role)
    assert _reset(client, user) in (403, 404)
    assert account(app, user).mfa_enabled


def test_an_admin_cannot_reset_their_own(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    admin = auth.login(Role.ADMIN)
    assert _reset(client, admin) == 302
    assert account(app, admin).mfa_enabled
    assert "user.mfa_reset" not in actions(app, admin)
