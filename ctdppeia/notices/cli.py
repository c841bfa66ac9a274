"""`flask --app ctdppeia notices run-due`: reminders, dated notices and digests, on a schedule.

Run it from cron (or a systemd timer) on every host, every few minutes or at least once an
hour: each email is claimed once in the database, so hosts that run it at the same time send
nothing twice, and a run that fails leaves what it did not send to the next one.
"""

from datetime import UTC, datetime

import click
from flask.cli import AppGroup

from ctdppeia.notices.jobs import run_due

notices_cli = AppGroup("notices", help="Notices, reminders and digests.")


@notices_cli.command("run-due")
@click.option(
    "--at",
    "at",
    type=click.DateTime(formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d"]),
    default=None,
    help="Run as if it were this UTC time (to catch up or to try it); default: now.",
)
def run_due_command(at: datetime | None) -> None:
    """Send the reminders, dated notices and digests that are due, each once."""
    result = run_due(at.replace(tzinfo=UTC) if at is not None else None)
    click.echo(
        f"Sent {result.reminders} reminder(s), {result.dated} dated notice(s) "
        f"and {result.digests} digest(s)."
    )
