"""Signing as a job on a real worker: the approver sees "Signing..." (a page that reloads
itself), then the confirmation; only that approver may watch it; a worker killed in the middle
of signing leaves the review unlocked, or locked with one signed document, never two; a job
run again signs nothing again."""

import os
import re
import signal
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq import Queue
from rq.job import Job, JobStatus
from sqlalchemy import func, select

from ctdppeia.extensions import db
from ctdppeia.jobs import SIGNING
from ctdppeia.models import Review, ReviewDocument, Role
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews.signing import sign_review_job
from tests.conftest import AuthActions, MakeUser
from tests.documents.conftest import Made
from tests.factories.people import as_user
from tests.factories.reviews import set_aside_all
from tests.jobs.worker import children, queued, run_burst, start_worker, wait_until
from tests.mailsink import free_port

__all__ = ["queued"]
REFRESH = re.compile(r'<meta http-equiv="refresh" content="(\d+)">')


def _sign(app: Flask, client: FlaskClient, made: Made) -> str:
    form = {"declaration": "y", "step": "sign", **set_aside_all(app, made.review_id)}
    posted = client.post(f"/reviews/{made.review_id}/confirm", data=form)
    assert posted.status_code == 302
    location = posted.headers["Location"]
    assert f"/reviews/{made.review_id}/signing/sign-review-{made.review_id}-" in location
    return location


def _state(app: Flask, review_id: int) -> tuple[bool, int]:
    with app.app_context():
        db.session.expire_all()
        review = db.session.get_one(Review, review_id)
        count = db.session.scalar(
            select(func.count(ReviewDocument.id)).where(ReviewDocument.review_id == review_id)
        )
        return review.is_locked, int(count or 0)


def test_the_approver_sees_signing_then_the_confirmation(
    app: Flask, client: FlaskClient, auth: AuthActions, queued: Redis, submitted: Made,
    make_user: MakeUser,
) -> None:  # fmt: skip
    auth.login(submitted.approver)
    location = _sign(app, client, submitted)
    waiting = client.get(location)
    assert waiting.status_code == 200
    page = waiting.get_data(as_text=True)
    assert "Signing…" in page and REFRESH.search(page)
    assert _state(app, submitted.review_id) == (False, 0)
    # Another approver of the agency may not watch this approver's signing.
    other = make_user(Role.APPROVER, agency="DSS", name="Ada Quiet")
    assert as_user(app, other).get(location).status_code == 404
    run_burst(app)
    done = client.get(location)
    assert done.status_code == 302 and done.headers["Location"].endswith("/signed")
    assert "Review signed and locked" in client.get(done.headers["Location"]).text
    assert _state(app, submitted.review_id) == (True, 1)
    # The same job run again (a retry): done already, nothing signed twice.
    job = Queue(SIGNING, connection=queued).fetch_job(location.rsplit("/", 1)[1])
    assert job is not None
    Queue(SIGNING, connection=queued).enqueue(sign_review_job, *job.args, job_id="again")
    run_burst(app)
    again = Queue(SIGNING, connection=queued).fetch_job("again")
    assert again is not None and again.return_value()["ok"] is True
    assert _state(app, submitted.review_id) == (True, 1)


def test_a_worker_killed_while_signing_leaves_no_half_and_no_second_document(
    app: Flask, client: FlaskClient, auth: AuthActions, queued: Redis, submitted: Made
) -> None:
    auth.login(submitted.approver)
    worker = start_worker(app)
    try:
        location = _sign(app, client, submitted)
        job = Job.fetch(location.rsplit("/", 1)[1], connection=queued)
        # The fork that signs has started, and has marked its job started.
        wait_until(lambda: children(worker.pid) and job.get_status() == JobStatus.STARTED)
        horses = children(worker.pid)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    for horse in horses:  # RQ's fork runs in a process group of its own
        os.kill(horse, signal.SIGKILL)
    locked, documents = _state(app, submitted.review_id)
    assert (locked, documents) in ((False, 0), (True, 1))
    if not locked:
        # Once the dead worker's heartbeat has run out, its job counts as failed.
        started = Queue(SIGNING, connection=queued).started_job_registry
        started.cleanup(timestamp=(utcnow() + timedelta(minutes=5)).timestamp())
        failed = client.get(location)
        assert failed.status_code == 503
        assert "The signing did not finish" in failed.text
        assert "Error code 503" in failed.text
        location = _sign(app, client, submitted)  # the approver signs again
        run_burst(app)
    assert client.get(location).status_code == 302
    assert _state(app, submitted.review_id) == (True, 1)


def test_without_redis_the_signing_is_refused_with_the_error_page(
    app: Flask, client: FlaskClient, auth: AuthActions, submitted: Made
) -> None:
    app.config.update(JOBS_RUN_INLINE=False, JOBS_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    auth.login(submitted.approver)
    form = {"declaration": "y", "step": "sign", **set_aside_all(app, submitted.review_id)}
    refused = client.post(f"/reviews/{submitted.review_id}/confirm", data=form)
    assert refused.status_code == 503
    assert "Signing is not available right now" in refused.text
    assert "Error code 503" in refused.text
    assert _state(app, submitted.review_id) == (False, 0)
