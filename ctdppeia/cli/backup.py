"""`export FILE` and `import FILE`: the whole database to one archive, and back."""

import logging
import time
from pathlib import Path

import click
from flask.cli import with_appcontext

from ctdppeia.backup import BackupError, Manifest, export_archive, import_archive
from ctdppeia.logs import security_event


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--with-password-hashes",
    is_flag=True,
    help="Include the accounts' password hashes and two-step recovery codes (left out by "
    "default: restored accounts then need a new password and new recovery codes).",
)
@with_appcontext
def export_command(file: Path, with_password_hashes: bool) -> None:
    """Write every table of the database, signed PDFs included, to the archive FILE (new)."""
    started = time.perf_counter()
    try:
        manifest = export_archive(file, with_password_hashes)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Wrote {file}: {_summary(manifest)}, in {time.perf_counter() - started:.2f} s.")
    security_event(
        "export",
        logging.WARNING,
        "export: the whole database written to %s (password hashes %s)",
        str(file),
        "included" if with_password_hashes else "left out",
        file=str(file),
        with_password_hashes=with_password_hashes,
    )
    if not with_password_hashes:
        click.echo(
            "Password hashes and two-step recovery codes were left out: after an import, "
            "every account needs a new password (set-user EMAIL --reset-password) and new "
            "recovery codes, or export again with --with-password-hashes."
        )


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(file: Path) -> None:
    """Restore the archive FILE into this database, which must be empty and migrated to the
    archive's revision. The archive must be authentic (made with this ARCHIVE_KEY), its audit
    chain whole and every row valid. All of it is restored, or nothing."""
    started = time.perf_counter()
    try:
        restored = import_archive(file)
    except BackupError as error:
        raise click.ClickException(f"{error}") from error
    manifest = restored.manifest
    click.echo(f"Restored {file}: {_summary(manifest)}, in {time.perf_counter() - started:.2f} s.")
    if restored.chain_head is not None:
        head = restored.chain_head
        click.echo(
            f"The archive was authentic and its {restored.events} audit events are linked "
            f"correctly; chain head: event {head.event_id}, SHA-256 {head.hash}"
        )
    if not manifest.password_hashes:
        click.echo(
            "The archive holds no password hashes: no account can sign in until an "
            "administrator sets its password (set-user EMAIL --reset-password)."
        )


def _summary(manifest: Manifest) -> str:
    rows = sum(member.rows for member in manifest.tables)
    return f"{len(manifest.tables)} tables, {rows} rows, migration {', '.join(manifest.revision)}"
