"""When the rate-limit store (Redis) does not answer, signing in and checking a PDF still work
and the limits still hold, counted in the worker's memory; /readyz says not ready, and why.
Before, every sign-in and every check of a PDF answered 500 while /readyz said ready."""

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia import create_app
from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db, limiter
from ctdppeia.models import Role
from tests.conftest import PASSWORD, MakeUser, _close, _drop_everything, _test_settings
from tests.mailsink import free_port


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The test app of tests/conftest.py, its limits stored in a Redis on a closed port."""
    monkeypatch.setenv("CTDPPEIA_INSTANCE_PATH", str(tmp_path / "instance"))
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite3'}"
    closed = f"redis://127.0.0.1:{free_port()}/2"
    app = create_app(_test_settings(url) | {"RATELIMIT_STORAGE_URI": closed})
    with app.app_context():
        _drop_everything()
        db.create_all()
        accounts.seed_agencies()
    yield app
    _close(app)
    limiter._storage_dead = False  # the extension is one object for every app of the tests


def _sign_in(client: FlaskClient, email: str, password: str, address: str) -> int:
    data = {"email": email, "password": password}
    return client.post("/login", data=data, environ_base={"REMOTE_ADDR": address}).status_code


def test_signing_in_works_and_the_limits_hold_in_memory(
    client: FlaskClient, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER)
    assert _sign_in(client, user.email, "not the password", "192.0.2.1") == 401
    assert _sign_in(client, user.email, PASSWORD, "192.0.2.1") == 302
    client.post("/logout")
    for _ in range(4):  # LOGIN_FAILURE_LIMIT: 5 a minute from one address
        assert _sign_in(client, user.email, "not the password", "192.0.2.1") == 401
    assert _sign_in(client, user.email, PASSWORD, "192.0.2.1") == 429


def test_checking_a_pdf_works(client: FlaskClient) -> None:
    upload = {"pdf": (io.BytesIO(b"Dear reviewer, here are my notes.\n"), "notes.txt")}
    response = client.post("/verify", data=upload, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "This is not a PDF file." in response.get_data(as_text=True)


def test_readyz_says_the_store_does_not_answer(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json is not None and response.json["status"] == "not ready"
    assert "rate-limit store (RATELIMIT_STORAGE_URI) does not answer" in response.json["reason"]
