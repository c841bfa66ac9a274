"""A password an administrator chose must be changed at first sign-in: until then the account
uses no page but the password change, sign-out and the language page."""

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from ctdppeia.auth.must_change import OPEN_ENDPOINTS
from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from tests.conftest import PASSWORD, AuthActions, MakeUser, put_session
from tests.test_access_matrix import ACCESS, PUBLIC, _rules, _url

NEW_PASSWORD = "my very own and quite long phrase"


def _must_change(app: Flask, user: User) -> None:
    with app.app_context():
        db.session.get(User, user.id).password_must_change = True
        db.session.commit()


def _flag(app: Flask, email: str) -> bool:
    with app.app_context():
        return bool(db.session.query(User).filter_by(email=email).one().password_must_change)


def test_an_account_made_by_an_administrator_must_change_its_password(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    admin = auth.login(Role.ADMIN)
    form = {
        "email": "new.member@example.gov",
        "name": "New Member",
        "role": "board",
        "agency_id": admin.agency_id,
        "password": PASSWORD,
    }
    assert client.post("/admin/users/new", data=form).status_code in (200, 302)
    assert _flag(app, "new.member@example.gov")
    member = app.test_client()
    member.post("/login", data={"email": "new.member@example.gov", "password": PASSWORD})
    home = member.get("/board/")
    assert home.status_code == 302 and home.location.endswith("/account/password")
    page = member.get("/account/password").get_data(as_text=True)
    assert "An administrator chose your password" in page
    changed = member.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "repeat_password": NEW_PASSWORD,
        },
    )
    assert changed.status_code == 302
    assert not _flag(app, "new.member@example.gov")
    assert member.get("/board/").status_code == 200


def test_a_reset_by_an_administrator_sets_it(
    app: Flask, client: FlaskClient, auth: AuthActions, make_user: MakeUser
) -> None:
    member = make_user(Role.BOARD)
    assert not _flag(app, member.email)
    auth.login(Role.ADMIN)
    client.post(f"/admin/users/{member.id}/password", data={"password": "a new admin phrase"})
    assert _flag(app, member.email)


def test_the_command_line_sets_it_for_a_generated_password(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser
) -> None:
    member = make_user(Role.BOARD)
    assert runner.invoke(args=["set-user", member.email, "--reset-password"]).exit_code == 0
    assert _flag(app, member.email)
    command = ["create-user", "--email", "x@example.gov", "--name", "X", "--role", "board"]
    result = runner.invoke(args=[*command, "--agency", "DSS", "--password", ""])
    assert result.exit_code == 0, result.output
    assert _flag(app, "x@example.gov")


@pytest.mark.parametrize("role", list(Role))
def test_the_gate_holds_on_every_route(app: Flask, client: FlaskClient, role: Role) -> None:
    from tests.conftest import create_test_user

    users = {each: create_test_user(app, 100 + n, each, "DSS", None) for n, each in enumerate(Role)}
    user = users[role]
    _must_change(app, user)
    cache: dict[str, object] = {}
    let_through = []
    for endpoint, method, rule in _rules(app):
        declared = ACCESS[endpoint]
        if declared == PUBLIC or endpoint in OPEN_ENDPOINTS or endpoint.startswith("mfa."):
            continue
        if role not in declared:
            continue  # the access rule refuses first (tests/test_access_matrix.py)
        put_session(client, user)
        response = client.open(_url(app, rule, users, cache), method=method)
        response.close()
        if not (response.status_code == 302 and response.location.endswith("/account/password")):
            let_through.append(f"{method} {rule}: {response.status_code}")
    assert let_through == []
    put_session(client, user)
    assert client.get("/account/password").status_code == 200
    assert client.get("/account/language").status_code == 200
