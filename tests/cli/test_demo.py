"""`seed-demo --if-new-default` (what `make run` calls) seeds only a new default database."""

from pathlib import Path

import flask_migrate
import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup
from sqlalchemy import func, select

from ctdppeia import create_app
from ctdppeia.demo import DEMO_ACCOUNTS
from ctdppeia.extensions import db
from ctdppeia.models import User


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(FlaskGroup(create_app=create_app), list(args))
    return result.exit_code, result.output


def _accounts() -> int:
    app = create_app()
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(User)) or 0
        db.engine.dispose()
    return count


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CTDPPEIA_INSTANCE_PATH", str(tmp_path))
    app = create_app()
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    return tmp_path


def test_a_new_default_database_gets_the_demo_accounts(instance: Path) -> None:
    code, output = _run("seed-demo", "--if-new-default")
    assert code == 0 and "password for all of them" in output
    assert _accounts() == len(DEMO_ACCOUNTS)
    code, output = _run("seed-demo", "--if-new-default")  # the second `make run`
    assert "already has accounts" in output and "make demo" in output
    assert _accounts() == len(DEMO_ACCOUNTS)


def test_a_configured_database_is_never_seeded_unless_asked(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTDPPEIA_DATABASE_URL", f"sqlite:///{instance / 'ctdppeia.sqlite3'}")
    code, output = _run("seed-demo", "--if-new-default")
    assert code == 0 and "the database is configured (DATABASE_URL)" in output
    assert _accounts() == 0
    code, output = _run("seed-demo")  # `make demo`
    assert code == 0 and "password for all of them" in output
    assert _accounts() == len(DEMO_ACCOUNTS)


def test_a_database_named_in_the_instance_config_is_not_seeded(instance: Path) -> None:
    url = f"sqlite:///{instance / 'ctdppeia.sqlite3'}"
    (instance / "config.py").write_text(f"DATABASE_URL = {url!r}\n")
    code, output = _run("seed-demo", "--if-new-default")
    assert code == 0 and "the database is configured" in output
    assert _accounts() == 0
