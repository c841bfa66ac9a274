"""`flask --app ctdppeia inventory freeze YEAR`: store a year's AI inventory for good."""

import click
from flask.cli import AppGroup

from ctdppeia.extensions import db
from ctdppeia.inventory import years
from ctdppeia.models import InventoryYear

inventory_cli = AppGroup("inventory", help="The public AI inventory.")


@inventory_cli.command("freeze")
@click.argument("year", type=click.IntRange(2000, 9999))
def freeze_command(year: int) -> None:
    """Freeze YEAR's inventory as it stood at the end of December 31 (once the year is over)."""
    if db.session.get(InventoryYear, year) is not None:
        click.echo(f"The {year} inventory was frozen already; nothing changed.")
        return
    try:
        frozen = years.freeze(None, year)
    except years.YearNotOver as error:
        raise click.ClickException(str(error)) from error
    count = len(frozen.document["systems"])
    click.echo(f"Froze the {year} inventory: {count} system{'s' if count != 1 else ''}.")
