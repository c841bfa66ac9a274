"""Sharing a review with the board writes one email per member to the outbox and answers at
once; a real job worker sends them after, one to each member."""

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import OutboxEmail, Role, User
from tests.board.test_share import _form, _next_monday
from tests.conftest import AuthActions, MakeUser
from tests.jobs.worker import queued, run_burst
from tests.mailsink import SmtpSink

__all__ = ["queued"]


def test_sharing_sends_no_email_in_the_request_and_the_worker_sends_each_once(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int,
    make_user: MakeUser, queued: Redis, smtp_sink: SmtpSink,
) -> None:  # fmt: skip
    members = [make_user(Role.BOARD, agency="OPM") for _ in range(3)]
    auth.login(reviewer)
    monday = _next_monday()
    form = _form(monday, monday + timedelta(days=14))
    assert client.post(f"/reviews/{review_id}/board", data=form).status_code == 302
    assert smtp_sink.received == []  # the request only wrote the emails
    with app.app_context():
        rows = list(db.session.scalars(select(OutboxEmail)))
    assert sorted(row.recipients.split("<")[-1].rstrip(">") for row in rows) == sorted(
        member.email for member in members
    )
    assert all(row.sent_at is None for row in rows)
    run_burst(app)
    delivered = sorted(address for item in smtp_sink.received for address in item.recipients)
    assert delivered == sorted(member.email for member in members)
