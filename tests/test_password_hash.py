"""Passwords are stored with scrypt; the test suite's fast hash is refused outside the tests."""

from pathlib import Path

import pytest
from flask import Flask

from ctdppeia import create_app
from ctdppeia.admin import services as accounts
from ctdppeia.auth.services import authenticate
from ctdppeia.config import ConfigurationError
from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from tests.conftest import PASSWORD
from tests.test_config import _production_settings


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "instance"
    folder.mkdir()
    monkeypatch.setenv("CTDPPEIA_INSTANCE_PATH", str(folder))
    return folder


def _production(instance: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every setting production requires (the same as tests/test_config.py's), so that the
    fast hash is the only reason left to refuse."""
    monkeypatch.delenv("CTDPPEIA_ENV")
    for name, value in _production_settings(instance).items():
        monkeypatch.setenv(name, value)


def test_production_refuses_to_start_with_the_fast_test_hash(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _production(instance, monkeypatch)
    assert create_app().config["FAST_PASSWORD_HASH_FOR_TESTS"] is False  # starts without it
    monkeypatch.setenv("CTDPPEIA_FAST_PASSWORD_HASH_FOR_TESTS", "true")
    with pytest.raises(ConfigurationError, match="FAST_PASSWORD_HASH_FOR_TESTS is on"):
        create_app()


def test_a_development_machine_refuses_it_too(instance: Path) -> None:
    (instance / "config.py").write_text("FAST_PASSWORD_HASH_FOR_TESTS = True\n")
    with pytest.raises(ConfigurationError, match="for the test suite only"):
        create_app()


def _new_account(app: Flask, email: str) -> str:
    with app.app_context():
        user = accounts.create_user(
            None,
            email=email,
            name="Ana Ruiz",
            role=Role.REVIEWER,
            agency=accounts.agency_by_code("DSS"),
            password=PASSWORD,
        )
        assert authenticate(email, PASSWORD) is not None
        assert authenticate(email, "not the password") is None
        stored = db.session.get(User, user.id)
        assert stored is not None
        return stored.password_hash


def test_passwords_are_stored_with_scrypt_unless_the_tests_ask(app: Flask) -> None:
    assert _new_account(app, "fast@example.gov").startswith("pbkdf2:sha256:1$")
    app.config["FAST_PASSWORD_HASH_FOR_TESTS"] = False
    assert _new_account(app, "real@example.gov").startswith("scrypt:")
