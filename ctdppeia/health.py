"""Probes for a load balancer or an orchestrator.

``/healthz`` answers 200 while the process can serve requests; it touches nothing else.
``/readyz`` answers 200 only when the database answers, the rate-limit store answers (Redis,
when RATELIMIT_STORAGE_URI names one) and the schema is at the newest migration, else 503 with
the reason in plain JSON, so a host is kept out of rotation until ``flask db upgrade`` has run
or the store is back. Both are public and say nothing about the data.
"""

from functools import cache

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from ctdppeia.access import public
from ctdppeia.extensions import db, limiter

bp = Blueprint("health", __name__)

STORE_DOWN = (
    "the rate-limit store (RATELIMIT_STORAGE_URI) does not answer: each worker counts failed "
    "sign-ins in its own memory until it does"
)


@bp.get("/healthz")
@public
def healthz() -> Response:
    return _answer(200, status="up")


@bp.get("/readyz")
@public
def readyz() -> Response:
    expected = script_heads(current_app.extensions["migrate"].directory)
    try:
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError:
        current_app.logger.exception("readiness check: the database did not answer")
        return _answer(503, status="not ready", reason="the database does not answer")
    if not limiter.storage.check():
        current_app.logger.error("readiness check: the rate-limit store did not answer")
        return _answer(503, status="not ready", reason=STORE_DOWN)
    if current != expected:
        reason = "the database schema is not at the newest migration: run flask db upgrade"
        return _answer(503, status="not ready", reason=reason)
    return _answer(200, status="ready")


@cache
def script_heads(directory: str) -> set[str]:
    """The newest revision(s) of the migration scripts (read once per process)."""
    return set(ScriptDirectory(directory).get_heads())


def _answer(code: int, **body: str) -> Response:
    response = jsonify(body)
    response.status_code = code
    response.headers["Cache-Control"] = "no-store"
    return response
