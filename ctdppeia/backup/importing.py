"""Restoring an archive into an empty database, in one transaction: all of it or nothing.

Checks first (the archive is authentic: its manifest's MAC matches this installation's
``ARCHIVE_KEY``; whole, within the read limits, made at the migration this database is at, with
the same tables and columns; the database is empty), then inserts table after table in
foreign-key order with their own ids, each row checked against the rules of its columns and
fields (``rules.py``), confirms the confirmed reviews last (see ``CONFIRMED_LAST``), verifies the
restored audit chain and sets PostgreSQL's id sequences past the restored ids. Any failure rolls
the whole transaction back. The database's guards stay in place throughout.
"""

from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import Connection, Table, bindparam, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from ctdppeia.audit_chain import CHAIN_LOCK_KEY, ChainHead, walk_chain
from ctdppeia.backup.archive import ArchiveReader, Manifest, reading
from ctdppeia.backup.authenticity import archive_key
from ctdppeia.backup.bounds import ReadLimits
from ctdppeia.backup.errors import BackupError
from ctdppeia.backup.revision import database_revision, require_newest
from ctdppeia.backup.rules import check_row
from ctdppeia.backup.tables import (
    CONFIRMED_LAST,
    NO_PASSWORD,
    PASSWORD_HASH,
    Row,
    ordered_tables,
    parents_first,
    self_references,
    table_codec,
)
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent

_BATCH = 500
Deferred = list[tuple[Table, Any, Row]]  # (table, primary key, the columns set last)


@dataclass(frozen=True)
class Restored:
    """What was restored: the archive's manifest, the restored audit chain's head (None when
    the log is empty) and how many events the chain holds."""

    manifest: Manifest
    chain_head: ChainHead | None
    events: int


def import_archive(path: Path) -> Restored:
    """Restore the archive at `path` into this (empty) database; BackupError says why not."""
    key = archive_key()
    with reading(path, ReadLimits.from_config(current_app.config)) as archive:
        manifest = archive.manifest(key)
        _same_tables(manifest)
        archive.check(manifest)
        try:
            # one connection of its own, not the session: every table restored, or none
            with db.engine.begin() as connection:
                restored = _restore(connection, archive, manifest)
        except SQLAlchemyError as error:
            raise _refused("the archive's data", error) from error
    return restored


def _refused(what: str, error: SQLAlchemyError) -> BackupError:
    """The database's own words (not the statement and its values, which can be large)."""
    reason = str(getattr(error, "orig", None) or error).strip()
    return BackupError(f"The database refused {what}, so nothing was restored: {reason}")


def _same_tables(manifest: Manifest) -> None:
    """The archive holds exactly the tables and columns of the models, in their order."""
    ours = [(t.name, [c.name for c in t.columns]) for t in ordered_tables()]
    theirs = [(m.table, m.columns) for m in manifest.tables]
    if ours == theirs:
        return
    names, their_names = {n for n, _ in ours}, {n for n, _ in theirs}
    missing, unknown = sorted(names - their_names), sorted(their_names - names)
    changed = sorted(n for n, c in ours if n in their_names and manifest.member(n).columns != c)
    raise BackupError(
        "The archive's tables do not match this version of ctdppeia "
        f"(missing: {missing or 'none'}; unknown: {unknown or 'none'}; "
        f"other columns: {changed or 'none'})."
    )


def _restore(connection: Connection, archive: ArchiveReader, manifest: Manifest) -> Restored:
    if connection.dialect.name == "postgresql":  # no audit event is sealed meanwhile
        connection.execute(select(func.pg_advisory_xact_lock(CHAIN_LOCK_KEY)))
    _check_revision(connection, manifest)
    _check_empty(connection)
    deferred: Deferred = []
    for table in ordered_tables():
        deferred += _insert_table(connection, archive, manifest, table)
    _set_last(connection, deferred)
    restored = _check_chain(connection, manifest)
    if connection.dialect.name == "postgresql":
        _reset_sequences(connection)
    return restored


def _check_chain(connection: Connection, manifest: Manifest) -> Restored:
    """The restored audit log is one whole chain (read back inside the transaction)."""
    table = AuditEvent.__table__
    query = select(table).order_by(table.c.id).execution_options(yield_per=_BATCH)
    with connection.execute(query) as events:
        report = walk_chain(events)
    if report.broken is not None:
        raise BackupError(
            f"The archive's audit log is broken at event {report.broken.event_id}: "
            f"{report.broken.reason}. The {report.checked - 1} events before it are linked "
            "correctly. Nothing was restored."
        )
    return Restored(manifest, report.head, report.checked)


def _check_revision(connection: Connection, manifest: Manifest) -> None:
    found = database_revision(connection)
    require_newest(found)
    if manifest.revision != found:
        raise BackupError(
            f"The archive was made at migration {', '.join(manifest.revision)}, this database "
            f"is at {', '.join(found)}: restore it with the version of ctdppeia that made it."
        )


def _check_empty(connection: Connection) -> None:
    filled = []
    for table in ordered_tables():
        count = connection.scalar(select(func.count()).select_from(table)) or 0
        if count:
            filled.append(
                ngettext(
                    "%(table)s (%(num)s row)", "%(table)s (%(num)s rows)", count, table=table.name
                )
            )
    if filled:
        raise BackupError(
            "The database is not empty, and an archive is only restored into an empty one: "
            f"{', '.join(filled)}. Create a new database, run `flask db upgrade`, import again."
        )


def _insert_table(
    connection: Connection, archive: ArchiveReader, manifest: Manifest, table: Table
) -> Deferred:
    codec, member = table_codec(table), manifest.member(table.name)
    with closing(archive.rows(member)) as source:  # closed (its file too) even on a refusal
        rows = (
            _restorable(table, codec.decode(row), f"{member.path}, line {number}", manifest)
            for number, row in enumerate(source, 1)
        )
        if self_references(table):
            rows = iter(parents_first(table, list(rows)))
        return _insert_rows(connection, table, rows)


def _insert_rows(connection: Connection, table: Table, rows: Iterator[Row]) -> Deferred:
    later = CONFIRMED_LAST.get(table.name, ())
    (key,) = [c.name for c in table.primary_key] if later else [""]  # "": no column set last
    deferred: Deferred = []
    while batch := list(islice(rows, _BATCH)):
        for row in batch:
            held = {name: row[name] for name in later}
            if any(value is not None for value in held.values()):
                deferred.append((table, row[key], held))
                row.update(dict.fromkeys(later))
        try:
            connection.execute(insert(table), batch)
        except SQLAlchemyError as error:
            raise _refused(f"a row of {table.name}", error) from error
    return deferred


def _restorable(table: Table, row: Row, where: str, manifest: Manifest) -> Row:
    """The row once it keeps every rule (`where` names it), an account's absent password
    hash replaced by one no password matches."""
    check_row(table, row, where, manifest.password_hashes)
    table_name, column = PASSWORD_HASH
    if table.name == table_name and not row[column] and not manifest.password_hashes:
        row[column] = NO_PASSWORD
    return row


def _set_last(connection: Connection, deferred: Deferred) -> None:
    """Set the held-back columns (confirm the reviews) once every row under them is in."""
    for table in {table for table, _, _ in deferred}:
        (column,) = table.primary_key.columns
        rows = [{"_key": key, **values} for t, key, values in deferred if t is table]
        connection.execute(update(table).where(column == bindparam("_key")), rows)


def _reset_sequences(connection: Connection) -> None:
    """Each id sequence continues after the largest restored id."""
    for table in ordered_tables():
        column = table.autoincrement_column
        if column is None:
            continue
        sequence = func.pg_get_serial_sequence(table.name, column.name)
        following = select(func.coalesce(func.max(column), 0) + 1).scalar_subquery()
        connection.execute(select(func.setval(sequence, following, False)))
