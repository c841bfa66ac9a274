"""Which tables a backup holds, in which order, and the few columns restored in a second step.

Every table of the models is in the archive, found from the SQLAlchemy metadata in foreign-key
order (a table after every table it points at), so a new table is backed up without anyone
remembering to add it.
"""

from collections.abc import Generator, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.schema import sort_tables

from ctdppeia.backup.codec import Codec, codec_for
from ctdppeia.backup.errors import BackupError
from ctdppeia.extensions import db

Row = dict[str, Any]

# The lock triggers (ctdppeia/models/review_lock.py) refuse any row added under a confirmed
# review. A review therefore comes back unconfirmed, its answers, responses, decisions and the
# rest follow, and only then is it confirmed: the triggers refuse changes to a review that is
# already confirmed, not the confirmation itself, so they stay in place and are never bypassed.
CONFIRMED_LAST: dict[str, tuple[str, ...]] = {"review": ("confirmed_at", "confirmed_by_id")}

# Left out of an archive unless asked for. Accounts restored without it get a value no password
# matches (werkzeug refuses a hash without "$"): an administrator sets a new password.
PASSWORD_HASH = ("user_account", "password_hash")
# Left out with the password hashes: the two-step sign-in recovery codes, whose hashes with a
# password would pass both steps. Restored accounts with two-step sign-in make new codes.
RECOVERY_CODES = "mfa_recovery_code"

# The advisory group's guards (ctdppeia/models/ai_vote_guard.py) refuse votes, conflicts and
# the subcommittee's recommendation once a decision exists for the review: they come back
# before the decision, as they were made.
BEFORE_DECISION = ("ai_conflict", "ai_recommendation", "ai_subcommittee_recommendation")
NO_PASSWORD = "!"


@dataclass(frozen=True)
class TableCodec:
    """A table and the codec of each of its columns, in the table's column order."""

    table: Table
    columns: tuple[tuple[Column[Any], Codec], ...]

    @property
    def names(self) -> list[str]:
        return [column.name for column, _ in self.columns]

    def encode(self, row: Row) -> Row:
        return {
            c.name: None if row[c.name] is None else k.encode(row[c.name]) for c, k in self.columns
        }

    def decode(self, row: Row) -> Row:
        decoded = {}
        for column, codec in self.columns:
            value = row[column.name]
            try:
                decoded[column.name] = None if value is None else codec.decode(value)
            except (TypeError, ValueError) as error:
                raise BackupError(
                    f"{self.table.name}.{column.name} holds a value that cannot be read ({error})."
                ) from error
        return decoded


def ordered_tables() -> list[Table]:
    """Every table of the models, each after the tables its foreign keys point at (and the
    advisory group's decision after what the group recorded before it)."""
    tables = db.metadata.tables
    decision = tables["ai_decision"]
    return list(
        sort_tables(
            tables.values(),
            extra_dependencies=[(tables[name], decision) for name in BEFORE_DECISION],
        )
    )


def table_codec(table: Table) -> TableCodec:
    return TableCodec(table, tuple((column, codec_for(column)) for column in table.columns))


def self_references(table: Table) -> list[str]:
    """Columns that point at another row of the same table (a reply's parent, an amendment)."""
    return sorted(fk.parent.name for fk in table.foreign_keys if fk.column.table is table)


def parents_first(table: Table, rows: Iterable[Row]) -> Generator[Row, None, None]:
    """The rows of a table that points at itself, each after the rows it points at."""
    references = self_references(table)
    (key,) = [column.name for column in table.primary_key]
    pending = {row[key]: row for row in rows}
    placed: set[Any] = set()
    for start in pending:
        stack, path = [(start, False)], set()
        while stack:
            row_id, parents_placed = stack.pop()
            if row_id in placed or row_id not in pending:
                continue
            if parents_placed:
                path.discard(row_id)
                placed.add(row_id)
                yield pending[row_id]
                continue
            if row_id in path:
                raise BackupError(f"{table.name}: row {row_id} points at itself through others.")
            path.add(row_id)
            stack.append((row_id, True))
            stack.extend((pending[row_id][name], False) for name in references)
