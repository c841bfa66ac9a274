"""Writing every table of the database to one archive, read as one consistent snapshot."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, select

from ctdppeia.backup.archive import Manifest, writing
from ctdppeia.backup.authenticity import archive_key
from ctdppeia.backup.revision import database_revision, require_newest
from ctdppeia.backup.tables import (
    PASSWORD_HASH,
    RECOVERY_CODES,
    Row,
    TableCodec,
    ordered_tables,
    table_codec,
)
from ctdppeia.extensions import db

_BATCH = 500


def export_archive(path: Path, with_password_hashes: bool = False) -> Manifest:
    """Write the whole database to the archive at `path` (a new file) and return its manifest."""
    key = archive_key()  # refused before anything is read or written when there is none
    with db.engine.connect() as connection:
        connection = _snapshot(connection)
        revision = database_revision(connection)
        require_newest(revision)
        manifest = Manifest(
            revision=revision,
            dialect=connection.dialect.name,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            password_hashes=with_password_hashes,
        )
        with writing(path) as writer:
            for table in ordered_tables():
                codec = table_codec(table)
                rows = _rows(connection, codec, with_password_hashes)
                manifest.tables.append(writer.add_table(table.name, codec.names, rows))
            writer.finish(manifest, key)
        connection.rollback()
    return manifest


def _snapshot(connection: Connection) -> Connection:
    """One read transaction that sees the database as it was when it began, writers or not."""
    if connection.dialect.name == "postgresql":
        return connection.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
    if connection.dialect.name == "sqlite":
        # Python's sqlite3 begins a transaction only before a write: begin it now, so every
        # table is read from the same snapshot.
        connection.exec_driver_sql("BEGIN")
    return connection


def _rows(connection: Connection, codec: TableCodec, with_password_hashes: bool) -> Iterator[Row]:
    table = codec.table
    if table.name == RECOVERY_CODES and not with_password_hashes:
        return
    query = select(table).order_by(*table.primary_key.columns)
    result = connection.execution_options(yield_per=_BATCH).execute(query).mappings()
    withheld = PASSWORD_HASH[1] if table.name == PASSWORD_HASH[0] else None
    for row in result:
        encoded = codec.encode(dict(row))
        if withheld and not with_password_hashes:
            encoded[withheld] = None
        yield encoded
