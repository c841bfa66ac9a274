"""Column values to JSON and back, chosen from each column's SQLAlchemy type.

Binary columns travel as base64, times as ISO 8601 with their offset (always UTC here), dates as
ISO dates, JSON columns as JSON; whole numbers, text and booleans as themselves. A column of any
other type is refused by name, so a new kind of column can never be written in a form the
restore would read back differently (tests/backup checks every column of the models).
"""

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

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
    TypeDecorator,
)
from sqlalchemy.types import TypeEngine

from ctdppeia.backup.errors import BackupError


@dataclass(frozen=True)
class Codec:
    """How one column's value is written to the archive and read back."""

    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def _encode_binary(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def _decode_binary(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError(f"not base64 ({error})") from error


def _encode_datetime(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("a time without a time zone cannot be written")
    return value.isoformat(timespec="microseconds")


def _decode_datetime(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone")
    return parsed


def _encode_date(value: date) -> str:
    return value.isoformat()


def _enum_codec(kind: Enum) -> Codec:
    """The value as the database stores it (an enum class's value or name, whichever it is)."""
    allowed = set(kind.enums)

    def encode(value: Any) -> str:
        for candidate in (getattr(value, "value", None), getattr(value, "name", None), value):
            if candidate in allowed:
                return str(candidate)
        raise ValueError(f"{value!r} is not one of {sorted(allowed)}")

    return Codec(encode, _same)


_PLAIN = Codec(_same, _same)
_BY_TYPE: tuple[tuple[type[TypeEngine[Any]], Codec], ...] = (
    (LargeBinary, Codec(_encode_binary, _decode_binary)),
    (DateTime, Codec(_encode_datetime, _decode_datetime)),
    (Date, Codec(_encode_date, date.fromisoformat)),
    (JSON, _PLAIN),
    (Boolean, _PLAIN),
    (Integer, _PLAIN),
    (String, _PLAIN),  # Text too
)


def storage_type(kind: TypeEngine[Any]) -> TypeEngine[Any]:
    """The type underneath a TypeDecorator (e.g. UTCDateTime is a DateTime)."""
    while isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return kind


def codec_for(column: Column[Any]) -> Codec:
    """The codec of a column; BackupError names a column whose type has none."""
    kind = storage_type(column.type)
    if isinstance(kind, Enum):  # an Enum is a String too: it must come first
        return _enum_codec(kind)
    for base, codec in _BY_TYPE:
        if isinstance(kind, base):
            return codec
    raise BackupError(
        f"The column {column.table.name}.{column.name} has a type backups cannot store "
        f"({type(kind).__name__}); add it to ctdppeia/backup/codec.py."
    )
