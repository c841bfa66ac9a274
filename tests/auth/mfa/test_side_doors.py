"""Every check of a password or a code is limited like signing in, and counts towards the
same per-account counter: turning two-step sign-in off, setting it up, changing one's
password. Turning it on ends the account's other sessions."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from ctdppeia.models import Role, User
from tests.auth.mfa.conftest import Clock, account
from tests.conftest import PASSWORD, AuthActions, MakeUser

TURN_OFF = "/account/two-step/turn-off"
SET_UP = "/account/two-step/set-up"
PASSWORD_PAGE = "/account/password"
PAUSED = "Too many wrong passwords or codes"
LIMIT = 3


@pytest.fixture(autouse=True)
def _small_account_limit(app: Flask) -> None:
    """A few failures pause the account; each attempt comes from another address, so only
    the per-account counter can stop them."""
    app.config["ACCOUNT_FAILURE_LIMIT"] = f"{LIMIT} per 15 minutes"


def _post(client: FlaskClient, path: str, data: dict[str, str], number: int) -> TestResponse:
    return client.post(path, data=data, environ_base={"REMOTE_ADDR": f"10.3.0.{number}"})


def _wrong_code(clock: Clock) -> str:
    return "000000" if clock.code() != "000000" else "111111"


def _assert_paused(response: TestResponse) -> None:
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert PAUSED in page
    minutes = re.search(r"Wait (\d+) minutes, then try again\.", page)
    assert minutes is not None and 1 < int(minutes.group(1)) <= 15  # ACCOUNT_FAILURE_LIMIT
    assert "Retry-After" in response.headers


def _sign_in_is_paused(client: FlaskClient, user: User) -> bool:
    data = {"email": user.email, "password": PASSWORD}
    other = client.application.test_client()
    return (
        other.post("/login", data=data, environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 429
    )


def test_wrong_codes_when_turning_it_off_are_limited(
    app: Flask, client: FlaskClient, auth: AuthActions, make_user: MakeUser, clock: Clock
) -> None:
    user = auth.login(make_user(Role.REVIEWER, two_step=True))
    for number in range(LIMIT):
        data = {"password": PASSWORD, "code": _wrong_code(clock)}
        assert _post(client, TURN_OFF, data, number).status_code == 400
    _assert_paused(_post(client, TURN_OFF, {"password": PASSWORD, "code": clock.code()}, 50))
    assert account(app, user).mfa_enabled  # the right code was not even checked
    assert _sign_in_is_paused(client, user)  # the same counter as signing in


def test_wrong_passwords_when_turning_it_off_are_limited(
    app: Flask, client: FlaskClient, auth: AuthActions, make_user: MakeUser, clock: Clock
) -> None:
    user = auth.login(make_user(Role.REVIEWER, two_step=True))
    for number in range(LIMIT):
        data = {"password": "not my password", "code": clock.code()}
        assert _post(client, TURN_OFF, data, number).status_code == 400
    _assert_paused(_post(client, TURN_OFF, {"password": PASSWORD, "code": clock.code()}, 50))
    assert account(app, user).mfa_enabled


def test_wrong_current_passwords_are_limited(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    user = auth.login(Role.REVIEWER)
    new = "a brand new phrase of words"
    for number in range(LIMIT):
        data = {"current_password": "not it", "new_password": new, "repeat_password": new}
        response = _post(client, PASSWORD_PAGE, data, number)
        assert "That is not your current password." in response.get_data(as_text=True)
    data = {"current_password": PASSWORD, "new_password": new, "repeat_password": new}
    _assert_paused(_post(client, PASSWORD_PAGE, data, 50))
    assert account(app, user).check_password(PASSWORD)
    assert _sign_in_is_paused(client, user)


def test_a_refused_new_password_does_not_count(client: FlaskClient, auth: AuthActions) -> None:
    """Only a wrong current password counts: struggling with the rules for a new one never
    pauses the account."""
    auth.login(Role.REVIEWER)
    for number in range(LIMIT + 2):
        data = {"current_password": PASSWORD, "new_password": "short", "repeat_password": "short"}
        assert _post(client, PASSWORD_PAGE, data, number).status_code == 200
    new = "a brand new phrase of words"
    data = {"current_password": PASSWORD, "new_password": new, "repeat_password": new}
    assert _post(client, PASSWORD_PAGE, data, 50).status_code == 302


def test_wrong_codes_while_setting_it_up_are_limited(
    app: Flask, client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    user = auth.login(Role.REVIEWER)
    page = client.get(SET_UP).get_data(as_text=True)
    found = re.search(r'<code id="setup-key">([A-Z2-7 ]+)</code>', page)
    assert found is not None
    key = found.group(1).replace(" ", "")
    wrong = "000000" if clock.code(key) != "000000" else "111111"
    for number in range(LIMIT):
        assert _post(client, SET_UP, {"code": wrong}, number).status_code == 400
    _assert_paused(_post(client, SET_UP, {"code": clock.code(key)}, 50))
    assert not account(app, user).mfa_enabled


def test_turning_it_on_ends_the_other_sessions(
    app: Flask, client: FlaskClient, make_user: MakeUser, clock: Clock
) -> None:
    user = make_user(Role.REVIEWER)
    intruder = app.test_client()
    AuthActions(intruder, make_user).login(user)
    AuthActions(client, make_user).login(user)
    assert intruder.get("/requests/").status_code == 200
    page = client.get(SET_UP).get_data(as_text=True)
    found = re.search(r'<code id="setup-key">([A-Z2-7 ]+)</code>', page)
    assert found is not None
    done = client.post(SET_UP, data={"code": clock.code(found.group(1).replace(" ", ""))})
    assert done.status_code == 200 and account(app, user).mfa_enabled
    assert "You were signed out everywhere else." in done.get_data(as_text=True)
    assert "/login" in intruder.get("/requests/").location  # signed out
    assert client.get("/requests/").status_code == 200  # the session that turned it on stays


@pytest.mark.parametrize("wrong", ["password", "code"])
def test_wrong_passwords_or_codes_when_making_new_recovery_codes_are_limited(
    app: Flask, client: FlaskClient, auth: AuthActions, make_user: MakeUser, clock: Clock,
    wrong: str,
) -> None:  # fmt: skip
    user = auth.login(make_user(Role.REVIEWER, two_step=True))
    renew = "/account/two-step/recovery-codes"
    for number in range(LIMIT):
        data = {"password": PASSWORD, "code": clock.code()} | {wrong: "000000"}
        if wrong == "code" and clock.code() == "000000":
            data["code"] = "111111"
        assert _post(client, renew, data, number).status_code == 400
    _assert_paused(_post(client, renew, {"password": PASSWORD, "code": clock.code()}, 50))
    assert _sign_in_is_paused(client, user)
