"""The migrations build the same schema as the models, guards included."""

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from ctdppeia.extensions import db


@pytest.fixture
def empty_app(app: Flask) -> Flask:
    """The test app with its database emptied, so the migrations start from nothing."""
    with app.app_context():
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
    return app


def _upgrade_and_compare(app: Flask) -> list[object]:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"render_as_batch": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_matches_the_models(empty_app: Flask) -> None:
    with empty_app.app_context():
        differences = _upgrade_and_compare(empty_app)
        assert differences == []
        assert "review" in inspect(db.engine).get_table_names()


def test_upgrade_creates_the_append_only_guard(empty_app: Flask) -> None:
    with empty_app.app_context():
        upgrade()
        db.session.execute(
            text(
                "INSERT INTO audit_event (at, action, object_type, object_id, scope_type, "
                "scope_id, changes, summary) VALUES (CURRENT_TIMESTAMP, 'x', 't', 1, 't', 1, "
                "'{}', '')"
            )
        )
        db.session.commit()
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text("UPDATE audit_event SET summary = 'changed'"))
        db.session.rollback()


def test_downgrade_removes_everything(empty_app: Flask) -> None:
    with empty_app.app_context():
        upgrade()
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade()  # and it can be built again from nothing
