"""`seed-demo`: demo accounts and sample data."""

import click
from flask.cli import with_appcontext

from ctdppeia.demo import seed_demo


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create one demo account per role and sample requests (once)."""
    result = seed_demo()
    if result.password is None:
        click.echo("Demo data already exists; nothing changed.")
        return
    click.echo("Demo accounts (the password is shown only now; write it down):")
    for user in result.accounts:
        click.echo(f"  {user.email:<28} {user.role_label}, {user.agency.code}")
    click.echo(f"  password for all of them: {result.password}")
