"""Fixtures of the sign-in tests: a real OpenID Connect provider and an app configured for it."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from ctdppeia import create_app
from ctdppeia.extensions import db
from tests.conftest import _test_settings
from tests.factories.people import ACCOUNTS, GROUPS
from tests.sso.provider import Provider, node_ready

APP_BASE = "http://localhost"  # the test client's own address: the return address is on it


def start_provider(folder: Path, app_base: str) -> Provider:
    why_not = node_ready()
    if why_not:
        pytest.skip(why_not)
    provider = Provider(folder=folder, app_base=app_base)
    provider.accounts = json.loads(json.dumps(ACCOUNTS))
    return provider.start()


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    running = start_provider(tmp_path_factory.mktemp("provider"), APP_BASE)
    yield running
    running.stop()


@pytest.fixture
def directory_settings(provider: Provider) -> dict[str, Any]:
    """The app's settings for the provider (whose accounts are reset to ACCOUNTS)."""
    provider.accounts = json.loads(json.dumps(ACCOUNTS))
    provider.write_accounts()
    return provider.settings(GROUPS) | {"DIRECTORY_RECHECK_SECONDS": 0}


@pytest.fixture
def sso_app(directory_settings: dict[str, Any], app: Flask) -> Iterator[Flask]:
    """An app on `app`'s database that signs staff in with the test provider."""
    sso = create_app(_test_settings(str(app.config["DATABASE_URL"])) | directory_settings)
    yield sso
    with sso.app_context():
        db.session.remove()
        db.engine.dispose()
