"""The test databases: built once per test process, copied for each test.

SQLite: a database file is built once (from the models, or by the migrations) and each test
gets a copy of the file. PostgreSQL: see tests/postgres_copies.py (templates, and the rows put
back before each test). Either way every test starts on a database as new, with real commits,
so the triggers and the audit chain work as in production.

The PostgreSQL databases are named after the one in TEST_DATABASE_URL, which is never touched
itself: with TEST_DATABASE_URL=.../ctdppeia_test, the pytest-xdist worker gw0 runs its tests in
``ctdppeia_test_gw0`` (``ctdppeia_test_main`` without xdist), from the templates
``ctdppeia_test_gw0_models`` (built by ``create_all``) and ``ctdppeia_test_gw0_migrated`` (built
by the migrations). Two checkouts that name different databases never meet; each worker of one
run has its own. They are dropped at the end of the run.
"""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from ctdppeia.extensions import db
from tests.postgres_copies import PostgresCopies, Rows

# TEST_DATABASE_URL as it was given, before this process switched it to its own database.
GIVEN_URL_VARIABLE = "TEST_DATABASE_URL_GIVEN"


def worker_name() -> str:
    """The pytest-xdist worker this process is (gw0, gw1, ...), or "main" without xdist."""
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def given_database_url() -> str | None:
    """TEST_DATABASE_URL as the person running the tests set it."""
    return os.environ.get(GIVEN_URL_VARIABLE) or os.environ.get("TEST_DATABASE_URL")


def use_worker_database() -> None:
    """Point TEST_DATABASE_URL at this process's own database, so that every test and fixture
    that reads it (some read it when their module is imported) uses that database."""
    given = given_database_url()
    if not given:
        return
    os.environ[GIVEN_URL_VARIABLE] = given
    url = make_url(given)
    mine = url.set(database=f"{url.database}_{worker_name()}")
    os.environ["TEST_DATABASE_URL"] = mine.render_as_string(hide_password=False)


# A database saved part-way through a fixture, put back under a later test's app ------------


@dataclass(frozen=True)
class SavedState:
    """A database and its app's instance folder (signing keys) as they were at one point,
    saved once per test process; ``before`` are the row counts of every table at the point
    the saved step started from, so a test whose database is elsewhere is never given it."""

    database: str | Rows  # a SQLite file, or the rows of a PostgreSQL database
    instance: Path
    before: dict[str, int]
    instance_before: frozenset[str]
    config: dict[str, str]


def row_counts(app: Flask) -> dict[str, int]:
    """Rows in each table of the models."""
    with app.app_context():
        counts = {
            table.name: db.session.scalar(select(func.count()).select_from(table)) or 0
            for table in db.metadata.sorted_tables
        }
        db.session.remove()
        return counts


def instance_files(app: Flask) -> frozenset[str]:
    folder = Path(app.instance_path)
    return frozenset(str(path.relative_to(folder)) for path in folder.rglob("*"))


def comparable_config(app: Flask) -> dict[str, str]:
    """The app's settings that could change what a saved step would have made."""
    skipped = {"DATABASE_URL", "SQLALCHEMY_DATABASE_URI"}
    return {key: repr(value) for key, value in app.config.items() if key not in skipped}


def sqlite_path(app: Flask) -> Path | None:
    url = make_url(str(app.config["SQLALCHEMY_DATABASE_URI"]))
    return Path(str(url.database)) if url.drivername.startswith("sqlite") else None


def _close_connections(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def save_state(
    app: Flask,
    copies: PostgresCopies | None,
    folder: Path,
    kind: str,
    before: dict[str, int],
    instance_before: frozenset[str],
) -> SavedState:
    """Save the app's database as it is now (as ``<kind>``) with a copy of its instance folder."""
    _close_connections(app)
    source = sqlite_path(app)
    if source is not None:
        database = str(folder / f"{kind}.sqlite3")
        shutil.copyfile(source, database)
    else:
        assert copies is not None
        database = copies.rows_of(str(app.config["SQLALCHEMY_DATABASE_URI"]), "models")
    instance = folder / f"{kind}-instance"
    shutil.copytree(app.instance_path, instance)
    return SavedState(database, instance, before, instance_before, comparable_config(app))


def fits(app: Flask, saved: SavedState) -> bool:
    """Whether the app's database and instance folder are where the saved step started from,
    with the same settings: then the saved result may replace doing the step."""
    return (
        comparable_config(app) == saved.config
        and instance_files(app) == saved.instance_before
        and row_counts(app) == saved.before
    )


def restore_state(app: Flask, copies: PostgresCopies | None, saved: SavedState) -> None:
    """Replace the app's database and instance folder with the saved ones."""
    _close_connections(app)
    target = sqlite_path(app)
    if target is not None:
        assert isinstance(saved.database, str)
        for leftover in (Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(saved.database, target)
    else:
        assert copies is not None and isinstance(saved.database, Rows)
        copies.reset(saved.database)
    shutil.copytree(saved.instance, app.instance_path, dirs_exist_ok=True)
