"""The database drops the app's connections (PostgreSQL: ``pg_terminate_backend`` from another
connection) or cannot take a write in time (SQLite: another connection holds its write lock).

The person sees the site's "briefly unavailable" page (503, in the layout, no traceback),
nothing is saved in part, and the next request is served.

To stop a request at a known point on PostgreSQL, a separate connection holds the audit log's
lock: every change the app makes waits there, inside its transaction, after writing the rest.
The app's connection that waits is then terminated.
"""

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg
import pytest
from flask import Flask
from sqlalchemy.engine import make_url

from ctdppeia.audit_chain import CHAIN_LOCK_KEY, verify_chain
from ctdppeia.documents.checking import check_pdf
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, Review, ReviewAnswer, ReviewDocument

from .conftest import APP_NAME, PASSWORD, SignIn, make_people, sign_form, wait_for
from .test_worker_killed import FIXED, SECTION, VERSION, confirm

URL = os.environ.get("TEST_DATABASE_URL", "")
needs_postgres = pytest.mark.skipif(
    not URL.startswith("postgresql"), reason="needs PostgreSQL: set TEST_DATABASE_URL"
)
needs_sqlite = pytest.mark.skipif(bool(URL), reason="the SQLite case (TEST_DATABASE_URL is set)")
UNAVAILABLE = "The service is briefly unavailable"


# What the database holds --------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """What a review's change could touch: its answers, version, lock, document, the log."""

    answers: dict[str, Any]
    version: int
    confirmed: bool
    documents: int
    events: int


def state(app: Flask, review_id: int) -> State:
    with app.app_context():
        review = db.session.get(Review, review_id)
        assert review is not None
        answers = db.session.execute(
            db.select(ReviewAnswer.question_id, ReviewAnswer.value).where(
                ReviewAnswer.review_id == review_id
            )
        )
        documents = db.select(db.func.count()).select_from(ReviewDocument)
        events = db.select(db.func.count()).select_from(AuditEvent)
        found = State(
            dict(answers.all()),
            review.version,
            review.confirmed_at is not None,
            db.session.scalar(documents.where(ReviewDocument.review_id == review_id)) or 0,
            db.session.scalar(events) or 0,
        )
        assert verify_chain().ok
        db.session.remove()
        return found


def save_form(token: str, version: int, text: str) -> dict[str, str]:
    answers = {"q_P2": text, "q_P3": text, "q_P13": text}
    return {"csrf_token": token, "version": str(version), "action": "save", **FIXED, **answers}


def assert_unavailable_page(status: int, page: str, headers: Any) -> None:
    assert status == 503, page[:2000]
    assert UNAVAILABLE in page and "Error code 503" in page
    assert 'class="site-header"' in page and 'class="site-footer"' in page  # the layout
    assert "Traceback" not in page and "OperationalError" not in page
    assert headers.get("Retry-After")


# PostgreSQL ---------------------------------------------------------------------------------


@contextmanager
def audit_log_held() -> Iterator[psycopg.Connection[Any]]:
    """A connection of its own holding the audit log's lock until the block ends."""
    url = make_url(URL).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (CHAIN_LOCK_KEY,))
        try:
            yield connection
        finally:
            connection.execute("SELECT pg_advisory_unlock_all()")


def app_backends(connection: psycopg.Connection[Any], waiting: bool = False) -> list[int]:
    """The server's connections; with ``waiting``, those waiting for the audit log's lock."""
    query = "SELECT pid FROM pg_stat_activity WHERE application_name = %s"
    if waiting:
        query += " AND wait_event_type = 'Lock' AND wait_event = 'advisory'"
    return [row[0] for row in connection.execute(query, (APP_NAME,))]


def terminate(connection: psycopg.Connection[Any], pids: list[int]) -> None:
    for pid in pids:
        connection.execute("SELECT pg_terminate_backend(%s)", (pid,))


def cut_off(held: psycopg.Connection[Any], send: Any) -> httpx.Response:
    """Send a request in a thread, terminate the app's connection once it waits for the audit
    log, and return the answer the person got."""
    answer: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: answer.update(response=send()))
    thread.start()
    waiting = wait_for(lambda: app_backends(held, waiting=True), 120, "the app waiting")
    terminate(held, waiting)
    thread.join(timeout=120)
    assert not thread.is_alive()
    return answer["response"]


@needs_postgres
def test_a_save_cut_off_shows_the_unavailable_page_and_saves_nothing(
    migrated_app: Flask, sign_in: SignIn
) -> None:
    people = make_people(migrated_app, savers=1, to_confirm=0)
    [(reviewer, review_id)] = people.savers
    client, token = sign_in(reviewer)
    url = f"/reviews/{review_id}/sections/{SECTION}"
    version = int(VERSION.search(client.get(url).text).group(1))  # type: ignore[union-attr]
    before = state(migrated_app, review_id)
    with audit_log_held() as held:
        response = cut_off(held, lambda: client.post(url, data=save_form(token, version, "cut")))
    assert_unavailable_page(response.status_code, response.text, response.headers)
    assert state(migrated_app, review_id) == before  # nothing saved in part

    response = client.post(url, data=save_form(token, version, "again"))  # service resumes
    assert response.status_code == 302, response.text[:2000]
    after = state(migrated_app, review_id)
    assert after.version == before.version + 1
    assert {after.answers[qid] for qid in ("P2", "P3", "P13")} == {"again"}


@needs_postgres
def test_a_confirmation_cut_off_leaves_the_review_unsigned_until_tried_again(
    migrated_app: Flask, sign_in: SignIn
) -> None:
    people = make_people(migrated_app, savers=0, to_confirm=1)
    [review_id] = people.to_confirm
    client, token = sign_in(people.approver)
    before = state(migrated_app, review_id)
    with audit_log_held() as held:
        response = cut_off(held, lambda: _confirm_response(client, token, review_id))
    assert_unavailable_page(response.status_code, response.text, response.headers)
    assert state(migrated_app, review_id) == before  # not confirmed, no document

    assert confirm(client, token, review_id) == "confirmed"
    with migrated_app.app_context():
        document = db.session.scalars(
            db.select(ReviewDocument).where(ReviewDocument.review_id == review_id)
        ).one()
        assert check_pdf(document.pdf).ok


def _confirm_response(client: httpx.Client, token: str, review_id: int) -> httpx.Response:
    form = sign_form(client, token, review_id)
    return client.post(f"/reviews/{review_id}/confirm", data=form)


@needs_postgres
def test_connections_dropped_between_requests_go_unnoticed(
    migrated_app: Flask, sign_in: SignIn
) -> None:
    people = make_people(migrated_app, savers=1, to_confirm=0)
    [(reviewer, review_id)] = people.savers
    client, token = sign_in(reviewer)
    url = f"/reviews/{review_id}/sections/{SECTION}"
    for _ in range(3):  # warm both workers' pools
        assert client.get(url).status_code == 200
    with audit_log_held() as held:
        idle = app_backends(held)
    assert idle
    with audit_log_held() as held:
        terminate(held, idle)
        wait_for(lambda: not set(idle) & set(app_backends(held)), 60, "the connections gone")
    for _ in range(3):  # each worker tests its pooled connection before use
        page = client.get(url)
        assert page.status_code == 200, page.text[:2000]
    version = int(VERSION.search(page.text).group(1))  # type: ignore[union-attr]
    response = client.post(url, data=save_form(token, version, "after the restart"))
    assert response.status_code == 302, response.text[:2000]


# SQLite -------------------------------------------------------------------------------------


@needs_sqlite
def test_a_database_too_busy_to_write_shows_the_unavailable_page(migrated_app: Flask) -> None:
    """Another connection (a backup, a maintenance script) holds SQLite's write lock longer
    than the app waits for it."""
    app = migrated_app
    app.config["WTF_CSRF_ENABLED"] = False
    people = make_people(app, savers=1, to_confirm=0)
    [(reviewer, review_id)] = people.savers
    client = app.test_client()
    form = {"email": reviewer.email, "password": PASSWORD}
    assert client.post("/login", data=form).status_code == 302
    url = f"/reviews/{review_id}/sections/{SECTION}"
    version = int(VERSION.search(client.get(url).text).group(1))  # type: ignore[union-attr]
    before = state(app, review_id)
    with _write_lock_held(app):  # the app waits ten seconds for it, then gives up
        response = client.post(url, data=save_form("", version, "blocked"))
    page = response.get_data(as_text=True)
    assert_unavailable_page(response.status_code, page, response.headers)
    assert state(app, review_id) == before

    response = client.post(url, data=save_form("", version, "again"))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert state(app, review_id).answers["P2"] == "again"


@contextmanager
def _write_lock_held(app: Flask) -> Iterator[None]:
    path = make_url(str(app.config["DATABASE_URL"])).database
    assert path
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other.rollback()
        other.close()
