"""Transport and caching headers: HSTS over HTTPS, nothing of a signed-in page or a /verify
result kept in a browser or proxy cache."""

import io

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.models import Role
from tests.conftest import AuthActions

HSTS = "max-age=31536000; includeSubDomains"


def test_hsts_over_https(client: FlaskClient) -> None:
    response = client.get("/login", base_url="https://ctdppeia.example")
    assert response.headers["Strict-Transport-Security"] == HSTS


def test_no_hsts_over_plain_http(client: FlaskClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_hsts_when_the_secure_cookie_setting_says_https(app: Flask, client: FlaskClient) -> None:
    app.config["SESSION_COOKIE_SECURE"] = True  # TLS ends at a proxy in front of the app
    assert client.get("/login").headers["Strict-Transport-Security"] == HSTS


def test_every_signed_in_page_is_no_store(client: FlaskClient, auth: AuthActions) -> None:
    auth.login(Role.ADMIN)
    for url in ("/", "/admin/", "/admin/users/", "/account/password", "/requests/", "/verify"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    assert client.get("/admin/users/999").headers["Cache-Control"] == "no-store"


def test_verify_results_are_no_store_when_signed_out(client: FlaskClient) -> None:
    assert client.get("/verify").headers["Cache-Control"] == "no-store"
    upload = {"pdf": (io.BytesIO(b"%PDF-1.4 not really"), "review.pdf")}
    response = client.post("/verify", data=upload, content_type="multipart/form-data")
    assert response.status_code in (200, 422)
    assert response.headers["Cache-Control"] == "no-store"
