"""The rules every restored row must keep, checked before it is inserted.

An archive is authenticated (``authenticity.py``), but a restore still takes in only what the
application itself could have written: a value of its column's type, no longer than the column,
one of an enumeration's values, present where the column requires one; the fields the
application validates on the way in (account addresses and names, a request's contact address)
valid by the same checks the forms use; and no secret the manifest says the archive leaves out
(with ``password_hashes`` false, no password hash and no recovery-code hash).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Integer,
    LargeBinary,
    String,
    Table,
)

from ctdppeia.admin.services import AccountError, check_email, check_name
from ctdppeia.backup.codec import storage_type
from ctdppeia.backup.errors import BackupError
from ctdppeia.backup.tables import Row

# Secrets an archive made without password hashes never holds (docs/backups.md).
WITHHELD = (("user_account", "password_hash"), ("mfa_recovery_code", "code_hash"))
# The largest whole number a PostgreSQL `integer` column holds.
_INTEGER = 2**31 - 1
_TYPES: tuple[tuple[type[Any], tuple[type, ...]], ...] = (
    (LargeBinary, (bytes,)),
    (DateTime, (datetime,)),
    (Date, (date,)),
    (Boolean, (bool,)),
    (Integer, (int,)),
    (String, (str,)),
)


def _account_email(value: str) -> str | None:
    try:
        return (
            None if check_email(value) == value else "is not written as the account form keeps it"
        )
    except AccountError:
        return "is not an email address"


def _account_name(value: str) -> str | None:
    try:
        return None if check_name(value) == value else "holds characters the account form removes"
    except AccountError as error:
        return str(error)


def _email(value: str) -> str | None:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return "is not an email address"
    return None


# (table, column) -> a check that returns what is wrong with a value, or None.
FIELD_RULES: dict[tuple[str, str], Callable[[str], str | None]] = {
    ("user_account", "email"): _account_email,
    ("user_account", "name"): _account_name,
    ("data_request", "contact_email"): _email,
}


@dataclass(frozen=True)
class _Shape:
    """What a column takes, worked out once per column."""

    nullable: bool
    enums: frozenset[str] | None
    types: tuple[type, ...] | None  # None: any JSON value
    integer: bool
    length: int | None


@cache
def _shape(column: Column[Any]) -> _Shape:
    kind = storage_type(column.type)
    enums = frozenset(kind.enums) if isinstance(kind, Enum) else None
    types = next((types for base, types in _TYPES if isinstance(kind, base)), ())
    return _Shape(
        nullable=bool(column.nullable),
        enums=enums,
        types=None if isinstance(kind, JSON) else types,
        integer=isinstance(kind, Integer),
        length=getattr(kind, "length", None) if isinstance(kind, String) else None,
    )


def column_problem(column: Column[Any], value: Any) -> str | None:
    """What is wrong with `value` (read back by the codec) for `column`, or None."""
    shape = _shape(column)
    if value is None:
        return None if shape.nullable else "is empty, and the column requires a value"
    if shape.enums is not None:
        return None if value in shape.enums else f"is not one of {sorted(shape.enums)}"
    if shape.types is None:
        return None
    if not isinstance(value, shape.types):
        return "is not of the column's type"
    return _size_problem(shape, value)


def _size_problem(shape: _Shape, value: Any) -> str | None:
    """What is too large in a value already of the column's type, or None."""
    if shape.integer and (isinstance(value, bool) or abs(value) > _INTEGER):
        return "is not a whole number the column holds"
    if shape.length is not None and len(value) > shape.length:
        return f"is {len(value)} characters long; the column holds {shape.length}"
    return None


def withheld(table: str, column: str, with_password_hashes: bool) -> bool:
    """The column must be empty in an archive made without password hashes."""
    return not with_password_hashes and (table, column) in WITHHELD


def check_row(table: Table, row: Row, where: str, with_password_hashes: bool) -> None:
    """BackupError naming the row (`where`) and the column when the row breaks a rule."""
    for column in table.columns:
        value = row[column.name]
        if withheld(table.name, column.name, with_password_hashes):
            if value:
                raise _refused(
                    where,
                    column,
                    "holds a secret, but the manifest says the archive was made without "
                    "password hashes (password_hashes: false)",
                )
            continue
        problem = column_problem(column, value)
        rule = FIELD_RULES.get((table.name, column.name))
        if problem is None and rule is not None and value is not None:
            problem = rule(value)
        if problem is not None:
            raise _refused(where, column, problem)


def _refused(where: str, column: Column[Any], problem: str) -> BackupError:
    return BackupError(f"{where}: {column.name} {problem}. Nothing was restored.")
