"""Anchoring the audit chain's head outside the database: `audit anchor` writes a signed
statement; `audit check-anchors` finds a cut tail (newest events deleted with the append-only
trigger dropped), refuses a forged statement, and passes a whole chain."""

import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select, text

from ctdppeia import audit
from ctdppeia.audit_anchor import FORMAT, Statement, key_id, signature
from ctdppeia.extensions import db
from ctdppeia.models import Agency, AuditEvent, Role
from tests.audit.test_chain import _drop_guard
from tests.conftest import MakeUser
from tests.mailsink import SmtpSink


@pytest.fixture
def anchors(app: Flask, tmp_path: Path) -> Path:
    folder = tmp_path / "anchors"
    app.config["AUDIT_ANCHOR_DIR"] = str(folder)
    return folder


def _make_events(make_user: MakeUser, count: int = 4) -> None:
    roles = [Role.ADMIN, Role.REVIEWER, Role.APPROVER, Role.BOARD, Role.AI_REVIEWER]
    for role in roles[:count]:
        make_user(role)


def _ids(app: Flask) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))


def _anchor(runner: FlaskCliRunner) -> Path:
    result = runner.invoke(args=["audit", "anchor"])
    assert result.exit_code == 0, result.output
    return Path(result.output.split(" in ")[-1].strip().rstrip("."))


def _check(runner: FlaskCliRunner) -> tuple[int, str]:
    result = runner.invoke(args=["audit", "check-anchors"])
    return result.exit_code, result.output


def _more_events(app: Flask, count: int) -> None:
    with app.app_context():
        agency = db.session.scalars(select(Agency).order_by(Agency.id)).first()
        for number in range(count):
            audit.record(None, "test.later", agency, summary=f"later {number}")
        db.session.commit()


def test_a_statement_names_the_head_and_is_signed(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser, anchors: Path
) -> None:
    _make_events(make_user)
    path = _anchor(runner)
    assert path.parent == anchors and path.name.startswith("audit-anchor-")
    body = json.loads(path.read_text())
    with app.app_context():
        head = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert head is not None
        assert (body["event_id"], body["hash"], body["events"]) == (head.id, head.hash, 4)
    assert body["format"] == FORMAT and body["at"].endswith("+00:00")
    assert len(body["signature"]) == 64 and body["hash"] in path.read_text()


def test_a_whole_chain_passes(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser, anchors: Path
) -> None:
    _make_events(make_user, 2)
    _anchor(runner)
    _make_events(make_user, 3)
    _anchor(runner)
    _more_events(app, 2)  # events after the newest anchor are fine
    code, output = _check(runner)
    assert code == 0, output
    assert "2 of 2 statements agree" in output and "OK: the audit log holds" in output


def test_cutting_the_tail_after_an_anchor_is_found(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser, anchors: Path
) -> None:
    _make_events(make_user)
    path = _anchor(runner)
    ids = _ids(app)
    with app.app_context():
        _drop_guard()
        db.session.execute(text("DELETE FROM audit_event WHERE id >= :id"), {"id": ids[-2]})
        db.session.commit()
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0  # the chain alone looks whole
    code, output = _check(runner)
    assert code == 1
    assert f"FAILED {path.name}: event {ids[-1]}, the chain head anchored at" in output
    assert "the chain's tail was cut" in output


def test_a_cut_tail_grown_again_is_found(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser, anchors: Path
) -> None:
    """New events after the cut link on to the shortened chain; on SQLite they may even take
    the removed ids. The anchored event is gone or has another hash either way."""
    _make_events(make_user)
    path = _anchor(runner)
    ids = _ids(app)
    with app.app_context():
        _drop_guard()
        db.session.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": ids[-1]})
        db.session.commit()
    _more_events(app, 3)
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    code, output = _check(runner)
    assert code == 1 and f"FAILED {path.name}: event {ids[-1]}" in output


def test_a_removed_event_before_the_head_with_the_chain_rewritten_is_found(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser, anchors: Path
) -> None:
    from ctdppeia.audit_chain import content, link_hash

    _make_events(make_user)
    path = _anchor(runner)
    ids = _ids(app)
    with app.app_context():
        _drop_guard()
        db.session.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": ids[1]})
        previous = db.session.get(AuditEvent, ids[0])
        assert previous is not None
        for event_id in ids[2:]:  # a careful forger relinks every later event
            event = db.session.get(AuditEvent, event_id)
            assert event is not None
            event.prev_hash = previous.hash
            event.hash = link_hash(event.prev_hash, content(event))
            previous = event
        db.session.commit()
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    code, output = _check(runner)
    assert code == 1 and f"FAILED {path.name}: event {ids[-1]} has another hash" in output


def _resign(statement: Statement, key: bytes) -> str:
    body = statement.__dict__ | {"signature": signature(statement, key)}
    return json.dumps(body)


def test_a_forged_statement_is_refused(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser, anchors: Path
) -> None:
    _make_events(make_user)
    path = _anchor(runner)
    body = json.loads(path.read_text())
    body["events"] = 3  # changed, the signature kept
    (anchors / "changed.json").write_text(json.dumps(body))
    other_key = b"k" * 32
    made = Statement(body["event_id"], body["hash"], 4, body["at"], key_id(other_key))
    (anchors / "other-key.json").write_text(_resign(made, other_key))
    stolen_id = Statement(body["event_id"], body["hash"], 4, body["at"], body["key_id"])
    (anchors / "guessed.json").write_text(_resign(stolen_id, other_key))
    (anchors / "junk.json").write_text("{not json")
    code, output = _check(runner)
    assert code == 1
    assert "FAILED changed.json: refused: its signature does not match" in output
    assert "FAILED other-key.json: refused: its signature was made with another key" in output
    assert "FAILED guessed.json: refused: its signature does not match" in output
    assert "FAILED junk.json: refused: cannot be read as a statement" in output
    assert f"FAILED {path.name}" not in output and "1 of 5 statements agree" in output


def test_another_anchor_key_makes_every_statement_unreadable(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser, anchors: Path
) -> None:
    _make_events(make_user)
    _anchor(runner)
    app.config["AUDIT_ANCHOR_KEY"] = "another key"
    code, output = _check(runner)
    assert code == 1 and "made with another key" in output


def test_no_statement_is_a_failure(app: Flask, runner: FlaskCliRunner, anchors: Path) -> None:
    code, output = _check(runner)
    assert code == 1 and "No anchor statement in" in output


def test_a_broken_chain_is_not_anchored(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser, anchors: Path
) -> None:
    _make_events(make_user)
    ids = _ids(app)
    with app.app_context():
        _drop_guard()
        db.session.execute(
            text("UPDATE audit_event SET summary = 'x' WHERE id = :id"), {"id": ids[1]}
        )
        db.session.commit()
    result = runner.invoke(args=["audit", "anchor"])
    assert result.exit_code == 1 and f"broken at event {ids[1]}" in result.output
    assert not anchors.exists() or not list(anchors.iterdir())


def test_an_empty_log_is_not_anchored(runner: FlaskCliRunner, anchors: Path) -> None:
    result = runner.invoke(args=["audit", "anchor"])
    assert result.exit_code == 1 and "nothing to anchor" in result.output


def test_the_statement_is_emailed(
    app: Flask,
    runner: FlaskCliRunner,
    make_user: MakeUser,
    anchors: Path,
    smtp_sink: SmtpSink,
    tmp_path: Path,
) -> None:
    _make_events(make_user)
    app.config["AUDIT_ANCHOR_EMAILS"] = "keeper@example.gov, auditor@example.gov"
    result = runner.invoke(args=["audit", "anchor"])
    assert result.exit_code == 0 and "Emailed to keeper@example.gov" in result.output
    [received] = smtp_sink.received
    assert received.recipients == ["keeper@example.gov", "auditor@example.gov"]
    text_part = received.message.get_content().replace("\r\n", "\n")
    emailed = text_part.split("-----\n")[1]
    [written] = list(anchors.iterdir())
    assert emailed == written.read_text()
    saved = tmp_path / "from-the-mailbox"
    saved.mkdir()
    (saved / "anchor.json").write_text(emailed)
    result = runner.invoke(args=["audit", "check-anchors", "--dir", str(saved)])
    assert result.exit_code == 0 and "1 of 1 statements agree" in result.output
