"""Scheduled work as jobs: `flask jobs enqueue` queues each once however many hosts ask, a
real worker runs them, and /metrics counts what waits, what failed and the oldest wait."""

import re

from flask import Flask
from redis import Redis
from rq import Queue

from ctdppeia.jobs import SCHEDULED
from ctdppeia.metrics import allowed_networks
from tests.jobs.worker import queued, run_burst

__all__ = ["queued"]
NAMES = ["audit-verify", "inventory-freeze", "notices-run-due", "outbox-sweep"]


def _metrics(app: Flask) -> str:
    app.config["METRICS_ALLOWED_ADDRESSES"] = allowed_networks("127.0.0.1")
    response = app.test_client().get("/metrics")
    assert response.status_code == 200
    return response.text


def _gauge(text: str, name: str, queue: str = SCHEDULED) -> float:
    found = re.search(rf'^{name}{{queue="{queue}"}} (\S+)$', text, re.MULTILINE)
    assert found, f"{name} for {queue} is not in /metrics"
    return float(found.group(1))


def test_each_scheduled_job_is_queued_once_and_run_by_the_worker(app: Flask, queued: Redis) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(args=["jobs", "list"]).output.count(":") == len(NAMES)
    for _host in range(2):  # two hosts' schedulers at the same minute
        result = runner.invoke(args=["jobs", "enqueue", "all"])
        assert result.exit_code == 0, result.output
    scheduled = Queue(SCHEDULED, connection=queued)
    assert sorted(scheduled.job_ids) == sorted(f"periodic-{name}" for name in NAMES)
    text = _metrics(app)
    assert _gauge(text, "ctdppeia_jobs_queued") == len(NAMES)
    assert _gauge(text, "ctdppeia_jobs_oldest_waiting_seconds") >= 0
    assert "ctdppeia_emails_unsent 0.0" in text
    run_burst(app)
    text = _metrics(app)
    assert _gauge(text, "ctdppeia_jobs_queued") == 0
    assert _gauge(text, "ctdppeia_jobs_failed") == 0
    verified = scheduled.fetch_job("periodic-audit-verify")
    assert verified is not None and "linked correctly" in str(verified.return_value())
    assert "nothing published" in str(
        scheduled.fetch_job("periodic-inventory-freeze").return_value()
    )  # type: ignore[union-attr]


def test_an_unknown_name_is_refused(app: Flask, queued: Redis) -> None:
    result = app.test_cli_runner().invoke(args=["jobs", "enqueue", "nightly-backup"])
    assert result.exit_code != 0 and "no scheduled job named nightly-backup" in result.output


def test_the_worker_refuses_to_start_without_a_queue(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["jobs", "work", "--burst"])
    assert result.exit_code != 0 and "jobs run inline here" in result.output


def test_inline_scheduled_jobs_run_at_once(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["jobs", "enqueue", "audit-verify"])
    assert result.exit_code == 0 and "audit-verify: ran" in result.output
