"""An app under gunicorn with settings of its own, for the browser tests that need a site
configured differently from the shared one (signing in with a test directory)."""

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from ctdppeia import create_app
from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.models import User
from tests.e2e.conftest import (
    PROJECT_ROOT,
    _server_env,
    _stop,
    _wait_until_up,
)


def site_app(database: Path) -> Flask:
    """An app on the site's database, to arrange and read it."""
    settings = {"ENV": "development", "SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{database}"}
    return create_app(settings)


def new_database(database: Path) -> Flask:
    """The schema and the agencies in a new SQLite file; the app to add to it."""
    app = site_app(database)
    with app.app_context():
        db.create_all()
        accounts.seed_agencies()
        db.engine.dispose()
    return app


@contextmanager
def served(folder: Path, database: Path, url: str, settings: dict[str, str]) -> Iterator[None]:
    """The app under gunicorn at `url`, with `settings` (CTDPPEIA_* variables) added."""
    env = _server_env(folder, f"sqlite:///{database}") | settings
    log = folder / "server.log"
    log_file = log.open("wb")
    command = [sys.executable, "-m", "gunicorn", "--bind", url.removeprefix("http://")]
    command += ["--workers", "1", "--threads", "4", "ctdppeia:create_app()"]
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
    )
    try:
        _wait_until_up(url, process, log)
        yield
    finally:
        _stop(process, log_file)


@contextmanager
def browser_tab(browser: Any, base_url: str) -> Iterator[Any]:
    """A tab of the session's browser (the ``browser`` fixture) in a context of its own."""
    context = browser.new_context(base_url=base_url, locale="en-US")
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def stored_account(database: Path, email: str) -> User | None:
    app = site_app(database)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            _ = user.agency.code
            db.session.expunge(user)
        db.engine.dispose()
        return user
