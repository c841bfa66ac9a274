"""Signing in with two-step sign-in: the password alone signs nobody in; a right code does,
once; a recovery code works once; wrong codes count towards the sign-in limits."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.auth.mfa import codes
from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from tests.auth.mfa.conftest import Clock, account, actions, code_step, password_step
from tests.conftest import PASSWORD, TWO_STEP_KEY, MakeUser

RECOVERY = "abcd-efgh-jkmn-pqrs-tvwx-yz01"


@pytest.fixture
def user(make_user: MakeUser) -> User:
    return make_user(Role.REVIEWER, two_step=True)


def _signed_in(client: FlaskClient) -> bool:
    return client.get("/requests/").status_code == 200


def test_the_password_leads_to_the_code_and_only_the_code_signs_in(
    client: FlaskClient, user: User, clock: Clock
) -> None:
    response = password_step(client, user)
    assert response.status_code == 302 and response.location.endswith("/login/code")
    assert not _signed_in(client)  # the password alone is not enough
    page = client.get("/login/code").get_data(as_text=True)
    assert "Type your code" in page and 'autocomplete="one-time-code"' in page
    done = code_step(client, clock.code())
    assert done.status_code == 302 and done.location == "/"
    assert _signed_in(client)


def test_the_code_step_keeps_where_the_user_was_going(
    client: FlaskClient, user: User, clock: Clock
) -> None:
    client.post("/login?next=/requests/", data={"email": user.email, "password": PASSWORD})
    assert code_step(client, clock.code()).location == "/requests/"


def test_a_wrong_code_is_refused(client: FlaskClient, user: User, clock: Clock) -> None:
    password_step(client, user)
    wrong = code_step(client, "123456" if clock.code() != "123456" else "654321")
    assert wrong.status_code == 401
    assert "That code is not right." in wrong.get_data(as_text=True)
    assert not _signed_in(client)


def test_a_code_is_accepted_once(app: Flask, client: FlaskClient, user: User, clock: Clock) -> None:
    code = clock.code()
    password_step(client, user)
    assert code_step(client, code).status_code == 302
    other = app.test_client()
    password_step(other, user)
    replay = code_step(other, code)
    assert replay.status_code == 401 and "That code was used already." in replay.get_data(
        as_text=True
    )
    earlier = code_step(other, clock.code(steps=-1))  # an older code is no better
    assert earlier.status_code == 401
    clock.advance(30)
    assert code_step(other, clock.code()).status_code == 302


def test_a_code_from_the_next_step_is_accepted_for_a_slow_clock(
    client: FlaskClient, user: User, clock: Clock
) -> None:
    password_step(client, user)
    assert code_step(client, clock.code(steps=2)).status_code == 401  # too far ahead
    assert code_step(client, clock.code(steps=1)).status_code == 302


def test_a_recovery_code_works_once(
    app: Flask, client: FlaskClient, user: User, clock: Clock
) -> None:
    with app.app_context():
        db.session.add(codes.stored_recovery_code(user.id, RECOVERY))
        db.session.commit()
    password_step(client, user)
    typed = " ABCD EFGH JKMN PQRS TVWX YZOI "  # spaces, capitals, no dash, O and I for 0 and 1
    assert code_step(client, typed).status_code == 302
    assert actions(app, user)[-1] == "user.mfa_recovery_code_used"
    other = app.test_client()
    password_step(other, user)
    assert code_step(other, RECOVERY).status_code == 401


def test_the_code_step_without_the_password_sends_to_sign_in(client: FlaskClient) -> None:
    assert "/login" in client.get("/login/code").location
    assert "/login" in code_step(client, "123456").location


def test_the_wait_for_the_code_ends(client: FlaskClient, user: User, clock: Clock) -> None:
    password_step(client, user)
    clock.advance(10 * 60)
    assert "/login" in code_step(client, clock.code()).location


def test_wrong_codes_count_towards_the_account_limit(
    app: Flask, client: FlaskClient, user: User, clock: Clock
) -> None:
    """ACCOUNT_FAILURE_LIMIT counts wrong passwords and wrong codes together."""
    app.config["ACCOUNT_FAILURE_LIMIT"] = "4 per day"
    for number in range(2):
        address = {"REMOTE_ADDR": f"10.1.0.{number}"}
        response = client.post(
            "/login", data={"email": user.email, "password": "no"}, environ_base=address
        )
        assert response.status_code == 401
    password_step(client, user)
    assert code_step(client, "000000", "10.2.0.1").status_code == 401
    assert code_step(client, "000001", "10.2.0.2").status_code == 401
    locked = code_step(client, clock.code(), "10.2.0.3")
    assert locked.status_code == 429
    assert "Too many attempts" in locked.get_data(as_text=True)
    assert account(app, user).mfa_last_step is None  # the right code was not even checked


def test_an_account_without_it_signs_in_with_the_password(
    client: FlaskClient, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER)
    assert password_step(client, user).location == "/"
    assert _signed_in(client)


def test_an_unreadable_key_refuses_every_code(
    app: Flask, client: FlaskClient, user: User, clock: Clock
) -> None:
    """After SECRET_KEY changes, the stored keys cannot be read: codes fail, not the server."""
    password_step(client, user)
    app.config["SECRET_KEY"] = "another-secret"
    response = code_step(client, clock.code(TWO_STEP_KEY))
    assert response.status_code in (302, 401)  # a new SECRET_KEY also ends this session
    assert not _signed_in(client)
