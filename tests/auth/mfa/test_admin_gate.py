"""ADMIN_MFA_REQUIRED: an administrator uses no administration page (nor any other but sign
out, language and the two-step pages) until two-step sign-in is on and passed in this session.
Checked on the server for every route of /admin, with each method."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia import create_app
from ctdppeia.models import Role, User
from tests.auth.mfa.conftest import Clock, code_step, password_step
from tests.conftest import AuthActions, MakeUser, put_session

SET_UP = "/account/two-step/set-up"


def _admin_routes(app: Flask, user_id: int) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        url = rule.rule.replace("<int:user_id>", str(user_id))
        found += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


@pytest.fixture
def admin_without(make_user: MakeUser) -> User:
    return make_user(Role.ADMIN, two_step=False)


def test_every_admin_route_sends_an_admin_without_it_to_set_up(
    app: Flask, client: FlaskClient, auth: AuthActions, admin_without: User,
    make_user: MakeUser,
) -> None:  # fmt: skip
    other = make_user(Role.REVIEWER, two_step=True)
    auth.login(admin_without)
    routes = _admin_routes(app, other.id)
    assert len(routes) >= 8 and ("POST", f"/admin/users/{other.id}/two-step/reset") in routes
    for method, url in routes:
        response = client.open(url, method=method, data={"password": "x" * 20})
        assert response.status_code == 302, (method, url)
        assert response.location == SET_UP, (method, url)
    page = client.get(SET_UP).get_data(as_text=True)
    assert "you must turn on two-step sign-in first" in page
    assert client.get("/").location == SET_UP  # the rest of the site too
    assert client.get("/account/language").status_code == 200


def test_the_admin_who_sets_it_up_gets_in(
    client: FlaskClient, auth: AuthActions, admin_without: User, clock: Clock
) -> None:
    auth.login(admin_without)
    page = client.get(SET_UP).get_data(as_text=True)
    found = re.search(r'<code id="setup-key">([A-Z2-7 ]+)</code>', page)
    assert found is not None
    key = found.group(1).replace(" ", "")
    assert client.post(SET_UP, data={"code": clock.code(key)}).status_code == 200
    assert client.get("/admin/users/").status_code == 200


def test_an_admin_with_it_signs_in_with_the_code_to_get_in(
    client: FlaskClient, make_user: MakeUser, clock: Clock
) -> None:
    admin = make_user(Role.ADMIN)
    password_step(client, admin)
    assert client.get("/admin/").location.startswith("/login")
    assert code_step(client, clock.code()).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_session_that_never_passed_the_code_is_signed_out(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    admin = make_user(Role.ADMIN)
    put_session(client, admin)
    with client.session_transaction() as session:
        session.pop("mfa_passed")
    response = client.get("/admin/users/")
    assert response.status_code == 302 and response.location == "/login"
    assert client.get("/admin/users/").location.startswith("/login")  # signed out


def test_other_roles_are_not_asked(client: FlaskClient, auth: AuthActions) -> None:
    auth.login(Role.REVIEWER)
    assert client.get("/requests/").status_code == 200


def test_when_not_required_an_admin_without_it_gets_in(
    app: Flask, client: FlaskClient, auth: AuthActions, admin_without: User
) -> None:
    app.config["ADMIN_MFA_REQUIRED"] = False
    auth.login(admin_without)
    assert client.get("/admin/users/").status_code == 200


@pytest.mark.parametrize(
    ("settings", "required"),
    [
        ({"TESTING": True}, True),
        ({"ENV": "development"}, False),
        ({"ENV": "development", "TESTING": True}, True),
        ({"ENV": "development", "ADMIN_MFA_REQUIRED": True}, True),
        ({"TESTING": True, "ADMIN_MFA_REQUIRED": False}, False),
    ],
)
def test_required_everywhere_but_a_development_machine(
    settings: dict[str, object], required: bool
) -> None:
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": "sqlite://", **settings})
    assert app.config["ADMIN_MFA_REQUIRED"] is required
