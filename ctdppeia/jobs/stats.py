"""What /metrics and `flask jobs status` tell of the queues: jobs waiting, jobs failed, and
how long the oldest waiting job has waited."""

from __future__ import annotations

from dataclasses import dataclass

from rq import Queue
from rq.job import Job

from ctdppeia.jobs.queue import QUEUE_NAMES, connection
from ctdppeia.models.timestamps import utcnow


@dataclass(frozen=True)
class QueueStats:
    name: str
    queued: int
    failed: int
    oldest_waiting_seconds: float


def queue_stats() -> list[QueueStats]:
    """Each queue's counts (raises redis.RedisError when Redis does not answer)."""
    return [_stats(Queue(name, connection=connection())) for name in QUEUE_NAMES]


def _stats(queue: Queue) -> QueueStats:
    failed = queue.failed_job_registry
    failed.cleanup()
    return QueueStats(queue.name, queue.count, failed.count, _oldest_wait(queue))


def _oldest_wait(queue: Queue) -> float:
    for job_id in queue.get_job_ids(0, 0):  # the head of the queue is the oldest
        job = Job.fetch(job_id, connection=queue.connection)
        if job.enqueued_at is not None:
            return max(0.0, (utcnow() - job.enqueued_at).total_seconds())
    return 0.0
