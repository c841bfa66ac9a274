"""The worker: RQ's, which runs each job in a fork of itself (a crash, a leak or a stuck
library in one job never reaches the next), with the application's context in every fork."""

from __future__ import annotations

from typing import Any

from flask import Flask
from rq import Worker

from ctdppeia.extensions import db
from ctdppeia.jobs.queue import QUEUE_NAMES


class AppWorker(Worker):
    """RQ's forking worker; each fork runs its job in a fresh application context, with its own
    database connections (a fork must not use the sockets of the process it came from)."""

    app: Flask

    def main_work_horse(self, job: Any, queue: Any) -> None:
        with self.app.app_context():
            db.engine.dispose(close=False)
            super().main_work_horse(job, queue)


def make_worker(app: Flask, queues: tuple[str, ...] = QUEUE_NAMES) -> AppWorker:
    from ctdppeia.jobs.queue import redis_client

    with app.app_context():
        redis = redis_client(socket_timeout=None)  # the worker blocks on Redis, waiting for jobs
    worker = AppWorker(list(queues), connection=redis)
    worker.app = app
    return worker
