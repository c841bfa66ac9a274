"""How many SQL statements a section save sends, and that the audit chain is held only at the
end of it (the chain serializes every write of the application; see docs/benchmarks.md)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from ctdppeia.extensions import db
from ctdppeia.models import ReviewAnswer, User
from tests.conftest import AuthActions
from tests.factories.reviews import post_section, version_of

# The figures measured after the save was trimmed: the account, the review, its request and
# its answers are read; the review and the answer updated; then the chain: its turn, its head
# and the new event (one statement on PostgreSQL, three on SQLite). The flag state is read
# only when the save raises or clears a flag. One more means a page started asking again.
MAX_STATEMENTS_PER_SAVE = {"postgresql": 7, "sqlite": 9}
CHAIN_TAIL = {"postgresql": 1, "sqlite": 3}
CHAIN_WORDS = ("audit_event", "pg_advisory_xact_lock", "audit_chain_take_turn")


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    sent: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _dialect(app: Flask) -> str:
    with app.app_context():
        return db.engine.dialect.name


def _answer(app: Flask, review_id: int, question_id: str) -> object:
    with app.app_context():
        query = select(ReviewAnswer.value).where(
            ReviewAnswer.review_id == review_id, ReviewAnswer.question_id == question_id
        )
        return db.session.scalar(query)


def _save_once(client: FlaskClient, app: Flask, review_id: int, text: str) -> list[str]:
    data, version = {"B1": "agency", "B2": "no", "B4": text}, version_of(app, review_id)
    with statements(app) as sent:
        response = post_section(client, review_id, "basics", data, version)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _answer(app, review_id, "B4") == text
    return sent


def test_a_section_save_stays_within_its_statements(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    _save_once(client, app, review_id, "First answer.")  # the first save also inserts rows
    sent = _save_once(client, app, review_id, "Second answer.")
    listing = "\n".join(sent)
    limit = MAX_STATEMENTS_PER_SAVE[_dialect(app)]
    assert len(sent) <= limit, f"{len(sent)} statements:\n{listing}"


def test_the_audit_chain_is_taken_only_after_every_other_statement(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    _save_once(client, app, review_id, "First answer.")
    sent = _save_once(client, app, review_id, "Second answer.")
    touching = [i for i, sql in enumerate(sent) if any(word in sql for word in CHAIN_WORDS)]
    tail = CHAIN_TAIL[_dialect(app)]
    assert touching == list(range(len(sent) - tail, len(sent))), "\n".join(sent)
    assert sent[-1].startswith("INSERT INTO audit_event")
