"""The migration revision an archive was made at, and the one a database is at."""

from alembic.migration import MigrationContext
from flask import current_app
from sqlalchemy import Connection

from ctdppeia.backup.errors import BackupError
from ctdppeia.health import script_heads


def database_revision(connection: Connection) -> list[str]:
    return sorted(MigrationContext.configure(connection).get_current_heads())


def code_revision() -> list[str]:
    return sorted(script_heads(current_app.extensions["migrate"].directory))


def require_newest(found: list[str]) -> None:
    """The database is at the migration this code expects (else its tables may differ)."""
    expected = code_revision()
    if not found:
        raise BackupError(
            "The database has no migration revision (it was not made by `flask db upgrade`): "
            f"run `flask --app ctdppeia db upgrade` first (this code expects {_named(expected)})."
        )
    if found != expected:
        raise BackupError(
            f"The database is at migration {_named(found)}, this code expects "
            f"{_named(expected)}: run `flask --app ctdppeia db upgrade` first."
        )


def _named(revisions: list[str]) -> str:
    return ", ".join(revisions) or "none"
