"""Scheduled work, by name: features register what may run on a schedule, and the scheduler
(cron or a systemd timer, on any host) puts it on the queue with `flask jobs enqueue NAME`.

Each periodic job has the id ``periodic-<name>``, so while one is waiting or running, another
host's scheduler adds none; each one is also safe to run twice (claims, unique keys).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from ctdppeia.jobs.queue import SCHEDULED, enqueue

_REGISTRY = "ctdppeia_periodic_jobs"


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    function: Callable[[], Any]
    description: str
    timeout: int


def register_periodic(
    app: Flask, name: str, function: Callable[[], Any], description: str, timeout: int = 600
) -> None:
    """``function`` (module level, no arguments) may run on a schedule as job ``name``."""
    app.extensions.setdefault(_REGISTRY, {})[name] = PeriodicJob(
        name, function, description, timeout
    )


def periodic_jobs() -> dict[str, PeriodicJob]:
    found: dict[str, PeriodicJob] = current_app.extensions.get(_REGISTRY, {})
    return dict(sorted(found.items()))


def enqueue_periodic(name: str) -> str:
    """Queue the named job once (run it now when jobs run inline); KeyError if unknown."""
    job = periodic_jobs()[name]
    job_id = f"periodic-{name}"
    return enqueue(job.function, job_id=job_id, queue_name=SCHEDULED, timeout=job.timeout)
