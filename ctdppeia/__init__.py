"""ctdppeia: data protection, privacy, equity and responsible-AI reviews for Connecticut."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from ctdppeia.thirdparty_warnings import silence_known_warnings

silence_known_warnings()  # before any dependency that warns is imported

from ctdppeia.config import (  # noqa: E402
    PROJECT_ROOT,
    DefaultConfig,
    admin_mfa_setting,
    check_production,
    instance_folder,
    job_settings,
    public_address_settings,
    rate_limit_settings,
    secure_cookie_settings,
)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints and commands.

    Without ``test_config`` the settings come from ``ctdppeia/config.py``, then the instance
    folder's ``config.py``, then ``CTDPPEIA_*`` environment variables; ``test_config`` replaces
    the last two. Raises ``ConfigurationError`` when production settings are missing.
    """
    app = Flask(
        __name__,
        instance_path=str(instance_folder()),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    _configure(app, test_config)
    from ctdppeia import logs

    logs.init_app(app)  # before anything logs: JSON lines on standard output at LOG_LEVEL
    _trust_proxies(app)
    _init_extensions(app)
    _register_blueprints(app)
    from ctdppeia import cli, reviews

    reviews.init_app(app)  # loads the questionnaire folder

    cli.init_app(app)
    return app


def _configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    app.config.from_object(DefaultConfig)
    if test_config is None:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("CTDPPEIA")
        if os.environ.get("RATELIMIT_STORAGE_URI"):
            app.config["RATELIMIT_STORAGE_URI"] = os.environ["RATELIMIT_STORAGE_URI"]
    else:
        app.config.update(test_config)
    check_production(app.config)
    public_address_settings(app.config)
    secure_cookie_settings(app.config)
    admin_mfa_setting(app.config)
    rate_limit_settings(app.config)
    job_settings(app.config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret(app, "secret_key")
    url = app.config["DATABASE_URL"] or f"sqlite:///{Path(app.instance_path) / 'ctdppeia.sqlite3'}"
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", _sqlalchemy_url(url))
    _transaction_pooling(app.config)
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])


def _trust_proxies(app: Flask) -> None:
    """Read the client's address, scheme and host from X-Forwarded-* headers, as configured."""
    hops = {
        name: int(app.config[f"PROXY_FIX_X_{name.upper()}"])
        for name in ("for", "proto", "host", "port", "prefix")
    }
    if any(hops.values()):
        # Flask's documented way to wrap its WSGI app, which mypy takes for a method
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app,
            x_for=hops["for"],
            x_proto=hops["proto"],
            x_host=hops["host"],
            x_port=hops["port"],
            x_prefix=hops["prefix"],
        )


def _transaction_pooling(config: dict[str, Any]) -> None:
    """Behind a pooler in transaction mode, statements are never prepared: a statement prepared
    in one transaction would be missing, or already there, on the next one's connection."""
    if not config["DATABASE_TRANSACTION_POOLING"]:
        return
    if not str(config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        return
    options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
    options["connect_args"] = {**options.get("connect_args", {}), "prepare_threshold": None}
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _sqlalchemy_url(url: str) -> str:
    """Accept plain postgresql:// URLs and use psycopg 3 for them."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _instance_secret(app: Flask, name: str) -> str:
    """A random secret kept in instance/ (never in the repository), made on first use."""
    path = Path(app.instance_path) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _init_extensions(app: Flask) -> None:
    from ctdppeia import (
        access,
        database,
        hooks,
        i18n,
        jobs,
        outbox,
        request_log,
        web,
    )
    from ctdppeia.extensions import csrf, limiter, login_manager, migrate

    hooks.init_app(app)  # first: the features register into it
    request_log.init_app(app)  # before any hook that may refuse a request: its id comes first
    database.init_app(app)
    migrate.init_app(
        app, database.db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    access.init_app(app)
    i18n.init_app(app)
    jobs.init_app(app)  # `flask jobs ...`; features register their scheduled jobs
    outbox.init_app(app)  # every email through the outbox table, sent by a job
    web.init_app(app)  # the frame: headers, error pages, navigation, every template's helpers


def _register_blueprints(app: Flask) -> None:
    from ctdppeia import (
        actions,
        advisory,
        ai,
        analyses,
        api,
        board,
        documents,
        exchange,
        health,
        inventory,
        metrics,
        notices,
        practices,
        sso,
    )
    from ctdppeia.account.views import bp as account_bp
    from ctdppeia.admin.views import bp as admin_bp
    from ctdppeia.auth import forgot, mfa, must_change, sessions
    from ctdppeia.auth.views import bp as auth_bp
    from ctdppeia.requests import subject as request_subject
    from ctdppeia.requests.views import bp as requests_bp
    from ctdppeia.reviews import done, signing_page  # noqa: F401  (pages added to reviews)
    from ctdppeia.reviews.views import bp as reviews_bp

    app.register_blueprint(health.bp)
    metrics.init_app(app)  # /metrics, to METRICS_ALLOWED_ADDRESSES only
    sessions.init_app(app)  # the signed-in account, from a session not ended on the server
    app.register_blueprint(auth_bp)
    forgot.init_app(app)  # "Forgot your password?": a link by email
    app.register_blueprint(requests_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(reviews_bp)
    app.register_blueprint(account_bp)  # the user's own settings (language)
    request_subject.init_app(app)  # data requests can be reviewed
    analyses.init_app(app)  # outcome analyses on reviews
    documents.init_app(app)  # signed review PDFs and the public check page
    board.init_app(app)  # the Resident Advisory Board, answers to it, "you said, we did"
    ai.init_app(app)  # AI use cases can be proposed and reviewed
    notices.init_app(app)  # notices in the app, counted in the navigation
    advisory.init_app(app)  # the AI advisory group's votes and decisions
    inventory.init_app(app)  # the public AI inventory
    practices.init_app(app)  # OMB M-25-21's minimum practices of each AI use case
    mfa.init_app(app)  # two-step sign-in, required of administrators (ADMIN_MFA_REQUIRED)
    must_change.init_app(app)  # a password an administrator chose is changed first (after mfa)
    sso.init_app(app)  # signing in with the state's directory (OIDC_ISSUER)
    actions.init_app(app)  # action plans: owners, due dates, status, evidence
    exchange.init_app(app)  # a review's exchange file, its import, editable DOCX/ODT copies
    api.init_app(app)  # the read-only API, /api/v1
