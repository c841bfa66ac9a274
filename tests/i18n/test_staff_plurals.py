"""Counts on the staff pages come from the catalogue's plural forms (ngettext), in English and
in Spanish: one and many, never a plural built by hand."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.models import Role
from tests.conftest import AuthActions, MakeUser
from tests.factories.requests import new_request

SPANISH = {"Accept-Language": "es-US,es;q=0.9,en;q=0.5"}


def test_the_accounts_caption_has_one_and_many(
    client: FlaskClient, auth: AuthActions, make_user: MakeUser
) -> None:
    auth.login(Role.ADMIN, agency="OPM")
    assert "1 account, by name" in client.get("/admin/users/").text
    assert "1 cuenta, por nombre" in client.get("/admin/users/", headers=SPANISH).text
    make_user(Role.BOARD, agency="OPM")
    assert "2 accounts, by name" in client.get("/admin/users/").text
    assert "2 cuentas, por nombre" in client.get("/admin/users/", headers=SPANISH).text


def test_the_request_list_caption_has_one_and_many(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    reviewer = auth.login(Role.REVIEWER)
    new_request(app, reviewer)
    assert "1 request, newest first" in client.get("/requests/").text
    assert "1 solicitud, la más nueva primero" in client.get("/requests/", headers=SPANISH).text
    new_request(app, reviewer, "A second request")
    assert "2 requests, newest first" in client.get("/requests/").text
    page = client.get("/requests/", headers=SPANISH).text
    assert "2 solicitudes, las más nuevas primero" in page
