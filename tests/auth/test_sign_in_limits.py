"""Failed sign-ins are limited per address and per account; a limited sign-in, even with the
right password, gets a polite page, never a 500. The account counter is the account's, however
its address is typed (case, spaces, any character the form's cleaning removes)."""

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from ctdppeia.limits import clean_text
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


def _removed_by_cleaning() -> list[str]:
    """Every character the forms' cleaning (`clean_text` on a one-line field) removes, found by
    cleaning every code point at once, each between two letters."""
    characters = [chr(code) for code in range(0x110000) if chr(code) != "x"]
    cleaned = clean_text("x" + "x".join(characters) + "x", single_line=True)
    pieces = cleaned.split("x")[1:-1]
    return [character for character, piece in zip(characters, pieces, strict=True) if not piece]


HIDDEN = _removed_by_cleaning()


def test_the_hidden_characters_are_those_the_cleaning_is_documented_to_remove() -> None:
    assert {"\x00", "\x01", "\x1f", "\x7f", "\u202a", "\u2069"} <= set(HIDDEN)
    assert not {"\t", "\n", "\r", " ", "a", "@", "."} & set(HIDDEN)


@pytest.mark.parametrize("hidden", HIDDEN, ids=[f"U+{ord(c):04X}" for c in HIDDEN])
def test_a_hidden_character_in_the_address_counts_against_the_same_account(
    app: Flask, client: FlaskClient, make_user: MakeUser, hidden: str
) -> None:
    """One wrong password through the address with a hidden character, one through the
    address itself: the account is paused, whichever way the right password comes next."""
    app.config["ACCOUNT_FAILURE_LIMIT"] = "2 per 15 minutes"
    user = make_user(Role.REVIEWER)
    local, domain = user.email.split("@")
    disguised = f"{local}{hidden}@{domain}"
    assert _post(client, disguised, "not the password", "10.0.0.1").status_code == 401
    assert _post(client, user.email, "not the password", "10.0.0.2").status_code == 401
    for address in (disguised, f"{hidden}{user.email.upper()}", user.email):
        response = _post(client, address, PASSWORD, "10.0.1.1")
        assert response.status_code == 429, repr(address)
        assert NOTICE in response.get_data(as_text=True)


def test_an_address_that_names_no_account_is_counted_as_the_form_reads_it(
    app: Flask, client: FlaskClient
) -> None:
    app.config["ACCOUNT_FAILURE_LIMIT"] = "2 per 15 minutes"
    for number, address in enumerate(("nobody\x00@example.gov", "NOBODY\u202e@example.gov")):
        assert _post(client, address, "a guess", f"10.0.0.{number + 1}").status_code == 401
    assert _post(client, "nobody@example.gov", "a guess", "10.0.0.9").status_code == 429


def test_wrong_passwords_and_codes_of_one_account_share_its_counter(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    """The code step counts under the account waiting for its code: the same counter as the
    address (with a hidden character or not) at the password step."""
    app.config["ACCOUNT_FAILURE_LIMIT"] = "2 per 15 minutes"
    user = make_user(Role.REVIEWER, two_step=True)
    disguised = user.email.replace("@", "\x01@")
    assert _post(client, disguised, "not the password", "10.0.0.1").status_code == 401
    assert _post(client, disguised, PASSWORD, "10.0.0.2").location.endswith("/login/code")
    wrong = client.post("/login/code", data={"code": "not a code"})
    assert wrong.status_code == 401
    assert _post(client, user.email, PASSWORD, "10.0.0.3").status_code == 429
