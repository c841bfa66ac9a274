"""Setting up two-step sign-in from one's account: the QR code and the key while setting up,
a right code before it is on, recovery codes shown once, the key never shown again."""

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.auth.mfa import codes
from ctdppeia.extensions import db
from ctdppeia.models import RecoveryCode, Role
from tests.auth.mfa.conftest import Clock, account, actions
from tests.conftest import AuthActions

KEY_SHOWN = re.compile(r'<code id="setup-key">([A-Z2-7 ]+)</code>')


def _key(client: FlaskClient) -> str:
    page = client.get("/account/two-step/set-up")
    assert page.status_code == 200
    found = KEY_SHOWN.search(page.get_data(as_text=True))
    assert found is not None
    return found.group(1).replace(" ", "")


def test_any_user_sets_it_up_with_a_code(
    app: Flask, client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    user = auth.login(Role.BOARD)
    assert "Two-step sign-in is off." in client.get("/account/two-step/").get_data(as_text=True)
    page = client.get("/account/two-step/set-up").get_data(as_text=True)
    assert '<svg role="img"' in page and "QR code for your authenticator app" in page
    key = _key(client)
    assert _key(client) == key  # the same key until it is confirmed
    assert re.search(r"[A-Z2-7]{4} [A-Z2-7]{4}", page)  # grouped for typing

    wrong = client.post("/account/two-step/set-up", data={"code": "000000"})
    assert wrong.status_code == 400 and "That code is not right." in wrong.get_data(as_text=True)
    assert not account(app, user).mfa_enabled

    done = client.post("/account/two-step/set-up", data={"code": clock.code(key)})
    shown = re.findall(
        r"<li><code>((?:[0-9a-z]{4}-){5}[0-9a-z]{4})</code></li>", done.get_data(as_text=True)
    )
    assert done.status_code == 200 and len(shown) == 10 and len(set(shown)) == 10
    stored = account(app, user)
    assert stored.mfa_enabled and stored.mfa_secret is not None
    assert key not in stored.mfa_secret  # kept encrypted
    with app.app_context():
        assert codes.unseal(stored.mfa_secret) == key
        hashes = db.session.scalars(select(RecoveryCode.code_hash).order_by(RecoveryCode.id)).all()
    assert len(hashes) == 10  # salted: each checked against the code it was made from
    assert all(
        codes.recovery_matches(h, codes.normalise(c)) for h, c in zip(hashes, shown, strict=True)
    )
    assert actions(app, user)[-1] == "user.mfa_enabled"

    status = client.get("/account/two-step/").get_data(as_text=True)
    assert "Two-step sign-in is on." in status and "Recovery codes not used yet: 10." in status
    again = client.get("/account/two-step/set-up").get_data(as_text=True)
    assert key not in again and "setup-key" not in again and shown[0] not in again


def test_a_code_for_another_key_does_not_turn_it_on(
    app: Flask, client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    user = auth.login(Role.REVIEWER)
    _key(client)
    other = clock.code(codes.new_key())
    assert client.post("/account/two-step/set-up", data={"code": other}).status_code == 400
    assert not account(app, user).mfa_enabled


def test_the_set_up_form_needs_a_code_and_keeps_what_was_typed(
    client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    auth.login(Role.REVIEWER)
    _key(client)
    empty = client.post("/account/two-step/set-up", data={"code": ""})
    assert empty.status_code == 400 and "Enter the code." in empty.get_data(as_text=True)
    long = client.post("/account/two-step/set-up", data={"code": "1" * 41})
    assert long.status_code == 400 and 'value="' + "1" * 41 in long.get_data(as_text=True)


def test_the_set_up_page_needs_a_signed_in_user(client: FlaskClient) -> None:
    response = client.get("/account/two-step/set-up")
    assert response.status_code == 302 and "/login" in response.location
