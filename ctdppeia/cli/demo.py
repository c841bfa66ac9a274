"""`seed-demo`: demo accounts and sample data."""

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ctdppeia.demo import seed_demo
from ctdppeia.extensions import db
from ctdppeia.models import User


@click.command("seed-demo")
@click.option(
    "--if-new-default",
    is_flag=True,
    help="Only when the database is the default SQLite file in the instance folder and has "
    "no accounts yet (what `make run` does); a configured DATABASE_URL is never touched.",
)
@with_appcontext
def seed_demo_command(if_new_default: bool) -> None:
    """Create one demo account per role and sample requests (once)."""
    if if_new_default and (reason := _not_new_default()):
        click.echo(f"No demo data added: {reason}. Run `make demo` to add it on purpose.")
        return
    result = seed_demo()
    if result.password is None:
        click.echo("Demo data already exists; nothing changed.")
        return
    click.echo("Demo accounts (the password is shown only now; write it down):")
    for user in result.accounts:
        click.echo(f"  {user.email:<28} {user.role_label}, {user.agency.code}")
    click.echo(f"  password for all of them: {result.password}")


def _not_new_default() -> str | None:
    """Why the database is not a new default one, or None when it is."""
    if current_app.config["DATABASE_URL"]:
        return "the database is configured (DATABASE_URL)"
    if db.session.scalar(select(func.count()).select_from(User)):
        return "the database already has accounts"
    return None
