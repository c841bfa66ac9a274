"""Choosing the language before signing in: buttons in the header of every page for signed-out
visitors, kept in a cookie (no account needed), and never a way to leave the site."""

from flask.testing import FlaskClient

from ctdppeia.i18n import LANGUAGE_COOKIE
from ctdppeia.models import Role
from tests.conftest import AuthActions


def _choose(client: FlaskClient, language: str, next_: str = "/login") -> str:
    response = client.post("/account/language/choose", data={"language": language, "next": next_})
    assert response.status_code == 302
    return response.location


def test_the_sign_in_page_offers_both_languages_named_in_themselves(client: FlaskClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "en"}).text
    assert '<form method="post" action="/account/language/choose" class="language-choice">' in page
    assert 'value="es" lang="es"' in page and ">Español</button>" in page
    assert 'value="en" lang="en"' in page and 'aria-current="true">English</button>' in page
    assert '<input type="hidden" name="next" value="/login">' in page


def test_a_visitor_who_chooses_spanish_gets_spanish_pages(client: FlaskClient) -> None:
    english = {"Accept-Language": "en-US"}
    assert _choose(client, "es", "/verify") == "/verify"
    cookie = client.get_cookie(LANGUAGE_COOKIE)
    assert cookie is not None and cookie.value == "es" and cookie.http_only
    page = client.get("/login", headers=english).text
    assert '<html lang="es">' in page and "Iniciar sesión" in page
    assert "¿Olvidó su contraseña?" in page
    assert '<html lang="es">' in client.get("/ai-inventory", headers=english).text
    _choose(client, "en")
    assert '<html lang="en">' in client.get("/login", headers={"Accept-Language": "es"}).text


def test_an_unknown_language_or_a_foreign_address_changes_nothing(client: FlaskClient) -> None:
    assert _choose(client, "fr") == "/login"
    assert client.get_cookie(LANGUAGE_COOKIE) is None
    assert _choose(client, "es", "https://evil.example/") == "/"
    assert _choose(client, "es", "//evil.example") == "/"


def test_a_signed_in_users_own_choice_wins(client: FlaskClient, auth: AuthActions) -> None:
    _choose(client, "es")
    auth.login(Role.REVIEWER)
    client.post("/account/language", data={"language": "en"})
    assert '<html lang="en">' in client.get("/").text
    assert 'class="language-choice"' not in client.get("/").text  # the header's link instead
