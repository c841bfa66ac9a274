"""Database set-up: the engine options SQLite needs, and `db` re-exported for convenience."""

import sqlite3
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


def init_app(app: Flask) -> None:
    # Imported for what they register: every table on the metadata, and the session hooks
    # that queue every SQLite write for the write lock.
    import ctdppeia.models
    import ctdppeia.writelock  # noqa: F401

    db.init_app(app)
