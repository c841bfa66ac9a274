"""Exchange fixtures: a second installation (a new database with its own accounts and
subjects) to import into."""

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask

from ctdppeia.ai import services as ai_services
from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from tests.conftest import _build_from_models, _dispose, _new_app, create_test_user
from tests.factories.requests import new_request


@dataclass
class Installation:
    app: Flask
    reviewer: User
    request_id: int
    use_case_id: int


def add_use_case(app: Flask, user: User, name: str = "Benefits letter drafting") -> int:
    with app.app_context():
        owner = db.session.get(User, user.id)
        fields = {
            "name": name,
            "vendor": "Example Vendor",
            "description": "Drafts letters.",
            "intended_use": "Letters to residents, read by staff first.",
            "stage": "pilot",
            "hosting": "vendor-cloud",
        }
        return ai_services.create_use_case(owner, fields, []).id


def installation(app: Flask, agency: str = "DSS") -> Installation:
    reviewer = create_test_user(app, 900, Role.REVIEWER, agency, None, name="Ida Importer")
    return Installation(app, reviewer, new_request(app, reviewer), add_use_case(app, reviewer))


@pytest.fixture
def other_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Installation]:
    """Another installation on its own SQLite database (the `app` fixture's is PostgreSQL
    when TEST_DATABASE_URL is set)."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    url = f"sqlite:///{folder / 'other.sqlite3'}"
    _build_from_models(url)
    with monkeypatch.context() as patch:
        other = _new_app(folder, patch, url)
    yield installation(other)
    _dispose(other)
