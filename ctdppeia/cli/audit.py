"""`flask --app ctdppeia audit ...`: check the audit log's hash chain; anchor its head outside
the database and check the anchors (ctdppeia.audit_anchor)."""

from pathlib import Path

import click
from flask.cli import AppGroup

from ctdppeia import audit_anchor
from ctdppeia.audit_chain import verify_chain

audit_cli = AppGroup("audit", help="Check the audit log.")

_DIR = click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The anchor folder (default: AUDIT_ANCHOR_DIR, else <instance>/audit-anchors).",
)


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


@audit_cli.command("anchor")
@_DIR
def anchor_command(folder: Path | None) -> None:
    """Write a signed statement of the chain's head (event, hash, count, time) to the anchor
    folder, and email it to AUDIT_ANCHOR_EMAILS. Run it on a schedule (docs/security.md).

    Exits with status 1, writing nothing, when the chain is broken."""
    try:
        statement = audit_anchor.current_statement()
        path = audit_anchor.write_anchor(statement, folder or audit_anchor.anchor_dir())
    except (audit_anchor.AnchorError, OSError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Anchored event {statement.event_id} ({statement.events} events, SHA-256 "
        f"{statement.hash}) in {path}."
    )
    addresses = audit_anchor.anchor_emails()
    if addresses:
        sent = audit_anchor.email_anchor(statement, addresses)
        to = ", ".join(addresses)
        click.echo(f"Emailed to {to}." if sent else f"Could NOT email it to {to} (see the log).")
        if not sent:
            raise SystemExit(1)


@audit_cli.command("check-anchors")
@_DIR
def check_anchors_command(folder: Path | None) -> None:
    """Check the chain, then every statement in the anchor folder against the audit log: a
    statement whose event is gone, has another hash, or has another number of events before
    it shows that history was cut or rewritten. Exits with status 1 on any problem."""
    folder = folder or audit_anchor.anchor_dir()
    problems = _chain_problems()
    findings = list(audit_anchor.check_anchors(folder)) if folder.is_dir() else []
    for finding in findings:
        if finding.problem is not None:
            click.echo(f"FAILED {finding.name}: {finding.problem}.", err=True)
            problems += 1
    if not findings:
        click.echo(f"No anchor statement in {folder}: nothing to check against.", err=True)
        raise SystemExit(1)
    good = [f.statement for f in findings if f.problem is None and f.statement is not None]
    if good:
        click.echo(
            f"{len(good)} of {len(findings)} statements agree with the audit log; the newest "
            f"anchors event {good[-1].event_id} at {good[-1].at}."
        )
    if problems:
        raise SystemExit(1)
    click.echo("OK: the audit log holds every anchored event, unchanged.")


def _chain_problems() -> int:
    report = verify_chain()
    if report.broken is None:
        return 0
    click.echo(
        f"FAILED the chain: broken at event {report.broken.event_id}: {report.broken.reason}.",
        err=True,
    )
    return 1
