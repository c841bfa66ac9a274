"""Failed sign-ins are limited per address and per account; a limited sign-in, even with the
right password, gets a polite page, never a 500."""

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from ctdppeia.models import Role
from tests.conftest import PASSWORD, MakeUser

NOTICE = "Too many attempts: signing in is paused"


def _post(client: FlaskClient, email: str, password: str, address: str) -> TestResponse:
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_an_account_is_locked_after_failures_from_many_addresses(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    target, bystander = make_user(Role.REVIEWER), make_user(Role.REVIEWER)
    failures = 10  # ACCOUNT_FAILURE_LIMIT: 10 per 15 minutes
    assert app.config["ACCOUNT_FAILURE_LIMIT"].startswith(f"{failures} per")
    for number in range(failures):
        email = target.email.upper() if number % 2 else target.email  # the same account
        response = _post(client, email, "not the password", f"10.0.0.{number + 1}")
        assert response.status_code == 401, number
    locked = _post(client, target.email, PASSWORD, "10.0.1.1")
    html = locked.get_data(as_text=True)
    assert locked.status_code == 429 and NOTICE in html
    assert "Retry-After" in locked.headers
    assert 'name="email"' in html  # the sign-in page itself, with its form
    assert _post(client, bystander.email, PASSWORD, "10.0.1.1").status_code == 302


def test_a_limited_address_gets_the_notice_even_with_the_right_password(
    client: FlaskClient, make_user: MakeUser
) -> None:
    users = [make_user(Role.REVIEWER) for _ in range(6)]
    for user in users[:5]:  # LOGIN_FAILURE_LIMIT: 5 per minute from one address
        assert _post(client, user.email, "not the password", "192.0.2.7").status_code == 401
    response = _post(client, users[5].email, PASSWORD, "192.0.2.7")
    assert response.status_code == 429 and NOTICE in response.get_data(as_text=True)
    assert _post(client, users[5].email, PASSWORD, "192.0.2.8").status_code == 302
