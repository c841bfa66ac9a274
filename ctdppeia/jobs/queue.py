"""The job queues in Redis (RQ), and putting a job on one once.

A job is a module-level function and its arguments (RQ pickles them). Each job has an id that
names the work (``email-12``, ``sign-review-7-...``): :func:`enqueue` does not add a job whose
id is already waiting or running, so two hosts, or two clicks, that ask for the same work at
once put it on the queue once. The job functions are written to be run twice safely all the
same (a killed worker's job is run again): the id saves work, the database keeps it right.

With ``JOBS_RUN_INLINE`` on, :func:`enqueue` runs the function at once, in the caller's
process and application context, and nothing touches Redis.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app
from redis import Redis
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

# The worker takes jobs from these queues in this order: an approver waits for a signing.
SIGNING = "ctdppeia-signing"
MAIL = "ctdppeia-mail"
SCHEDULED = "ctdppeia-scheduled"
QUEUE_NAMES = (SIGNING, MAIL, SCHEDULED)

RESULT_TTL = 3600  # seconds a finished job's outcome is kept (the "Signing..." page reads it)
FAILURE_TTL = 7 * 24 * 3600  # seconds a failed job is kept, for the operator to look at
WAITING = (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED)
_GUARD_MS = 10_000  # how long one process may take to put a job on, holding its id
_CONNECTION = "ctdppeia_jobs_redis"


class JobsUnavailable(RuntimeError):
    """No Redis is configured for jobs (JOBS_REDIS_URL), yet a job must be queued."""


def run_inline() -> bool:
    return bool(current_app.config.get("JOBS_RUN_INLINE"))


def connection() -> Redis:
    """This application's Redis for jobs (one client per application and process), with short
    time limits: a page that asks about a job never hangs on a Redis that does not answer."""
    found: Redis | None = current_app.extensions.get(_CONNECTION)
    if found is None:
        found = redis_client(socket_timeout=5)
        current_app.extensions[_CONNECTION] = found
    return found


def redis_client(socket_timeout: float | None) -> Redis:
    url = current_app.config.get("JOBS_REDIS_URL")
    if not url:
        raise JobsUnavailable("set JOBS_REDIS_URL (or a Redis RATELIMIT_STORAGE_URI) for jobs")
    return Redis.from_url(str(url), socket_connect_timeout=5, socket_timeout=socket_timeout)


def queue(name: str) -> Queue:
    return Queue(name, connection=connection())


def enqueue(
    function: Callable[..., Any], *args: Any, job_id: str, queue_name: str, timeout: int
) -> str:
    """Put ``function(*args)`` on ``queue_name`` as job ``job_id``, unless a job of that id is
    waiting or running; ``timeout``: seconds before the worker stops it. Inline: run it now."""
    if run_inline():
        function(*args)
        return job_id
    redis = connection()
    guard = f"ctdppeia:enqueue:{job_id}"
    if not redis.set(guard, "1", nx=True, px=_GUARD_MS):
        return job_id  # another process is putting this very job on now
    try:
        target = Queue(queue_name, connection=redis)
        target.started_job_registry.cleanup()  # a killed worker's job no longer counts
        if status(job_id) not in WAITING:
            target.enqueue(
                function,
                *args,
                job_id=job_id,
                job_timeout=timeout,
                result_ttl=RESULT_TTL,
                failure_ttl=FAILURE_TTL,
            )
    finally:
        redis.delete(guard)
    return job_id


def enqueue_new(
    function: Callable[..., Any], each: list[tuple[str, tuple[Any, ...]]], queue_name: str,
    timeout: int,
) -> None:  # fmt: skip
    """Put one job per (job id, arguments) on ``queue_name`` in one round trip to Redis, for
    work that was just made (its ids cannot be waiting yet). Inline: run each now."""
    if run_inline():
        for _job_id, args in each:
            function(*args)
        return
    datas = [_data(function, job_id, args, timeout) for job_id, args in each]
    Queue(queue_name, connection=connection()).enqueue_many(datas)


def _data(function: Callable[..., Any], job_id: str, args: tuple[Any, ...], timeout: int) -> Any:
    return Queue.prepare_data(
        function,
        args=args,
        job_id=job_id,
        timeout=timeout,
        result_ttl=RESULT_TTL,
        failure_ttl=FAILURE_TTL,
    )


def fetch(job_id: str) -> Job | None:
    try:
        return Job.fetch(job_id, connection=connection())
    except NoSuchJobError:
        return None


def status(job_id: str) -> JobStatus | None:
    found = fetch(job_id)
    return None if found is None else found.get_status(refresh=False)
