"""Stepping a migrated test database back over one migration, for the tests of what a
migration fills in for the rows already there."""

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).parents[1] / "migrations"


def revision_before(revision: str) -> str:
    """The revision a migration comes after (read from the migration itself)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    found = ScriptDirectory.from_config(config).get_revision(revision)
    assert found is not None and isinstance(found.down_revision, str)
    return found.down_revision
