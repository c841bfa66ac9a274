"""Email through the outbox and a real job worker: the request writes the email with its
change and returns without talking to the mail server; the worker sends it once, however
often its job runs; an email whose job Redis lost is sent by the sweep."""

from flask import Flask
from redis import Redis
from rq import Queue
from sqlalchemy import select, update

from ctdppeia.extensions import db
from ctdppeia.jobs import MAIL
from ctdppeia.models import OutboxEmail, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.outbox import send_email, sweep
from tests.factories.board import comment, open_share
from tests.factories.people import as_user
from tests.jobs.worker import queued, run_burst
from tests.mailsink import SmtpSink, free_port

__all__ = ["queued"]
ANSWERED = "The reviewers answered your comment."


def _answer(app: Flask, reviewer: User, review_id: int, comment_id: int) -> None:
    data = {f"kind-{comment_id}": "not-adopted", f"text-{comment_id}": "No."}
    response = as_user(app, reviewer).post(f"/reviews/{review_id}/board/answers", data=data)
    assert response.status_code == 302


def _rows(app: Flask) -> list[OutboxEmail]:
    with app.app_context():
        return list(db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)))


def test_the_request_writes_the_email_and_the_worker_sends_it_once(
    app: Flask, queued: Redis, smtp_sink: SmtpSink, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    said = comment(app, share_id, member, "Drop the names.")
    _answer(app, reviewer, review_id, said)
    assert smtp_sink.received == []  # the request only wrote it
    [row] = [row for row in _rows(app) if row.subject == ANSWERED]
    assert row.sent_at is None and Queue(MAIL, connection=queued).count >= 1
    run_burst(app)
    [message] = [m for m in smtp_sink.messages if m["Subject"] == ANSWERED]
    assert member.email in message["To"]
    assert message["Message-ID"].startswith(f"<outbox-{row.id}-")
    # The same job again (a retry): the row is sent, so nothing is sent twice.
    Queue(MAIL, connection=queued).enqueue(send_email, row.id, job_id=f"again-{row.id}")
    run_burst(app)
    with app.app_context():
        assert send_email(row.id) == "nothing to send"
    assert [m["Subject"] for m in smtp_sink.messages].count(ANSWERED) == 1
    [sent] = [found for found in _rows(app) if found.id == row.id]
    assert sent.sent_at is not None and sent.attempts == 1


def test_an_email_whose_job_redis_lost_is_sent_by_the_sweep(
    app: Flask, queued: Redis, smtp_sink: SmtpSink, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    said = comment(app, share_id, member, "Drop the names.")
    _answer(app, reviewer, review_id, said)
    queued.flushdb()  # Redis restarted without its data: every queued job is gone
    run_burst(app)
    assert smtp_sink.received == []
    with app.app_context():
        db.session.execute(update(OutboxEmail).values(created_at=utcnow().replace(year=2000)))
        db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["jobs", "enqueue", "outbox-sweep"])
    assert result.exit_code == 0 and "outbox-sweep: queued" in result.output
    run_burst(app)  # the sweep queues each unsent email; the same worker then sends them
    assert [m["Subject"] for m in smtp_sink.messages].count(ANSWERED) == 1
    assert all(row.sent_at is not None for row in _rows(app))
    with app.app_context():
        assert sweep() == 0  # nothing left to send


def test_without_redis_the_request_succeeds_and_the_email_waits_in_the_outbox(
    app: Flask, smtp_sink: SmtpSink, reviewer: User, review_id: int, member: User
) -> None:
    app.config.update(JOBS_RUN_INLINE=False, JOBS_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    share_id = open_share(app, reviewer, review_id)
    said = comment(app, share_id, member, "Drop the names.")
    _answer(app, reviewer, review_id, said)
    assert smtp_sink.received == []
    [row] = [row for row in _rows(app) if row.subject == ANSWERED]
    assert row.sent_at is None and row.attempts == 0
