"""The migration that records today's version of each system fills it for the inventory
already published, and its downgrade takes it away (SQLite and PostgreSQL)."""

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from ctdppeia.extensions import db
from tests.factories.inventory import Clock, MakeUseCase, Publish
from tests.inventory.test_current import pointers

REVISION = "il23a0000001"


@pytest.fixture
def app(migrated_app: Flask) -> Flask:
    """The schema as the migrations build it, for every fixture of this module."""
    return migrated_app


def _before(revision: str) -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parents[2] / "migrations"))
    found = ScriptDirectory.from_config(config).get_revision(revision)
    assert found is not None and isinstance(found.down_revision, str)
    return found.down_revision


def test_the_migration_points_each_system_at_its_newest_version(
    app: Flask,
    client: FlaskClient,
    make_use_case: MakeUseCase,
    publish: Publish,
    fixed_clock: Clock,
) -> None:
    first, second = make_use_case(), make_use_case(agency="DOL", name="Fraud score")
    make_use_case(name="Never published")
    publish(first)
    fixed_clock.set(2026, 4, 1, 9, 30)
    publish(first, risk_tier="medium", change_note="Re-assessed")
    publish(second, name="Fraud score", risk_tier="high")
    fixed_clock.set(2026, 5, 1, 9, 0)
    client.post(f"/ai-use-cases/{second}/inventory/retire", data={"note": "Replaced."})
    expected = pointers(app)
    assert [expected[first][1], expected[second][1]] == [2, 2]
    with app.app_context():
        db.session.remove()  # the migrations take their own connection's locks
        downgrade(revision=_before(REVISION))
        assert "inventory_current" not in inspect(db.engine).get_table_names()
        db.session.remove()
        upgrade()
        db.session.remove()
    assert pointers(app) == expected
    page = client.get("/ai-inventory?status=retired").get_data(as_text=True)
    assert "Fraud score" in page and "Benefits chatbot" not in page
