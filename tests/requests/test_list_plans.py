"""How SQLite answers the request list's status filter for an agency's staff: it walks the
status index newest first and tells from the index alone whether the agency owns a request,
so the capped count reads no row of the table (see `docs/benchmarks.md`)."""

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from ctdppeia.extensions import db
from ctdppeia.models import Role
from tests.conftest import AuthActions
from tests.factories.requests import MakeRequest


def _statements(app: Flask, client: FlaskClient, url: str) -> list[tuple[str, Any]]:
    sent: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        sent.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", note)
    return sent


def _plan(app: Flask, statement: str, parameters: Any) -> str:
    with app.app_context():
        cursor = db.session.connection().connection.cursor()
        rows = cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
    return "\n".join(str(row[-1]) for row in rows)


def test_sqlite_counts_a_status_filtered_list_from_the_index_alone(
    app: Flask, client: FlaskClient, auth: AuthActions, make_request: MakeRequest
) -> None:
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's query plan")
    user = auth.login(Role.REVIEWER, agency="DSS")
    make_request(user, title="Draft one", holders=("OEC",))
    sent = _statements(app, client, "/requests/?status=draft")
    counts = [(s, p) for s, p in sent if "count(*)" in s and "data_request.status" in s]
    rows = [(s, p) for s, p in sent if s.startswith("SELECT data_request.id") and "status" in s]
    assert len(counts) == 1 and len(rows) == 1
    count_plan, rows_plan = _plan(app, *counts[0]), _plan(app, *rows[0])
    assert "USING COVERING INDEX ix_data_request_status_created (status=?)" in count_plan
    assert "USING INDEX ix_data_request_status_created (status=?)" in rows_plan
    assert "TEMP B-TREE" not in rows_plan  # walked newest first, not sorted
