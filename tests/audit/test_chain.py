"""The audit log is a hash chain: `flask --app ctdppeia audit verify` finds a rewrite made by
someone who dropped the append-only trigger, and every signed PDF prints the chain head."""

import itertools
import threading

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select, text

from ctdppeia import audit
from ctdppeia.audit_chain import GENESIS, chain_head, content, link_hash, verify_chain
from ctdppeia.extensions import db
from ctdppeia.models import Agency, AuditEvent, Role
from tests.conftest import MakeUser


def _drop_guard() -> None:
    """What a database administrator could do: remove the append-only trigger."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("DROP TRIGGER audit_event_append_only ON audit_event"))
    else:
        db.session.execute(text("DROP TRIGGER audit_event_no_update"))
        db.session.execute(text("DROP TRIGGER audit_event_no_delete"))
    db.session.commit()


def _ids(app: Flask) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))


@pytest.fixture
def logged(app: Flask, make_user: MakeUser) -> list[int]:
    """Four accounts made: four audit events."""
    for role in (Role.ADMIN, Role.REVIEWER, Role.APPROVER, Role.BOARD):
        make_user(role)
    ids = _ids(app)
    assert len(ids) == 4
    return ids


def test_events_are_linked_in_order(app: Flask, logged: list[int]) -> None:
    with app.app_context():
        events = list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        assert events[0].prev_hash == GENESIS
        for before, event in itertools.pairwise(events):
            assert event.prev_hash == before.hash
            assert event.hash == link_hash(event.prev_hash, content(event))
        assert chain_head() is not None and chain_head().event_id == events[-1].id  # type: ignore[union-attr]


def test_verify_reports_a_whole_chain(
    app: Flask, runner: FlaskCliRunner, logged: list[int]
) -> None:
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        head = chain_head()
    assert head is not None
    assert "OK: all 4 events are linked correctly." in result.output
    assert f"Chain head: event {head.event_id}, SHA-256 {head.hash}" in result.output


def test_verify_on_an_empty_log(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "empty" in result.output


def test_verify_finds_a_changed_event(
    app: Flask, runner: FlaskCliRunner, logged: list[int]
) -> None:
    with app.app_context():
        _drop_guard()
        db.session.execute(
            text("UPDATE audit_event SET summary = 'Nothing happened' WHERE id = :id"),
            {"id": logged[1]},
        )
        db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"BROKEN at event {logged[1]}: its content does not match its hash" in result.output
    assert "The 1 events before it are linked correctly." in result.output


def test_verify_finds_a_rewrite_that_recomputed_the_hash(
    app: Flask, runner: FlaskCliRunner, logged: list[int]
) -> None:
    with app.app_context():
        _drop_guard()
        event = db.session.get(AuditEvent, logged[1])
        assert event is not None
        event.summary = "Nothing happened"
        event.hash = link_hash(event.prev_hash, content(event))  # a careful forger
        db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"BROKEN at event {logged[2]}: its link to the event before it" in result.output


def test_verify_finds_a_removed_event(
    app: Flask, runner: FlaskCliRunner, logged: list[int]
) -> None:
    with app.app_context():
        _drop_guard()
        db.session.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": logged[2]})
        db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"BROKEN at event {logged[3]}: its link" in result.output


def test_two_writers_at_once_keep_one_chain(app: Flask) -> None:
    """The first writer holds the chain until it commits; the second links after it."""
    recorded, go = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with app.app_context():
                agency = db.session.scalars(select(Agency).order_by(Agency.id)).first()
                audit.record(None, "test.first", agency, summary="first")
                chain_head()  # reading the log links this transaction's event: it holds the chain
                recorded.set()
                go.wait(timeout=60)
                db.session.commit()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
            recorded.set()

    def second() -> None:
        try:
            with app.app_context():
                recorded.wait(timeout=60)
                agency = db.session.scalars(select(Agency).order_by(Agency.id)).first()
                go.set()  # let the first commit while this one waits for the chain
                audit.record(None, "test.second", agency, summary="second")
                db.session.commit()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
            go.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with app.app_context():
        events = list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        assert [e.action for e in events] == ["test.first", "test.second"]
        assert events[1].prev_hash == events[0].hash
        assert verify_chain().ok


def _waiting_for_an_advisory_lock() -> bool:
    query = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
    with db.engine.connect() as connection:
        return bool(connection.scalar(query))


def test_a_writer_that_waited_for_the_chain_links_to_what_was_committed_meanwhile(
    app: Flask,
) -> None:
    """On PostgreSQL the turn and the head are one round trip: the head must be read after the
    wait for the turn, or the second writer would link to the event before the first's."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the advisory lock is PostgreSQL's")
        audit.record(None, "test.before", _first_agency(), summary="already in the log")
        db.session.commit()
    held, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with app.app_context():
                audit.record(None, "test.first", _first_agency(), summary="first")
                chain_head()  # links this transaction's event: it now holds the chain
                held.set()
                release.wait(timeout=120)
                db.session.commit()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
            held.set()

    def second() -> None:
        try:
            with app.app_context():
                held.wait(timeout=120)
                audit.record(None, "test.second", _first_agency(), summary="second")
                db.session.commit()  # waits for the chain until the first commits
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    with app.app_context():
        held.wait(timeout=120)
        # Only once the second writer is seen waiting for the chain does the first commit.
        waited = threading.Event()
        for _ in range(6000):
            if _waiting_for_an_advisory_lock():
                waited.set()
                break
            waited.wait(0.02)
    release.set()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert waited.is_set(), "the second writer never waited for the chain"
    with app.app_context():
        events = list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        assert [e.action for e in events] == ["test.before", "test.first", "test.second"]
        assert events[2].prev_hash == events[1].hash
        assert verify_chain().ok


def _first_agency() -> Agency:
    agency = db.session.scalars(select(Agency).order_by(Agency.id)).first()
    assert agency is not None
    return agency


def test_a_transactions_events_join_the_chain_at_commit_in_their_order(app: Flask) -> None:
    with app.app_context():
        agency = _first_agency()
        for number in range(5):
            audit.record(None, f"test.{number}", agency, summary=f"event {number}")
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 5
        db.session.commit()
        events = list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        assert [e.action for e in events] == [f"test.{n}" for n in range(5)]
        assert events[0].prev_hash == GENESIS
        assert verify_chain().ok and verify_chain().checked == 5


def test_reading_the_log_inside_a_transaction_sees_its_own_events(app: Flask) -> None:
    with app.app_context():
        audit.record(None, "test.own", _first_agency(), summary="own")
        head = chain_head()
        assert head is not None
        assert db.session.get(AuditEvent, head.event_id).action == "test.own"  # type: ignore[union-attr]
        db.session.commit()
        assert verify_chain().ok


def test_a_rolled_back_transaction_leaves_no_event(app: Flask) -> None:
    with app.app_context():
        audit.record(None, "test.dropped", _first_agency(), summary="dropped")
        db.session.rollback()
        audit.record(None, "test.kept", _first_agency(), summary="kept")
        db.session.commit()
        actions = list(db.session.scalars(select(AuditEvent.action)))
        assert actions == ["test.kept"]
        assert verify_chain().ok


def test_the_database_links_text_in_any_script_as_python_checks_it(
    app: Flask, logged: list[int]
) -> None:
    """On PostgreSQL the first event of a transaction is hashed by the database itself: the
    same bytes as Python's hash, whatever the text, and one event after another in one
    transaction."""
    words = "Año, niño — «données» \u2018quoted\u2019 中文 🚀 \\ \" ' \n tab\t"
    with app.app_context():
        agency = db.session.scalars(select(Agency)).first()
        assert agency is not None
        for n in range(3):
            audit.record(
                None, "test.unicode", agency, changes={words: (None, f"{words} {n}")},
                summary=f"{words} {n}",
            )  # fmt: skip
        db.session.commit()
        events = list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        assert [e.summary for e in events[-3:]] == [f"{words} {n}" for n in range(3)]
        for event in events[-3:]:
            assert event.hash == link_hash(event.prev_hash, content(event))
        report = verify_chain()
    assert report.ok and report.checked == len(logged) + 3
