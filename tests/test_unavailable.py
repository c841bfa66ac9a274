"""After a database error: the request's transaction is rolled back, or, when even the rollback
fails, its session is dropped with its connection."""

import pytest
from flask import Flask
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from ctdppeia.extensions import db
from ctdppeia.unavailable import discard_session


def test_a_session_that_cannot_roll_back_is_dropped(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    with app.app_context():
        invalidated: list[object] = []
        event.listen(db.engine, "invalidate", lambda *args: invalidated.append(args))
        session = db.session()
        session.execute(select(1))
        assert session.in_transaction()

        def rollback_fails() -> None:
            raise OperationalError("ROLLBACK", {}, Exception("the server closed the connection"))

        monkeypatch.setattr(session, "rollback", rollback_fails)
        discard_session()

        assert not session.in_transaction()
        assert len(invalidated) == 1  # its connection is not given back to the pool


def test_a_session_that_can_roll_back_keeps_its_connection(app: Flask) -> None:
    with app.app_context():
        invalidated: list[object] = []
        event.listen(db.engine, "invalidate", lambda *args: invalidated.append(args))
        session = db.session()
        session.execute(select(1))
        discard_session()

        assert not session.in_transaction()
        assert invalidated == []
