"""Shared fixtures: a fresh app and database for every test (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), a client, a CLI runner, and helpers to make users and sign in.

Each database is a copy of one built once per test process (tests/databases.py): the schema
and the agencies are not rebuilt for every test. Passwords are hashed with the fast test-only
hash (FAST_PASSWORD_HASH_FOR_TESTS) in the apps these fixtures make, and the apps share their
compiled templates and URL builders (tests/routing_cache.py)."""

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import flask_migrate
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import text

from ctdppeia import create_app
from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from tests import databases, routing_cache
from tests.mailsink import smtp_sink  # noqa: F401  (a real SMTP server for the mail tests)

databases.use_worker_database()  # before any test module reads TEST_DATABASE_URL
routing_cache.install()  # each URL rule compiled once per process, not once per app

# The shared test data's fixtures (people, requests, reviews, use cases): tests/factories.
pytest_plugins = ["tests.factories.fixtures"]

PASSWORD = "correct horse battery staple"
# The two-step sign-in key of every administrator make_user creates (unless two_step=False).
TWO_STEP_KEY = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _settings_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see no CTDPPEIA_* variable of the machine they run on, and run in development
    mode (tests of the production checks remove CTDPPEIA_ENV again)."""
    for name in [name for name in os.environ if name.startswith("CTDPPEIA_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("CTDPPEIA_ENV", "development")


def _test_settings(url: str) -> dict[str, object]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SIGNING_PASSPHRASE": "test-passphrase",
        "FAST_PASSWORD_HASH_FOR_TESTS": True,
        "JOBS_RUN_INLINE": True,  # tests/jobs start a real worker where they need one
    }


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per test process and shared by every app the tests make (each
    app has its own Jinja environment, which would compile them again). A template whose
    source changed is compiled anew: Jinja checks each entry's checksum."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _CompiledTemplates()


def _new_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str) -> Flask:
    """An app whose instance folder is a new temporary folder."""
    monkeypatch.setenv("CTDPPEIA_INSTANCE_PATH", str(tmp_path / "instance"))
    Path(tmp_path / "instance").mkdir(exist_ok=True)
    app = create_app(_test_settings(url))
    app.jinja_env.bytecode_cache = _COMPILED_TEMPLATES
    return app


def _drop_everything() -> None:
    """Every table of the models, and Alembic's own (inside an app context)."""
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _close(app: Flask) -> None:
    with app.app_context():
        _drop_everything()
        db.engine.dispose()


def _dispose(app: Flask) -> None:
    """Close the app's connections (its database is a copy: nothing to drop)."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _build_from_models(url: str) -> None:
    """The models' schema (``create_all``) and the agencies, in the database at ``url``."""
    with pytest.MonkeyPatch.context() as monkeypatch, tempfile.TemporaryDirectory() as folder:
        template = _new_app(Path(folder), monkeypatch, url)
        with template.app_context():
            db.create_all()
            accounts.seed_agencies()
            db.session.remove()
            db.engine.dispose()


def _build_by_migrations(url: str) -> None:
    """The schema built by the migrations (``flask db upgrade``), in the database at ``url``."""
    with pytest.MonkeyPatch.context() as monkeypatch, tempfile.TemporaryDirectory() as folder:
        template = _new_app(Path(folder), monkeypatch, url)
        with template.app_context():
            flask_migrate.upgrade()
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def _postgres_copies() -> Iterator[databases.PostgresCopies | None]:
    """This test process's PostgreSQL databases (None on SQLite), dropped at the end."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield None
        return
    copies = databases.PostgresCopies(url, str(databases.given_database_url()))
    yield copies
    copies.drop_all()


@pytest.fixture(scope="session")
def _models_template(
    tmp_path_factory: pytest.TempPathFactory,
    _postgres_copies: databases.PostgresCopies | None,
) -> str:
    """Built once: the models' schema and the agencies (a SQLite file's path, or the name of
    a PostgreSQL template database)."""
    if _postgres_copies is not None:
        return _postgres_copies.build_template("models", _build_from_models)
    path = tmp_path_factory.mktemp("models") / "models.sqlite3"
    _build_from_models(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="session")
def _migrated_postgres(_postgres_copies: databases.PostgresCopies | None) -> str:
    """Built once: the PostgreSQL template database made by the migrations."""
    assert _postgres_copies is not None
    return _postgres_copies.build_template("migrated", _build_by_migrations)


@pytest.fixture
def app(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    _models_template: str,
    _postgres_copies: databases.PostgresCopies | None,
) -> Iterator[Flask]:
    """A new app on a new database with the models' schema (``create_all``) and the agencies."""
    if _postgres_copies is not None:
        url = _postgres_copies.reset(_postgres_copies.template_rows("models"))
    else:
        copy = tmp_path / "test.sqlite3"
        shutil.copyfile(_models_template, copy)
        url = f"sqlite:///{copy}"
    app = _new_app(tmp_path, monkeypatch, url)
    yield app
    _dispose(app)


@pytest.fixture(scope="session")
def _migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database built once by the migrations; each test gets a copy of the file."""
    path = tmp_path_factory.mktemp("migrated") / "migrated.sqlite3"
    _build_by_migrations(f"sqlite:///{path}")
    return path


@pytest.fixture
def migrated_app(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    _postgres_copies: databases.PostgresCopies | None,
) -> Iterator[Flask]:
    """Like ``app``, but the schema is built by the migrations (``flask db upgrade``), as in a
    real deployment: for the tests of the database's own rules."""
    if _postgres_copies is not None:
        request.getfixturevalue("_migrated_postgres")
        url = _postgres_copies.reset(_postgres_copies.template_rows("migrated"))
    else:
        copy = tmp_path / "test.sqlite3"
        shutil.copyfile(request.getfixturevalue("_migrated_sqlite"), copy)
        url = f"sqlite:///{copy}"
    app = _new_app(tmp_path, monkeypatch, url)
    with app.app_context():
        accounts.seed_agencies()
    yield app
    _dispose(app)


@pytest.fixture(scope="session")
def _seeded_demo(
    tmp_path_factory: pytest.TempPathFactory,
    _models_template: str,
    _postgres_copies: databases.PostgresCopies | None,
) -> tuple[databases.SavedState, str]:
    """``flask seed-demo`` run once per test process on a new database like ``app``'s: the
    database and instance folder it left, and what it printed."""
    folder = tmp_path_factory.mktemp("demo")
    if _postgres_copies is not None:
        name = f"{_postgres_copies.database}_demo"
        url = _postgres_copies.copy_database(_models_template, name)
    else:
        shutil.copyfile(_models_template, folder / "seeding.sqlite3")
        url = f"sqlite:///{folder / 'seeding.sqlite3'}"
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("CTDPPEIA_ENV", "development")
        app = _new_app(folder, monkeypatch, url)
        before, files = databases.row_counts(app), databases.instance_files(app)
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        saved = databases.save_state(app, _postgres_copies, folder, "demo", before, files)
    return saved, result.output


@pytest.fixture
def seeded_demo(
    app: Flask,
    _seeded_demo: tuple[databases.SavedState, str],
    _postgres_copies: databases.PostgresCopies | None,
) -> str:
    """The demo data in ``app``'s database, exactly as ``flask seed-demo`` leaves a new
    database (a copy of the one seeded once per test process, when ``app``'s database is still
    new; otherwise the command runs). Returns what the command printed (the password)."""
    saved, output = _seeded_demo
    if databases.fits(app, saved):
        databases.restore_state(app, _postgres_copies, saved)
        return output
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return str(result.output)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


MakeUser = Callable[..., User]


@pytest.fixture
def make_user(app: Flask) -> MakeUser:
    """Create an account: make_user(Role.REVIEWER, agency="DSS", email=..., name=...).

    Administrators get two-step sign-in with TWO_STEP_KEY, as ADMIN_MFA_REQUIRED asks of them
    (two_step=False: without it; two_step=True: any role with it)."""
    counter = iter(range(1, 10_000))

    def make(
        role: Role = Role.REVIEWER,
        agency: str = "DSS",
        two_step: bool | None = None,
        **extra: object,
    ) -> User:
        return create_test_user(app, next(counter), role, agency, two_step, **extra)

    return make


def create_test_user(
    app: Flask, number: int, role: Role, agency: str, two_step: bool | None, **extra: object
) -> User:
    """What ``make_user`` does for its `number`-th account (a session fixture building a saved
    database makes its accounts with it, so that they match the ones a test would make)."""
    with app.app_context():
        user = accounts.create_user(
            None,
            email=str(extra.pop("email", f"{role.value}{number}@example.gov")),
            name=str(extra.pop("name", f"{role.value.title()} {number}")),
            role=role,
            agency=accounts.agency_by_code(agency),
            password=PASSWORD,
            **extra,  # type: ignore[arg-type]
        )
        if (role is Role.ADMIN) if two_step is None else two_step:
            turn_on_two_step(user)
        db.session.refresh(user)
        _ = user.agency.code  # load it before leaving the session
        db.session.expunge(user)
        return user


def turn_on_two_step(user: User) -> None:
    """Two-step sign-in on, without the set-up pages (tests/mfa test those)."""
    from ctdppeia.auth.mfa import codes
    from ctdppeia.models.timestamps import utcnow

    user.mfa_secret = codes.seal(TWO_STEP_KEY)
    user.mfa_enabled_at = utcnow()
    db.session.commit()


class AuthActions:
    def __init__(self, client: FlaskClient, make_user: MakeUser) -> None:
        self._client = client
        self._make_user = make_user

    def login(self, user_or_role: User | Role = Role.REVIEWER, agency: str = "DSS") -> User:
        user = (
            user_or_role
            if isinstance(user_or_role, User)
            else self._make_user(user_or_role, agency=agency)
        )
        response = self._client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        if response.location.endswith("/login/code"):  # two-step sign-in (tests/mfa type codes)
            put_session(self._client, user)
        return user

    def logout(self) -> None:
        self._client.post("/logout")


def put_session(client: FlaskClient, user: User | None) -> None:
    """Make the client's session that of `user` signed in now (None: signed out), without a form
    (with two-step sign-in passed, when the account has it on)."""
    from ctdppeia.auth import sessions
    from ctdppeia.auth.mfa import signin

    generation, two_step = None, False
    if user is not None:
        with client.application.app_context():  # the account as it is now
            account = db.session.get(User, user.id)
            assert account is not None
            generation, two_step = account.session_generation, account.mfa_enabled
    with client.session_transaction() as session:
        session.clear()
        if user is not None:
            session["_user_id"] = str(user.id)
            session["_fresh"] = True
            session[sessions.GENERATION_KEY] = generation
            session[sessions.SIGNED_IN_KEY] = sessions.now().timestamp()
            if two_step:  # as if the code had been typed
                session[signin.PASSED_KEY] = True


@pytest.fixture
def auth(client: FlaskClient, make_user: MakeUser) -> AuthActions:
    return AuthActions(client, make_user)
