"""The rules every restored row must keep, checked before it is inserted.

An archive is authenticated (``authenticity.py``), but a restore still takes in only what the
application itself could have written: a value of its column's type, no longer than the column,
one of an enumeration's values, present where the column requires one; the fields the
application validates on the way in (account addresses and names, a request's contact address)
valid by the same checks the forms use; and no secret the manifest says the archive leaves out
(with ``password_hashes`` false, no password hash and no recovery-code hash).
"""

from collections.abc import Callable
from datetime import date, datetime
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


def column_problem(column: Column[Any], value: Any) -> str | None:
    """What is wrong with `value` (read back by the codec) for `column`, or None."""
    if value is None:
        return None if column.nullable else "is empty, and the column requires a value"
    kind = storage_type(column.type)
    if isinstance(kind, Enum):
        return None if value in kind.enums else f"is not one of {sorted(kind.enums)}"
    if isinstance(kind, JSON):
        return None
    allowed = next((types for base, types in _TYPES if isinstance(kind, base)), None)
    if allowed is None or not isinstance(value, allowed):
        return "is not of the column's type"
    if isinstance(kind, Boolean):
        return None
    if isinstance(kind, Integer) and (isinstance(value, bool) or abs(value) > _INTEGER):
        return "is not a whole number the column holds"
    length = getattr(kind, "length", None)
    if isinstance(kind, String) and length is not None and len(value) > length:
        return f"is {len(value)} characters long; the column holds {length}"
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
