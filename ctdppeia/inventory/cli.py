"""`flask --app ctdppeia inventory freeze YEAR`: store a year's AI inventory for good;
`inventory check`: the publishing validator over the inventory; `inventory crosswalk`: the
crosswalk tables of docs/inventory-crosswalk.md."""

import click
from flask.cli import AppGroup
from flask_babel import ngettext

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
    click.echo(
        ngettext(
            "Froze the %(year)s inventory: %(num)s system.",
            "Froze the %(year)s inventory: %(num)s systems.",
            count,
            year=year,
        )
    )


@inventory_cli.command("crosswalk")
def crosswalk_command() -> None:
    """Print the crosswalk tables of docs/inventory-crosswalk.md (from the mappings)."""
    from ctdppeia.inventory.standards.crosswalk import markdown

    click.echo(markdown(), nl=False)


@inventory_cli.command("check")
def check_command() -> None:
    """Run the publishing validator over every system in the inventory today."""
    from ctdppeia.inventory import clock, linkcheck, register, validator

    versions = register.latest_versions()
    records = [register.record_of(version, clock.today()) for version in versions]
    problems = validator.validate(
        records,
        systems=[str(version.use_case_id) for version in versions],
        base_url=linkcheck.base_url(),
        resolves=linkcheck.resolves,
    )
    for problem in problems:
        click.echo(f"{records[problem.row]['public_id']}: {problem.described()}")
    if problems:
        raise click.ClickException(f"{len(problems)} problems in {len(records)} systems.")
    click.echo(f"No problems in {len(records)} systems.")
