"""Shared fixtures: a fresh app and database for every test (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), a client, a CLI runner, and helpers to make users and sign in."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from ctdppeia import create_app
from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from tests.mailsink import smtp_sink  # noqa: F401  (a real SMTP server for the mail tests)

PASSWORD = "correct horse battery staple"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite3'}"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SIGNING_PASSPHRASE": "test-passphrase",
        }
    )
    app.instance_path = str(tmp_path / "instance")
    Path(app.instance_path).mkdir()
    with app.app_context():
        db.drop_all()
        db.create_all()
        accounts.seed_agencies()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


MakeUser = Callable[..., User]


@pytest.fixture
def make_user(app: Flask) -> MakeUser:
    """Create an account: make_user(Role.REVIEWER, agency="DSS", email=..., name=...)."""
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.REVIEWER, agency: str = "DSS", **extra: object) -> User:
        number = next(counter)
        with app.app_context():
            user = accounts.create_user(
                None,
                email=str(extra.pop("email", f"{role.value}{number}@example.gov")),
                name=str(extra.pop("name", f"{role.value.title()} {number}")),
                role=role,
                agency=accounts.agency_by_code(agency),
                password=PASSWORD,
                **extra,  # type: ignore[arg-type]
            )
            db.session.refresh(user)
            _ = user.agency.code  # load it before leaving the session
            db.session.expunge(user)
            return user

    return make


class AuthActions:
    def __init__(self, client: FlaskClient, make_user: MakeUser) -> None:
        self._client = client
        self._make_user = make_user

    def login(self, user_or_role: User | Role = Role.REVIEWER, agency: str = "DSS") -> User:
        user = (
            user_or_role
            if isinstance(user_or_role, User)
            else self._make_user(user_or_role, agency=agency)
        )
        response = self._client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    def logout(self) -> None:
        self._client.post("/logout")


@pytest.fixture
def auth(client: FlaskClient, make_user: MakeUser) -> AuthActions:
    return AuthActions(client, make_user)
