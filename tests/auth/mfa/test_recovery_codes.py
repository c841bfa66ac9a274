"""Recovery codes as look-up secrets: 120 random bits each, stored with their own salt and the
slow password hash, so a copy of the database gives none back; typed with or without dashes,
spaces or capitals; made anew from the two-step page, which says when none are left."""

import hashlib
import math
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from ctdppeia.auth.mfa import codes
from ctdppeia.extensions import db
from ctdppeia.models import RecoveryCode, Role, User
from ctdppeia.models.user import RETIRED_RECOVERY_CODE
from tests.auth.mfa.conftest import Clock, actions, code_step, password_step
from tests.conftest import PASSWORD, AuthActions, MakeUser, put_session

SHOWN = re.compile(r"<li><code>([^<]+)</code></li>")
CODE = "7k3m-q9rt-vwx2-ab4c-de5f-gh6j"


@pytest.fixture
def user(make_user: MakeUser) -> User:
    return make_user(Role.REVIEWER, two_step=True)


def _store(app: Flask, user: User, *typed: str) -> None:
    with app.app_context():
        for code in typed:
            db.session.add(codes.stored_recovery_code(user.id, code))
        db.session.commit()


def _hashes(app: Flask, user: User) -> list[str]:
    with app.app_context():
        query = select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)
        return list(db.session.scalars(query.order_by(RecoveryCode.id)))


def test_each_code_holds_at_least_112_random_bits() -> None:
    made = codes.new_recovery_codes()
    assert len(made) == len(set(made)) == 10
    for code in made:
        assert re.fullmatch(r"([0-9a-hjkmnp-tv-z]{4}-){5}[0-9a-hjkmnp-tv-z]{4}", code)
    bits = codes.RECOVERY_LENGTH * math.log2(len(codes.RECOVERY_ALPHABET))
    assert len(set(codes.RECOVERY_ALPHABET)) == 32 and bits >= 112
    used = {c for code in made for c in code.replace("-", "")}
    assert len(used) > 16  # drawn from the whole alphabet, not a part of it


def test_a_database_copy_does_not_reveal_the_code(app: Flask, user: User) -> None:
    """The production hash (scrypt), salted per code: the same code stored twice gives two
    different hashes, and neither holds the code or its plain SHA-256; the lookup value that
    picks the row to check is keyed with a key that is not in the database."""
    app.config["FAST_PASSWORD_HASH_FOR_TESTS"] = False
    _store(app, user, CODE, CODE)
    first, second = _hashes(app, user)
    plain = codes.normalise(CODE)
    for stored in (first, second):
        assert stored.startswith("scrypt:") and stored.count("$") == 2
        assert plain not in stored and CODE not in stored
        assert hashlib.sha256(plain.encode()).hexdigest() not in stored
    assert first != second and first.split("$")[1] != second.split("$")[1]  # own salts
    assert codes.recovery_matches(first, plain) and not codes.recovery_matches(first, "0" * 24)
    with app.app_context():
        lookups = set(db.session.scalars(select(RecoveryCode.lookup)))
        assert lookups == {codes.recovery_lookup(CODE)}
        assert hashlib.sha256(plain.encode()).hexdigest()[:16] not in lookups
        app.config["SECRET_KEY"] = "another secret key"
        assert codes.recovery_lookup(CODE) not in lookups  # keyed: the database alone has no key


@pytest.mark.parametrize(
    "typed",
    [
        CODE,
        CODE.replace("-", ""),
        CODE.upper(),
        " 7K3M Q9RT VWX2 AB4C DE5F GH6J ",
        CODE.replace("-", " - "),
    ],
)
def test_a_code_is_accepted_however_it_is_typed(
    app: Flask, client: FlaskClient, user: User, clock: Clock, typed: str
) -> None:
    _store(app, user, CODE)
    password_step(client, user)
    assert code_step(client, typed).status_code == 302
    assert actions(app, user)[-1] == "user.mfa_recovery_code_used"


def test_a_wrong_or_old_shaped_code_is_refused(
    app: Flask, client: FlaskClient, user: User, clock: Clock
) -> None:
    _store(app, user, CODE)
    password_step(client, user)
    for typed in (CODE[:-1] + "k", "abcde-12345", CODE + "7"):
        assert code_step(client, typed).status_code == 401
    assert "user.mfa_recovery_code_used" not in actions(app, user)


def _new_codes(client: FlaskClient, code: str, password: str = PASSWORD) -> tuple[int, str]:
    response = client.post(
        "/account/two-step/recovery-codes", data={"password": password, "code": code}
    )
    return response.status_code, response.get_data(as_text=True)


def test_making_new_codes_turns_the_old_ones_off(
    app: Flask, client: FlaskClient, user: User, clock: Clock
) -> None:
    _store(app, user, CODE)
    put_session(client, user)
    page = client.get("/account/two-step/recovery-codes").get_data(as_text=True)
    assert "Make new recovery codes" in page and "Your old recovery codes stop working" in page
    status, page = _new_codes(client, clock.code())
    shown = SHOWN.findall(page)
    assert status == 200 and len(shown) == 10 and "Your old recovery codes no longer work." in page
    assert actions(app, user)[-1] == "user.mfa_recovery_codes_renewed"
    assert len(_hashes(app, user)) == 10

    other = app.test_client()
    password_step(other, user)
    assert code_step(other, CODE).status_code == 401  # the old code
    assert code_step(other, shown[3]).status_code == 302  # a new one
    status = client.get("/account/two-step/").get_data(as_text=True)
    assert "Recovery codes not used yet: 9." in status


def test_new_codes_need_the_password_and_a_code_from_the_app(
    app: Flask, client: FlaskClient, user: User, clock: Clock
) -> None:
    _store(app, user, CODE)
    put_session(client, user)
    status, page = _new_codes(client, clock.code(), password="not my password")
    assert status == 400 and "That is not your password." in page
    status, page = _new_codes(client, CODE)  # a recovery code cannot make more
    assert status == 400 and "Type the 6-digit code your authenticator app shows now." in page
    status, page = _new_codes(client, "000000")
    assert status == 400 and "That code is not right." in page
    assert len(_hashes(app, user)) == 1 and "user.mfa_recovery_codes_renewed" not in actions(
        app, user
    )


def test_without_two_step_sign_in_there_are_no_codes_to_make(
    client: FlaskClient, auth: AuthActions, clock: Clock
) -> None:
    auth.login(Role.REVIEWER)
    response = client.post("/account/two-step/recovery-codes", data={"code": clock.code()})
    assert response.status_code == 200 and "Two-step sign-in is off." in response.get_data(
        as_text=True
    )


def test_the_page_says_when_no_code_is_left(app: Flask, client: FlaskClient, user: User) -> None:
    put_session(client, user)
    page = client.get("/account/two-step/").get_data(as_text=True)
    assert "You have no recovery codes left." in page
    assert 'href="/account/two-step/recovery-codes"' in page
    _store(app, user, CODE)
    page = client.get("/account/two-step/").get_data(as_text=True)
    assert "You have no recovery codes left." not in page
    assert "Recovery codes not used yet: 1." in page


def test_retired_codes_are_refused_and_the_page_asks_for_new_ones(
    app: Flask, client: FlaskClient, user: User, clock: Clock
) -> None:
    _store(app, user, CODE)
    with app.app_context():
        db.session.execute(update(RecoveryCode).values(code_hash=RETIRED_RECOVERY_CODE))
        db.session.commit()
    password_step(client, user)
    assert code_step(client, CODE).status_code == 401
    assert code_step(client, RETIRED_RECOVERY_CODE).status_code == 401
    put_session(client, user)
    page = client.get("/account/two-step/").get_data(as_text=True)
    assert "Your recovery codes no longer work." in page
    assert "Recovery codes not used yet: 0." in page


def test_the_pages_speak_spanish(app: Flask, client: FlaskClient, user: User) -> None:
    _store(app, user, CODE)
    with app.app_context():
        db.session.execute(update(RecoveryCode).values(code_hash=RETIRED_RECOVERY_CODE))
        found = db.session.get(User, user.id)
        assert found is not None
        found.language = "es"
        db.session.commit()
    put_session(client, user)
    page = client.get("/account/two-step/").get_data(as_text=True)
    assert "Sus códigos de recuperación ya no funcionan." in page
    assert "Hacer códigos de recuperación nuevos" in page
    page = client.get("/account/two-step/recovery-codes").get_data(as_text=True)
    assert "Los códigos de antes dejan de servir en ese momento." in page
