"""`flask mail test ADDRESS`: check the SMTP settings by sending one email."""

import click
from flask.cli import AppGroup

from ctdppeia.mail import MailError, mail_enabled, render_email, send_mail

mail_cli = AppGroup("mail", help="Email settings (CTDPPEIA_MAIL_*; see docs/translations.md).")


@mail_cli.command("test")
@click.argument("address")
@click.option("--language", default="en", show_default=True, help="en or es")
def test_command(address: str, language: str) -> None:
    """Send a test email to ADDRESS through the configured SMTP server."""
    if not mail_enabled():
        click.echo("Email is off: set CTDPPEIA_MAIL_SERVER to send email.")
        raise click.exceptions.Exit(1)
    email = render_email(language, "test_message", name=address)
    try:
        sent = send_mail(address, email.subject, email.text, email.html)
    except MailError as error:
        click.echo(f"Not sent: {error}.")
        raise click.exceptions.Exit(1) from None
    if not sent:
        click.echo("Not sent: the SMTP server refused it or could not be reached (see the log).")
        raise click.exceptions.Exit(1)
    click.echo(f"Sent a test email to {address}.")
