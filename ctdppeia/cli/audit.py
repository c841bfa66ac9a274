"""`flask --app ctdppeia audit verify`: check the audit log's hash chain."""

import click
from flask.cli import AppGroup

from ctdppeia.audit_chain import verify_chain

audit_cli = AppGroup("audit", help="Check the audit log.")


@audit_cli.command("verify")
def verify_command() -> None:
    """Walk the audit log in order and report the first event whose hash link is broken.

    Exits with status 1 when the chain is broken, so it can run from a scheduled check.
    """
    report = verify_chain()
    if report.broken is not None:
        before = report.checked - 1
        click.echo(f"BROKEN at event {report.broken.event_id}: {report.broken.reason}.", err=True)
        click.echo(f"The {before} events before it are linked correctly.", err=True)
        raise SystemExit(1)
    if report.head is None:
        click.echo("The audit log is empty: nothing to check.")
        return
    click.echo(f"OK: all {report.checked} events are linked correctly.")
    click.echo(f"Chain head: event {report.head.event_id}, SHA-256 {report.head.hash}")
