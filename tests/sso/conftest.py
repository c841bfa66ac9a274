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
from tests.sso.provider import Provider, node_ready

APP_BASE = "http://localhost"  # the test client's own address: the return address is on it

GROUPS: dict[str, dict[str, Any]] = {
    "dss-reviewers": {"role": "reviewer", "agency": "DSS"},
    "dss-approvers": {"role": "approver", "agency": "DSS"},
    "state-admins": {"role": "admin", "agency": "OPM"},
    "ai-group-chair": {"role": "ai_reviewer", "agency": "OPM", "ai_chair": True},
}

ACCOUNTS: dict[str, dict[str, Any]] = {
    "ana": {"email": "ana.reviewer@ct.gov", "name": "Ana Reviewer", "groups": ["dss-reviewers"]},
    "bo": {"email": "bo.approver@ct.gov", "name": "Bo Approver", "groups": ["dss-approvers"]},
    "cy": {
        "email": "cy.admin@ct.gov",
        "name": "Cy Admin",
        "groups": ["state-admins"],
        "amr": ["pwd", "mfa"],
    },
    "di": {
        "email": "di.admin@ct.gov",
        "name": "Di Admin",
        "groups": ["state-admins"],
        "amr": ["pwd"],
    },
    "ed": {"email": "ed.other@ct.gov", "name": "Ed Other", "groups": ["unmapped-group"]},
    "fay": {
        "email": "fay@ct.gov",
        "name": "Fay Two Hats",
        "groups": ["dss-reviewers", "dss-approvers"],
    },
}


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
