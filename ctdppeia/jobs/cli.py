"""`flask --app ctdppeia jobs ...`: the worker, scheduled work, and the queues' state."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from ctdppeia.jobs.periodic import enqueue_periodic, periodic_jobs
from ctdppeia.jobs.queue import QUEUE_NAMES, run_inline
from ctdppeia.jobs.stats import queue_stats
from ctdppeia.jobs.worker import make_worker

jobs_cli = AppGroup("jobs", help="The job worker and its queues.")


@jobs_cli.command("work")
@click.option("--burst", is_flag=True, help="Stop once the queues are empty.")
@click.option(
    "--queue",
    "queues",
    multiple=True,
    type=click.Choice(QUEUE_NAMES),
    help="Take jobs from this queue only (repeat for more); default: all, signing first.",
)
def work_command(burst: bool, queues: tuple[str, ...]) -> None:
    """Run the worker: take jobs from Redis (JOBS_REDIS_URL) and run each in a fork."""
    if run_inline():
        raise click.ClickException(
            "jobs run inline here (JOBS_RUN_INLINE, or no JOBS_REDIS_URL): there is no queue "
            "to work on. Set CTDPPEIA_JOBS_REDIS_URL to the Redis every host uses."
        )
    worker = make_worker(current_app._get_current_object(), queues or QUEUE_NAMES)  # type: ignore[attr-defined]
    worker.work(burst=burst, logging_level=str(current_app.config.get("LOG_LEVEL", "INFO")))


@jobs_cli.command("enqueue")
@click.argument("names", nargs=-1, required=True)
def enqueue_command(names: tuple[str, ...]) -> None:
    """Queue scheduled work by name, once however many hosts ask ("all": every one)."""
    known = periodic_jobs()
    wanted = list(known) if names == ("all",) else list(names)
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise click.ClickException(
            f"no scheduled job named {', '.join(unknown)}; known: {', '.join(known)}"
        )
    for name in wanted:
        enqueue_periodic(name)
        done = "ran" if run_inline() else "queued"
        click.echo(f"{name}: {done}")


@jobs_cli.command("list")
def list_command() -> None:
    """The scheduled jobs `enqueue` knows, with what each does."""
    for job in periodic_jobs().values():
        click.echo(f"{job.name}: {job.description}")


@jobs_cli.command("status")
def status_command() -> None:
    """Each queue: jobs waiting, jobs failed, and the oldest waiting job's age."""
    if run_inline():
        click.echo("Jobs run inline (no queue).")
        return
    for found in queue_stats():
        click.echo(
            f"{found.name}: {found.queued} queued, {found.failed} failed, "
            f"oldest waiting {found.oldest_waiting_seconds:.0f} s"
        )
