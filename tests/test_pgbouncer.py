"""The app through PgBouncer in transaction pooling mode (Debian's `pgbouncer`), as
docs/deployment.md ("PgBouncer") describes: DATABASE_TRANSACTION_POOLING on, so psycopg never
prepares a statement, and every lock the app takes is held for one transaction only.

PgBouncer is started here on a free port, in front of the test's own PostgreSQL database,
with fewer server connections than the app's threads use, so consecutive transactions of one
client run on different server connections and several clients share one. Skipped on SQLite
and where the `pgbouncer` binary is not installed (apt-get install pgbouncer).
"""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.engine import make_url

from ctdppeia import create_app
from ctdppeia.audit_chain import verify_chain
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, Review, ReviewDocument, Role, User
from tests.conftest import PASSWORD, _test_settings, create_test_user
from tests.factories.reviews import dppeia_review, submit

SERVER_CONNECTIONS = 2
SAVERS = 4
SAVES_EACH = 6

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
        reason="PgBouncer pools PostgreSQL connections: set TEST_DATABASE_URL to a PostgreSQL one",
    ),
    pytest.mark.skipif(
        shutil.which("pgbouncer") is None,
        reason="the pgbouncer program is not installed (apt-get install pgbouncer)",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def pgbouncer(migrated_app: Flask) -> Iterator[str]:
    """PgBouncer in transaction mode in front of the test's database: its URL."""
    url = make_url(str(migrated_app.config["DATABASE_URL"]))
    port = _free_port()
    folder = Path(tempfile.mkdtemp(prefix="ctdppeia-pgbouncer-"))
    (folder / "users.txt").write_text(f'"{url.username}" ""\n')
    (folder / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"{url.database} = host={url.host or '127.0.0.1'} port={url.port or 5432} "
        f"dbname={url.database}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {folder / 'users.txt'}\n"
        f"pool_mode = transaction\ndefault_pool_size = {SERVER_CONNECTIONS}\n"
        "max_client_conn = 100\nserver_reset_query =\n"
    )
    # PgBouncer refuses to run as root: it reads its files, then becomes `nobody`.
    as_user = ["-u", "nobody"] if os.geteuid() == 0 else []
    log = (folder / "pgbouncer.log").open("wb")
    process = subprocess.Popen(
        ["pgbouncer", *as_user, str(folder / "pgbouncer.ini")],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while not _answers(port):
            assert process.poll() is None, (folder / "pgbouncer.log").read_text()
            assert time.monotonic() < deadline, "pgbouncer did not listen within 30 s"
            time.sleep(0.05)
        yield url.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pooled_app(pgbouncer: str, migrated_app: Flask) -> Iterator[Flask]:
    """The app on the same database, through PgBouncer, with the pooling setting on."""
    settings = _test_settings(pgbouncer) | {"DATABASE_TRANSACTION_POOLING": True}
    app = create_app(settings)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_setting_turns_prepared_statements_off(pooled_app: Flask) -> None:
    with pooled_app.app_context():
        connect_args = pooled_app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]
        assert connect_args == {"prepare_threshold": None}
        assert pooled_app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


def test_without_the_setting_psycopg_breaks_behind_pgbouncer(pgbouncer: str) -> None:
    """Why the setting exists: two clients sharing one server connection, psycopg's default
    (prepare a statement after 5 uses) collides."""
    dsn = make_url(pgbouncer).set(drivername="postgresql").render_as_string(False)
    first, second = psycopg.connect(dsn), psycopg.connect(dsn)
    try:
        with pytest.raises(psycopg.errors.DuplicatePreparedStatement):
            for n in range(10):
                for connection in (first, second, first):
                    with connection.transaction():
                        connection.execute("SELECT %s::int + 1", (n,)).fetchone()
    finally:
        first.close()
        second.close()


def _sign_in(app: Flask, user: User) -> object:
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def _version(app: Flask, review_id: int) -> int:
    with app.app_context():
        review = db.session.get(Review, review_id)
        assert review is not None
        return review.version


def _save(app: Flask, client: object, review_id: int, text: str) -> None:
    form = {"version": str(_version(app, review_id)), "action": "save", "q_P2": text}
    response = client.post(f"/reviews/{review_id}/sections/planning", data=form)  # type: ignore[attr-defined]
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def _stored_texts(app: Flask, review_id: int) -> list[str]:
    """The P2 answers the audit log recorded for the review, oldest first."""
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.scope_type == "review", AuditEvent.scope_id == review_id)
            .where(AuditEvent.action == "review.answer_changed")
            .order_by(AuditEvent.id)
        )
        return [e.changes["P2"][1] for e in events if "P2" in e.changes]


def test_save_submit_sign_and_list_through_pgbouncer(pooled_app: Flask) -> None:
    app = pooled_app
    reviewer = create_test_user(app, 1, Role.REVIEWER, "DSS", None, name="Rosa Delgado")
    approver = create_test_user(app, 2, Role.APPROVER, "DSS", None, name="Nguyễn Văn An")
    review_id, _ = dppeia_review(app, reviewer)
    reviewer_client = _sign_in(app, reviewer)
    _save(app, reviewer_client, review_id, "Who gets child care help, by town?")
    submit(app, reviewer, review_id)

    approver_client = _sign_in(app, approver)
    form = {"note": "Confirmed.", "declaration": "y", "step": "check"}
    check = approver_client.post(f"/reviews/{review_id}/confirm", data=form)  # type: ignore[attr-defined]
    reasons = re.findall(r'name="(set-aside-[^"]+)"', check.get_data(as_text=True))
    form |= {"step": "sign"} | dict.fromkeys(reasons, "Closed before release.")
    signed = approver_client.post(f"/reviews/{review_id}/confirm", data=form)  # type: ignore[attr-defined]
    assert signed.status_code == 302, signed.get_data(as_text=True)[:800]

    listing = approver_client.get("/reviews/")  # type: ignore[attr-defined]
    assert listing.status_code == 200
    assert "Child care subsidies" in listing.get_data(as_text=True)
    pdf = approver_client.get(f"/reviews/{review_id}/review.pdf")  # type: ignore[attr-defined]
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    with app.app_context():
        documents = db.session.scalars(
            select(ReviewDocument).where(ReviewDocument.review_id == review_id)
        ).all()
        assert len(documents) == 1
        assert "Who gets child care help, by town?" in _stored_texts(app, review_id)
        assert verify_chain().ok


def test_concurrent_saves_through_pgbouncer_are_all_kept(pooled_app: Flask) -> None:
    """More threads than server connections, each saving its own review in turn: every save
    kept in order, the audit chain whole (its turn is a transaction-scoped advisory lock)."""
    app = pooled_app
    people = []
    for number in range(SAVERS):
        user = create_test_user(app, number, Role.REVIEWER, "DSS", None)
        people.append((user, dppeia_review(app, user)[0]))
    sent: dict[int, list[str]] = {review_id: [] for _, review_id in people}
    failures: list[BaseException] = []

    def saver(user: User, review_id: int) -> None:
        try:
            client = _sign_in(app, user)
            for n in range(SAVES_EACH):
                text = f"Save {n} of review {review_id}."
                _save(app, client, review_id, text)
                sent[review_id].append(text)
        except BaseException as error:  # reported below, from the test's own thread
            failures.append(error)

    threads = [threading.Thread(target=saver, args=person) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    for _, review_id in people:
        assert _stored_texts(app, review_id) == sent[review_id]
    with app.app_context():
        assert verify_chain().ok
