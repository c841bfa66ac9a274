"""/healthz says the process is up; /readyz says the database answers at the newest schema."""

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from ctdppeia import create_app
from ctdppeia.extensions import db

UNREACHABLE = "postgresql://nobody@127.0.0.1:9/nowhere"  # the discard port: nothing answers


@pytest.fixture
def unreachable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.setenv("CTDPPEIA_INSTANCE_PATH", str(tmp_path))
    return create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": UNREACHABLE})


def test_healthz_answers_without_the_database(unreachable: Flask) -> None:
    response = unreachable.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "up"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_when_the_database_does_not_answer(unreachable: Flask) -> None:
    response = unreachable.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json == {"status": "not ready", "reason": "the database does not answer"}
    assert "nobody" not in response.get_data(as_text=True)


def test_readyz_when_the_schema_is_at_the_newest_migration(migrated_app: Flask) -> None:
    response = migrated_app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ready"}


def test_readyz_when_the_migrations_have_not_run(client: FlaskClient) -> None:
    response = client.get("/readyz")  # built with create_all: no migration recorded
    assert response.status_code == 503
    assert "run flask db upgrade" in response.json["reason"]


def test_readyz_when_a_newer_migration_is_waiting(migrated_app: Flask) -> None:
    with migrated_app.app_context():
        db.session.execute(text("UPDATE alembic_version SET version_num = '0123456789ab'"))
        db.session.commit()
    response = migrated_app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "not ready"


def test_both_answer_a_signed_out_visitor(migrated_app: Flask) -> None:
    client = migrated_app.test_client()
    for path in ("/healthz", "/readyz"):
        assert client.get(path).status_code == 200
