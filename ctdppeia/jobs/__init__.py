"""Jobs on Redis with RQ: signing a review's PDF, sending the outbox's emails, scheduled work.

Low layer: it knows no feature. ``queue`` puts a job on once (by id) or runs it at once when
``JOBS_RUN_INLINE`` is on; ``periodic`` names the scheduled jobs features register; ``worker``
is the worker (`flask --app ctdppeia jobs work`), which runs each job in a fork of itself;
``stats`` counts what waits and what failed, for /metrics.
"""

from flask import Flask

from ctdppeia.jobs.periodic import register_periodic
from ctdppeia.jobs.queue import MAIL, SCHEDULED, SIGNING, enqueue, fetch, run_inline

__all__ = [
    "MAIL",
    "SCHEDULED",
    "SIGNING",
    "enqueue",
    "fetch",
    "register_periodic",
    "run_inline",
]


def init_app(app: Flask) -> None:
    from ctdppeia.jobs.cli import jobs_cli

    app.cli.add_command(jobs_cli)
