"""Two-step sign-in tests: a clock the codes are computed at, and helpers to type codes."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from ctdppeia.auth import sessions
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, User
from tests.conftest import PASSWORD, TWO_STEP_KEY


@dataclass
class Clock:
    """The time the app reads (sessions.now), moved by the test, never by waiting."""

    moment: datetime = field(default_factory=lambda: datetime(2026, 11, 28, 12, 0, 5, tzinfo=UTC))

    def code(self, key: str = TWO_STEP_KEY, steps: int = 0) -> str:
        """The code an app shows now (steps: that many 30-second steps later or earlier)."""
        return str(pyotp.TOTP(key).at(self.moment + timedelta(seconds=30 * steps)))

    def advance(self, seconds: int) -> None:
        self.moment += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    found = Clock()
    monkeypatch.setattr(sessions, "now", lambda: found.moment)
    yield found


def password_step(client: FlaskClient, user: User, password: str = PASSWORD) -> TestResponse:
    return client.post("/login", data={"email": user.email, "password": password})


def code_step(client: FlaskClient, code: str, address: str = "127.0.0.1") -> TestResponse:
    return client.post("/login/code", data={"code": code}, environ_base={"REMOTE_ADDR": address})


def actions(app: Flask, user: User) -> list[str]:
    with app.app_context():
        query = select(AuditEvent.action).where(AuditEvent.object_id == user.id)
        query = query.where(AuditEvent.object_type == "user_account").order_by(AuditEvent.id)
        return list(db.session.scalars(query))


def account(app: Flask, user: User) -> User:
    with app.app_context():
        found = db.session.get(User, user.id)
        assert found is not None
        db.session.expunge(found)
        return found
