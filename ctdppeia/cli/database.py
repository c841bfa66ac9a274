"""`init-db`: create the tables of a new database (until the migrations take over)."""

import click
from flask.cli import with_appcontext
from sqlalchemy import inspect

from ctdppeia.admin.services import seed_agencies
from ctdppeia.extensions import db


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the tables that are missing and add the executive-branch agencies.

    Safe to run again: existing tables and data are left as they are.
    """
    existed = inspect(db.engine).has_table("user_account")
    db.create_all()
    added = seed_agencies()
    state = "The tables already existed" if existed else "Created the tables"
    click.echo(f"{state}; added {added} {'agency' if added == 1 else 'agencies'}.")
