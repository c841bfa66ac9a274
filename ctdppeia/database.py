"""Database set-up: the engine options SQLite needs, `transaction()` (the one way a feature
saves a change), and `db` re-exported for convenience."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from ctdppeia.extensions import db


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Foreign keys on, write-ahead logging, and a wait instead of 'database is locked'."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


@contextmanager
def transaction() -> Iterator[None]:
    """Save everything the block changed, or nothing of it.

    Commits when the block ends normally. On any exception, from the block or from the commit
    itself, rolls the session back (nothing half-saved stays pending) and re-raises it
    unchanged. Audit events recorded in the block join the chain on that commit, and emails
    queued in it go out after it. Not meant to be nested: the inner block would commit early.
    On SQLite the session queues for the write lock before its first write (`writelock`).
    """
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def init_app(app: Flask) -> None:
    # Imported for what they register: every table on the metadata, and the session hooks
    # that queue every SQLite write for the write lock.
    import ctdppeia.models
    import ctdppeia.writelock  # noqa: F401

    db.init_app(app)
