"""`flask --app ctdppeia signing ...`: the signing keys kept in the database."""

import click
from flask.cli import AppGroup

from ctdppeia.documents.identity import import_instance_keys

signing_cli = AppGroup("signing", help="The signing keys kept in the database.")


@signing_cli.command("import-keys")
def import_keys_command() -> None:
    """Copy the signing keys an earlier version kept in the instance folder
    (signing-authority.p12 and signers/) into the database, once, so that the certificates
    already issued keep signing on every host. Safe to run again: keys already in the
    database are left as they are. The files are not changed; remove them afterwards."""
    copied, skipped = import_instance_keys()
    click.echo(f"Copied {copied} signing keys into the database.")
    if skipped:
        click.echo(f"Skipped {skipped} key files whose account does not exist.", err=True)
