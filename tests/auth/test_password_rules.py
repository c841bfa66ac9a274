"""Passwords: common ones and patterns are refused everywhere a password is set."""

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from ctdppeia.auth import passwords
from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from tests.conftest import PASSWORD, AuthActions, MakeUser

REFUSED = {
    "aaaaaaaaaaaa": passwords.PATTERN,
    "123456789012": passwords.PATTERN,
    "abcabcabcabc": passwords.PATTERN,
    "qwertyuiopas": passwords.PATTERN,
    "password1234": passwords.COMMON,
    "Password2024!": passwords.COMMON,
    "iloveyou12345": passwords.COMMON,
    "short": passwords.TOO_SHORT,
}


@pytest.mark.parametrize(("password", "message"), REFUSED.items())
def test_rules(password: str, message: str) -> None:
    assert passwords.password_problem(password) == message


@pytest.mark.parametrize(
    "password", [PASSWORD, "browser tests password", "a brand new long password"]
)
def test_good_phrases_are_accepted(password: str) -> None:
    assert passwords.password_problem(password) is None


def test_the_list_is_the_bundled_one() -> None:
    common = passwords.common_passwords()
    assert len(common) >= 30_000 and "123456" in common and "password" in common


def _can_sign_in(app: Flask, email: str, password: str) -> bool:
    return (
        app.test_client().post("/login", data={"email": email, "password": password}).status_code
        == 302
    )


def test_admin_cannot_give_a_common_password(
    app: Flask, client: FlaskClient, auth: AuthActions, make_user: MakeUser
) -> None:
    auth.login(Role.ADMIN)
    user = make_user(Role.REVIEWER)
    response = client.post(f"/admin/users/{user.id}/password", data={"password": "password1234"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "This password is too common" in html
    assert _can_sign_in(app, user.email, PASSWORD)
    with app.app_context():
        agency_id = db.session.get(User, user.id).agency_id  # type: ignore[union-attr]
    form = {
        "email": "new.person@ct.gov",
        "name": "New Person",
        "role": "reviewer",
        "agency_id": str(agency_id),
        "password": "aaaaaaaaaaaa",
    }
    created = client.post("/admin/users/new", data=form).get_data(as_text=True)
    assert "This password is too easy to guess" in created
    assert not _can_sign_in(app, "new.person@ct.gov", "aaaaaaaaaaaa")


def test_cli_refuses_a_pattern(app: Flask, runner: FlaskCliRunner, make_user: MakeUser) -> None:
    user = make_user(Role.REVIEWER)
    result = runner.invoke(
        args=["set-user", user.email, "--set-password"], input="123456789012\n123456789012\n"
    )
    assert result.exit_code == 1 and "too easy to guess" in result.output
    created = runner.invoke(
        args=[
            *("create-user", "--email", "x@ct.gov", "--name", "X", "--role", "reviewer"),
            *("--agency", "DSS", "--password", "qwerty123456"),
        ]
    )
    assert created.exit_code == 1 and "too common" in created.output
    assert _can_sign_in(app, user.email, PASSWORD)
