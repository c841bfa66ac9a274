"""SQLite's index for the request search (`ctdppeia.models.request_search`): the list finds
exactly what ``LIKE`` alone finds, the triggers keep the index right through every change of a
request, and the migration builds it for the requests already there and takes it away."""

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade
from sqlalchemy import delete, event, inspect, select, text, update

from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, Role, User, request_search
from ctdppeia.requests import services
from tests.conftest import AuthActions, create_test_user
from tests.factories.requests import MakeRequest, new_request
from tests.migration_steps import revision_before

# (title, requesting organization)
REQUESTS = [
    ("Wages and child care", "UConn Economics"),
    ("Emplois d'été à Québec", "Université Laval"),
    ("ÉTÉ program", "JOSÉ NÚÑEZ Foundation"),
    ("Growth 100% of baseline", "Transit_Co"),
    ('The "quoted" study', "Office 100_%"),
    ("Child wellbeing", "wages_and_more"),
]
TERMS = [
    "wages", "WAGES", "child", "ild c", "été", "ÉTÉ", "josé", "JOSÉ", "núñez", "québec",
    "100%", "0%", "_co", "100_", "_%", "%", "_", '"quoted"', 'd" s', "zz", "ch", "é",
    "nothing like this", "  Wages  ", "a", "ages_and", "OR", "NOT wages", "wag*",
]  # fmt: skip


def _titles(client: FlaskClient, term: str) -> list[str]:
    page = client.get("/requests/", query_string={"q": term}).get_data(as_text=True)
    return [html.unescape(t) for t in re.findall(r'<a href="/requests/\d+">([^<]+)</a>', page)]


@pytest.fixture
def sqlite_app(app: Flask) -> Flask:
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the index is SQLite's (PostgreSQL has trigram indexes)")
    return app


@pytest.fixture
def statements(sqlite_app: Flask) -> Iterator[list[str]]:
    sent: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    with sqlite_app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    yield sent
    event.remove(engine, "before_cursor_execute", note)


def test_the_list_finds_what_like_alone_finds(
    sqlite_app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_request: MakeRequest,
    statements: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = auth.login(Role.ADMIN)
    for title, org in REQUESTS:
        make_request(user, title=title, requesting_org=org)
    found: dict[str, list[str]] = {}
    for term in TERMS:
        statements.clear()
        found[term] = _titles(client, term)
        used = any("data_request.id IN" in statement for statement in statements)
        assert used == (len(term.strip()) >= request_search.SHORTEST), term
    monkeypatch.setattr(services, "FEW_CANDIDATES", 0)  # LIKE alone, on every request
    for term in TERMS:
        statements.clear()
        assert _titles(client, term) == found[term], term
        assert not any("data_request.id IN" in statement for statement in statements)
    # The comparison is about something: what LIKE finds on SQLite (ASCII case only).
    assert found["wages"] == found["WAGES"] == ["Child wellbeing", "Wages and child care"]
    assert found["été"] == ["Emplois d'été à Québec"]  # "ÉTÉ" is not "été" to SQLite's lower()
    assert found["ÉTÉ"] == ["ÉTÉ program"] and found["josé"] == []
    assert found["100%"] == ["Growth 100% of baseline"]
    assert found["_%"] == found["100_"] == ['The "quoted" study']  # by "Office 100_%"
    assert found['"quoted"'] == ['The "quoted" study'] and found['d" s'] == found['"quoted"']
    assert found["wag*"] == [] and found["NOT wages"] == []


def _index_holds(text_: str) -> list[int]:
    return sorted(db.session.scalars(request_search.candidates(text_)))


def _check_index() -> None:
    """FTS5 compares its index with data_request and raises if they differ."""
    db.session.execute(text(f"INSERT INTO {request_search.NAME}({request_search.NAME}) "
                            "VALUES ('integrity-check')"))  # fmt: skip


def test_the_triggers_keep_the_index_through_insert_update_and_delete(
    sqlite_app: Flask, reviewer: User
) -> None:
    first = new_request(sqlite_app, reviewer, "Housing stability", requesting_org="Yale")
    second = new_request(sqlite_app, reviewer, "Wages", requesting_org="Housing Trust")
    with sqlite_app.app_context():
        assert _index_holds("housing") == sorted([first, second])
        _check_index()
        owner = db.session.get_one(User, reviewer.id)
        request = db.session.get_one(DataRequest, first)
        fields = {"title": "School attendance", "requesting_org": "Yale"}
        services.update_request(owner, request, fields, [], request.version)
        assert _index_holds("housing") == [second]
        assert _index_holds("attendance") == [first]
        db.session.execute(update(DataRequest).values(purpose="Changed, not indexed."))
        db.session.execute(
            update(DataRequest).where(DataRequest.id == second).values(requesting_org="DOL")
        )
        assert _index_holds("housing") == [] and _index_holds("wages") == [second]
        _check_index()
        db.session.execute(delete(DataRequest).where(DataRequest.id == second))
        assert _index_holds("wages") == []
        _check_index()
        db.session.commit()


def test_the_migration_indexes_the_requests_there_and_goes_away(migrated_app: Flask) -> None:
    with migrated_app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("the index is SQLite's")
        downgrade(revision=revision_before("sq23c0de0002"))
        db.session.remove()
        assert request_search.NAME not in inspect(db.engine).get_table_names()
        triggers = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE :n"
        assert db.session.scalar(text(triggers), {"n": f"{request_search.NAME}%"}) == 0
    owner = create_test_user(migrated_app, 1, Role.REVIEWER, "DSS", two_step=False)
    made = new_request(migrated_app, owner, "Wages before the index")
    with migrated_app.app_context():
        upgrade()
        db.session.remove()
        assert _index_holds("before the") == [made]
        _check_index()
        assert db.session.scalar(text(triggers), {"n": f"{request_search.NAME}%"}) == 3
        assert db.session.scalar(select(DataRequest.title)) == "Wages before the index"
