"""`seed-scale`: many sample requests, for measuring the pages at scale."""

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from ctdppeia.config import is_development
from ctdppeia.scale.people import EMAIL_DOMAIN
from ctdppeia.scale.seed import seed_scale


@click.command("seed-scale")
@click.argument("count", type=click.IntRange(1, 1_000_000))
@click.option(
    "--password",
    required=True,
    help=f"The password of the sample accounts (reviewer-<agency>@{EMAIL_DOMAIN} and "
    f"approver-<agency>@{EMAIL_DOMAIN}), set when they are first made.",
)
@click.option("--force", is_flag=True, help="Run outside development mode too.")
@with_appcontext
def seed_scale_command(count: int, password: str, force: bool) -> None:
    """Add COUNT sample data requests with their reviews, answers, flags and audit events."""
    if not is_development(current_app.config) and not force:
        raise click.ClickException(
            "seed-scale adds thousands of sample requests and accounts with a known password: "
            "it runs in development mode only (CTDPPEIA_ENV=development), or with --force."
        )
    started = time.perf_counter()
    report = seed_scale(count, password, lambda done: click.echo(f"  {done:,} requests"))
    seconds = time.perf_counter() - started
    click.echo(
        f"Added {report.requests:,} requests, {report.reviews:,} reviews, "
        f"{report.answers:,} answers, {report.use_cases:,} AI use cases "
        f"({report.published:,} published) and {report.events:,} audit events in {seconds:.1f} s."
    )
