"""The approver's confirmation as a job: the fast checks in the request, then building and
signing the PDF and locking the review on the worker, while the approver sees "Signing...".

The job is safe to run twice and to kill at any point. Signing happens before any write;
locking the review and storing its one signed document are one transaction, and the table of
signed documents takes one row per review. So a killed job leaves the review as it was, or
locked with its one signed document, never two, never half; a job run again after the review
was locked by this very confirmation reports success and signs nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from redis.exceptions import RedisError
from rq.job import JobStatus
from sqlalchemy import select

from ctdppeia import jobs
from ctdppeia.extensions import db
from ctdppeia.jobs.queue import queue as job_queue
from ctdppeia.models import Review, ReviewDocument, User
from ctdppeia.reviews import workflow
from ctdppeia.reviews.errors import ReviewError, WrongState

PREFIX = "sign-review-"


@dataclass(frozen=True)
class Outcome:
    """What a signing job ended with: done, or the error page to show (code, title, advice)."""

    ok: bool
    code: int = 200
    title: str = ""
    advice: str = ""


class SigningNotFinished(ReviewError):
    """The signing job failed or was lost (a worker stopped, Redis restarted)."""

    code = 503

    def __init__(self) -> None:
        self.title = _("The signing did not finish")
        super().__init__(
            _(
                "The review was not signed and has not changed. Go back to the review and "
                "sign it again. If it happens again, tell your administrator."
            )
        )


class SigningUnavailable(ReviewError):
    """The job queue (Redis) does not answer, so the signing could not be queued."""

    code = 503

    def __init__(self) -> None:
        self.title = _("Signing is not available right now")
        super().__init__(
            _(
                "The review was not signed and has not changed. Try again in a few minutes. "
                "If it happens again, tell your administrator."
            )
        )


def job_id_for(review: Review, user: User) -> str:
    """One job per approver and submission they saw: a second click joins the first."""
    submitted = review.submitted_at.timestamp() if review.submitted_at else 0
    return f"{PREFIX}{review.id}-{user.id}-{review.version}-{int(submitted * 1000)}"


def start_signing(user: User, review: Review, note: str, inputs: Mapping[str, Any]) -> str:
    """Check the confirmation now (raises what refuses it), then queue the signing job."""
    workflow.check_confirmation(user, review, note, inputs)
    job_id = job_id_for(review, user)
    seen = (review.version, review.submitted_at)
    timeout = int(current_app.config["SIGNING_TIMEOUT_SECONDS"]) + 60
    args = (review.id, user.id, note, dict(inputs), seen)
    try:
        jobs.enqueue(
            sign_review_job, *args, job_id=job_id, queue_name=jobs.SIGNING, timeout=timeout
        )
    except RedisError as error:
        current_app.logger.error("could not queue the signing of review %s: %s", review.id, error)
        raise SigningUnavailable() from error
    return job_id


def sign_review_job(
    review_id: int, approver_id: int, note: str, inputs: dict[str, Any], seen: workflow.Seen
) -> dict[str, Any]:
    """The job: confirm and sign as the approver asked; the outcome as a plain mapping."""
    review, approver = db.session.get(Review, review_id), db.session.get(User, approver_id)
    if review is None or approver is None:
        return asdict(_failure(WrongState("The review or the approver's account is gone.")))
    if review.is_locked:
        return asdict(_already_locked(review, approver_id))
    try:
        workflow.confirm_review(approver, review, note, inputs, expected=seen)
    except ReviewError as error:
        db.session.rollback()
        current_app.logger.warning("signing review %s refused: %s", review_id, error.advice)
        return asdict(_failure(error))
    return asdict(Outcome(ok=True))


def _already_locked(review: Review, approver_id: int) -> Outcome:
    """A job run again after its own confirmation was saved: done, nothing signed again."""
    query = select(ReviewDocument.id).where(ReviewDocument.review_id == review.id)
    if review.confirmed_by_id == approver_id and db.session.scalar(query) is not None:
        return Outcome(ok=True)
    return _failure(WrongState("The review was locked by another confirmation."))


def _failure(error: ReviewError) -> Outcome:
    return Outcome(False, error.code, str(error.title), str(error.advice))


def signing_outcome(job_id: str) -> Outcome | None:
    """None while the job waits or runs; its outcome once it ended (lost: not finished)."""
    found = jobs.fetch(job_id)
    if found is None:
        return _failure(SigningNotFinished())
    if found.get_status(refresh=False) == JobStatus.STARTED:
        _forget_killed(found.origin)
    status = found.get_status()
    if status == JobStatus.FINISHED:
        value = found.return_value()
        return Outcome(**value) if isinstance(value, dict) else _failure(SigningNotFinished())
    if status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
        return _failure(SigningNotFinished())
    return None


def _forget_killed(queue_name: str) -> None:
    """A job whose worker was killed counts as failed once its heartbeat has run out."""
    job_queue(queue_name).started_job_registry.cleanup()


def job_approver(job_id: str) -> int | None:
    """The approver who asked for the job (only they may watch it)."""
    found = jobs.fetch(job_id)
    if found is None:
        return None
    args = found.args
    return int(args[1]) if len(args) > 1 else None
